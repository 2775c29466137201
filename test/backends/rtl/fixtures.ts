// Hand-typed quantized graphs for the Verilog backend tests, and a direct hls4ml-arithmetic reference built on fixed/.
import { castRaw, fixedType, fracBits, quantizeToRaw, type FixedType } from '../../../src/fixed/index.js';
import type { Graph, Node, NodeTypes } from '../../../src/ir/graph.js';
import type { Op } from '../../../src/ir/ops.js';

/** Deterministic pseudo-random numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A quantized node with the default layer configuration. */
export function node(name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes): Node {
  return {
    name, op, inputs, shape, types,
    source: { file: 'test', node: name, opType: op.kind },
    layerClass: op.kind,
    config: { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false },
  };
}

/** A dense layer with random weights on the grid of `wt` (some zeros), optional bias. */
export function denseNode(name: string, input: string, nIn: number, nOut: number, wt: FixedType, types: NodeTypes, r: () => number, sparsity = 0.3): Node {
  const lsb = 2 ** -fracBits(wt);
  const span = 2 ** (wt.integer - 1);
  const q = (x: number): number => Math.max(-span, Math.min(span - lsb, Math.round(x / lsb) * lsb));
  const w = Float64Array.from({ length: nIn * nOut }, () => (r() < sparsity ? 0 : q((r() * 2 - 1) * span * 0.9)));
  const b = Float64Array.from({ length: nOut }, () => q((r() * 2 - 1) * span * 0.5));
  return node(name, { kind: 'dense', weight: { shape: [nIn, nOut], data: w }, bias: { shape: [nOut], data: b } }, [input], [nOut], { ...types, weight: wt, bias: wt });
}

/** input(8) → dense(8→6, narrow accum: per-product) → relu → dense(6→3, wide accum: exact sharing). */
export function smallNet(seed = 1): Graph {
  const r = rng(seed);
  const tin = fixedType(10, 4);
  const nodes: Node[] = [
    node('x', { kind: 'input' }, [], [8], { result: tin }),
    denseNode('fc1', 'x', 8, 6, fixedType(8, 2), { result: fixedType(12, 5), accum: fixedType(16, 6) }, r),
    node('fc1_relu', { kind: 'activation', fn: 'relu' }, ['fc1'], [6], { result: fixedType(10, 5, false) }),
    denseNode('fc2', 'fc1_relu', 6, 3, fixedType(6, 1), { result: fixedType(14, 7), accum: fixedType(24, 10) }, r),
  ];
  return { name: 'small', nodes, inputs: ['x'], outputs: ['fc2'], sourceFile: 'test' };
}

/** hls4ml's dense arithmetic on raw integers (products converted to accum_t, sums in input order). */
function refDense(n: Node, x: bigint[], xf: number): bigint[] {
  if (n.op.kind !== 'dense') throw new Error('dense expected');
  const [nIn, nOut] = n.op.weight.shape as [number, number];
  const wt = n.types!.weight as FixedType;
  const acc = n.types!.accum!;
  const fa = fracBits(acc);
  const w = Array.from(n.op.weight.data, (v) => quantizeToRaw(v, wt));
  const out: bigint[] = [];
  for (let j = 0; j < nOut; j++) {
    let a = castRaw(quantizeToRaw(n.op.bias!.data[j]!, n.types!.bias!), fracBits(n.types!.bias!), acc);
    for (let i = 0; i < nIn; i++) {
      const p = castRaw(x[i]! * w[i * nOut + j]!, xf + fracBits(wt), acc);
      a = castRaw(a + p, fa, acc);
    }
    out.push(castRaw(a, fa, n.types!.result));
  }
  return out;
}

/** Reference raw outputs of a chain of dense/relu/linear nodes for one raw input sample. */
export function refChain(g: Graph, x: bigint[]): bigint[] {
  let v = x;
  let f = fracBits(g.nodes[0]!.types!.result);
  for (const n of g.nodes.slice(1)) {
    if (n.op.kind === 'dense') v = refDense(n, v, f);
    else if (n.op.kind === 'activation') v = v.map((e) => castRaw(n.op.kind === 'activation' && n.op.fn === 'relu' && e < 0n ? 0n : e, f, n.types!.result));
    f = fracBits(n.types!.result);
  }
  return v;
}

/** Random raw samples over the whole range of the input type. */
export function randomSamples(t: FixedType, n: number, count: number, r: () => number): bigint[][] {
  const lo = t.signed ? -(2 ** (t.width - 1)) : 0;
  const span = 2 ** t.width;
  return Array.from({ length: count }, () => Array.from({ length: n }, () => BigInt(lo + Math.floor(r() * span))));
}
