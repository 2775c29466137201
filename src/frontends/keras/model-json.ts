/**
 * Parse a Keras model configuration (Keras 2 `model.to_json()`, Keras 3 `config.json`, TF.js `modelTopology`)
 * into a uniform description: layers in order, each with the tensors every call of it reads.
 */
import { fail, type Location } from '../../diagnostics/errors.js';

/** A loose JSON object. */
export type Json = Record<string, unknown>;

/** A reference to one output tensor of one call of a layer (Keras: [layer, node_index, tensor_index]). */
export interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One layer of a model; `calls` lists the input tensors of each call (empty for InputLayer). */
export interface KerasLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Json;
  readonly calls: readonly (readonly TensorRef[])[];
  /** Set for a nested model layer. */
  readonly model?: KerasModel;
}

/** A (possibly nested) Sequential or Functional model. */
export interface KerasModel {
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  readonly inputs: readonly TensorRef[];
  readonly outputs: readonly TensorRef[];
}

/** Class names that denote a model rather than a layer. */
export const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** True for a plain JSON object. */
export function isObj(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function refFromArray(x: unknown): TensorRef | null {
  if (Array.isArray(x) && typeof x[0] === 'string') {
    return { layer: x[0], node: Number(x[1] ?? 0), tensor: Number(x[2] ?? 0) };
  }
  return null;
}

/** Keras 3 tensors: {class_name: '__keras_tensor__', config: {keras_history: [layer, node, tensor]}}, nested in lists. */
function collectKeras3Refs(x: unknown, out: TensorRef[]): void {
  if (Array.isArray(x)) {
    for (const y of x) collectKeras3Refs(y, out);
  } else if (isObj(x) && x.class_name === '__keras_tensor__' && isObj(x.config)) {
    const r = refFromArray(x.config.keras_history);
    if (r) out.push(r);
  }
}

/** The input tensors of each call of a layer, from Keras 2 or Keras 3 `inbound_nodes`. */
function parseInbound(inbound: unknown, loc: Location): TensorRef[][] {
  if (inbound === undefined || inbound === null) return [];
  if (!Array.isArray(inbound)) fail('E301', { reason: 'inbound_nodes is not a list' }, loc);
  return inbound.map((call) => {
    const refs: TensorRef[] = [];
    if (isObj(call)) {
      collectKeras3Refs(call.args, refs);
    } else if (Array.isArray(call)) {
      for (const t of call) {
        const r = refFromArray(t);
        if (r) refs.push(r);
        else collectKeras3Refs(t, refs);
      }
    }
    return refs;
  });
}

/** input_layers / output_layers: a list of [name, node, tensor], or one such triple (Keras 3, single tensor). */
function parseRefList(x: unknown): TensorRef[] {
  if (!Array.isArray(x)) return [];
  const single = refFromArray(x);
  if (single && typeof x[1] === 'number') return [single];
  return x.map(refFromArray).filter((r): r is TensorRef => r !== null);
}

function layerName(l: Json, loc: Location): string {
  const cfg = isObj(l.config) ? l.config : {};
  const name = (typeof l.name === 'string' ? l.name : undefined) ?? (typeof cfg.name === 'string' ? cfg.name : undefined);
  if (name === undefined) fail('E301', { reason: `a layer of class ${String(l.class_name)} has no name` }, loc);
  return name;
}

function parseLayer(l: unknown, loc: Location): KerasLayer {
  if (!isObj(l) || typeof l.class_name !== 'string') fail('E301', { reason: 'a layer entry has no class_name' }, loc);
  const name = layerName(l, loc);
  const config = isObj(l.config) ? l.config : {};
  const at = { ...loc, node: name, opType: l.class_name };
  const calls = parseInbound(l.inbound_nodes, at);
  if (MODEL_CLASSES.has(l.class_name)) {
    return { name, className: l.class_name, config, calls, model: parseModel(l, loc) };
  }
  return { name, className: l.class_name, config, calls };
}

/** Sequential: each layer reads the previous one; a missing InputLayer is added as `input1` (as hls4ml names it). */
function parseSequential(name: string, rawLayers: unknown[], loc: Location): KerasModel {
  const parsed = rawLayers.map((l) => parseLayer(l, loc));
  const layers: KerasLayer[] = [];
  const first = parsed[0];
  if (first === undefined) fail('E301', { reason: 'the Sequential model has no layers' }, loc);
  if (first.className !== 'InputLayer') {
    const shape = first.config.batch_input_shape ?? first.config.batch_shape ?? first.model?.layers[0]?.config.batch_input_shape;
    layers.push({ name: 'input1', className: 'InputLayer', config: { batch_input_shape: shape }, calls: [] });
  }
  for (const l of parsed) {
    const prev = layers[layers.length - 1];
    const calls = l.className === 'InputLayer' ? [] : [[{ layer: prev!.name, node: 0, tensor: 0 }]];
    layers.push({ ...l, calls });
  }
  const input = layers[0]!;
  return { name, layers, inputs: [{ layer: input.name, node: 0, tensor: 0 }], outputs: [{ layer: layers[layers.length - 1]!.name, node: 0, tensor: 0 }] };
}

/** Parse a model object {class_name, config}. */
export function parseModel(root: unknown, loc: Location): KerasModel {
  if (!isObj(root)) fail('E301', { reason: 'the JSON is not an object' }, loc);
  const cls = root.class_name;
  if (typeof cls !== 'string' || !MODEL_CLASSES.has(cls)) {
    fail('E301', { reason: `class_name is ${JSON.stringify(cls)}, expected Sequential, Functional or Model` }, { ...loc, keyPath: 'class_name' });
  }
  const cfg = root.config;
  const name = isObj(cfg) && typeof cfg.name === 'string' ? cfg.name : typeof root.name === 'string' ? root.name : 'model';
  if (cls === 'Sequential') {
    const raw = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
    if (raw === null) fail('E301', { reason: 'the Sequential config has no layers list' }, { ...loc, keyPath: 'config.layers' });
    return parseSequential(name, raw, loc);
  }
  if (!isObj(cfg) || !Array.isArray(cfg.layers)) fail('E301', { reason: 'the model config has no layers list' }, { ...loc, keyPath: 'config.layers' });
  const layers = cfg.layers.map((l) => parseLayer(l, loc));
  const inputs = parseRefList(cfg.input_layers);
  const outputs = parseRefList(cfg.output_layers);
  if (inputs.length === 0) fail('E301', { reason: 'the model config lists no input_layers' }, { ...loc, keyPath: 'config.input_layers' });
  if (outputs.length === 0) fail('E301', { reason: 'the model config lists no output_layers' }, { ...loc, keyPath: 'config.output_layers' });
  return { name, layers, inputs, outputs };
}

/** Deepest JSON nesting accepted: real models stay far below; hostile files would overflow the recursive readers. */
const MAX_JSON_DEPTH = 256;

/** Whether a parsed JSON value nests deeper than `limit` (iterative, so it cannot overflow the stack itself). */
function nestsDeeper(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > limit) return true;
    if (x !== null && typeof x === 'object') for (const v of Object.values(x)) if (v !== null && typeof v === 'object') stack.push([v, d + 1]);
  }
  return false;
}

/** Parse JSON text of a Keras model (a bare model, or TF.js `{modelTopology: {model_config}}`). */
export function parseModelJson(text: string, file: string): KerasModel {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    fail('E301', { reason: `invalid JSON (${(e as Error).message})` }, { file });
  }
  if (nestsDeeper(root, MAX_JSON_DEPTH)) fail('E301', { reason: `the JSON nests more than ${MAX_JSON_DEPTH} levels deep` }, { file });
  if (isObj(root) && isObj(root.modelTopology)) {
    const t = root.modelTopology;
    root = isObj(t.model_config) ? t.model_config : t;
  }
  return parseModel(root, { file });
}
