/**
 * `nnfab predict` without --float: load + configure + emulate a data file bit-exactly, write the predictions, the
 * per-layer trace (one .npy per hls4ml layer name) and the overflow statistics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../ir/graph.js';
import { outputPath, writeSampleData } from '../io/data.js';
import { readInputs } from './predict.js';
import { writeNpy } from '../io/npy.js';
import { assertWritableOutput, writeOutputDir } from '../io/output-dir.js';
import { startWorkers, type RunStats } from '../emulator/index.js';
import { convert, type NnfabModel } from './model.js';
import { compareRuns, type LayerComparison } from './compare.js';

/** Options of predictFixedFile. */
export interface PredictFixedOptions {
  /** Input data files, one per model input (.npy, .csv, .dat). */
  readonly input: readonly string[];
  /** Output file (.npy, .csv, .dat); output k > 0 goes to Y.k.EXT. Optional: without it nothing is written. */
  readonly output?: string;
  readonly weights?: string;
  /** hls4ml YAML configuration (may name the model); without it hls4ml's model-granularity defaults. */
  readonly config?: string;
  readonly inputShape?: readonly number[];
  /** Directory for per-layer outputs (LAYER.npy, float64, shape (n, ...layer shape)). */
  readonly traceDir?: string;
  /** Write the trace into an existing non-empty directory nnfab did not create (its files are kept). */
  readonly force?: boolean;
  readonly safeTypes?: boolean;
  /** Most threads sharing a large batch (default: the logical processors, at most 8). */
  readonly threads?: number;
}

/** What a fixed-point predict did. */
export interface PredictFixedSummary {
  readonly samples: number;
  readonly outputs: { path: string; shape: number[] }[];
  readonly traced: string[];
  readonly stats: RunStats;
  readonly warnings: string[];
}

/**
 * Run the fixed-point emulation of a model on data files. Non-finite inputs convert as ap_fixed does: NaN becomes 0;
 * ±Infinity is taken as ±2^1024 and goes through the input type's overflow mode (AP_WRAP gives 0, AP_SAT the type's
 * max/min, AP_SAT_ZERO 0); each is counted once, as nonFinite (not as out of range), in the overflow statistics.
 * The float path (`predictFile` with float) passes NaN and ±Infinity through unchanged.
 */
export async function predictFixedFile(model: string | undefined, o: PredictFixedOptions): Promise<PredictFixedSummary> {
  // refuse an unusable trace directory before any work starts
  if (o.traceDir !== undefined) assertWritableOutput(o.traceDir, { force: o.force === true });
  // the worker threads load while the model is read (a trace runs on this thread alone)
  if (o.traceDir === undefined && o.threads !== 1) startWorkers(o.threads);
  const m: NnfabModel = await convert(model, o.config, {
    ...(o.weights !== undefined ? { weights: o.weights } : {}),
    ...(o.inputShape !== undefined ? { inputShape: o.inputShape } : {}),
    ...(o.safeTypes !== undefined ? { safeTypes: o.safeTypes } : {}),
    ...(o.threads !== undefined ? { threads: o.threads } : {}),
  });
  const { data: inputs, rows: batch } = readInputs(m.graph, o.input);
  const x = inputs.length === 1 ? inputs[0]! : inputs;
  const res = o.traceDir !== undefined ? m.trace(x) : { outputs: m.predictAll(x), trace: new Map<string, Float64Array>() };
  const outputs: { path: string; shape: number[] }[] = [];
  if (o.output !== undefined) {
    m.graph.outputs.forEach((name, k) => {
      const shape = [...m.graph.nodes.find((n) => n.name === name)!.shape];
      const path = outputPath(o.output!, k);
      writeSampleData(path, res.outputs[k]!, batch, shape);
      outputs.push({ path, shape: [batch, ...shape] });
    });
  }
  if (o.traceDir !== undefined) await writeTrace(m.graph, res.trace, batch, o.traceDir, o.force === true);
  return { samples: batch, outputs, traced: [...res.trace.keys()], stats: m.stats(), warnings: m.warnings.map((w) => `${w.code} ${w.message}`) };
}

/** One float64 .npy per traced layer, named by the layer; the directory is written atomically. */
async function writeTrace(graph: Graph, trace: ReadonlyMap<string, Float64Array>, batch: number, dir: string, force: boolean): Promise<void> {
  await writeOutputDir(
    dir,
    (tmp) => {
      for (const [name, v] of trace) {
        const shape = graph.nodes.find((n) => n.name === name)!.shape;
        writeFileSync(join(tmp, `${name.replace(/[^\w.-]/g, '_')}.npy`), writeNpy(v, [batch, ...shape]));
      }
    },
    { force },
  );
}

/** Options of compareFile (`nnfab compare`). */
export interface CompareFileOptions {
  readonly input: readonly string[];
  readonly config?: string;
  readonly weights?: string;
  readonly inputShape?: readonly number[];
  /** Compare at most this many samples. */
  readonly samples?: number;
}

/** Per layer float vs fixed on a data file. */
export async function compareFile(model: string | undefined, o: CompareFileOptions): Promise<LayerComparison[]> {
  const m = await convert(model, o.config, {
    ...(o.weights !== undefined ? { weights: o.weights } : {}),
    ...(o.inputShape !== undefined ? { inputShape: o.inputShape } : {}),
  });
  const { data: inputs, rows: batch } = readInputs(m.graph, o.input);
  const n = o.samples !== undefined ? Math.min(o.samples, batch) : batch;
  const sizes = inputs.map((a) => a.length / batch);
  return compareRuns(m.floatGraph, m.graph, inputs.map((a, k) => a.subarray(0, n * sizes[k]!)), n);
}
