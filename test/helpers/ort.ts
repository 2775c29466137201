// onnxruntime-node as the float reference: runs an ONNX model on a batch of samples. Models that fix the batch
// dimension are re-encoded with a symbolic first dimension and without value_info, so one session runs the batch.
import * as ort from 'onnxruntime-node';
import { decodeModelProto, encodeModelProto, type ProtoObject } from '../../src/frontends/onnx/proto.js';

const QUIET: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4 };

/** Re-encode a model with the first dim of every graph input and output symbolic ('N') and value_info cleared. */
export function withSymbolicBatch(bytes: Uint8Array): Uint8Array {
  const m = decodeModelProto(bytes);
  const g = m.graph as ProtoObject;
  const inits = new Set(((g.initializer as ProtoObject[] | undefined) ?? []).map((t) => t.name as string));
  for (const key of ['input', 'output']) {
    for (const v of (g[key] as ProtoObject[] | undefined) ?? []) {
      if (key === 'input' && inits.has(v.name as string)) continue;
      const dims = (((v.type as ProtoObject)?.tensor_type as ProtoObject)?.shape as ProtoObject)?.dim as ProtoObject[] | undefined;
      if (dims && dims.length > 0) dims[0] = { dim_param: 'N' };
    }
  }
  g.value_info = [];
  return encodeModelProto(m);
}

/** One graph input's data: row-major float32 values for `batch` samples of `shape` (without the batch axis). */
export interface OrtInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array;
}

async function runOnce(session: ort.InferenceSession, inputs: readonly OrtInput[], batch: number): Promise<Float64Array[]> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const i of inputs) feeds[i.name] = new ort.Tensor('float32', Float32Array.from(i.data), [batch, ...i.shape]);
  const out = await session.run(feeds);
  return session.outputNames.map((n) => Float64Array.from(out[n]!.data as Float32Array));
}

/** Run the model on a batch; falls back to one sample at a time when the graph hard-codes batch 1 internally. */
export async function runOrt(bytes: Uint8Array, inputs: readonly OrtInput[], batch: number): Promise<Float64Array[]> {
  try {
    const session = await ort.InferenceSession.create(withSymbolicBatch(bytes), QUIET);
    return await runOnce(session, inputs, batch);
  } catch {
    const session = await ort.InferenceSession.create(bytes, QUIET);
    const parts: Float64Array[][] = [];
    for (let b = 0; b < batch; b++) {
      const one = inputs.map((i) => {
        const n = i.shape.reduce((a, c) => a * c, 1);
        return { ...i, data: i.data.subarray(b * n, (b + 1) * n) };
      });
      parts.push(await runOnce(session, one, 1));
    }
    return parts[0]!.map((_, k) => {
      const len = parts[0]![k]!.length;
      const all = new Float64Array(len * batch);
      parts.forEach((p, b) => all.set(p[k]!, b * len));
      return all;
    });
  }
}

/** max |a − b| / max(1, |b|) over all elements (the float tolerance measure). */
export function maxRelErr(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}
