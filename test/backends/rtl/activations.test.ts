// Activations beyond relu and the argmax softmax: the netlist equals the emulator (runFixed) bit for bit.
import { describe, expect, it } from 'vitest';
import { fixedType } from '../../../src/fixed/index.js';
import type { Graph, Node } from '../../../src/ir/graph.js';
import type { FixedType } from '../../../src/ir/fixed-type.js';
import type { ActivationFn } from '../../../src/ir/ops.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVerilog, convertVerilog } from '../../../src/backends/rtl/project.js';
import { buildSimulator, hasVerilator, lintProject, runSimulator } from '../../../src/backends/rtl/verilator.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { denseNode, node, rng } from './fixtures.js';
import { emulatorVectors } from './real-models.js';

function net(fn: ActivationFn, alpha: number | undefined, softmax: 'argmax' | 'stable' | 'legacy' | null, param?: FixedType): Graph {
  const r = rng(21);
  const nodes: Node[] = [
    node('x', { kind: 'input' }, [], [6], { result: fixedType(12, 4) }),
    denseNode('fc1', 'x', 6, 5, fixedType(8, 2), { result: fixedType(14, 6), accum: fixedType(18, 8) }, r),
    node('act', { kind: 'activation', fn, ...(alpha !== undefined ? { alpha } : {}) }, ['fc1'], [5], { result: fixedType(12, 5), ...(param ? { scale: param } : {}) }),
  ];
  if (softmax !== null) {
    const sm = node('sm', { kind: 'softmax', axis: -1 }, ['act'], [5], { result: fixedType(16, 6) });
    nodes.push({ ...sm, config: { ...sm.config!, softmaxImpl: softmax } });
  }
  return { name: 'acts', nodes, inputs: ['x'], outputs: [nodes[nodes.length - 1]!.name], sourceFile: 'test' };
}

/** The same net with a PReLU in place of the activation. */
function prelu(): Graph {
  const g = net('linear', undefined, null);
  const act = g.nodes[2]!;
  const alpha = { shape: [5], data: Float64Array.from([0.25, -0.3, 0.1, 1.7, 0.013]) };
  return { ...g, nodes: [g.nodes[0]!, g.nodes[1]!, { ...act, op: { kind: 'prelu', alpha } }] };
}

describe('activations and argmax in the netlist', () => {
  const cases: [string, Graph][] = [
    ['leaky_relu 0.3 + argmax', net('leaky_relu', 0.3, 'argmax')],
    ['thresholded_relu 0.75', net('thresholded_relu', 0.75, null)],
    ['hard_tanh + stable softmax', net('hard_tanh', undefined, 'stable')],
    ['sigmoid', net('sigmoid', undefined, null)],
    ['tanh', net('tanh', undefined, null)],
    ['leaky_relu 0.3 (slope quantized to param_t)', net('leaky_relu', 0.3, null)],
    ['binary_tanh', net('binary_tanh', undefined, null)],
    ['ternary_tanh', net('ternary_tanh', undefined, null)],
    ['elu 0.7', net('elu', 0.7, null)],
    ['elu 0.7 (alpha quantized to param_t fixed<6,1>)', net('elu', 0.7, null, fixedType(6, 1))],
    ['thresholded_relu 0.3 (theta quantized to param_t fixed<5,1>)', net('thresholded_relu', 0.3, null, fixedType(5, 1))],
    ['relu + legacy softmax', net('relu', undefined, 'legacy')],
    ['linear + legacy softmax', net('linear', undefined, 'legacy')],
    ['elu (alpha 1)', net('elu', undefined, null)],
    ['selu', net('selu', undefined, null)],
    ['prelu (a slope per element, quantized to param_t)', prelu()],
  ];
  for (const [name, g] of cases) {
    it(`${name}: netlist interpreter equals the emulator`, () => {
      const { inputs, outputs } = emulatorVectors(g, 300, 3);
      // the samples reach several different outputs (a constant output would prove nothing; argmax has five)
      expect(new Set(outputs.map((o) => o.join(','))).size).toBeGreaterThan(3);
      const d = buildVerilog(g);
      expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
    });
  }
});

/** One chain through every activation fixed here, for Verilator. */
function chain(): Graph {
  const g = net('elu', 0.7, null);
  const t = fixedType(12, 5);
  const act = (name: string, input: string, fn: ActivationFn, alpha?: number): Node => node(name, { kind: 'activation', fn, ...(alpha !== undefined ? { alpha } : {}) }, [input], [5], { result: t });
  const pr = node('pr', { kind: 'prelu', alpha: { shape: [5], data: Float64Array.from([0.25, -0.3, 0.1, 1.7, 0.013]) } }, ['selu'], [5], { result: t });
  const sm = node('sm', { kind: 'softmax', axis: -1 }, ['lr'], [5], { result: fixedType(16, 6) });
  const legacy = { ...sm, config: { ...sm.config!, softmaxImpl: 'legacy' as const } };
  const nodes = [...g.nodes, act('selu', 'act', 'selu'), pr, act('tt', 'pr', 'ternary_tanh'), act('lr', 'tt', 'leaky_relu', 0.3), legacy];
  return { ...g, nodes, outputs: ['sm'] };
}

describe('activations in Verilator', () => {
  it.skipIf(!hasVerilator())('elu → selu → prelu → ternary tanh → leaky relu → legacy softmax: lint clean and bit-exact with the emulator', async () => {
    const g = chain();
    const { inputs, outputs } = emulatorVectors(g, 300, 3);
    expect(new Set(outputs.map((o) => o.join(','))).size).toBeGreaterThan(20);
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-acts-'));
    await convertVerilog(g, dir, { levelsPerStage: 2 });
    expect(lintProject(dir)).toBe('');
    expect(runSimulator(dir, buildSimulator(dir), inputs)).toEqual(outputs);
  }, 600_000);
});

