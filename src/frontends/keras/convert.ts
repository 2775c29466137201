/** Convert a parsed Keras model (Sequential, Functional, nested) into nnfab's graph IR, layer by layer. */
import { DiagnosticBag, fail } from '../../diagnostics/errors.js';
import type { Graph } from '../../ir/graph.js';
import { GraphBuilder, type LayerCtx } from './builder.js';
import { convertDepthwise, convertConv, convertGlobalPool, convertPool, convertSeparable } from './layers-conv.js';
import { convertActivation, convertActivationLayer, convertBatchNorm, convertDense, convertQActivation } from './layers-core.js';
import {
  convertConcatenate, convertCropping, convertDropout, convertFlatten, convertMerge, convertPermute, convertReshape,
  convertUpSampling, convertZeroPadding,
} from './layers-shape.js';
import { MODEL_CLASSES, type KerasLayer, type KerasModel, type TensorRef } from './model-json.js';
import type { WeightSource } from './weights.js';

type Converter = (ctx: LayerCtx) => string;

/** Keras layer class → converter. Keras 2, Keras 3, TF.js and QKeras spellings. */
const CONVERTERS: Readonly<Record<string, Converter>> = {
  Dense: convertDense, QDense: convertDense, BinaryDense: convertDense, TernaryDense: convertDense,
  Conv1D: convertConv, Conv2D: convertConv, QConv1D: convertConv, QConv2D: convertConv,
  DepthwiseConv1D: convertDepthwise, DepthwiseConv2D: convertDepthwise, QDepthwiseConv2D: convertDepthwise,
  SeparableConv1D: convertSeparable, SeparableConv2D: convertSeparable, QSeparableConv1D: convertSeparable, QSeparableConv2D: convertSeparable,
  BatchNormalization: convertBatchNorm, QBatchNormalization: convertBatchNorm,
  Activation: convertActivation, QActivation: convertQActivation,
  ReLU: convertActivationLayer, LeakyReLU: convertActivationLayer, PReLU: convertActivationLayer, ELU: convertActivationLayer,
  ThresholdedReLU: convertActivationLayer, Softmax: convertActivationLayer,
  MaxPooling1D: convertPool, MaxPooling2D: convertPool, AveragePooling1D: convertPool, AveragePooling2D: convertPool,
  MaxPool1D: convertPool, MaxPool2D: convertPool, AvgPool1D: convertPool, AvgPool2D: convertPool,
  GlobalMaxPooling1D: convertGlobalPool, GlobalMaxPooling2D: convertGlobalPool, GlobalAveragePooling1D: convertGlobalPool,
  GlobalAveragePooling2D: convertGlobalPool, GlobalMaxPool1D: convertGlobalPool, GlobalMaxPool2D: convertGlobalPool,
  GlobalAvgPool1D: convertGlobalPool, GlobalAvgPool2D: convertGlobalPool,
  ZeroPadding1D: convertZeroPadding, ZeroPadding2D: convertZeroPadding, Cropping1D: convertCropping, Cropping2D: convertCropping,
  UpSampling1D: convertUpSampling, UpSampling2D: convertUpSampling,
  Flatten: convertFlatten, Reshape: convertReshape, Permute: convertPermute,
  Add: convertMerge, Subtract: convertMerge, Multiply: convertMerge, Average: convertMerge, Maximum: convertMerge, Minimum: convertMerge,
  Concatenate: convertConcatenate,
  Dropout: convertDropout, SpatialDropout1D: convertDropout, SpatialDropout2D: convertDropout, AlphaDropout: convertDropout,
  GaussianDropout: convertDropout, GaussianNoise: convertDropout,
};

/** Every layer class nnfab imports (model classes and InputLayer included). */
export const SUPPORTED_LAYERS: readonly string[] = ['InputLayer', ...Object.keys(CONVERTERS), ...MODEL_CLASSES];

/** Options of one conversion. */
export interface ConvertOptions {
  readonly file: string;
  readonly weights: WeightSource | null;
  /** Input shape without batch, for models whose InputLayer leaves dimensions open. */
  readonly inputShape?: readonly number[];
  readonly keras3: boolean;
}

function walkLayers(model: KerasModel, f: (l: KerasLayer) => void): void {
  for (const l of model.layers) {
    f(l);
    if (l.model) walkLayers(l.model, f);
  }
}

/** One E302 listing every unsupported layer (name and class) of the model, nested models included. */
export function checkSupported(model: KerasModel, file: string): void {
  const bad: string[] = [];
  walkLayers(model, (l) => {
    if (!SUPPORTED_LAYERS.includes(l.className)) bad.push(`${l.name} (${l.className})`);
  });
  if (bad.length > 0) {
    const bag = new DiagnosticBag();
    bag.add('E302', { layers: bad.join(', '), supported: SUPPORTED_LAYERS.join(', ') }, { file });
    bag.throwIfAny();
  }
}

function inputShape(layer: KerasLayer, opts: ConvertOptions): number[] {
  const c = layer.config;
  const raw = c.batch_input_shape ?? c.batch_shape ?? c.batchInputShape;
  const loc = { file: opts.file, node: layer.name, opType: 'InputLayer', keyPath: 'batch_input_shape' };
  if (opts.inputShape !== undefined) return [...opts.inputShape];
  if (!Array.isArray(raw)) fail('E311', { reason: `input ${layer.name} has no batch_input_shape` }, loc);
  const dims = raw.slice(1);
  if (!dims.every((d) => typeof d === 'number' && d > 0)) fail('E311', { reason: `input ${layer.name} has shape [${dims.map(String).join(', ')}]` }, loc);
  return dims as number[];
}

const refKey = (r: TensorRef) => `${r.layer}:${r.node}:${r.tensor}`;

/**
 * The IR node of a tensor reference. A layer called once may be referenced with another node index (TF.js keeps
 * the index of a nested model's call in its own history), so a single call is used whatever the index.
 */
function resolve(tensors: ReadonlyMap<string, string>, r: TensorRef, opts: ConvertOptions, layer: string): string {
  const n = tensors.get(refKey(r)) ?? (tensors.has(`${r.layer}:1:${r.tensor}`) ? undefined : tensors.get(`${r.layer}:0:${r.tensor}`));
  if (n === undefined) fail('E310', { ref: `${r.layer}[${r.node}][${r.tensor}]` }, { file: opts.file, node: layer });
  return n;
}

function convertLayerCall(b: GraphBuilder, layer: KerasLayer, k: number, inputs: string[], opts: ConvertOptions): string {
  const ctx: LayerCtx = {
    b,
    layer,
    name: k === 0 ? layer.name : `${layer.name}_${k}`,
    inputs,
    inShapes: inputs.map((i) => b.shape(i)),
    weights: opts.weights,
    loc: { file: opts.file, node: layer.name, opType: layer.className },
    keras3: opts.keras3,
  };
  return CONVERTERS[layer.className]!(ctx);
}

/** Convert one (possibly nested) model; `bound` gives IR nodes for its inputs when it is called inside another. */
function convertModel(b: GraphBuilder, model: KerasModel, bound: readonly string[] | null, opts: ConvertOptions): string[] {
  const tensors = new Map<string, string>();
  if (bound !== null) model.inputs.forEach((r, i) => tensors.set(refKey(r), bound[i]!));
  for (const layer of model.layers) {
    if (layer.className === 'InputLayer') {
      if (!tensors.has(`${layer.name}:0:0`)) tensors.set(`${layer.name}:0:0`, b.addInput(layer.name, inputShape(layer, opts), layer));
      continue;
    }
    layer.calls.forEach((call, k) => {
      const inputs = call.map((r) => resolve(tensors, r, opts, layer.name));
      if (layer.model) {
        convertModel(b, layer.model, inputs, opts).forEach((o, i) => tensors.set(`${layer.name}:${k}:${i}`, o));
      } else {
        tensors.set(`${layer.name}:${k}:0`, convertLayerCall(b, layer, k, inputs, opts));
      }
    });
  }
  return model.outputs.map((r) => resolve(tensors, r, opts, r.layer));
}

/** Convert a parsed Keras model into a float Graph (layer names kept, hls4ml's layer classes). */
export function kerasToGraph(model: KerasModel, opts: ConvertOptions): Graph {
  checkSupported(model, opts.file);
  const b = new GraphBuilder(opts.file);
  const outputs = convertModel(b, model, null, opts);
  const inputNodes = b.nodes.filter((n) => n.op.kind === 'input');
  // The model's input order (input_layers), not the order the InputLayers are listed in.
  const inputs = model.inputs.map((r) => inputNodes.find((n) => n.source.node === r.layer)?.name ?? r.layer);
  return { name: model.name, nodes: b.nodes, inputs, outputs, sourceFile: opts.file };
}
