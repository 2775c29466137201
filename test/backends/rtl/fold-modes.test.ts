// The folded engine (reuse factor > 1) with every weight kind (fixed, power-of-two, binary, ternary) and rounding /
// saturating accumulators: netlist interpreter and Verilator against the emulator, which is the definition.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedType, type FixedType } from '../../../src/fixed/index.js';
import type { Graph, Node, WeightType } from '../../../src/ir/graph.js';
import { buildVerilog, convertVerilog } from '../../../src/backends/rtl/project.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { buildSimulator, hasVerilator, lintProject, runSimulator } from '../../../src/backends/rtl/verilator.js';
import { expectUserError } from '../../helpers/errors.js';
import { node, rng } from './fixtures.js';
import { emulatorVectors } from './real-models.js';

type Kind = 'fixed' | 'po2' | 'binary' | 'ternary';

/** Random weights of one kind: fixed on a <6,2> grid, ±2^e with e in [−7, 0] (the first −7), ±1 (binary), −1/0/+1 (ternary). */
function weights(kind: Kind, n: number, r: () => number): { data: Float64Array; type: WeightType } {
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = r() < 0.5 ? -1 : 1;
    if (kind === 'fixed') data[k] = Math.round((r() * 2 - 1) * 32) / 16;
    else if (kind === 'po2') data[k] = s * 2 ** (k === 0 ? -7 : Math.floor(r() * 8) - 7);
    else if (kind === 'binary') data[k] = s;
    else data[k] = r() < 0.3 ? 0 : s;
  }
  const type: WeightType = kind === 'po2' ? { kind: 'exponent', width: 4 } : kind === 'binary' ? { kind: 'xnor' } : kind === 'ternary' ? fixedType(2, 2) : fixedType(6, 2);
  return { data, type };
}

function dense(name: string, input: string, nIn: number, nOut: number, kind: Kind, accum: FixedType, result: FixedType, reuse: number, r: () => number): Node {
  const w = weights(kind, nIn * nOut, r);
  const bias = Float64Array.from({ length: nOut }, () => Math.round((r() * 2 - 1) * 64) / 32);
  const n = node(name, { kind: 'dense', weight: { shape: [nIn, nOut], data: w.data }, bias: { shape: [nOut], data: bias } }, [input], [nOut], {
    result,
    accum,
    weight: w.type,
    bias: fixedType(8, 3),
  });
  return { ...n, config: { ...n.config!, reuseFactor: reuse } };
}

/**
 * input(9) → six folded dense layers, every weight kind, with accumulators that round and saturate in different
 * modes (one unsigned); R = 3, 2, 4, 3, 2, 2 (9 = 3·3 inputs, 8 inputs in chunks of 4, 6 = 4 + 2 with a padded chunk).
 */
function foldNet(seed: number): Graph {
  const r = rng(seed);
  const nodes: Node[] = [
    node('x', { kind: 'input' }, [], [9], { result: fixedType(10, 4) }),
    dense('fc_po2', 'x', 9, 8, 'po2', fixedType(11, 5, true, 'AP_RND', 'AP_SAT'), fixedType(10, 5), 3, r),
    dense('fc_bin', 'fc_po2', 8, 6, 'binary', fixedType(9, 6, true, 'AP_RND_CONV', 'AP_SAT_SYM'), fixedType(9, 6), 2, r),
    dense('fc_ter', 'fc_bin', 6, 5, 'ternary', fixedType(8, 6, false, 'AP_TRN_ZERO', 'AP_SAT'), fixedType(8, 6, false), 4, r),
    dense('fc_fix', 'fc_ter', 5, 4, 'fixed', fixedType(10, 5, true, 'AP_RND_ZERO', 'AP_SAT_ZERO'), fixedType(12, 6), 3, r),
    // products on a coarser grid than accum_t (zero bits appended), then x with one integer bit, so that x·2^e of the
    // smallest exponent is finer than r_T and floors there
    dense('fc_wide', 'fc_fix', 4, 4, 'ternary', fixedType(20, 10, true, 'AP_RND', 'AP_SAT'), fixedType(8, 1, true, 'AP_TRN', 'AP_SAT'), 2, r),
    dense('fc_po2b', 'fc_wide', 4, 3, 'po2', fixedType(14, 6), fixedType(14, 6), 2, r),
  ];
  return { name: 'fold', nodes, inputs: ['x'], outputs: ['fc_po2b'], sourceFile: 'test' };
}

/** The same chain at reuse factor 1 with default TRN/WRAP accumulators replaced by `accum` everywhere. */
function withAccum(g: Graph, accum: FixedType): Graph {
  return { ...g, nodes: g.nodes.map((n) => (n.op.kind === 'dense' ? { ...n, types: { ...n.types!, accum } } : n)) };
}

describe('folded engine: weight kinds × accumulator modes', () => {
  const g = foldNet(21);
  const { inputs, outputs } = emulatorVectors(g, 400, 4, 9);

  it('the emulated outputs are not trivial (saturation and sign changes occur)', () => {
    const distinct = new Set(outputs.map((o) => o.join(',')));
    expect(distinct.size).toBeGreaterThan(50);
  });

  it('netlist interpreter equals the emulator (every layer folded)', () => {
    const d = buildVerilog(g);
    expect(d.netlist.values.filter((v) => v.op.kind === 'fold').length).toBe(6);
    expect(d.manifest.interval).toBe(4);
    expect(d.manifest.layers.filter((l) => l.op === 'dense').map((l) => l.reuse)).toEqual([3, 2, 4, 3, 2, 2]);
    // every conversion shape occurs: bits dropped and appended before accum_t, and a po2 product floored in r_T
    const core = [...d.files.entries()].find(([f]) => f.endsWith('_core.v'))![1];
    expect(core).toMatch(/\.LSHIFT\([1-9]/);
    expect(core).toMatch(/\.TSHIFT\([1-9]/);
    expect(core).toMatch(/\.OVF\(3\)/);
    expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
  });

  for (const accum of [fixedType(12, 5, true, 'AP_RND_INF', 'AP_WRAP'), fixedType(12, 5, true, 'AP_RND_MIN_INF', 'AP_SAT'), fixedType(14, 6, false, 'AP_TRN', 'AP_SAT')]) {
    it(`netlist interpreter equals the emulator with every accumulator ${accum.rounding}/${accum.overflow}${accum.signed ? '' : ' unsigned'}`, () => {
      const h = withAccum(g, accum);
      const v = emulatorVectors(h, 300, 4, 13);
      expect(v.inputs.map((s) => evalNetlist(buildVerilog(h).netlist, [s])[0])).toEqual(v.outputs);
    });
  }

  it('the accumulator overflow mode WRAP_SM is a coded error, not wrong output', async () => {
    const h = withAccum(g, { ...fixedType(12, 5), overflow: 'AP_WRAP_SM' });
    expect((await expectUserError(() => buildVerilog(h))).code).toBe('E702');
  });

  it.skipIf(!hasVerilator())('Verilator: lint clean (both tops) and bit-exact with the emulator behind the AXI-Stream top', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-fold-'));
    const m = await convertVerilog(g, dir, { levelsPerStage: 2 });
    expect(m.interval).toBe(4);
    expect(lintProject(dir)).toBe('');
    expect(lintProject(dir, true)).toBe('');
    // the AXI-Stream top (random backpressure stalls the engines mid-sample) only: one build fewer in `npm test`; the
    // plain top runs folded engines in small-net.test.ts and for every real model in the opt-in matrix
    expect(runSimulator(dir, buildSimulator(dir, true), inputs)).toEqual(outputs);
  }, 600_000);
});

describe('folded engine: a wide layer', () => {
  it('long weight, bias and input lists are split over lines (Verilator stops at 40,000 tokens per line)', () => {
    // the 784×20 layer of qkeras_mnist_dense at R = 2 hit that limit; the opt-in matrix lints and simulates it
    const r = rng(5);
    const nodes: Node[] = [node('x', { kind: 'input' }, [], [300], { result: fixedType(8, 3) }), dense('fc', 'x', 300, 40, 'fixed', fixedType(16, 6), fixedType(16, 6), 2, r)];
    const g: Graph = { name: 'wide', nodes, inputs: ['x'], outputs: ['fc'], sourceFile: 'test' };
    const core = [...buildVerilog(g).files.entries()].find(([f]) => f.endsWith('_core.v'))![1];
    expect(core.length).toBeGreaterThan(100_000);
    expect(Math.max(...core.split('\n').map((l) => l.length))).toBeLessThan(4000);
  });
});
