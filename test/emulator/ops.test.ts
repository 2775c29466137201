// Hand-computed cases pinning the activation tables, every softmax variant and the precision rules of the kernels.
import { describe, expect, it } from 'vitest';
import type { FixedType } from '../../src/ir/fixed-type.js';
import type { Graph, LayerConfig, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { runFixed } from '../../src/emulator/index.js';
import { lookupTable, tableIndex } from '../../src/emulator/tables.js';

const ft = (width: number, integer: number, signed = true, rounding: FixedType['rounding'] = 'AP_TRN', overflow: FixedType['overflow'] = 'AP_WRAP'): FixedType => ({
  width, integer, signed, rounding, overflow, satBits: 0,
});
const F16 = ft(16, 6);
const CFG: LayerConfig = { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false };

function node(name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes, config: Partial<LayerConfig> = {}): Node {
  return { name, op, inputs, shape, source: { file: 't', node: name, opType: op.kind }, layerClass: op.kind, types, config: { ...CFG, ...config } };
}

/** Run input → op on rows of values; returns the float outputs per row and the run's stats. */
function run1(op: Op, n: number, rows: number[][], types: NodeTypes, config: Partial<LayerConfig> = {}, inType = F16, outShape = [n], inShape = [n]) {
  const g: Graph = {
    name: 't',
    nodes: [node('x', { kind: 'input' }, [], inShape, { result: inType }), node('y', op, ['x'], outShape, types, config)],
    inputs: ['x'],
    outputs: ['y'],
    sourceFile: 't',
  };
  const r = runFixed(g, [Float64Array.from(rows.flat())], rows.length);
  const m = outShape.reduce((a, b) => a * b, 1);
  const out = Array.from({ length: rows.length }, (_, i) => Array.from(r.outputs[0]!.subarray(i * m, (i + 1) * m)));
  return { out, stats: r.stats.find((s) => s.node === 'y')! };
}

describe('lookup-table activations (hls4ml index and table rules)', () => {
  it('sigmoid: entry i = sigmoid(16(i − N/2)/N) floored into table_t; index trunc(x·N/16) + N/2, clamped', () => {
    const tab = lookupTable('sigmoid', 1024, ft(18, 8));
    expect(tab[512]).toBe(512); // 0.5
    expect(tab[576]).toBe(748); // sigmoid(1) = 0.7310586 → floor(748.6)
    expect(tableIndex('sigmoid', 1024, 10, 1024)).toBe(576); // x = 1.0
    expect(tableIndex('sigmoid', -1, 10, 1024)).toBe(512); // x = −2^-10: trunc toward zero
    const { out, stats } = run1({ kind: 'activation', fn: 'sigmoid' }, 4, [[0, 1, -100 / 4, 10]], { result: F16, table: ft(18, 8) });
    expect(out[0]).toEqual([0.5, 748 / 1024, lookupTable('sigmoid', 1024, ft(18, 8))[0]! / 1024, lookupTable('sigmoid', 1024, ft(18, 8))[1023]! / 1024]);
    expect(stats.points.find((p) => p.point === 'table_index')!.counts.outOfRange).toBe(2);
  });

  it('tanh: domain [−4, 4), index trunc(x·N/8) + N/2', () => {
    expect(tableIndex('tanh', 512, 10, 1024)).toBe(576); // x = 0.5
    expect(lookupTable('tanh', 1024, ft(18, 8))[576]).toBe(473); // tanh(0.5) = 0.4621 → floor(473.2)
    expect(run1({ kind: 'activation', fn: 'tanh' }, 1, [[0.5]], { result: F16, table: ft(18, 8) }).out[0]).toEqual([473 / 1024]);
  });

  it('softplus and softsign share the sigmoid domain', () => {
    expect(lookupTable('softplus', 1024, ft(18, 8))[512]).toBe(Math.floor(Math.log(2) * 1024));
    expect(lookupTable('softsign', 1024, ft(18, 8))[576]).toBe(512); // 1/(1+1) = 0.5
  });

  it('elu: x ≥ 0 passes; x < 0 reads exp(−8i/N) − 1 at trunc(x·N/−8), clamped above', () => {
    expect(tableIndex('elu', -1024, 10, 1024)).toBe(128); // x = −1
    const e = lookupTable('elu', 1024, ft(18, 8))[128]!; // exp(−1) − 1 = −0.632 → floor → −648
    expect(e).toBe(-648);
    expect(run1({ kind: 'activation', fn: 'elu', alpha: 1 }, 3, [[2, -1, -20]], { result: F16, table: ft(18, 8) }).out[0]).toEqual([2, -648 / 1024, lookupTable('elu', 1024, ft(18, 8))[1023]! / 1024]);
  });

  it('elu and thresholded_relu take alpha / theta as param_t (the scale type), as hls4ml passes them', () => {
    // param_t fixed<6,1> (5 fraction bits): alpha 0.7 → 22/32 = 0.6875; x = −20 reads the last entry e (−1024/1024
    // in table_t fixed<18,8>), e·0.6875 = −0.6875 exactly (704/1024); alpha in the result type (716/1024) would give −716/1024
    const last = lookupTable('elu', 1024, ft(18, 8))[1023]!;
    expect(last).toBe(-1024);
    expect(run1({ kind: 'activation', fn: 'elu', alpha: 0.7 }, 1, [[-20]], { result: F16, table: ft(18, 8), scale: ft(6, 1) }).out[0]).toEqual([-704 / 1024]);
    expect(run1({ kind: 'activation', fn: 'elu', alpha: 0.7 }, 1, [[-20]], { result: F16, table: ft(18, 8) }).out[0]).toEqual([-716 / 1024]);
    // param_t fixed<5,1> (4 fraction bits): theta 0.3 → 0.25, so x = 0.28 (286/1024 in fixed<16,6>) passes it
    expect(run1({ kind: 'activation', fn: 'thresholded_relu', alpha: 0.3 }, 2, [[0.28, 0.25]], { result: F16, scale: ft(5, 1) }).out[0]).toEqual([286 / 1024, 0]);
    expect(run1({ kind: 'activation', fn: 'thresholded_relu', alpha: 0.3 }, 1, [[0.28]], { result: F16 }).out[0]).toEqual([0]);
  });

  it('relu, leaky_relu, hard_sigmoid, binary/ternary tanh', () => {
    expect(run1({ kind: 'activation', fn: 'relu' }, 3, [[-1, 0, 2.5]], { result: F16 }).out[0]).toEqual([0, 0, 2.5]);
    // α = 0.3 as param_t fixed<16,6> = 307/1024; −1 · α = −307/1024 exactly
    expect(run1({ kind: 'activation', fn: 'leaky_relu', alpha: 0.3 }, 2, [[-1, 1]], { result: F16 }).out[0]).toEqual([-307 / 1024, 1]);
    // −0.5 · 307/1024 = −153.5/1024 → floor → −154/1024
    expect(run1({ kind: 'activation', fn: 'leaky_relu', alpha: 0.3 }, 1, [[-0.5]], { result: F16 }).out[0]).toEqual([-154 / 1024]);
    // slope 0.2 as ufixed<16,0> = 13107/65536; 0.2·1 + 0.5 → floor to 10 bits
    const hs = run1({ kind: 'activation', fn: 'hard_sigmoid', alpha: 0.2, beta: 0.5 }, 3, [[1, -10, 10]], { result: F16 }).out[0]!;
    expect(hs).toEqual([Math.floor((13107 / 65536 + 0.5) * 1024) / 1024, 0, 1]);
    expect(run1({ kind: 'activation', fn: 'binary_tanh' }, 2, [[0, 0.5]], { result: F16 }).out[0]).toEqual([-1, 1]);
    // hls4ml's ternary_tanh: datareg = 2·x held in the input type, then > 1 → 1, > −1 → 0, else −1 (nnet_activation.h);
    // so 1 for x > 0.5, 0 for −0.5 < x ≤ 0.5, −1 for x ≤ −0.5: 0.5 → 0, 0.5009765625 → 1, −0.4990234375 → 0, −0.5 → −1
    expect(run1({ kind: 'activation', fn: 'ternary_tanh' }, 6, [[1, 1.5, -1, 0.5, 0.5009765625, -0.5009765625]], { result: F16 }).out[0]).toEqual([1, 1, -1, 0, 1, -1]);
    expect(run1({ kind: 'activation', fn: 'ternary_tanh' }, 2, [[-0.4990234375, -0.5]], { result: F16 }).out[0]).toEqual([0, -1]);
    // 2·x wraps in the input type fixed<16,6> (range [−32, 32)): 20 → 40 − 64 = −24 → −1; −17 → −34 + 64 = 30 → 1
    const wrapped = run1({ kind: 'activation', fn: 'ternary_tanh' }, 2, [[20, -17]], { result: F16 });
    expect(wrapped.out[0]).toEqual([-1, 1]);
    const tw = wrapped.stats.points.find((q) => q.point === 'twice_x')!;
    expect([tw.total, tw.counts.wrapped]).toEqual([2, 2]);
  });

  it('results wrap in narrow types and the counters say so (ap_fixed<3,1>: 1.0 → −1.0)', () => {
    const { out, stats } = run1({ kind: 'activation', fn: 'relu' }, 3, [[1, 0.75, 0.5]], { result: ft(3, 1) });
    expect(out[0]).toEqual([-1, 0.75, 0.5]);
    const p = stats.points.find((q) => q.point === 'result')!;
    expect([p.total, p.counts.outOfRange, p.counts.wrapped]).toEqual([3, 1, 1]);
  });
});

describe('softmax variants', () => {
  const types: NodeTypes = {
    result: F16,
    accum: F16,
    table: ft(18, 8),
    expTable: ft(18, 8, true, 'AP_RND', 'AP_SAT'),
    invTable: ft(18, 8, true, 'AP_RND', 'AP_SAT'),
    invInp: ft(18, 8, true, 'AP_RND', 'AP_SAT'),
  };
  it('stable: equal inputs give 1/2 each (exp(0) = 1, sum 2 → inverse table entry 8 = 0.5)', () => {
    expect(run1({ kind: 'softmax', axis: -1 }, 2, [[3, 3]], types, { softmaxImpl: 'stable' }).out[0]).toEqual([0.5, 0.5]);
  });
  it('stable: x_max − x_i ≥ 32 wraps in ufixed<15,5> and is counted at "norm"', () => {
    const { stats } = run1({ kind: 'softmax', axis: -1 }, 2, [[31, -31]], types, { softmaxImpl: 'stable' });
    expect(stats.points.find((p) => p.point === 'norm')!.counts.wrapped).toBe(1);
  });
  it('stable: a clear winner takes (almost) everything, as hls4ml computes it', () => {
    // d = [0, 8]: exp table entries at indices 0 and 8·32 = 256: 1 and exp(−8) → RND into 10 bits = 0 → sum 1
    expect(run1({ kind: 'softmax', axis: -1 }, 2, [[8, 0]], types, { softmaxImpl: 'stable' }).out[0]).toEqual([1, 0]);
  });
  it('stable, unsigned input: x_max − x_i is held in ufixed<W, I> (no sign bit to drop) and the exp table is not cut', () => {
    // hls4ml's softmax config template: width, iwidth = W − signed, I − signed, inp_norm_t = ap_ufixed<width, iwidth>,
    // exp_table_size cut to 2^width only for signed inputs (HLS4ML_COMPAT "Softmax": d_i in ufixed<W−1, I−1> of a
    // signed input type). ufixed<8,3>, table 256 (2^8 after fix_softmax_table_size): d = [0, 5] exactly;
    // exp(−5) = 0.0067379 → RND to 10 bits = 7/1024; sum 1031/1024 → top 8 bits → index 1 → 1/1; result [1, 7/1024]
    const r = run1({ kind: 'softmax', axis: -1 }, 2, [[5, 0]], types, { softmaxImpl: 'stable', tableSize: 256 }, ft(8, 3, false));
    expect(r.out[0]).toEqual([1, 7 / 1024]);
    expect(r.stats.points.find((p) => p.point === 'norm')!.counts.wrapped).toBe(0);
  });
  it('latency: equal inputs give 1/2 each', () => {
    expect(run1({ kind: 'softmax', axis: -1 }, 2, [[0, 0]], types, { softmaxImpl: 'latency' }).out[0]).toEqual([0.5, 0.5]);
  });
  it('legacy: Σ exp(x_j − x_i) then the [0, 64) inverse table', () => {
    expect(run1({ kind: 'softmax', axis: -1 }, 2, [[1, 1]], types, { softmaxImpl: 'legacy' }).out[0]).toEqual([0.5, 0.5]);
  });
  it('argmax: one-hot at the first maximum', () => {
    expect(run1({ kind: 'softmax', axis: -1 }, 3, [[1, 3, 3]], types, { softmaxImpl: 'argmax' }).out[0]).toEqual([0, 1, 0]);
  });
});

describe('precision rules', () => {
  it('network input: float → input type with its rounding (floor by default), wrap counted', () => {
    const { out } = run1({ kind: 'activation', fn: 'linear' }, 3, [[0.00097, -0.00001, 33]], { result: F16 });
    expect(out[0]).toEqual([0, -1 / 1024, 33 - 64]);
  });
  it('dense: bias first, products to accum_t in input order, result converted', () => {
    const op: Op = { kind: 'dense', weight: { shape: [2, 1], data: Float64Array.of(0.5, 0.25) }, bias: { shape: [1], data: Float64Array.of(1) } };
    const t = ft(8, 4);
    // 1 + 0.75·0.5 + 0.75·0.25 = 1.5625 → result fixed<8,4> (F=4) floor → 1.5625
    expect(run1(op, 2, [[0.75, 0.75]], { result: t, accum: ft(12, 4), weight: t, bias: t }, {}, t, [1]).out[0]).toEqual([1.5625]);
    // accum with 1 fraction bit: each product floors separately: 0.375 → 0, 0.1875 → 0; 1 + 0 + 0 = 1
    expect(run1(op, 2, [[0.75, 0.75]], { result: t, accum: ft(6, 5), weight: t, bias: t }, {}, t, [1]).out[0]).toEqual([1]);
  });
  it('average pooling truncates toward zero; max pooling keeps the value', () => {
    const t = ft(8, 4);
    const avg: Op = { kind: 'pool', mode: 'avg', rank: 1, size: [3], strides: [3], pads: [0, 0], countIncludePad: false };
    // (−1/16 −1/16 + 0)/3 = −0.0416 → raw −2/3 truncated toward zero = 0
    expect(run1(avg, 3, [[-1 / 16, -1 / 16, 0]], { result: t, accum: t }, {}, t, [1, 1], [3, 1]).out[0]).toEqual([0]);
    const mx: Op = { kind: 'pool', mode: 'max', rank: 1, size: [3], strides: [3], pads: [0, 0], countIncludePad: false };
    expect(run1(mx, 3, [[-1, 2, 0.5]], { result: t }, {}, t, [1, 1], [3, 1]).out[0]).toEqual([2]);
  });
  it('batchnorm: one rounding of x·scale + bias', () => {
    const t = ft(8, 4);
    const bn: Op = { kind: 'batchnorm', scale: { shape: [1], data: Float64Array.of(0.5) }, bias: { shape: [1], data: Float64Array.of(0.0625) } };
    // 0.0625·0.5 + 0.0625 = 0.09375 → floor to 4 fraction bits = 0.0625
    expect(run1(bn, 1, [[0.0625]], { result: t, scale: t, bias: t }, {}, t).out[0]).toEqual([0.0625]);
  });
  it('merges compute exactly, then convert', () => {
    const t = ft(8, 4);
    const g: Graph = {
      name: 'm',
      nodes: [
        node('a', { kind: 'input' }, [], [1], { result: t }),
        node('b', { kind: 'input' }, [], [1], { result: t }),
        node('s', { kind: 'merge', mode: 'avg' }, ['a', 'b'], [1], { result: t }),
      ],
      inputs: ['a', 'b'],
      outputs: ['s'],
      sourceFile: 'm',
    };
    // (1/16 + 0)·0.5 = 1/32 → floor to 4 bits = 0
    expect(Array.from(runFixed(g, [Float64Array.of(1 / 16), Float64Array.of(0)], 1).outputs[0]!)).toEqual([0]);
  });
});
