/** Conversion state: ONNX value name → IR value (with layout) or constant, and the IR nodes emitted so far. */
import { fail, InternalError, type Location } from '../../diagnostics/errors.js';
import type { DeclaredTypes, Node } from '../../ir/graph.js';
import type { Op, WeightQuant } from '../../ir/ops.js';
import { inferShape, ShapeError } from '../../ir/shapes.js';
import { identity, inverse, isIdentity, onlyMovesUnitAxes, permuteShape } from './layout.js';
import type { OnnxModel, OnnxNode } from './model.js';
import type { ConstTensor } from './tensor.js';

/** A data-path value: IR node `node` holds transpose(onnx value without batch, perm). */
export interface TensorVal {
  readonly kind: 'tensor';
  readonly node: string;
  /** ONNX shape without the batch axis. */
  readonly shape: readonly number[];
  readonly perm: readonly number[];
  /**
   * Set on a flattened value whose IR order differs from ONNX's: IR element j is ONNX element index[j].
   * A following Dense absorbs it by permuting its weight rows; anything else re-materializes from `src`.
   */
  readonly flat?: { readonly index: Int32Array; readonly src: TensorVal };
  /** A rank-2 value whose batch and feature axes an exporter swapped (Keras BatchNormalization via tf2onnx). */
  readonly batchSwapped?: boolean;
  /** Output of a QuantizeLinear: the IR already holds the dequantized value the matching DequantizeLinear reads. */
  readonly dequantized?: boolean;
}

/** A constant value (initializer, Constant node or folded sub-graph), with its declared quantization if any. */
export interface ConstVal {
  readonly kind: 'const';
  readonly t: ConstTensor;
  readonly quant?: WeightQuant;
}

/** Any ONNX value during conversion. */
export type Value = TensorVal | ConstVal;

/** What a converter emits for one node. */
export interface Emit {
  readonly op: Op;
  readonly inputs: readonly string[];
  readonly layerClass: string;
  readonly declared?: DeclaredTypes;
  /** Name suffix when one ONNX node becomes several IR nodes. */
  readonly suffix?: string;
}

/** Make a string a C identifier-like node name, as HLS code generation needs. */
export function sanitize(s: string): string {
  let t = s.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '').replace(/_+$/, '');
  if (t === '') t = 'node';
  if (/^[0-9]/.test(t)) t = `t${t}`;
  return t;
}

/** The mutable state of one import. */
export class Ctx {
  readonly values = new Map<string, Value>();
  readonly nodes: Node[] = [];
  private readonly names = new Set<string>();
  private readonly uses = new Map<string, number>();
  private readonly materialized = new Map<string, TensorVal>();
  private readonly shapes = new Map<string, readonly number[]>();
  current: OnnxNode | null = null;

  constructor(
    readonly file: string,
    readonly model: OnnxModel,
  ) {
    for (const n of model.nodes) for (const i of n.inputs) if (i !== '') this.uses.set(i, (this.uses.get(i) ?? 0) + 1);
    for (const o of model.outputs) this.uses.set(o.name, (this.uses.get(o.name) ?? 0) + 1);
  }

  /** Opset version of a domain ('' = ai.onnx). */
  opset(domain = ''): number {
    return this.model.opsets.get(domain) ?? this.model.opsets.get('') ?? 1;
  }

  /** How many nodes (and graph outputs) read an ONNX value. */
  useCount(name: string): number {
    return this.uses.get(name) ?? 0;
  }

  /** Display name of an ONNX node: its name, or op type + first output for unnamed nodes. */
  display(n: OnnxNode): string {
    return n.name !== '' ? n.name : `${n.opType}_${n.outputs[0] ?? ''}`;
  }

  /** Error location of the node being converted. */
  loc(n: OnnxNode | null = this.current): Location {
    return n === null ? { file: this.file } : { file: this.file, node: this.display(n), opType: n.opType };
  }

  /** A unique IR node name from a base. */
  unique(base: string): string {
    const b = sanitize(base);
    let name = b;
    for (let i = 1; this.names.has(name); i++) name = `${b}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Look up a value; missing names are malformed graphs (E212). */
  get(name: string): Value {
    const v = this.values.get(name);
    if (v === undefined) fail('E212', { value: name }, this.loc());
    return v;
  }

  /** The IR shape (channels-last, no batch) of a tensor value. */
  irShape(v: TensorVal): number[] {
    return permuteShape(v.shape, v.perm);
  }

  /** Add an already-built node (graph inputs). */
  push(node: Node): void {
    this.names.add(node.name);
    this.nodes.push(node);
    this.shapes.set(node.name, node.shape);
  }

  /** Append an IR node for the current ONNX node; shape errors become E209. */
  emit(e: Emit, baseName?: string): string {
    const n = this.current;
    const base = baseName ?? (n === null ? 'node' : this.display(n)) + (e.suffix ? `_${e.suffix}` : '');
    const shapes = e.inputs.map((i) => this.nodeShape(i));
    let shape: number[];
    try {
      shape = inferShape(e.op, shapes);
    } catch (err) {
      if (err instanceof ShapeError) fail('E209', { reason: err.message }, this.loc());
      throw err;
    }
    const name = this.unique(base);
    // nodes added after the last ONNX node (layout fixes of graph outputs) name their own op
    const source = { file: this.file, node: n === null ? name : this.display(n), opType: n === null ? (e.op.kind === 'transpose' ? 'Transpose' : 'Reshape') : n.opType };
    const node: Node = { name, op: e.op, inputs: e.inputs, shape, source, layerClass: e.layerClass, ...(e.declared ? { declared: e.declared } : {}) };
    this.nodes.push(node);
    this.shapes.set(name, shape);
    return name;
  }

  /** Shape of an emitted IR node. */
  nodeShape(name: string): readonly number[] {
    const shape = this.shapes.get(name);
    if (shape === undefined) throw new InternalError(`unknown IR node ${name}`);
    return shape;
  }

  /** Replace an emitted node (e.g. to fold a bias into a Dense). */
  replace(name: string, f: (n: Node) => Node): void {
    const i = this.nodes.findIndex((x) => x.name === name);
    this.nodes[i] = f(this.nodes[i]!);
  }

  /** The value held in `perm` order, inserting a Transpose (or a Reshape when only unit axes move). */
  withPerm(v: TensorVal, perm: readonly number[]): TensorVal {
    if (v.flat !== undefined) return this.withPerm(this.unflatten(v), perm);
    if (v.batchSwapped) fail('E208', { reason: 'a Transpose moved the batch axis and the value is used by an op other than BatchNormalization' }, this.loc());
    if (v.perm.every((p, i) => p === perm[i])) return v;
    const key = `${v.node}|${v.perm.join(',')}|${perm.join(',')}`;
    const hit = this.materialized.get(key);
    if (hit !== undefined) return hit;
    const inv = inverse(v.perm);
    const t = perm.map((p) => inv[p]!);
    const cur = this.irShape(v);
    const target = permuteShape(v.shape, perm);
    const op: Op = onlyMovesUnitAxes(cur, t) ? { kind: 'reshape', shape: target, flatten: false } : { kind: 'transpose', perm: t };
    const name = this.emit({ op, inputs: [v.node], layerClass: op.kind === 'reshape' ? 'Reshape' : 'Transpose', suffix: op.kind === 'reshape' ? 'reshape' : 'transpose' }, `${v.node}_${op.kind === 'reshape' ? 'reshape' : 'transpose'}`);
    const out: TensorVal = { kind: 'tensor', node: name, shape: v.shape, perm: [...perm] };
    this.materialized.set(key, out);
    return out;
  }

  /** The value in ONNX's own axis order. */
  plain(v: TensorVal): TensorVal {
    return this.withPerm(v, identity(v.shape.length));
  }

  /** Undo a pending flatten permutation: transpose the source to ONNX order, then flatten. */
  private unflatten(v: TensorVal): TensorVal {
    const src = this.plain(v.flat!.src);
    const name = this.emit({ op: { kind: 'reshape', shape: [...v.shape], flatten: true }, inputs: [src.node], layerClass: 'Reshape', suffix: 'flatten' });
    return { kind: 'tensor', node: name, shape: v.shape, perm: identity(v.shape.length) };
  }

  /** Whether a value is in ONNX order already. */
  isPlain(v: TensorVal): boolean {
    return v.flat === undefined && !v.batchSwapped && isIdentity(v.perm);
  }
}
