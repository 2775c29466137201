// A hand-typed dense net through the Verilog backend: netlist interpreter and Verilator against hls4ml's arithmetic.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVerilog, convertVerilog } from '../../../src/backends/rtl/project.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { buildSimulator, hasVerilator, lintProject, runSimulator } from '../../../src/backends/rtl/verilator.js';
import { randomSamples, refChain, rng, smallNet } from './fixtures.js';

describe('small dense net', () => {
  const g = smallNet(7);
  const samples = randomSamples(g.nodes[0]!.types!.result, 8, 300, rng(3));
  const expected = samples.map((s) => refChain(g, s));

  it('reports per-product for the narrow accumulator and exact for the wide one', () => {
    const d = buildVerilog(g);
    const modes = Object.fromEntries(d.manifest.layers.filter((l) => l.mode).map((l) => [l.node, l.mode]));
    expect(modes).toEqual({ fc1: 'per-product', fc2: 'exact' });
  });

  for (const share of [true, false]) {
    it(`netlist interpreter equals the reference (share=${share})`, () => {
      const d = buildVerilog(g, { share });
      expect(samples.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(expected);
    });
  }

  it('DSP budget: costly constant products go to multipliers, within the budget, still bit-exact', async () => {
    const d = buildVerilog(g, { dspBudget: 5, dspLutCost: 10 });
    const fc1 = d.manifest.layers.find((l) => l.node === 'fc1')!;
    expect(fc1.dsps).toBe(5);
    expect(d.netlist.values.filter((v) => v.op.kind === 'mul').length).toBe(5);
    expect(samples.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(expected);
  });

  it('whole-matrix sharing uses fewer adders than the plain adder trees where the accumulator is exact', () => {
    const shared = buildVerilog(g).manifest.layers.find((l) => l.node === 'fc2')!;
    const plain = buildVerilog(g, { share: false }).manifest.layers.find((l) => l.node === 'fc2')!;
    expect(plain.adders).toBe(plain.naiveAdders);
    expect(shared.adders!).toBeLessThan(plain.adders!);
  });

  it.skipIf(!hasVerilator())('Verilator: lint clean, plain and AXI-Stream tops bit-exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rtl-'));
    const m = await convertVerilog(g, dir, { levelsPerStage: 2 });
    expect(m.latency).toBeGreaterThan(1);
    expect(lintProject(dir)).toBe('');
    expect(lintProject(dir, true)).toBe('');
    expect(runSimulator(dir, buildSimulator(dir), samples)).toEqual(expected);
    expect(runSimulator(dir, buildSimulator(dir, true), samples)).toEqual(expected);
  }, 600_000);
});

describe('reuse factor > 1 (folded engine)', () => {
  const base = smallNet(9);
  const g = { ...base, nodes: base.nodes.map((n) => (n.op.kind === 'dense' && n.name === 'fc1' ? { ...n, config: { ...n.config!, reuseFactor: 3 } } : n)) };
  const samples = randomSamples(g.nodes[0]!.types!.result, 8, 200, rng(4));
  const expected = samples.map((s) => refChain(g, s));

  it('netlist interpreter equals the reference', () => {
    expect(samples.map((s) => evalNetlist(buildVerilog(g).netlist, [s])[0])).toEqual(expected);
  });

  it.skipIf(!hasVerilator())('Verilator: lint clean, one result every 3 cycles, plain and AXI-Stream bit-exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rtl-'));
    const m = await convertVerilog(g, dir, { levelsPerStage: 3 });
    expect(m.interval).toBe(3);
    expect(lintProject(dir)).toBe('');
    expect(lintProject(dir, true)).toBe('');
    expect(runSimulator(dir, buildSimulator(dir), samples)).toEqual(expected);
    expect(runSimulator(dir, buildSimulator(dir, true), samples)).toEqual(expected);
  }, 600_000);
});
