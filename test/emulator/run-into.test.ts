// runFixed({ into }): the outputs are written into the caller's arrays (the same values as a plain run), and arrays
// of the wrong number or length are refused before anything runs.
import { describe, expect, it } from 'vitest';
import type { FixedType } from '../../src/ir/fixed-type.js';
import type { Graph, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { runFixed } from '../../src/emulator/index.js';

const fx = (width: number, integer: number): FixedType => ({ width, integer, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });
const node = (name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes): Node => ({
  name, op, inputs, shape, source: { file: 'i', node: name, opType: op.kind }, layerClass: op.kind, types,
  config: { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false },
});

// x(3) → dense(2) → relu; the dense is also an output
const t = fx(12, 4);
const graph: Graph = {
  name: 'into',
  nodes: [
    node('x', { kind: 'input' }, [], [3], { result: t }),
    node('d', { kind: 'dense', weight: { shape: [3, 2], data: Float64Array.of(0.5, -1, 0.25, 2, -0.75, 1) }, bias: { shape: [2], data: Float64Array.of(0.125, -0.5) } }, ['x'], [2], { result: t, accum: t, weight: t, bias: t }),
    node('r', { kind: 'activation', fn: 'relu' }, ['d'], [2], { result: t }),
  ],
  inputs: ['x'],
  outputs: ['r', 'd'],
  sourceFile: 'i',
};

describe('runFixed into', () => {
  it('writes the outputs into the given arrays, with the values of a plain run', () => {
    const x = Float64Array.of(1, 2, 3, -1, 0.5, 0.25);
    const plain = runFixed(graph, [x], 2);
    const into = [new Float64Array(4), new Float64Array(4)];
    const res = runFixed(graph, [x], 2, { into });
    expect(res.outputs[0]).toBe(into[0]);
    expect(res.outputs[1]).toBe(into[1]);
    expect(Array.from(into[0]!)).toEqual(Array.from(plain.outputs[0]!));
    expect(Array.from(into[1]!)).toEqual(Array.from(plain.outputs[1]!));
    // hand-computed first row: d = 0.125 + 1·0.5 + 2·0.25 + 3·(−0.75) = −1.125, −0.5 − 1 + 4 + 3 = 5.5; relu
    expect(Array.from(into[1]!.subarray(0, 2))).toEqual([-1.125, 5.5]);
    expect(Array.from(into[0]!.subarray(0, 2))).toEqual([0, 5.5]);
  });

  it('refuses arrays of the wrong number or length', () => {
    const x = new Float64Array(6);
    expect(() => runFixed(graph, [x], 2, { into: [new Float64Array(4)] })).toThrow(/2 arrays of 4, 4 values/);
    expect(() => runFixed(graph, [x], 2, { into: [new Float64Array(4), new Float64Array(3)] })).toThrow(/into/);
  });
});
