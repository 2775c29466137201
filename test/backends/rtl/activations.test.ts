// Activations beyond relu and the argmax softmax: the netlist equals the emulator (runFixed) bit for bit.
import { describe, expect, it } from 'vitest';
import { fixedType } from '../../../src/fixed/index.js';
import type { Graph, Node } from '../../../src/ir/graph.js';
import type { ActivationFn } from '../../../src/ir/ops.js';
import { buildVerilog } from '../../../src/backends/rtl/project.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { denseNode, node, rng } from './fixtures.js';
import { emulatorVectors } from './real-models.js';

function net(fn: ActivationFn, alpha: number | undefined, softmax: 'argmax' | 'stable' | null): Graph {
  const r = rng(21);
  const nodes: Node[] = [
    node('x', { kind: 'input' }, [], [6], { result: fixedType(12, 4) }),
    denseNode('fc1', 'x', 6, 5, fixedType(8, 2), { result: fixedType(14, 6), accum: fixedType(18, 8) }, r),
    node('act', { kind: 'activation', fn, ...(alpha !== undefined ? { alpha } : {}) }, ['fc1'], [5], { result: fixedType(12, 5) }),
  ];
  if (softmax !== null) {
    const sm = node('sm', { kind: 'softmax', axis: -1 }, ['act'], [5], { result: fixedType(16, 6) });
    nodes.push({ ...sm, config: { ...sm.config!, softmaxImpl: softmax } });
  }
  return { name: 'acts', nodes, inputs: ['x'], outputs: [nodes[nodes.length - 1]!.name], sourceFile: 'test' };
}

describe('activations and argmax in the netlist', () => {
  const cases: [string, Graph][] = [
    ['leaky_relu 0.3 + argmax', net('leaky_relu', 0.3, 'argmax')],
    ['thresholded_relu 0.75', net('thresholded_relu', 0.75, null)],
    ['hard_tanh + stable softmax', net('hard_tanh', undefined, 'stable')],
    ['sigmoid', net('sigmoid', undefined, null)],
    ['tanh', net('tanh', undefined, null)],
  ];
  for (const [name, g] of cases) {
    it(`${name}: netlist interpreter equals the emulator`, () => {
      const { inputs, outputs } = emulatorVectors(g, 300, 3);
      const d = buildVerilog(g);
      expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
    });
  }
});
