// NnfabModel.stats(): NaN/±Inf inputs are one event each, and weight conversion counts (a property of the model)
// are counted once however many chunks or predict calls ran.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/api/model.js';
import { overflowEvents, type RunStats } from '../../src/emulator/index.js';
import { OnnxBuilder, rand } from '../helpers/onnx-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'nnfab-stats-count-'));

/** x[N, 3] · W[3, 2] as an ONNX file. */
function denseModel(): string {
  const b = new OnnxBuilder(13).input('x', ['N', 3]);
  b.init('w', [3, 2], rand(6, 5, -40, 40));
  b.node('MatMul', ['x', 'w'], {}, { outputs: ['y'], name: 'fc' });
  const path = join(dir, 'fc.onnx');
  writeFileSync(path, b.output('y').build());
  return path;
}

const cfg = (precision: string) => ({ HLSConfig: { Model: { Precision: precision, ReuseFactor: 1, Strategy: 'Latency' } } });
const point = (s: RunStats, node: string, name: string) => s.find((n) => n.node === node)!.points.find((p) => p.point === name)!;

describe('NaN/±Inf inputs: one value, one event', () => {
  const rows = [[NaN, Infinity, -Infinity], [100, 1.5, -2.25]];
  for (const [precision, action] of [['fixed<16,6,TRN,WRAP>', 'wrapped'], ['fixed<16,6,TRN,SAT>', 'saturated']] as const) {
    it(`${precision}: 6 input values, 3 non-finite + 1 overflow = 4 events`, async () => {
      const m = await convert(denseModel(), cfg(precision));
      m.predict(rows);
      const input = point(m.stats(), 'x', 'input');
      expect(input.total).toBe(6);
      expect(input.counts).toMatchObject({ outOfRange: 1, [action]: 1, nonFinite: 3 });
      expect(overflowEvents(input)).toBe(4);
    });
  }
});

describe('chunked predict: weight counts are the model\'s, counted once', () => {
  it('5 chunks and a second predict give the weight counts of one single-chunk run', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i / 10, -i / 7, 0.25]);
    const whole = await convert(denseModel(), cfg('fixed<8,4>'));
    whole.predict(rows);
    const chunked = await convert(denseModel(), cfg('fixed<8,4>'), { chunk: 2 });
    chunked.predict(rows);
    const w = point(whole.stats(), 'fc', 'weight');
    expect(w.total).toBe(6);
    expect(point(chunked.stats(), 'fc', 'weight')).toEqual(w);
    chunked.predict(rows);
    expect(point(chunked.stats(), 'fc', 'weight')).toEqual(w);
    expect(point(chunked.stats(), 'x', 'input').total).toBe(60); // per-run points still add up
  });
});
