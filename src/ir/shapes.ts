/** Output-shape rules of every op (channels-last, without the batch axis). */
import { assertNever } from '../diagnostics/errors.js';
import type { Op } from './ops.js';
import { sizeOf } from './graph.js';

/** Thrown when an op's operands do not fit; frontends turn it into a coded error with a location. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ShapeError(message);
}

/** Output length of a sliding window along one axis. */
export function windowOut(len: number, k: number, stride: number, dilation: number, padBegin: number, padEnd: number): number {
  const eff = (k - 1) * dilation + 1;
  return Math.floor((len + padBegin + padEnd - eff) / stride) + 1;
}

function spatial(input: readonly number[], rank: 1 | 2, what: string): readonly number[] {
  check(input.length === rank + 1, `${what} expects a rank-${rank + 1} input [${rank === 2 ? 'H, W, C' : 'W, C'}], got [${input.join(', ')}]`);
  return input;
}

/** Broadcast two shapes with numpy's rules. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    check(da === db || da === 1 || db === 1, `shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The output shape of `op` applied to operands of the given shapes. */
export function inferShape(op: Op, inputs: readonly (readonly number[])[]): number[] {
  const x = inputs[0] ?? [];
  switch (op.kind) {
    case 'input':
      throw new ShapeError('input nodes carry their own shape');
    case 'dense': {
      const [nIn, nOut] = op.weight.shape as [number, number];
      check(x.length >= 1 && x[x.length - 1] === nIn, `dense expects last axis ${nIn}, got [${x.join(', ')}]`);
      return [...x.slice(0, -1), nOut];
    }
    case 'conv': {
      const s = spatial(x, op.rank, 'conv');
      const w = op.weight.shape;
      const cin = s[op.rank]!;
      const cout = w[op.rank + 1]!;
      check(cin === w[op.rank]! * op.groups, `conv expects ${w[op.rank]! * op.groups} input channels, got ${cin}`);
      check(cout % op.groups === 0, `conv output channels ${cout} not divisible by groups ${op.groups}`);
      const out: number[] = [];
      for (let a = 0; a < op.rank; a++) {
        const o = windowOut(s[a]!, w[a]!, op.strides[a]!, op.dilations[a]!, op.pads[a]!, op.pads[a + op.rank]!);
        check(o >= 1, `conv window larger than the padded input on axis ${a}`);
        out.push(o);
      }
      return [...out, cout];
    }
    case 'batchnorm':
      check(x[x.length - 1] === op.scale.data.length, `batchnorm has ${op.scale.data.length} channels, input [${x.join(', ')}]`);
      return [...x];
    case 'activation':
    case 'clip':
    case 'quantize':
    case 'identity':
      return [...x];
    case 'prelu':
      broadcastShapes(x, op.alpha.shape);
      return [...x];
    case 'softmax':
      check(x.length >= 1, 'softmax needs at least one axis');
      return [...x];
    case 'pool': {
      const s = spatial(x, op.rank, 'pooling');
      const out: number[] = [];
      for (let a = 0; a < op.rank; a++) {
        const o = windowOut(s[a]!, op.size[a]!, op.strides[a]!, 1, op.pads[a]!, op.pads[a + op.rank]!);
        check(o >= 1, `pooling window larger than the padded input on axis ${a}`);
        out.push(o);
      }
      return [...out, s[op.rank]!];
    }
    case 'global_pool':
      spatial(x, op.rank, 'global pooling');
      return [x[op.rank]!];
    case 'reshape':
      check(sizeOf(op.shape) === sizeOf(x), `cannot reshape [${x.join(', ')}] to [${op.shape.join(', ')}]`);
      return [...op.shape];
    case 'transpose':
      check(op.perm.length === x.length && [...op.perm].sort().every((p, i) => p === i), `bad permutation [${op.perm.join(', ')}] for rank ${x.length}`);
      return op.perm.map((p) => x[p]!);
    case 'merge': {
      check(inputs.length >= 2, 'a merge needs at least two inputs');
      let out = [...x];
      for (const s of inputs.slice(1)) out = broadcastShapes(out, s);
      return out;
    }
    case 'constant_op':
      return broadcastShapes(x, op.constant.shape);
    case 'concat': {
      check(inputs.length >= 1, 'concat needs inputs');
      const out = [...x];
      check(op.axis >= 0 && op.axis < x.length, `concat axis ${op.axis} out of range for rank ${x.length}`);
      for (const s of inputs.slice(1)) {
        check(s.length === x.length && s.every((d, i) => i === op.axis || d === x[i]), `concat inputs [${x.join(', ')}] and [${s.join(', ')}] differ off axis ${op.axis}`);
        out[op.axis]! += s[op.axis]!;
      }
      return out;
    }
    case 'pad':
      check(op.pads.length === 2 * x.length, `pad needs ${2 * x.length} values, got ${op.pads.length}`);
      return x.map((d, i) => d + op.pads[i]! + op.pads[i + x.length]!);
    case 'slice':
      check(op.starts.length === x.length && op.ends.length === x.length, 'slice needs a start and end per axis');
      return x.map((d, i) => {
        const n = op.ends[i]! - op.starts[i]!;
        check(op.starts[i]! >= 0 && op.ends[i]! <= d && n >= 1, `slice [${op.starts[i]}, ${op.ends[i]}) out of axis ${i} of length ${d}`);
        return n;
      });
    case 'upsample': {
      const s = spatial(x, op.rank, 'upsampling');
      return [...s.slice(0, op.rank).map((d, i) => d * op.scales[i]!), s[op.rank]!];
    }
    default:
      return assertNever(op, 'op');
  }
}
