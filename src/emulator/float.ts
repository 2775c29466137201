/**
 * The float64 reference run of a Graph: every op of ir/ops.ts evaluated in double precision. This is the meaning
 * every fixed-point result is compared against.
 */
import { assertNever, InternalError } from '../diagnostics/errors.js';
import { sizeOf, type Graph, type Node } from '../ir/graph.js';
import type { ConcatOp, ConstantOp, MergeOp, Op } from '../ir/ops.js';
import { broadcastMap, movementMap } from '../ir/index-maps.js';
import { activationFn, quantizeFloat, softmaxFloat } from './float/elementwise.js';
import { convFloat, globalPoolFloat, poolFloat } from './float/spatial.js';

/** Outputs (one array per graph output, batch·size values) and every node's value by name. */
export interface FloatRun {
  readonly outputs: Float64Array[];
  readonly values: Map<string, Float64Array>;
}

function perSample(x: Float64Array, inSize: number, outSize: number, batch: number, f: (xs: Float64Array, ys: Float64Array) => void): Float64Array {
  const out = new Float64Array(batch * outSize);
  for (let b = 0; b < batch; b++) f(x.subarray(b * inSize, (b + 1) * inSize), out.subarray(b * outSize, (b + 1) * outSize));
  return out;
}

function withPadding(index: Int32Array, x: Float64Array, inSize: number, batch: number): Float64Array {
  return perSample(x, inSize, index.length, batch, (xs, ys) => {
    for (let i = 0; i < index.length; i++) ys[i] = index[i]! < 0 ? 0 : xs[index[i]!]!;
  });
}

function elementwise(xs: Float64Array[], shapes: (readonly number[])[], out: readonly number[], batch: number, f: (vals: number[]) => number, constants = 0): Float64Array {
  const n = sizeOf(out);
  const maps = shapes.map((s) => broadcastMap(s, out));
  // the last `constants` operands have no batch axis: every sample reads the same values
  const sizes = shapes.map((s, k) => (k >= shapes.length - constants ? 0 : sizeOf(s)));
  const res = new Float64Array(batch * n);
  const vals = new Array<number>(xs.length);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < xs.length; k++) vals[k] = xs[k]![b * sizes[k]! + maps[k]![i]!]!;
      res[b * n + i] = f(vals);
    }
  return res;
}

function mergeFn(op: MergeOp): (v: number[]) => number {
  switch (op.mode) {
    case 'add': return (v) => v.reduce((a, b) => a + b, 0);
    case 'sub': return (v) => v[0]! - v[1]!;
    case 'mul': return (v) => v.reduce((a, b) => a * b, 1);
    case 'div': return (v) => v[0]! / v[1]!;
    case 'avg': return (v) => v.reduce((a, b) => a + b, 0) / v.length;
    case 'max': return (v) => Math.max(...v);
    case 'min': return (v) => Math.min(...v);
    default: return assertNever(op.mode, 'merge mode');
  }
}

function constantOp(op: ConstantOp, x: Float64Array, shape: readonly number[], out: readonly number[], batch: number): Float64Array {
  const c = op.constant;
  const f = { add: (a: number, b: number) => a + b, sub: (a: number, b: number) => a - b, mul: (a: number, b: number) => a * b, div: (a: number, b: number) => a / b }[op.mode];
  const cx = [c.data];
  // the constant has no batch axis: feed it as a batch of one, read with a stride of 0
  const ci = broadcastMap(c.shape, out);
  const xi = broadcastMap(shape, out);
  const n = sizeOf(out);
  const xs = sizeOf(shape);
  const res = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < n; i++) {
      const xv = x[b * xs + xi[i]!]!;
      const cv = cx[0]![ci[i]!]!;
      res[b * n + i] = op.constantFirst ? f(cv, xv) : f(xv, cv);
    }
  return res;
}

function concat(op: ConcatOp, xs: Float64Array[], shapes: (readonly number[])[], out: readonly number[], batch: number): Float64Array {
  const outer = sizeOf(out.slice(0, op.axis));
  const blocks = shapes.map((s) => sizeOf(s.slice(op.axis)));
  const n = sizeOf(out);
  const res = new Float64Array(batch * n);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < outer; i++)
      xs.forEach((x, k) => {
        const blk = blocks[k]!;
        const base = (b * outer + i) * blk;
        res.set(x.subarray(base, base + blk), o);
        o += blk;
      });
  return res;
}

function dense(op: Extract<Op, { kind: 'dense' }>, x: Float64Array, batch: number, inShape: readonly number[]): Float64Array {
  const [nIn, nOut] = op.weight.shape as [number, number];
  const rows = (batch * sizeOf(inShape)) / nIn;
  const w = op.weight.data;
  const out = new Float64Array(rows * nOut);
  for (let r = 0; r < rows; r++) {
    const o = r * nOut;
    if (op.bias) out.set(op.bias.data, o);
    for (let i = 0; i < nIn; i++) {
      const xv = x[r * nIn + i]!;
      if (xv === 0) continue;
      const wi = i * nOut;
      for (let j = 0; j < nOut; j++) out[o + j]! += xv * w[wi + j]!;
    }
  }
  return out;
}

function evalNode(node: Node, xs: Float64Array[], shapes: (readonly number[])[], batch: number): Float64Array {
  const op = node.op;
  const x = xs[0]!;
  const s = shapes[0]!;
  switch (op.kind) {
    case 'input': throw new InternalError('input nodes are bound, not evaluated');
    case 'dense': return dense(op, x, batch, s);
    case 'conv': return convFloat(op, x, s, node.shape, batch);
    case 'batchnorm': {
      const c = op.scale.data.length;
      return x.map((v, i) => v * op.scale.data[i % c]! + op.bias.data[i % c]!);
    }
    case 'activation': return x.map(activationFn(op));
    case 'prelu': return elementwise([x, op.alpha.data], [s, op.alpha.shape], node.shape, batch, (v) => (v[0]! > 0 ? v[0]! : v[0]! * v[1]!), 1);
    case 'clip': return x.map((v) => Math.min(Math.max(v, op.min), op.max));
    case 'softmax': return softmaxFloat(op, x, s, batch);
    case 'pool': return poolFloat(op, x, s, node.shape, batch);
    case 'global_pool': return globalPoolFloat(op, x, s, batch);
    case 'reshape':
    case 'identity': return x.slice();
    case 'merge': return elementwise(xs, shapes, node.shape, batch, mergeFn(op));
    case 'constant_op': return constantOp(op, x, s, node.shape, batch);
    case 'concat': return concat(op, xs, shapes, node.shape, batch);
    case 'transpose':
    case 'pad':
    case 'slice':
    case 'upsample': return withPadding(movementMap(op, s, node.shape), x, sizeOf(s), batch);
    case 'quantize': return quantizeFloat(op, x, s, batch);
    default: return assertNever(op, 'op');
  }
}

/** Options of runFloat. */
export interface RunFloatOptions {
  /** 'outputs' frees each intermediate value after its last use (values then holds only inputs and outputs). */
  readonly keep?: 'all' | 'outputs';
}

/** Index of the last node reading each value. */
function lastUses(graph: Graph): Map<string, number> {
  const last = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.inputs.forEach((x) => last.set(x, i)));
  return last;
}

/** Run a graph in float64 on `batch` samples; inputs are row-major, one array per graph input. */
export function runFloat(graph: Graph, inputs: readonly Float64Array[], batch: number, opts: RunFloatOptions = {}): FloatRun {
  const last = opts.keep === 'outputs' ? lastUses(graph) : null;
  const keep = new Set([...graph.outputs, ...graph.inputs]);
  if (inputs.length !== graph.inputs.length) throw new InternalError(`runFloat: ${inputs.length} inputs for ${graph.inputs.length} graph inputs`);
  const values = new Map<string, Float64Array>();
  const shapes = new Map<string, readonly number[]>();
  graph.inputs.forEach((name, i) => values.set(name, inputs[i]!));
  for (let idx = 0; idx < graph.nodes.length; idx++) {
    const node = graph.nodes[idx]!;
    shapes.set(node.name, node.shape);
    if (node.op.kind === 'input') {
      const v = values.get(node.name);
      if (v === undefined || v.length !== batch * sizeOf(node.shape)) throw new InternalError(`runFloat: input ${node.name} needs ${batch}×${sizeOf(node.shape)} values, got ${v?.length}`);
      continue;
    }
    const xs = node.inputs.map((i) => values.get(i)!);
    values.set(node.name, evalNode(node, xs, node.inputs.map((i) => shapes.get(i)!), batch));
    if (last !== null) for (const i of node.inputs) if (last.get(i) === idx && !keep.has(i)) values.delete(i);
  }
  return { outputs: graph.outputs.map((o) => values.get(o)!), values };
}
