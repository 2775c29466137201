// Builds small ONNX models in code with the same protobuf schema nnfab decodes (for tests and benches).
import { encodeModelProto, type ProtoObject } from '../../src/frontends/onnx/proto.js';

/** Marks a float attribute whose value happens to be an integer (e.g. alpha = 1). */
export class F {
  constructor(readonly v: number | readonly number[]) {}
}
/** A tensor attribute value (Constant node). */
export interface TensorAttr {
  readonly tensor: { dims: readonly number[]; data: readonly number[]; dtype?: number };
}
export type Attr = number | readonly number[] | string | F | TensorAttr;

/** ONNX element types used in tests. */
export const T = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

function tensorProto(name: string, dims: readonly number[], data: ArrayLike<number>, dtype: number, raw: boolean): ProtoObject {
  const t: ProtoObject = { name, dims: [...dims], data_type: dtype };
  if (raw && dtype === T.FLOAT) {
    const f = Float32Array.from(data as ArrayLike<number>);
    t.raw_data = new Uint8Array(f.buffer);
  } else if (dtype === T.FLOAT) t.float_data = Array.from(data);
  else if (dtype === T.DOUBLE) t.double_data = Array.from(data);
  else if (dtype === T.INT64) t.int64_data = Array.from(data);
  else t.int32_data = Array.from(data);
  return t;
}

function attrProto(name: string, v: Attr): ProtoObject {
  if (v instanceof F) return Array.isArray(v.v) ? { name, type: 6, floats: [...(v.v as number[])] } : { name, type: 1, f: v.v as number };
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
  if (Array.isArray(v)) return (v as number[]).every(Number.isInteger) ? { name, type: 7, ints: [...(v as number[])] } : { name, type: 6, floats: [...(v as number[])] };
  const t = (v as TensorAttr).tensor;
  return { name, type: 4, t: tensorProto(name, t.dims, t.data, t.dtype ?? T.FLOAT, false) };
}

function valueInfo(name: string, dims: readonly (number | string)[] | null, elem = T.FLOAT): ProtoObject {
  const tt: ProtoObject = { elem_type: elem };
  if (dims !== null) tt.shape = { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) };
  return { name, type: { tensor_type: tt } };
}

/** A small ONNX model under construction. */
export class OnnxBuilder {
  private readonly nodes: ProtoObject[] = [];
  private readonly inits: ProtoObject[] = [];
  private readonly inputs: ProtoObject[] = [];
  private readonly outputs: ProtoObject[] = [];
  private counter = 0;
  rawData = true;

  constructor(
    readonly opset = 13,
    readonly extraDomains: Record<string, number> = {},
    readonly irVersion = 7,
  ) {}

  /** A graph input; dims include the batch ('N' by default symbolic). */
  input(name: string, dims: readonly (number | string)[]): this {
    this.inputs.push(valueInfo(name, dims));
    return this;
  }

  /** A graph output (shape optional). */
  output(name: string, dims: readonly (number | string)[] | null = null): this {
    this.outputs.push(valueInfo(name, dims));
    return this;
  }

  /** An initializer; returns its name. */
  init(name: string, dims: readonly number[], data: ArrayLike<number>, dtype: number = T.FLOAT): string {
    this.inits.push(tensorProto(name, dims, data, dtype, this.rawData));
    return name;
  }

  /** A node; returns its first output name. */
  node(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, opts: { name?: string; outputs?: string[]; domain?: string } = {}): string {
    const outputs = opts.outputs ?? [`t${this.counter++}`];
    this.nodes.push({
      name: opts.name ?? '',
      op_type: op,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attrProto(k, v)),
      ...(opts.domain ? { domain: opts.domain } : {}),
    });
    return outputs[0]!;
  }

  /** Serialize. */
  build(): Uint8Array {
    const opsets = [{ domain: '', version: this.opset }, ...Object.entries(this.extraDomains).map(([domain, version]) => ({ domain, version }))];
    return encodeModelProto({
      ir_version: this.irVersion,
      producer_name: 'nnfab-test',
      opset_import: opsets,
      graph: { name: 'test', node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    });
  }
}

/** Deterministic pseudo-random numbers in [lo, hi), rounded to float32. */
export function rand(n: number, seed = 1, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.fround(lo + ((s >>> 8) / 16777216) * (hi - lo));
  });
}
