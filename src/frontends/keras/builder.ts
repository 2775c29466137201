/** Accumulates IR nodes while a Keras model is converted: unique names, shape inference, coded shape errors. */
import { fail, InternalError, type Location } from '../../diagnostics/errors.js';
import type { DeclaredTypes, Node } from '../../ir/graph.js';
import type { Op, Tensor } from '../../ir/ops.js';
import { inferShape, ShapeError } from '../../ir/shapes.js';
import type { Json, KerasLayer } from './model-json.js';
import type { NamedWeight, WeightSource } from './weights.js';

/** What a layer converter gets: the layer, its inputs (IR node names and shapes) and its weights. */
export interface LayerCtx {
  readonly b: GraphBuilder;
  readonly layer: KerasLayer;
  /** Base name for the layer's nodes (the Keras name; `<name>_<k>` for the k-th reuse of a shared layer). */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly inShapes: readonly (readonly number[])[];
  readonly weights: WeightSource | null;
  readonly loc: Location;
  /** Keras 3 configuration spellings and defaults (e.g. hard_sigmoid slope 1/6). */
  readonly keras3: boolean;
}

/** Collects nodes in topological order. */
export class GraphBuilder {
  readonly nodes: Node[] = [];
  private readonly shapes = new Map<string, readonly number[]>();
  constructor(readonly file: string) {}

  /** Shape of an existing node. */
  shape(name: string): readonly number[] {
    const s = this.shapes.get(name);
    if (s === undefined) throw new InternalError(`no node ${name}`);
    return s;
  }

  /** A name not used yet: `base`, else `base_1`, `base_2`, ... */
  unique(base: string): string {
    if (!this.shapes.has(base)) return base;
    let k = 1;
    while (this.shapes.has(`${base}_${k}`)) k++;
    return `${base}_${k}`;
  }

  /** Add an input node of a given shape. */
  addInput(name: string, shape: readonly number[], layer: KerasLayer): string {
    const n = this.unique(name);
    this.push({ name: n, op: { kind: 'input' }, inputs: [], shape: [...shape], source: this.src(layer), layerClass: 'InputLayer' });
    return n;
  }

  /** Add a node; its shape comes from the op's shape rule (a ShapeError becomes E309 at the layer). */
  add(ctx: LayerCtx, name: string, op: Op, inputs: readonly string[], layerClass: string, declared?: DeclaredTypes): string {
    const n = this.unique(name);
    let shape: number[];
    try {
      shape = inferShape(op, inputs.map((i) => this.shape(i)));
    } catch (e) {
      if (e instanceof ShapeError) fail('E309', { reason: e.message, shape: `[${ctx.inShapes.map((s) => s.join(', ')).join('] [')}]` }, ctx.loc);
      throw e;
    }
    const node: Node = { name: n, op, inputs: [...inputs], shape, source: this.src(ctx.layer), layerClass, ...(declared ? { declared } : {}) };
    this.push(node);
    return n;
  }

  private src(layer: KerasLayer): Node['source'] {
    return { file: this.file, node: layer.name, opType: layer.className };
  }

  private push(node: Node): void {
    this.nodes.push(node);
    this.shapes.set(node.name, node.shape);
  }
}

/** The layer's config object. */
export function cfg(ctx: LayerCtx): Json {
  return ctx.layer.config;
}

function shapeStr(s: readonly number[]): string {
  return s.join(', ');
}

/**
 * The weight `key` of the layer: by short name when the format keeps names, else by position `index`
 * (Keras order: kernel, bias; gamma, beta, moving_mean, moving_variance; ...). Checks the shape when given.
 */
export function weight(ctx: LayerCtx, key: string, index: number, expected?: readonly number[]): Tensor {
  const list: readonly NamedWeight[] = ctx.weights?.forLayer(ctx.layer.name) ?? [];
  const named = list.some((w) => w.name !== '');
  const w = named ? list.find((x) => x.name === key) : list[index];
  if (w === undefined) {
    fail(
      'E303',
      { key, layer: ctx.layer.name, source: ctx.weights?.description ?? 'the model (no weights file given)', found: list.map((x) => x.name || '?').join(', ') || 'none' },
      { ...ctx.loc, keyPath: key },
    );
  }
  if (expected !== undefined) {
    const ok = w.tensor.shape.length === expected.length && w.tensor.shape.every((d, i) => d === expected[i]);
    if (!ok) fail('E304', { key, layer: ctx.layer.name, got: shapeStr(w.tensor.shape), expected: shapeStr(expected) }, { ...ctx.loc, keyPath: key });
  }
  return w.tensor;
}

/** Number of weights stored for the layer. */
export function weightCount(ctx: LayerCtx): number {
  return ctx.weights?.forLayer(ctx.layer.name)?.length ?? 0;
}

/** A required number-or-list option read as a list of `n` integers (Keras allows `3` for `(3, 3)`). */
export function intList(ctx: LayerCtx, key: string, n: number, dflt?: readonly number[]): number[] {
  const v = cfg(ctx)[key];
  if (v === undefined || v === null) {
    if (dflt !== undefined) return [...dflt];
    fail('E308', { key }, { ...ctx.loc, keyPath: key });
  }
  if (typeof v === 'number') return Array(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  fail('E307', { key, value: JSON.stringify(v), supported: `an integer or a list of ${n} integers` }, { ...ctx.loc, keyPath: key });
}

/** A string option restricted to a set of values. */
export function choice<T extends string>(ctx: LayerCtx, key: string, allowed: readonly T[], dflt: T): T {
  const v = cfg(ctx)[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  fail('E307', { key, value: JSON.stringify(v), supported: allowed.join(', ') }, { ...ctx.loc, keyPath: key });
}

/** A numeric option. */
export function num(ctx: LayerCtx, key: string, dflt: number): number {
  const v = cfg(ctx)[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  fail('E307', { key, value: JSON.stringify(v), supported: 'a number' }, { ...ctx.loc, keyPath: key });
}

/** Reject channels_first data (nnfab's IR is channels-last, as hls4ml's Keras flow). */
export function requireChannelsLast(ctx: LayerCtx): void {
  choice(ctx, 'data_format', ['channels_last'], 'channels_last');
}
