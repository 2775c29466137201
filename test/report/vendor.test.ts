// Vendor report numbers (HLS csynth.xml, Vivado utilization) as backend results of the report.
import { expect, it } from 'vitest';
import { readVendorReports } from '../../src/backends/hls/reports.js';
import { vendorResults } from '../../src/api/report.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/report.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { tinyGraph } from './fixture.js';

describeShared('vendor reports in the report', () => {
  it('shows HLS and Vivado synthesis figures from the real reports', () => {
    const results = vendorResults(readVendorReports(sharedPath('reports/vivado')));
    expect(results.map((r) => r.tool)).toEqual(['HLS synthesis (myproject_csynth.xml)', 'Vivado synthesis (vivado_synth.rpt)']);
    const hls = results[0]!;
    expect(hls.kind === 'resources' && hls.resources['DSP']).toBeGreaterThan(0);
    expect(hls.kind === 'resources' && hls.figures?.['clock target (ns)']).toBe(5);
    const html = renderHtml(buildReport({ graph: tinyGraph(), backends: results }), { plotly: '' });
    expect(html).toContain('Vivado synthesis (vivado_synth.rpt)');
  });
});
