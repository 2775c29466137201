/** `nnfab config`: the YAML configuration hls4ml's config_from_*_model would give, with the model keys to run it. */
import { dirname, extname, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { PROJECT_DEFAULTS } from '../ir/config.js';
import { configFromModel, type ConfigFromModelOptions, type HlsConfigObject } from './configure.js';
import { loadModel } from './load.js';

/** Options of configForModelFile. */
export interface ConfigFileOptions extends ConfigFromModelOptions {
  /** Weights file of a Keras .json architecture. */
  readonly weights?: string;
  /** Where the YAML will be written: model paths are made relative to its folder (default: the working directory). */
  readonly output?: string;
}

/** The configuration object and its YAML text. */
export interface GeneratedConfig {
  readonly config: HlsConfigObject;
  readonly yaml: string;
}

function modelKeys(modelPath: string, weights: string | undefined, base: string): Record<string, string> {
  const rel = (p: string) => relative(base, resolve(p)) || '.';
  const ext = extname(modelPath).toLowerCase();
  if (ext === '.onnx') return { OnnxModel: rel(modelPath) };
  if (ext === '.json' && weights !== undefined) return { KerasJson: rel(modelPath), KerasH5: rel(weights) };
  if (ext === '.json') return { KerasJson: rel(modelPath) };
  return { KerasModel: rel(modelPath) };
}

/** Load the model and build a runnable configuration file for it (project keys + HLSConfig). */
export async function configForModelFile(modelPath: string, opts: ConfigFileOptions = {}): Promise<GeneratedConfig> {
  const graph = await loadModel(modelPath, opts.weights !== undefined ? { weights: opts.weights } : {});
  const hls = configFromModel(graph, opts);
  const base = opts.output !== undefined ? dirname(resolve(opts.output)) : process.cwd();
  const config: HlsConfigObject = {
    ...modelKeys(modelPath, opts.weights, base),
    OutputDir: PROJECT_DEFAULTS.outputDir,
    ProjectName: PROJECT_DEFAULTS.projectName,
    Backend: opts.backend ?? PROJECT_DEFAULTS.backend,
    Part: PROJECT_DEFAULTS.part,
    ClockPeriod: PROJECT_DEFAULTS.clockPeriod,
    IOType: PROJECT_DEFAULTS.ioType,
    HLSConfig: hls,
  };
  return { config, yaml: stringify(config, { lineWidth: 0 }) };
}
