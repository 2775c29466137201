/** Decoded ONNX model as plain typed data: nodes, attributes, constant tensors, graph inputs and outputs. */
import { fail } from '../../diagnostics/errors.js';
import { decodeModelProto, type ProtoObject } from './proto.js';
import { tensorFromProto, type ConstTensor } from './tensor.js';

/** One attribute value, already unpacked by its type. */
export type AttrValue =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: ConstTensor }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'other'; readonly type: number };

/** One ONNX node. `name` may be empty (PyTorch exports). */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: ReadonlyMap<string, AttrValue>;
}

/** A graph input or output: element type and dims (number, symbolic name, or null when unknown). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly (number | string | null)[] | null;
}

/** The decoded model. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly producer: string;
  /** Opset version per domain ('' = ai.onnx). */
  readonly opsets: ReadonlyMap<string, number>;
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, ConstTensor>;
  /** Graph inputs that are not initializers. */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

const td = new TextDecoder();

function arr<T>(x: unknown): T[] {
  return Array.isArray(x) ? (x as T[]) : [];
}

function attrValue(a: ProtoObject, file: string, where: string): AttrValue {
  let type = (a.type as number | undefined) ?? 0;
  if (type === 0) {
    // IR version 1 had no discriminator: infer it from the field present
    if (a.f !== undefined) type = 1;
    else if (a.i !== undefined) type = 2;
    else if (a.s !== undefined) type = 3;
    else if (a.t !== undefined) type = 4;
    else if (arr(a.floats).length > 0) type = 6;
    else if (arr(a.ints).length > 0) type = 7;
    else if (arr(a.strings).length > 0) type = 8;
  }
  switch (type) {
    case 1: return { kind: 'float', value: (a.f as number | undefined) ?? 0 };
    case 2: return { kind: 'int', value: (a.i as number | undefined) ?? 0 };
    case 3: return { kind: 'string', value: td.decode((a.s as Uint8Array | undefined) ?? new Uint8Array()) };
    case 4: return { kind: 'tensor', value: tensorFromProto(a.t as ProtoObject, file, where) };
    case 6: return { kind: 'floats', value: arr<number>(a.floats) };
    case 7: return { kind: 'ints', value: arr<number>(a.ints) };
    case 8: return { kind: 'strings', value: arr<Uint8Array>(a.strings).map((s) => td.decode(s)) };
    default: return { kind: 'other', type };
  }
}

function nodeFrom(n: ProtoObject, file: string): OnnxNode {
  const name = (n.name as string | undefined) ?? '';
  const opType = (n.op_type as string | undefined) ?? '';
  const attrs = new Map<string, AttrValue>();
  for (const a of arr<ProtoObject>(n.attribute)) {
    const an = (a.name as string | undefined) ?? '';
    attrs.set(an, attrValue(a, file, name || opType));
  }
  return {
    name,
    opType,
    domain: (n.domain as string | undefined) ?? '',
    inputs: arr<string>(n.input),
    outputs: arr<string>(n.output),
    attrs,
  };
}

function valueInfo(v: ProtoObject): OnnxValueInfo {
  const tt = ((v.type as ProtoObject | undefined)?.tensor_type as ProtoObject | undefined) ?? {};
  const shape = tt.shape as ProtoObject | undefined;
  const dims = shape === undefined ? null : arr<ProtoObject>(shape.dim).map((d) =>
    d.dim_value !== undefined ? (d.dim_value as number) : d.dim_param !== undefined && d.dim_param !== '' ? (d.dim_param as string) : null);
  return { name: (v.name as string | undefined) ?? '', elemType: (tt.elem_type as number | undefined) ?? 0, dims };
}

/** Decode `.onnx` bytes; corrupt or truncated files become E201. */
export function decodeOnnx(bytes: Uint8Array, file: string): OnnxModel {
  let m: ProtoObject;
  try {
    m = decodeModelProto(bytes);
  } catch (e) {
    fail('E201', { reason: e instanceof Error ? e.message : String(e) }, { file });
  }
  const g = m.graph as ProtoObject | undefined;
  if (g === undefined || arr(g.node).length === 0) fail('E201', { reason: 'the file holds no graph nodes (is it an ONNX model?)' }, { file });
  const opsets = new Map<string, number>();
  for (const o of arr<ProtoObject>(m.opset_import)) opsets.set((o.domain as string | undefined) ?? '', (o.version as number | undefined) ?? 1);
  if (!opsets.has('') && !opsets.has('ai.onnx')) opsets.set('', 1);
  if (opsets.has('ai.onnx') && !opsets.has('')) opsets.set('', opsets.get('ai.onnx')!);
  const initializers = new Map<string, ConstTensor>();
  for (const t of arr<ProtoObject>(g.initializer)) {
    const name = (t.name as string | undefined) ?? '';
    initializers.set(name, tensorFromProto(t, file, name));
  }
  if (arr(g.sparse_initializer).length > 0) fail('E206', { attr: 'sparse_initializer', value: 'present', supported: 'dense initializers' }, { file });
  return {
    irVersion: (m.ir_version as number | undefined) ?? 0,
    producer: `${(m.producer_name as string | undefined) ?? ''} ${(m.producer_version as string | undefined) ?? ''}`.trim(),
    opsets,
    graphName: (g.name as string | undefined) ?? '',
    nodes: arr<ProtoObject>(g.node).map((n) => nodeFrom(n, file)),
    initializers,
    inputs: arr<ProtoObject>(g.input).map(valueInfo).filter((v) => !initializers.has(v.name)),
    outputs: arr<ProtoObject>(g.output).map(valueInfo),
  };
}
