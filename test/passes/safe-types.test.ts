// Overflow-safe types: widened from interval analysis, and the emulator then sees no overflow on extreme inputs.
import { describe, expect, it } from 'vitest';
import { quantizeGraph } from '../../src/api/configure.js';
import { overflowedNodes, runFixed } from '../../src/emulator/index.js';
import { integerBitsFor } from '../../src/passes/intervals.js';
import { formatFixedType } from '../../src/fixed/index.js';
import type { Graph } from '../../src/ir/graph.js';
import { keras3layer, kerasConv1dSmall } from './fixtures.js';

/** Inputs spread over the whole input type range [-32, 32), including both ends. */
function extremeInputs(n: number, size: number): Float64Array {
  const x = new Float64Array(n * size);
  let s = 7;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const r = s / 2 ** 32;
    x[i] = i % 7 === 0 ? -32 : i % 11 === 0 ? 32 - 2 ** -10 : r * 64 - 32;
  }
  return x;
}

function overflowsOf(g: Graph, safe: boolean) {
  const q = quantizeGraph(g, { Model: { Precision: 'fixed<16,6>' } }, { safeTypes: safe });
  const size = g.nodes[0]!.shape.reduce((a, b) => a * b, 1);
  const run = runFixed(q.graph, [extremeInputs(200, size)], 200);
  return { q, overflowed: overflowedNodes(run.stats) };
}

describe('safeTypes', () => {
  it('integer bits for a range: signed and unsigned, with the top value one LSB below the power of two', () => {
    expect(integerBitsFor(-32, 32 - 2 ** -10, 10, true)).toBe(6);
    expect(integerBitsFor(-32, 32, 10, true)).toBe(7);
    expect(integerBitsFor(0, 1, 4, false)).toBe(1);
    expect(integerBitsFor(0, 0.9375, 4, false)).toBe(0);
  });
  it('the dense network overflows with fixed<16,6> and not at all with safe types; every change is reported', () => {
    const plain = overflowsOf(keras3layer(), false);
    expect(plain.overflowed.length).toBeGreaterThan(0);
    const safe = overflowsOf(keras3layer(), true);
    expect(safe.overflowed).toEqual([]);
    const fc1 = safe.q.decisions.filter((d) => d.node === 'fc1_relu' && d.pass === 'safeTypes');
    expect(fc1.map((d) => d.variable).sort()).toEqual(['accum', 'result']);
    // fraction bits are kept: only integer bits grow
    for (const d of safe.q.decisions) expect(d.type.width - d.type.integer).toBe(10);
    expect(formatFixedType(safe.q.graph.nodes[1]!.types!.result)).toMatch(/^fixed<\d+,\d+,TRN,WRAP,0>$/);
  });
  it('also holds for convolutions with zero padding and a flatten', () => {
    expect(overflowsOf(kerasConv1dSmall(), true).overflowed).toEqual([]);
  });
});
