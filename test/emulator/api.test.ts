// The library API and the CLI paths of the emulator on the hls4ml reference case: convert → predict / trace / stats,
// compare, and `nnfab predict --config keras-config.yml` with --trace and --stats.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { convert } from '../../src/api/model.js';
import { predictFixedFile, compareFile } from '../../src/api/predict-fixed.js';
import { formatComparison, formatStats } from '../../src/api/stats-text.js';
import { buildProgram } from '../../src/cli/main.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { parseNpy, readNpy } from './ref-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'nnfab-emu-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeShared('emulator API and CLI on KERAS_3layer_A', () => {
  const ref = () => sharedPath('hls4ml_ref/KERAS_3layer_A');
  const json = () => sharedPath('models/keras/KERAS_3layer.json');
  const h5 = () => sharedPath('models/keras/KERAS_3layer_weights.h5');

  it('convert(model, hls4ml config object) → predict equals hls4ml, for Float64Array and number[][] inputs', async () => {
    const m = await convert(json(), { Model: { Precision: 'fixed<16,6>', ReuseFactor: 1, Strategy: 'Latency' } }, { weights: h5(), chunk: 300 });
    const x = readNpy(`${ref()}/input.npy`);
    const pred = readNpy(`${ref()}/hls4ml_pred.npy`).data;
    expect(Array.from(m.predict(x.data))).toEqual(Array.from(pred));
    const rows = Array.from({ length: 3 }, (_, r) => Array.from(x.data.subarray(r * 16, (r + 1) * 16)));
    expect(Array.from(m.predict(rows))).toEqual(Array.from(pred.subarray(0, 15)));
    // stats accumulate over calls (2000 + 3 samples through the input quantizer)
    const input = m.stats().find((s) => s.node === 'input_1')!.points[0]!;
    expect(input.total).toBe(2003 * 16);
    expect(formatStats(m.stats())).toMatch(/!! fc1_relu/);
    m.resetStats();
    expect(m.stats()).toEqual([]);
    const t = m.trace(rows);
    expect([...t.trace.keys()]).toEqual(['fc1_relu', 'fc1_relu_relu', 'fc2_relu', 'fc2_relu_relu', 'fc3_relu', 'fc3_relu_relu', 'output_softmax', 'output_softmax_softmax']);
  });

  it('compare: small errors where nothing overflows, overflow counted where the wide inputs wrap', async () => {
    const rows = await compareFile(json(), { input: [`${ref()}/input.npy`], weights: h5() });
    const fc1 = rows.find((r) => r.layer === 'fc1_relu')!;
    expect(fc1.wrapped).toBeGreaterThan(0); // rows 1500–1999 are uniform in [−40, 40]: inputs wrap in fixed<16,6>
    const small = await compareFile(json(), { input: [`${ref()}/input.npy`], weights: h5(), samples: 50 });
    // N(0,1) inputs: the dense layers stay in range; only the stable softmax's x_max − x_i wraps in ufixed<15,5> for
    // rows whose logits differ by 32 or more (hls4ml does the same)
    const over = small.filter((r) => r.outOfRange > 0).map((r) => [r.layer, r.stats.points.filter((p) => p.counts.outOfRange > 0).map((p) => p.point)]);
    expect(over).toEqual([['output_softmax_softmax', ['norm']]]);
    // every product is floored to 10 fraction bits (up to −2^-10 each, 64 + 32 + 32 per output, compounding through
    // the layers): a few percent of the layer's range at most
    const fc3 = small.find((r) => r.layer === 'fc3_relu_relu')!;
    expect(fc3.maxAbsError).toBeGreaterThan(0);
    expect(fc3.maxAbsError / fc3.maxAbsFloat).toBeLessThan(0.05);
    expect(formatComparison(small)).toMatch(/overflow in: output_softmax_softmax/);
  });

  it('predictFixedFile writes predictions and one .npy per traced layer', async () => {
    const out = join(tmp, 'y.npy');
    const s = await predictFixedFile(json(), { input: [`${ref()}/input.npy`], output: out, weights: h5(), traceDir: join(tmp, 'trace') });
    expect(s.samples).toBe(2000);
    expect(Array.from(parseNpy(readFileSync(out)).data)).toEqual(Array.from(readNpy(`${ref()}/hls4ml_pred.npy`).data));
    expect(readdirSync(join(tmp, 'trace')).sort()).toContain('fc2_relu_relu.npy');
  });

  it('nnfab predict --config keras-config.yml --input X --stats (the YAML names the model)', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let printed = '';
    try {
      await buildProgram().parseAsync(['node', 'nnfab', 'predict', '--config', sharedPath('models/keras-config.yml'), '--input', `${ref()}/input.npy`, '--output', join(tmp, 'cli.npy'), '--stats']);
      printed = write.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      write.mockRestore();
    }
    expect(printed).toMatch(/values overflowed in .*fc1_relu/);
    expect(Array.from(parseNpy(readFileSync(join(tmp, 'cli.npy'))).data)).toEqual(Array.from(readNpy(`${ref()}/hls4ml_pred.npy`).data));
  });
});
