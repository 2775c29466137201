// The report renders for every model in ../shared/models that nnfab converts: load → quantize → profile on
// deterministic random inputs → Report → HTML. Models a frontend rejects with a catalogued error are listed, not failed.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { loadModel } from '../../src/api/load.js';
import { quantizeGraph } from '../../src/api/configure.js';
import { profileGraph } from '../../src/api/report.js';
import { sizeOf } from '../../src/ir/graph.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/report.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { lcg } from './fixture.js';

/** Every model file of ../shared/models with its weights file where separate. */
function models(): Array<{ file: string; weights?: string }> {
  const onnx = readdirSync(sharedPath('models/onnx')).filter((f) => f.endsWith('.onnx')).map((f) => ({ file: sharedPath('models/onnx', f) }));
  const kdir = sharedPath('models/keras');
  const keras = readdirSync(kdir).flatMap((f) => {
    if (f.endsWith('.keras') || (f.endsWith('.h5') && !f.includes('weights'))) return [{ file: join(kdir, f) }];
    if (!f.endsWith('.json')) return [];
    const base = f.slice(0, -5);
    const w = readdirSync(kdir).find((g) => g.startsWith(base + '_') && g.endsWith('weights.h5')) ?? readdirSync(kdir).find((g) => g === `${base}_weights.h5`);
    return w && existsSync(join(kdir, w)) ? [{ file: join(kdir, f), weights: join(kdir, w) }] : [];
  });
  return [...onnx, ...keras];
}

describeShared('report on the shared models', () => {
  it('builds and renders a report for every model that converts', async () => {
    const rejected: string[] = [];
    let rendered = 0;
    for (const m of models()) {
      let graph;
      try {
        graph = await loadModel(m.file, m.weights ? { weights: m.weights } : {});
      } catch (e) {
        if (e instanceof NnfabError) {
          rejected.push(`${m.file}: ${e.code}`);
          continue;
        }
        throw e;
      }
      const q = quantizeGraph(graph).graph;
      if (q.inputs.length !== 1) continue;
      const size = sizeOf(q.nodes.find((n) => n.name === q.inputs[0])!.shape);
      // Profile on random inputs, except huge image models (millions of values per node): weights only there.
      const largest = Math.max(...q.nodes.map((n) => sizeOf(n.shape)));
      const batch = largest > 200_000 ? 0 : Math.max(1, Math.min(64, Math.floor(500_000 / largest)));
      const r = lcg(3);
      const x = new Float64Array(batch * size).map(() => 2 * r());
      const report = buildReport(profileGraph(graph, q, batch > 0 ? { inputs: [x], batch } : undefined));
      expect(report.layers.length, m.file).toBe(q.nodes.length);
      expect(report.layers.every((l) => Object.keys(l.types).length > 0), m.file).toBe(true);
      const html = renderHtml(report, { plotly: 'window.Plotly={newPlot:function(){}};' });
      expect(html, m.file).toContain('<svg');
      expect(report.profiledSamples, m.file).toBe(batch);
      expect((html.match(/class="layer-plot"/g) ?? []).length, m.file).toBeGreaterThan(0);
      rendered++;
    }
    if (rejected.length) console.warn(`models not converted (catalogued errors):\n  ${rejected.join('\n  ')}`);
    expect(rendered).toBeGreaterThanOrEqual(5);
  });
});
