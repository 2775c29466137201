// Property: fused Dense(+relu) chains on the int32 SIMD kernel and the integer whole-tensor softmax give the same
// bits and the same overflow counts (every point, every node) as the exact BigInt kernel and the per-row softmax —
// on random shapes (output counts around the 16-wide register blocks), edge widths, negative values and wraps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FixedType, OverflowMode, RoundingMode } from '../../src/ir/fixed-type.js';
import type { Graph, LayerConfig, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { runFixed } from '../../src/emulator/index.js';
import { quantizeNumber } from '../../src/fixed/index.js';
import { planChain } from '../../src/emulator/dense-chain.js';
import { MAX_KERNEL_INPUTS } from '../../src/emulator/dense-kernel.js';
import { reloadNativeSettings } from '../../src/emulator/native.js';

const node = (name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes, cfg: Partial<LayerConfig> = {}): Node => ({
  name, op, inputs, shape, source: { file: 'p', node: name, opType: op.kind }, layerClass: op.kind, types,
  config: { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false, ...cfg },
});
const fx = (width: number, integer: number, signed = true): FixedType => ({ width, integer, signed, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });

interface Net {
  readonly sizes: number[];
  readonly batch: number;
  readonly tIn: FixedType;
  readonly tW: FixedType;
  readonly tAcc: FixedType;
  readonly relu: boolean[];
  readonly softmax: 'stable' | 'latency' | null;
  readonly weights: number[][];
  readonly biases: number[][];
  readonly x: number[];
}

/** input → (dense → relu?)* → softmax?, all values of type tAcc between layers (so the layers chain). */
function graphOf(n: Net): Graph {
  const types: NodeTypes = { result: n.tAcc, accum: n.tAcc, weight: n.tW, bias: n.tW };
  const lsb = 2 ** -(n.tW.width - n.tW.integer);
  const nodes: Node[] = [node('x', { kind: 'input' }, [], [n.sizes[0]!], { result: n.tIn })];
  let prev = 'x';
  for (let l = 0; l + 1 < n.sizes.length; l++) {
    const [a, b] = [n.sizes[l]!, n.sizes[l + 1]!];
    const op: Op = { kind: 'dense', weight: { shape: [a, b], data: Float64Array.from(n.weights[l]!, (k) => k * lsb) }, bias: { shape: [b], data: Float64Array.from(n.biases[l]!, (k) => k * lsb) } };
    nodes.push(node(`d${l}`, op, [prev], [b], types));
    prev = `d${l}`;
    if (n.relu[l]) {
      nodes.push(node(`r${l}`, { kind: 'activation', fn: 'relu' }, [prev], [b], { result: n.tAcc }));
      prev = `r${l}`;
    }
  }
  if (n.softmax !== null) {
    const last = n.sizes[n.sizes.length - 1]!;
    nodes.push(node('sm', { kind: 'softmax', axis: -1 }, [prev], [last], { result: n.tAcc, accum: n.tAcc }, { softmaxImpl: n.softmax }));
    prev = 'sm';
  }
  return { name: 'p', nodes, inputs: ['x'], outputs: [prev], sourceFile: 'p' };
}

const netArbOf = (sizes: fc.Arbitrary<number[]>, maxBatch: number): fc.Arbitrary<Net> => fc
  .record({
    sizes,
    batch: fc.integer({ min: 1, max: maxBatch }),
    inW: fc.integer({ min: 2, max: 16 }),
    wW: fc.integer({ min: 2, max: 14 }),
    accW: fc.integer({ min: 6, max: 30 }),
    iOff: fc.integer({ min: 1, max: 6 }),
    softmax: fc.constantFrom<'stable' | 'latency' | null>(null, 'stable', 'latency'),
    scale: fc.constantFrom(1, 4, 64, 4096),
    inMode: fc.constantFrom<[RoundingMode, OverflowMode]>(['AP_TRN', 'AP_WRAP'], ['AP_RND', 'AP_WRAP'], ['AP_RND_CONV', 'AP_SAT'], ['AP_TRN', 'AP_SAT_SYM']),
  })
  .chain((d) => {
    const wMax = 2 ** (d.wW - 1);
    const layers = d.sizes.length - 1;
    return fc.record({
      relu: fc.array(fc.boolean(), { minLength: layers, maxLength: layers }),
      weights: fc.tuple(...d.sizes.slice(1).map((b, l) => fc.array(fc.integer({ min: -wMax, max: wMax - 1 }), { minLength: d.sizes[l]! * b, maxLength: d.sizes[l]! * b }))),
      biases: fc.tuple(...d.sizes.slice(1).map((b) => fc.array(fc.integer({ min: -wMax, max: wMax - 1 }), { minLength: b, maxLength: b }))),
      x: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -d.scale, max: d.scale, noNaN: true })), { minLength: d.batch * d.sizes[0]!, maxLength: d.batch * d.sizes[0]! }),
    }).map((r) => {
      // the input's own modes apply when it is quantized straight into the fused chain
      const tIn: FixedType = { ...fx(d.inW, Math.min(d.inW, d.iOff)), rounding: d.inMode[0], overflow: d.inMode[1] };
      const tW = fx(d.wW, Math.min(d.wW, 2));
      // accum frac ≤ input frac + weight frac, so that products shift right (the kernel's domain)
      const fAcc = Math.min(d.accW - 1, d.inW - tIn.integer + (d.wW - tW.integer));
      const tAcc = fx(d.accW, d.accW - fAcc);
      return { sizes: d.sizes, batch: d.batch, tIn, tW, tAcc, softmax: d.softmax, relu: r.relu, weights: r.weights, biases: r.biases, x: r.x };
    });
  });

const netArb = netArbOf(fc.array(fc.integer({ min: 1, max: 37 }), { minLength: 2, maxLength: 4 }), 9);
// wide layers: several 64-output register blocks and every smaller block, inputs gathered 16 at a time plus a rest
const wideNetArb = netArbOf(fc.constantFrom([70, 100, 53], [129, 64, 48, 8, 4], [16, 200, 12], [33, 20, 1]), 3);

// every kernel: the native one in both variants (AVX-512 where the machine has it, AVX2; when built: native.test.ts
// requires it under CI), and the WebAssembly one
const KERNELS = ['native', 'native-avx2', 'wasm'] as const;
function useKernel(kernel: (typeof KERNELS)[number]): void {
  beforeAll(() => {
    if (kernel === 'wasm') process.env.NNFAB_NATIVE = '0';
    if (kernel.startsWith('native-')) process.env.NNFAB_NATIVE_ISA = kernel.slice('native-'.length);
    reloadNativeSettings();
  });
  afterAll(() => {
    delete process.env.NNFAB_NATIVE;
    delete process.env.NNFAB_NATIVE_ISA;
    reloadNativeSettings();
  });
}

/** The run with the default kernels, checked against the BigInt kernel: outputs and every counter. */
function sameAsBigInt(n: Net): ReturnType<typeof runFixed> {
  const g = graphOf(n);
  const x = Float64Array.from(n.x);
  const fast = runFixed(g, [x], n.batch);
  const big = runFixed(g, [x], n.batch, { matmulPath: 'big' });
  expect(Array.from(fast.outputs[0]!)).toEqual(Array.from(big.outputs[0]!));
  expect(fast.stats).toEqual(big.stats);
  return fast;
}

for (const kernel of KERNELS) describe(`fused Dense chains and the integer softmax (${kernel} kernel)`, () => {
  useKernel(kernel);

  it('equal the BigInt kernel and the per-row softmax: outputs, raw values, every overflow counter', () => {
    let fused = 0;
    let wrapped = 0;
    let sumWrapped = 0;
    fc.assert(
      fc.property(netArb, (n) => {
        const fast = sameAsBigInt(n);
        if (planChain(graphOf(n).nodes, 1, { type: n.tIn, shape: [n.sizes[0]!], raw: new Float64Array(n.sizes[0]!) }, { observed: () => false }) !== null) fused++;
        if (fast.stats.some((st) => st.points.some((p) => (p.point === 'accum' || p.point === 'product') && p.counts.wrapped > 0))) wrapped++;
        // the exp sum wraps only when n table entries can exceed accum_t: the tree path, not the plain sum
        if (fast.stats.some((st) => st.points.some((p) => p.point === 'exp_sum' && p.counts.wrapped > 0))) sumWrapped++;
      }),
      { numRuns: 250 },
    );
    expect(wrapped).toBeGreaterThan(30);
    expect(sumWrapped).toBeGreaterThan(3);
    // the property must exercise the fused kernel, not only the fallbacks
    expect(fused).toBeGreaterThan(120);
  });

  it('wide layers equal the BigInt kernel: outputs and every overflow counter', () => {
    let wrapped = 0;
    fc.assert(
      fc.property(wideNetArb, (n) => {
        const fast = sameAsBigInt(n);
        if (fast.stats.some((st) => st.points.some((p) => p.point === 'accum' && p.counts.wrapped > 0))) wrapped++;
      }),
      { numRuns: 40 },
    );
    expect(wrapped).toBeGreaterThan(5);
  });

  it('tracing a middle layer splits the chain there and still gives the same bits and counts', () => {
    fc.assert(
      fc.property(netArb, fc.nat(), (n, pick) => {
        const g = graphOf(n);
        const names = g.nodes.slice(1).map((q) => q.name);
        const traced = [names[pick % names.length]!];
        const x = Float64Array.from(n.x);
        const fast = runFixed(g, [x], n.batch, { trace: traced });
        const big = runFixed(g, [x], n.batch, { trace: traced, matmulPath: 'big' });
        expect(Array.from(fast.trace.get(traced[0]!)!)).toEqual(Array.from(big.trace.get(traced[0]!)!));
        expect(Array.from(fast.outputs[0]!)).toEqual(Array.from(big.outputs[0]!));
        expect(fast.stats).toEqual(big.stats);
      }),
      { numRuns: 100 },
    );
  });

  it('hand-computed: wrapped products and partial sums are counted once each, relu fused', () => {
    // accum fixed<8,8> (integers −128..127), x and w integers: 100·2 = 200 wraps to −56 (product event), then
    // bias 100 + (−56) = 44; second input 50·2 = 100, 44 + 100 = 144 wraps to −112 (sum event); relu → 0
    const t = fx(8, 8);
    const g: Graph = {
      name: 'h',
      nodes: [
        node('x', { kind: 'input' }, [], [2], { result: t }),
        node('d', { kind: 'dense', weight: { shape: [2, 1], data: Float64Array.from([2, 2]) }, bias: { shape: [1], data: Float64Array.from([100]) } }, ['x'], [1], { result: t, accum: t, weight: t, bias: t }),
        node('r', { kind: 'activation', fn: 'relu' }, ['d'], [1], { result: t }),
        node('d2', { kind: 'dense', weight: { shape: [1, 1], data: Float64Array.from([1]) }, bias: null }, ['r'], [1], { result: t, accum: t, weight: t, bias: t }),
      ],
      inputs: ['x'],
      outputs: ['d2'],
      sourceFile: 'h',
    };
    expect(planChain(g.nodes, 1, { type: t, shape: [2], raw: new Float64Array(2) }, { observed: (q) => q === 'd2' })!.length).toBe(2);
    const res = runFixed(g, [Float64Array.from([100, 50])], 1);
    expect(Array.from(res.outputs[0]!)).toEqual([0]);
    const d = res.stats.find((s) => s.node === 'd')!;
    const point = (p: string) => d.points.find((q) => q.point === p)!;
    expect(point('product').counts.wrapped).toBe(1);
    expect(point('accum').counts.wrapped).toBe(1);
    expect(point('accum').total).toBe(2);
    expect(res.stats.map((s) => s.node)).toEqual(['x', 'd', 'r', 'd2']);
  });
});

describe('layers too wide for the fused kernel', () => {
  it('more inputs than the gather scratch holds: no chain, the same bits and counts as the BigInt kernel', () => {
    const nIn = MAX_KERNEL_INPUTS + 1;
    const t = fx(16, 6);
    const w = Float64Array.from({ length: nIn * 2 }, (_, i) => ((i * 37) % 11) / 8 - 0.6);
    const g: Graph = {
      name: 'wide',
      nodes: [
        node('x', { kind: 'input' }, [], [nIn], { result: t }),
        node('d', { kind: 'dense', weight: { shape: [nIn, 2], data: w }, bias: null }, ['x'], [2], { result: t, accum: t, weight: fx(8, 2), bias: t }),
      ],
      inputs: ['x'],
      outputs: ['d'],
      sourceFile: 'w',
    };
    expect(planChain(g.nodes, 1, { type: t, shape: [nIn], raw: new Float64Array(nIn) }, { observed: () => false })).toBeNull();
    const x = Float64Array.from({ length: 2 * nIn }, (_, i) => ((i * 13) % 17) / 4 - 2);
    const fast = runFixed(g, [x], 2);
    const big = runFixed(g, [x], 2, { matmulPath: 'big' });
    expect(Array.from(fast.outputs[0]!)).toEqual(Array.from(big.outputs[0]!));
    expect(fast.stats).toEqual(big.stats);
  });
});

for (const kernel of KERNELS) describe(`network input quantization (${kernel} kernel)`, () => {
  useKernel(kernel);

  /** input (type t, 1 value) → dense ×1 into a TRN/WRAP accumulator of t's format: a chain, the input quantized into it. */
  const oneDense = (t: FixedType): Graph => {
    const acc = fx(t.width, t.integer);
    const g: Graph = {
      name: 'q',
      nodes: [
        node('x', { kind: 'input' }, [], [1], { result: t }),
        node('d', { kind: 'dense', weight: { shape: [1, 1], data: Float64Array.of(1) }, bias: null }, ['x'], [1], { result: acc, accum: acc, weight: fx(4, 4), bias: fx(4, 4) }),
      ],
      inputs: ['x'],
      outputs: ['d'],
      sourceFile: 'q',
    };
    expect(planChain(g.nodes, 1, { type: t, shape: [1], raw: new Float64Array(1) }, { observed: (q) => q === 'd' })).not.toBeNull();
    return g;
  };

  it('tiny negative inputs floor to −1 LSB under AP_TRN and round to 0 under AP_RND, fused or not', () => {
    // s − floor(s) rounds to 1 for a tiny negative s: a fraction test must not turn TRN's −1 into 0
    for (const rounding of ['AP_TRN', 'AP_RND'] as const) {
      const t: FixedType = { ...fx(4, 2), rounding };
      const g = oneDense(t);
      const x = Float64Array.of(-5e-324, -1e-300, -(2 ** -60), 0.3, -0.126, 0, -0);
      const want = Array.from(x, (v) => quantizeNumber(v, t) / 4);
      expect(Array.from(runFixed(g, [x], x.length).outputs[0]!)).toEqual(want);
      expect(Array.from(runFixed(g, [x], x.length, { keepRaw: true }).outputs[0]!)).toEqual(want);
      expect(want.slice(0, 3)).toEqual(rounding === 'AP_TRN' ? [-0.25, -0.25, -0.25] : [0, 0, 0]);
    }
  });

  it('exact halves: AP_RND rounds them up (towards +∞), AP_TRN floors them (hand-computed, fixed<8,4>: LSB 1/16)', () => {
    // 3/32 = 1.5 LSB, −3/32 = −1.5 LSB, 5/32 = 2.5 LSB, −1/32 = −0.5 LSB (an odd count, so that no value pairs up)
    const x = Float64Array.of(3 / 32, -3 / 32, 5 / 32, -1 / 32, 7 / 32);
    const lsb = (ks: number[]): number[] => ks.map((k) => k / 16);
    expect(Array.from(runFixed(oneDense({ ...fx(8, 4), rounding: 'AP_RND' }), [x], x.length).outputs[0]!)).toEqual(lsb([2, -1, 3, 0, 4]));
    expect(Array.from(runFixed(oneDense(fx(8, 4)), [x], x.length).outputs[0]!)).toEqual(lsb([1, -2, 2, -1, 3]));
  });
});
