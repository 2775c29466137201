// Vendor report parsing on the real Vivado HLS / Vivado report files in ../shared/reports/vivado.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVendorReports, parseCsynthXml, parseVivadoSynthRpt, readVendorReports } from '../../../src/backends/hls/reports.js';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

describeShared('vendor reports (real files)', () => {
  it('reads latency, interval, clock and resources from myproject_csynth.xml', () => {
    const r = parseCsynthXml(readFileSync(sharedPath('reports/vivado/myproject_csynth.xml'), 'utf8'), 'x.xml');
    expect(r).toMatchObject({
      version: '2020.1',
      part: 'xc7z020-clg400-1',
      top: 'myproject',
      clock: { targetNs: 5, uncertaintyNs: 0.62, estimatedNs: 4.049 },
      latency: { best: 10, average: 10, worst: 10 },
      interval: { min: 8, max: 8 },
      pipelineType: 'dataflow',
      resources: { bram18k: 0, dsp: 73, ff: 7969, lut: 2532, uram: 0 },
      available: { bram18k: 280, dsp: 220, ff: 106400, lut: 53200, uram: 0 },
    });
  });

  it('reads post-synthesis utilization from vivado_synth.rpt', () => {
    const r = parseVivadoSynthRpt(readFileSync(sharedPath('reports/vivado/vivado_synth.rpt'), 'utf8'), 'v.rpt');
    expect(r.device).toBe('7z020clg400-1');
    expect(r.lut).toEqual({ used: 1526, available: 53200, percent: 2.87 });
    expect(r.ff).toEqual({ used: 2428, available: 106400, percent: 2.28 });
    expect(r.dsp).toEqual({ used: 66, available: 220, percent: 30 });
    expect(r.bram).toEqual({ used: 0, available: 140, percent: 0 });
  });

  it('finds the reports in an hls4ml-style project tree and prints a summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rep-'));
    cpSync(sharedPath('reports/vivado/myproject_csynth.xml'), join(dir, 'myproject_prj/solution1/syn/report/myproject_csynth.xml'), { recursive: true });
    cpSync(sharedPath('reports/vivado/vivado_synth.rpt'), join(dir, 'vivado_synth.rpt'));
    const r = readVendorReports(dir);
    expect(r.csynth.map((c) => c.file)).toEqual(['myproject_prj/solution1/syn/report/myproject_csynth.xml']);
    expect(r.vivado).toHaveLength(1);
    const text = formatVendorReports(r);
    expect(text).toContain('latency  10–10 cycles (best–worst), interval 8–8, dataflow');
    expect(text).toContain('DSP             73 / 220 (33.18 %)');
    expect(text).toContain('LUT        1526 / 53200 (2.87 %)');
  });
});

describe('vendor reports: errors', () => {
  it('says E609 when a directory has no report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rep-'));
    try {
      readVendorReports(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as NnfabError).code).toBe('E609');
    }
  });
  it('says E610 for a file that is not a report', () => {
    expect(() => parseCsynthXml('<html></html>', 'a.xml')).toThrow(/E610/);
    expect(() => parseVivadoSynthRpt('nothing here', 'b.rpt')).toThrow(/E610/);
  });
});
