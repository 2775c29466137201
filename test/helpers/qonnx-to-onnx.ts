// Rewrites a QONNX model into standard ONNX that onnxruntime runs, following the QONNX operator definitions:
// Quant → Div, Add, Clip, Round (half to even), Sub, Mul; channels-last Conv/MaxPool → Transposes around the
// standard op (weights OHWI → OIHW). Used to check nnfab's QONNX import against onnxruntime.
import { decodeModelProto, encodeModelProto, type ProtoObject } from '../../src/frontends/onnx/proto.js';

const QUANT_DOMAINS = new Set(['qonnx.custom_op.general', 'onnx.brevitas']);
const CL = 'qonnx.custom_op.channels_last';

function scalarInit(name: string, v: number): ProtoObject {
  return { name, dims: [], data_type: 1, float_data: [v] };
}

function attrInt(n: ProtoObject, name: string, def: number): number {
  const a = ((n.attribute as ProtoObject[] | undefined) ?? []).find((x) => x.name === name);
  return a === undefined ? def : Number(a.i ?? def);
}

function initValue(inits: ProtoObject[], name: string): number {
  const t = inits.find((x) => x.name === name)!;
  if (Array.isArray(t.float_data) && t.float_data.length > 0) return t.float_data[0] as number;
  const raw = t.raw_data as Uint8Array;
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getFloat32(0, true);
}

function quant(n: ProtoObject, inits: ProtoObject[], k: number): ProtoObject[] {
  const [x, s, z, b] = n.input as string[];
  const bits = initValue(inits, b!);
  const signed = attrInt(n, 'signed', 1) !== 0;
  const narrow = attrInt(n, 'narrow', 0) !== 0;
  const lo = signed ? -(2 ** (bits - 1)) + (narrow ? 1 : 0) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 - (narrow ? 1 : 0);
  inits.push(scalarInit(`q${k}_lo`, lo), scalarInit(`q${k}_hi`, hi));
  const t = (i: number): string => `q${k}_t${i}`;
  const out = (n.output as string[])[0]!;
  return [
    { op_type: 'Div', input: [x, s], output: [t(0)], name: t(0) },
    { op_type: 'Add', input: [t(0), z], output: [t(1)], name: t(1) },
    { op_type: 'Clip', input: [t(1), `q${k}_lo`, `q${k}_hi`], output: [t(2)], name: t(2) },
    { op_type: 'Round', input: [t(2)], output: [t(3)], name: t(3) },
    { op_type: 'Sub', input: [t(3), z], output: [t(4)], name: t(4) },
    { op_type: 'Mul', input: [t(4), s], output: [out], name: t(5) },
  ];
}

function channelsLast(n: ProtoObject, k: number): ProtoObject[] {
  const ins = n.input as string[];
  const t = (i: number): string => `cl${k}_t${i}`;
  const perm = (p: number[]): ProtoObject[] => [{ name: 'perm', type: 7, ints: p }];
  const nodes: ProtoObject[] = [{ op_type: 'Transpose', input: [ins[0]!], output: [t(0)], name: t(0), attribute: perm([0, 3, 1, 2]) }];
  const inner = [t(0)];
  if (n.op_type === 'Conv') {
    nodes.push({ op_type: 'Transpose', input: [ins[1]!], output: [t(1)], name: t(1), attribute: perm([0, 3, 1, 2]) });
    inner.push(t(1), ...ins.slice(2));
  }
  nodes.push({ ...n, domain: '', input: inner, output: [t(2)], name: t(2) });
  nodes.push({ op_type: 'Transpose', input: [t(2)], output: [(n.output as string[])[0]!], name: t(3), attribute: perm([0, 2, 3, 1]) });
  return nodes;
}

/** The standard-ONNX equivalent of a QONNX model (Quant with rounding ROUND only). */
export function qonnxToOnnx(bytes: Uint8Array): Uint8Array {
  const m = decodeModelProto(bytes);
  const g = m.graph as ProtoObject;
  const inits = g.initializer as ProtoObject[];
  const out: ProtoObject[] = [];
  (g.node as ProtoObject[]).forEach((n, k) => {
    if (QUANT_DOMAINS.has(n.domain as string) && n.op_type === 'Quant') out.push(...quant(n, inits, k));
    else if (n.domain === CL) out.push(...channelsLast(n, k));
    else out.push(n);
  });
  g.node = out;
  m.opset_import = [{ domain: '', version: 17 }];
  return encodeModelProto(m);
}
