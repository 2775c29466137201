// Opt-in (NNFAB_SIM_MATRIX=1, `npm run test:sim`): every dense-family model of ../shared through the real co-simulation
// path (config → Verilog project → Verilator → compare with the emulator) at reuse factor 1 and at the smallest reuse
// factor > 1 legal for every layer, each with the plain and the AXI-Stream top, lint-clean. Takes several minutes.
// NNFAB_SIM_MATRIX_MODELS=a,b limits the models; NNFAB_SIM_MATRIX_VECTORS sets the samples per run (default 100);
// NNFAB_SIM_MATRIX_LOG=FILE appends one line per run to FILE as the runs finish; NNFAB_SIM_MATRIX_REUSE=1,4 picks the
// reuse factors (each must be legal for every layer).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateProject, writeVerilogProject } from '../../../src/api/verilog.js';
import { sizeOf, type Graph } from '../../../src/ir/graph.js';
import { hasVerilator, lintProject } from '../../../src/backends/rtl/verilator.js';
import { describeShared } from '../../helpers/shared.js';
import { rng } from './fixtures.js';
import { isLegalReuse } from '../../../src/backends/hls/reuse.js';
import { MATRIX_MODELS, commonReuse, denseShapes, loadMatrixModel, quantizedAt } from './sim-matrix.js';

const ON = process.env['NNFAB_SIM_MATRIX'] === '1';
const ONLY = (process.env['NNFAB_SIM_MATRIX_MODELS'] ?? '').split(',').filter((s) => s !== '');
const VECTORS = Number(process.env['NNFAB_SIM_MATRIX_VECTORS'] ?? 100);
const LOG = process.env['NNFAB_SIM_MATRIX_LOG'];
const REUSE = process.env['NNFAB_SIM_MATRIX_REUSE']?.split(',').map(Number);

/** One row of the result table. */
interface Row {
  model: string;
  reuse: number;
  axis: boolean;
  passed: number;
  failed: number;
  latency: number;
  interval: number;
}
const rows: Row[] = [];

/**
 * Samples: mostly sums of uniforms (about normal, σ ≈ 2), every 10th sample scaled by 16 so that saturating and
 * wrapping conversions are exercised too.
 */
function writeSamples(g: Graph, file: string, count: number, seed: number): void {
  const r = rng(seed);
  const n = sizeOf(g.nodes.find((x) => x.name === g.inputs[0])!.shape);
  const lines = Array.from({ length: count }, (_, b) => {
    const s = b % 10 === 9 ? 16 : 1;
    return Array.from({ length: n }, () => ((r() + r() + r() - 1.5) * 4 * s).toFixed(5)).join(',');
  });
  writeFileSync(file, lines.join('\n') + '\n');
}

const needsVerilator = (name: string) =>
  describe(name, () => it('needs Verilator', () => expect.fail('verilator not found: `npm run setup` installs the Debian package')));
const suite = !ON
  ? (name: string, fn: () => void) => describe.skip(`${name} (set NNFAB_SIM_MATRIX=1)`, fn)
  : hasVerilator()
    ? describeShared
    : needsVerilator;

suite('co-simulation matrix: every dense-family model × reuse factor × top', () => {
  afterAll(() => {
    if (rows.length === 0) return;
    const head = '| model | R | top | passed | failed | latency | interval |\n|---|---|---|---|---|---|---|';
    const body = rows.map((x) => `| ${x.model} | ${x.reuse} | ${x.axis ? 'AXI-Stream' : 'plain'} | ${x.passed} | ${x.failed} | ${x.latency} | ${x.interval} |`);
    console.log([head, ...body].join('\n'));
  });

  for (const m of MATRIX_MODELS.filter((x) => ONLY.length === 0 || ONLY.includes(x.name))) {
    it(`${m.name}: nnfab sim passes every sample at R = 1 and a legal R > 1, plain and AXI-Stream`, async () => {
      const g0 = await loadMatrixModel(m);
      const rMax = commonReuse(g0);
      expect(rMax, 'a reuse factor > 1 legal for every layer').not.toBeNull();
      const dir = mkdtempSync(join(tmpdir(), 'nnfab-matrix-'));
      try {
        const x = join(dir, 'x.csv');
        writeSamples(g0, x, VECTORS, 7);
        for (const r of REUSE ?? [1, rMax!]) {
          expect([...denseShapes(g0).values()].every(([a, b]) => isLegalReuse(a, b, r)), `reuse factor ${r} legal for every layer`).toBe(true);
          const out = join(dir, `r${r}`);
          const man = await writeVerilogProject(quantizedAt(m, g0, r), out);
          // every dense layer has at least r inputs here, so a folded design takes one sample every r cycles
          expect(man.interval).toBe(r);
          expect(lintProject(out), 'verilator --lint-only -Wall (plain top)').toBe('');
          expect(lintProject(out, true), 'verilator --lint-only -Wall (AXI-Stream top)').toBe('');
          for (const axis of [false, true]) {
            const s = simulateProject(out, { input: x, axis });
            const row = { model: m.name, reuse: r, axis, passed: s.passed, failed: s.failed, latency: s.latency, interval: man.interval };
            rows.push(row);
            // progress as it happens (the table comes at the end); NNFAB_SIM_MATRIX_LOG also appends it to a file
            const line = `${m.name} R=${r} ${axis ? 'AXI-Stream' : 'plain'}: ${s.passed} passed, ${s.failed} failed (latency ${s.latency}, interval ${man.interval})`;
            console.log(line);
            if (LOG !== undefined) appendFileSync(LOG, line + '\n');
            expect(s, `${m.name} R=${r} ${axis ? 'AXI-Stream' : 'plain'}`).toMatchObject({ passed: VECTORS, failed: 0 });
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 1_800_000);
  }
});
