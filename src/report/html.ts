/**
 * The report as one self-contained HTML file: no network access, every script and style inlined. Plotting uses
 * plotly.js (its cartesian bundle: precomputed-quartile box plots, shapes drawn behind traces, hover, one UMD file),
 * read from node_modules at run time and embedded; the diagram and tables are static HTML/SVG.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fail } from '../diagnostics/errors.js';
import { diagramSvg, esc, layerId } from './diagram.js';
import { backendSection, findingsList, layerTable, num, overflowTable, summaryCards } from './html-sections.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import type { BoxStats, LayerReport, Report } from './types.js';

/** The npm package whose minified bundle the page embeds. */
export const PLOTLY_PACKAGE = 'plotly.js-cartesian-dist-min';

let plotlyCache: string | null = null;

/** The minified plotly.js bundle, read once from node_modules. */
export function plotlySource(): string {
  if (plotlyCache === null) {
    const require = createRequire(import.meta.url);
    try {
      plotlyCache = readFileSync(require.resolve(PLOTLY_PACKAGE), 'utf8');
    } catch (e) {
      return fail('E801', { package: PLOTLY_PACKAGE, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
    }
  }
  return plotlyCache;
}

/** Make JavaScript safe inside a <script> element (the only sequence that ends one early is `</script`). */
function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function statLine(label: string, s: BoxStats | undefined): string {
  if (!s) return '';
  const parts = [`${num(s.count)} values`, `max |x| ${s.absMax ? s.absMax.toPrecision(3) : '0'}`];
  if (s.zeros) parts.push(`${num(s.zeros)} zero`);
  if (s.aboveRange) parts.push(`<span class="bad">${num(s.aboveRange)} above range</span>`);
  if (s.belowLsb) parts.push(`${num(s.belowLsb)} below ½ LSB`);
  if (s.nonFinite) parts.push(`<span class="bad">${num(s.nonFinite)} NaN/Inf</span>`);
  return `<div class="stat"><b>${label}</b>: ${parts.join(' · ')}</div>`;
}

/** One layer's profiling card: its types, the box plot (drawn by the page script) and the numbers behind it. */
function layerCard(l: LayerReport): string {
  const p = l.profile;
  if (!p.weight && !p.bias && !p.floatOutput && !p.fixedOutput) return '';
  const types = Object.entries(l.types).map(([k, t]) => `<span class="type">${esc(k)} <code>${esc(t.name)}</code></span>`).join(' ');
  const err = l.error ? `<div class="stat"><b>float vs fixed</b>: max |Δ| ${l.error.maxAbs.toPrecision(3)} · rms ${l.error.rms.toPrecision(3)} · ${(100 * l.error.relRms).toFixed(2)}% of float rms</div>` : '';
  const ov = (l.overflow ?? []).filter((q) => q.outOfRange > 0).map((q) => `<div class="stat bad">overflow at ${esc(q.point)} (${esc(q.type)}): ${num(q.outOfRange)} of ${num(q.total)} values</div>`).join('');
  return [
    `<article class="layer-card" id="${layerId(l.name)}">`,
    `<h3>${esc(l.name)} <span class="muted">${esc(l.layerClass)} · ${esc(l.detail)} · [${l.shape.join('×')}]</span></h3>`,
    `<div class="types">${types || '<span class="muted">float (not quantized)</span>'}</div>`,
    `<div class="layer-plot" data-layer="${esc(l.name)}"></div>`,
    statLine('weights', p.weight), statLine('bias', p.bias), statLine('output (float)', p.floatOutput), statLine('output (fixed)', p.fixedOutput),
    err, ov,
    '</article>',
  ].join('');
}

/** The report page. `plotly` overrides the embedded plotting library (tests pass a stub to keep files small). */
export function renderHtml(report: Report, opts: { plotly?: string } = {}): string {
  const plotly = opts.plotly ?? plotlySource();
  const m = report.model;
  const hasOutputs = report.profiledSamples > 0;
  const hasErrors = report.layers.some((l) => l.error);
  const subtitle = `${esc(m.sourceFile)} · ${m.quantized ? 'quantized' : 'float (not quantized)'} · ${report.layers.length} layers${hasOutputs ? ` · profiled on ${num(report.profiledSamples)} samples` : ''} · nnfab ${esc(report.nnfab)}`;
  // `<` as \u003c keeps the JSON valid and the HTML parser out of it.
  const json = JSON.stringify(report).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nnfab ${esc(report.nnfab)}">
<title>${esc(m.name)} — nnfab report</title>
<style>${PAGE_STYLE}</style></head>
<body>
<header><h1>${esc(m.name)}</h1><p class="subtitle">${subtitle}</p>
<nav><a href="#summary">Summary</a><a href="#graph">Network</a><a href="#layers">Layers</a><a href="#profiling">Profiling</a>${hasErrors ? '<a href="#error">Error</a>' : ''}<a href="#overflow">Overflow</a><a href="#backends">Backends</a></nav></header>
<main>
<section id="summary"><h2>Summary</h2>${summaryCards(report)}<h3>Findings</h3>${findingsList(report)}</section>
<section id="graph"><h2>Network</h2><p class="help">Layers top to bottom with their output shape, result type, reuse factor and strategy; a red border marks a layer that overflowed. Click a layer for its profile.</p><div class="diagram-wrap">${diagramSvg(report.layers)}</div></section>
<section id="layers"><h2>Layers</h2><p class="help">Latency and resource figures are rough io_parallel estimates (see the Backends section for synthesis results).</p>${layerTable(report)}</section>
<section id="profiling"><h2>Profiling</h2>
<p class="help">Distribution of |value| on a log₂ scale (box: quartiles, whiskers: min and max of the nonzero values). Grey band: what the layer's type can represent, from its LSB to its largest value; red: beyond the largest value, where values overflow. Values left of the grey band lose all their bits.</p>
<div class="overview"><div><h3>Weights, all layers</h3><div id="overview-weights" class="plot"></div></div>${hasOutputs ? '<div><h3>Outputs, all layers</h3><div id="overview-outputs" class="plot"></div></div>' : ''}</div>
${hasOutputs ? '' : '<p class="muted">Weights only: give <code>--input</code> data to profile activations, float-vs-fixed error and overflow.</p>'}
<div class="layer-grid">${report.layers.map(layerCard).join('')}</div></section>
${hasErrors ? '<section id="error"><h2>Float vs fixed error per layer</h2><p class="help">Error of each layer\'s fixed-point output against the float reference on the same samples (errors accumulate through the network).</p><div id="error-plot" class="plot"></div></section>' : ''}
<section id="overflow"><h2>Overflow</h2>${overflowTable(report)}</section>
<section id="backends"><h2>Backends</h2>${backendSection(report)}</section>
</main>
<footer>Generated by nnfab ${esc(report.nnfab)}. This page is self-contained: it needs no network access.</footer>
<script type="application/json" id="report-data">${json}</script>
<script>(function(){var module={exports:{}};var exports=module.exports;
${scriptSafe(plotly)}
;window.Plotly=window.Plotly||module.exports;})();</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body></html>
`;
}
