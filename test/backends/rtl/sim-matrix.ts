// The dense-family models of ../shared for the Verilog co-simulation matrix, quantized through the configuration path
// with a chosen reuse factor (hls4ml's ReuseFactor key, set on the model and on every layer entry).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configFromModel, quantizeGraph, type HlsConfigObject } from '../../../src/api/configure.js';
import { loadModel } from '../../../src/api/load.js';
import { isLegalReuse } from '../../../src/backends/hls/reuse.js';
import type { Graph } from '../../../src/ir/graph.js';
import { sharedPath } from '../../helpers/shared.js';

/** One model of the matrix: how to load it and which configuration file (if any) it comes with. */
export interface MatrixModel {
  readonly name: string;
  readonly file: string;
  readonly weights?: string;
  readonly config?: string;
}

/** Every dense-family model the co-simulation matrix covers. */
export const MATRIX_MODELS: readonly MatrixModel[] = [
  { name: 'KERAS_1layer', file: 'keras/KERAS_1layer.json', weights: 'keras/KERAS_1layer_weights.h5' },
  { name: 'KERAS_3layer', file: 'keras/KERAS_3layer.json', weights: 'keras/KERAS_3layer_weights.h5' },
  { name: 'KERAS_3layer_70pruned', file: 'keras/KERAS_3layer.json', weights: 'keras/KERAS_3layer_70pruned_retrained_weights.h5' },
  { name: 'KERAS_3layer_95pruned', file: 'keras/KERAS_3layer.json', weights: 'keras/KERAS_3layer_95pruned_retrained_weights.h5' },
  { name: 'batch_norm', file: 'keras/KERAS_3layer_batch_norm.json', weights: 'keras/KERAS_3layer_batch_norm_weights.h5' },
  { name: 'qkeras_3layer', file: 'keras/qkeras_3layer.json', weights: 'keras/qkeras_3layer_weights.h5', config: 'qkeras_3layer_config.yml' },
  { name: 'binary_smaller', file: 'keras/KERAS_3layer_binary_smaller.json', weights: 'keras/KERAS_3layer_binary_smaller_weights.h5' },
  { name: 'ternary_small', file: 'keras/KERAS_3layer_ternary_small.json', weights: 'keras/KERAS_3layer_ternary_small_weights.h5' },
  { name: 'qkeras_mnist_dense', file: 'keras/qkeras_mnist_dense.json', weights: 'keras/qkeras_mnist_dense_weights.h5', config: 'qkeras_mnist_dense_config.yml' },
  { name: 'three_layer_keras', file: 'onnx/three_layer_keras.onnx' },
  { name: 'three_layer_bn_keras', file: 'onnx/three_layer_bn_keras.onnx' },
  { name: 'three_layer_pytorch', file: 'onnx/three_layer_pytorch.onnx' },
  { name: 'two_layer_keras', file: 'onnx/two_layer_keras.onnx' },
  { name: 'two_layer_pytorch', file: 'onnx/two_layer_pytorch.onnx' },
];

/** The float graph of a matrix model. */
export async function loadMatrixModel(m: MatrixModel): Promise<Graph> {
  return loadModel(sharedPath('models', m.file), m.weights !== undefined ? { weights: sharedPath('models', m.weights) } : {});
}

/** The model's own configuration (its config file's HLSConfig, else hls4ml's config_from_*_model). */
export function baseConfig(m: MatrixModel, g: Graph): HlsConfigObject {
  if (m.config === undefined) return configFromModel(g);
  const obj = parse(readFileSync(sharedPath('models/config-files', m.config), 'utf8')) as HlsConfigObject;
  // the files name their models relative to models/; the graph is passed directly, so only HLSConfig matters
  return (obj['HLSConfig'] as HlsConfigObject | undefined) ?? obj;
}

/** Dense layers' [n_in, n_out] by node name. */
export function denseShapes(g: Graph): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const n of g.nodes) if (n.op.kind === 'dense') out.set(n.name, n.op.weight.shape as [number, number]);
  return out;
}

/** The smallest reuse factor > 1 legal (hls4ml's rule) for every dense layer of the graph, or null. */
export function commonReuse(g: Graph, max = 64): number | null {
  const shapes = [...denseShapes(g).values()];
  for (let r = 2; r <= max; r++) if (shapes.every(([a, b]) => isLegalReuse(a, b, r))) return r;
  return null;
}

/** A copy of `cfg` with ReuseFactor r on the model and on every per-layer entry it already has. */
export function withReuse(cfg: HlsConfigObject, r: number): HlsConfigObject {
  const copy = JSON.parse(JSON.stringify(cfg)) as HlsConfigObject;
  const model = (copy['Model'] ??= {}) as Record<string, unknown>;
  model['ReuseFactor'] = r;
  for (const key of ['LayerName', 'LayerType']) {
    const layers = copy[key] as Record<string, Record<string, unknown>> | undefined;
    for (const e of Object.values(layers ?? {})) if ('ReuseFactor' in e) e['ReuseFactor'] = r;
  }
  return copy;
}

/** The quantized graph of a matrix model at reuse factor r. */
export function quantizedAt(m: MatrixModel, g: Graph, r: number): Graph {
  return quantizeGraph(g, withReuse(baseConfig(m, g), r)).graph;
}
