// Passes that remove nodes must not change the emulated bits: the same network with and without the removed nodes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantizeGraph } from '../../src/api/configure.js';
import { runFixed } from '../../src/emulator/index.js';
import type { Graph } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { Chain, tensor } from './fixtures.js';

function net(seed: number, extra: boolean): Graph {
  const c = new Chain().add('x', { kind: 'input' }, [6], 'InputLayer').add('fc1', { kind: 'dense', weight: tensor([6, 5], seed), bias: tensor([5], seed + 1) }, [5], 'Dense');
  if (extra) {
    c.add('fc1_linear', { kind: 'activation', fn: 'linear' }, [5], 'Activation');
    c.add('drop', { kind: 'identity', reason: 'dropout' } as Op, [5], 'Dropout');
  }
  c.add('relu', { kind: 'activation', fn: 'relu' }, [5], 'Activation').add('fc2', { kind: 'dense', weight: tensor([5, 3], seed + 2), bias: tensor([3], seed + 3) }, [3], 'Dense');
  if (extra) c.add('fc2_linear', { kind: 'activation', fn: 'linear' }, [3], 'Activation');
  return c.add('sm', { kind: 'softmax', axis: -1 }, [3], 'Softmax').graph();
}

describe('node-removing passes preserve the emulated bits', () => {
  it('canonicalize (dropout) and removeLinear (equal types) on random weights and inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: 60, maxLength: 60 }), (seed, xs) => {
        const cfg = { Model: { Precision: 'fixed<12,4>' } };
        const a = quantizeGraph(net(seed, true), cfg).graph;
        const b = quantizeGraph(net(seed, false), cfg).graph;
        expect(a.nodes.map((n) => n.name)).toEqual(b.nodes.map((n) => n.name));
        const x = Float64Array.from(xs);
        expect(runFixed(a, [x], 10).outputs).toEqual(runFixed(b, [x], 10).outputs);
      }),
      { numRuns: 40 },
    );
  });
});
