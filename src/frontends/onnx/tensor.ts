/** ONNX TensorProto → a float64 constant tensor (every numeric element type, raw_data or typed fields). */
import { fail } from '../../diagnostics/errors.js';
import type { ProtoObject } from './proto.js';
import { half } from '../../io/npy.js';

/** A constant: ONNX dims (batch included where the graph has one) and row-major float64 values. */
export interface ConstTensor {
  readonly dims: readonly number[];
  readonly data: Float64Array;
  /** ONNX element type (TensorProto.DataType); integer types keep exact integers. */
  readonly dtype: number;
}

/** TensorProto.DataType numbers used by the importer. */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16 } as const;

/** Whether an ONNX element type is an integer (or bool) type. */
export function isIntType(dtype: number): boolean {
  return [2, 3, 4, 5, 6, 7, 9, 12, 13].includes(dtype);
}


function bf16(bits: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, bits << 16);
  return dv.getFloat32(0);
}

function fromRaw(raw: Uint8Array, dtype: number, n: number, file: string, name: string): Float64Array {
  // copy into an aligned buffer: raw_data views are not 4/8-byte aligned
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };
  const bytes = size[dtype];
  if (bytes === undefined) fail('E202', { name, dtype }, { file });
  if (raw.byteLength !== n * bytes) fail('E201', { reason: `tensor "${name}" holds ${raw.byteLength} bytes, expected ${n * bytes}` }, { file });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * bytes;
    switch (dtype) {
      case 1: out[i] = dv.getFloat32(o, true); break;
      case 2: case 9: out[i] = dv.getUint8(o); break;
      case 3: out[i] = dv.getInt8(o); break;
      case 4: out[i] = dv.getUint16(o, true); break;
      case 5: out[i] = dv.getInt16(o, true); break;
      case 6: out[i] = dv.getInt32(o, true); break;
      case 7: out[i] = Number(dv.getBigInt64(o, true)); break;
      case 10: out[i] = half(dv.getUint16(o, true)); break;
      case 11: out[i] = dv.getFloat64(o, true); break;
      case 12: out[i] = dv.getUint32(o, true); break;
      case 13: out[i] = Number(dv.getBigUint64(o, true)); break;
      case 16: out[i] = bf16(dv.getUint16(o, true)); break;
    }
  }
  return out;
}

function fromTyped(t: ProtoObject, dtype: number): number[] {
  const pick = (k: string): number[] => (Array.isArray(t[k]) ? (t[k] as number[]) : []);
  switch (dtype) {
    case 1: return pick('float_data').map((v) => Math.fround(v));
    case 11: return pick('double_data');
    case 7: return pick('int64_data');
    case 12: case 13: return pick('uint64_data');
    case 10: return pick('int32_data').map(half);
    case 16: return pick('int32_data').map(bf16);
    default: return pick('int32_data');
  }
}

/** Convert a decoded TensorProto; external data and string tensors are coded errors. */
export function tensorFromProto(t: ProtoObject, file: string, where: string): ConstTensor {
  const name = (t.name as string | undefined) || where;
  const dims = (Array.isArray(t.dims) ? (t.dims as number[]) : []).map(Number);
  const dtype = (t.data_type as number | undefined) ?? 1;
  if (t.data_location === 1 || (Array.isArray(t.external_data) && t.external_data.length > 0)) fail('E203', { name }, { file });
  if (dtype === DT.STRING) fail('E202', { name, dtype: 'STRING' }, { file });
  const n = dims.reduce((a, b) => a * b, 1);
  const raw = t.raw_data as Uint8Array | undefined;
  if (raw !== undefined && raw.byteLength > 0) return { dims, data: fromRaw(raw, dtype, n, file, name), dtype };
  const vals = fromTyped(t, dtype);
  if (vals.length !== n) fail('E201', { reason: `tensor "${name}" holds ${vals.length} values, expected ${n}` }, { file });
  return { dims, data: Float64Array.from(vals), dtype };
}
