// runFloat on hand-built IR graphs with hand-computed results (ops and activation functions of ir/ops.ts).
import { describe, expect, it } from 'vitest';
import { runFloat } from '../../src/emulator/float.js';
import type { Graph, Node } from '../../src/ir/graph.js';
import type { ActivationFn, Op } from '../../src/ir/ops.js';
import { inferShape } from '../../src/ir/shapes.js';

const src = { file: 't', node: 't', opType: 't' };

/** A chain graph: input of `shape`, then each op applied to the previous node (or to `inputs`). */
function graph(shape: number[], ops: { op: Op; inputs?: string[] }[], extraInputs: Record<string, number[]> = {}): Graph {
  const nodes: Node[] = [{ name: 'x', op: { kind: 'input' }, inputs: [], shape, source: src, layerClass: 'InputLayer' }];
  for (const [name, s] of Object.entries(extraInputs)) nodes.push({ name, op: { kind: 'input' }, inputs: [], shape: s, source: src, layerClass: 'InputLayer' });
  const shapes = new Map(nodes.map((n) => [n.name, n.shape]));
  ops.forEach((o, i) => {
    const inputs = o.inputs ?? [nodes[nodes.length - 1]!.name];
    const s = inferShape(o.op, inputs.map((x) => shapes.get(x)!));
    const name = `n${i}`;
    nodes.push({ name, op: o.op, inputs, shape: s, source: src, layerClass: 'L' });
    shapes.set(name, s);
  });
  return { name: 'g', nodes, inputs: ['x', ...Object.keys(extraInputs)], outputs: [nodes[nodes.length - 1]!.name], sourceFile: 't' };
}
const T = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
const run1 = (g: Graph, x: number[], batch = 1, more: number[][] = []) => Array.from(runFloat(g, [Float64Array.from(x), ...more.map((m) => Float64Array.from(m))], batch).outputs[0]!);

describe('runFloat', () => {
  it('dense over a batch of two', () => {
    const g = graph([2], [{ op: { kind: 'dense', weight: T([2, 3], [1, 2, 3, 4, 5, 6]), bias: T([3], [0.5, 0, -1]) } }]);
    expect(run1(g, [1, 1, 2, -1], 2)).toEqual([5.5, 7, 8, -1.5, -1, -1]);
  });
  it('conv1d with padding, stride and two groups', () => {
    // input [W=4, C=2]; weight [k=2, cin/g=1, cout=2]: out channel 0 reads channel 0, channel 1 reads channel 1
    const op: Op = { kind: 'conv', rank: 1, weight: T([2, 1, 2], [1, 10, 2, 20]), bias: null, strides: [2], dilations: [1], pads: [1, 0], groups: 2 };
    const g = graph([4, 2], [{ op }]);
    // positions: out0 window [-1,0]: ch0 = 2·x0c0, ch1 = 20·x0c1; out1 window [1,2]: ch0 = x1c0 + 2·x2c0, ch1 = 10·x1c1 + 20·x2c1
    expect(run1(g, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([2, 40, 3 + 10, 40 + 120]);
  });
  it('average pooling with and without counting the padding; max pooling ignores padding', () => {
    const base = { kind: 'pool' as const, rank: 1 as const, size: [2], strides: [2], pads: [1, 1] };
    const x = [-2, 4, 6];
    expect(run1(graph([3, 1], [{ op: { ...base, mode: 'avg', countIncludePad: false } }]), x)).toEqual([-2, 5]);
    expect(run1(graph([3, 1], [{ op: { ...base, mode: 'avg', countIncludePad: true } }]), x)).toEqual([-1, 5]);
    expect(run1(graph([3, 1], [{ op: { ...base, mode: 'max', countIncludePad: false } }]), x)).toEqual([-2, 6]);
  });
  it('transpose, concat, pad, slice, upsample, global pooling', () => {
    expect(run1(graph([2, 3], [{ op: { kind: 'transpose', perm: [1, 0] } }]), [1, 2, 3, 4, 5, 6])).toEqual([1, 4, 2, 5, 3, 6]);
    const cat = graph([2, 1], [{ op: { kind: 'concat', axis: 1 }, inputs: ['x', 'z'] }], { z: [2, 2] });
    expect(run1(cat, [1, 2], 1, [[3, 4, 5, 6]])).toEqual([1, 3, 4, 2, 5, 6]);
    expect(run1(graph([2], [{ op: { kind: 'pad', pads: [1, 2] } }]), [7, 8])).toEqual([0, 7, 8, 0, 0]);
    expect(run1(graph([2, 3], [{ op: { kind: 'slice', starts: [1, 1], ends: [2, 3] } }]), [1, 2, 3, 4, 5, 6])).toEqual([5, 6]);
    expect(run1(graph([2, 1], [{ op: { kind: 'upsample', rank: 1, scales: [2] } }]), [1, 2])).toEqual([1, 1, 2, 2]);
    expect(run1(graph([2, 2, 1], [{ op: { kind: 'global_pool', mode: 'avg', rank: 2 } }]), [1, 2, 3, 6])).toEqual([3]);
  });
  it('softmax along a middle axis, merges, constant ops, prelu, clip, quantize', () => {
    const sm = run1(graph([2, 2], [{ op: { kind: 'softmax', axis: 0 } }]), [0, 1, 0, 1]);
    expect(sm).toEqual([0.5, 0.5, 0.5, 0.5]);
    const m = graph([2], [{ op: { kind: 'merge', mode: 'avg' }, inputs: ['x', 'z'] }], { z: [2] });
    expect(run1(m, [1, 2], 1, [[3, 6]])).toEqual([2, 4]);
    expect(run1(graph([2], [{ op: { kind: 'constant_op', mode: 'sub', constant: T([], [1]), constantFirst: true } }]), [3, 5])).toEqual([-2, -4]);
    expect(run1(graph([2], [{ op: { kind: 'prelu', alpha: T([2], [0.5, 2]) } }]), [-2, -2, 3, -1], 2)).toEqual([-1, -4, 3, -2]);
    expect(run1(graph([3], [{ op: { kind: 'clip', min: 0, max: 6 } }]), [-1, 3, 9])).toEqual([0, 3, 6]);
    const q: Op = { kind: 'quantize', type: null, scale: T([], [0.5]), zeroPoint: T([], [0]), bits: 3, signed: true, narrow: false, rounding: 'HALF_EVEN' };
    expect(run1(graph([4], [{ op: q }]), [0.25, 0.75, 5, -5])).toEqual([0, 1, 1.5, -2]);
  });
  it.each([
    ['linear', 2, 2], ['relu', -1, 0], ['thresholded_relu', 0.5, 0], ['hard_tanh', 3, 1], ['binary_tanh', 0, -1],
    ['ternary_tanh', 0.5, 1], ['softsign', 1, 0.5], ['sigmoid', 0, 0.5], ['hard_sigmoid', 1, 0.7], ['elu', -1, Math.expm1(-1)],
  ] as const)('activation %s(%d) = %d', (fn, x, y) => {
    expect(run1(graph([1], [{ op: { kind: 'activation', fn: fn as ActivationFn } }]), [x])[0]).toBeCloseTo(y, 12);
  });
  it("keep: 'outputs' drops intermediate values", () => {
    const g = graph([1], [{ op: { kind: 'activation', fn: 'relu' } }, { op: { kind: 'activation', fn: 'tanh' } }]);
    expect([...runFloat(g, [Float64Array.of(1)], 1).values.keys()]).toEqual(['x', 'n0', 'n1']);
    expect([...runFloat(g, [Float64Array.of(1)], 1, { keep: 'outputs' }).values.keys()]).toEqual(['x', 'n1']);
  });
});
