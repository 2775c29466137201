/**
 * The browser script of the HTML report: reads the embedded JSON report and draws the Plotly charts (profiling box
 * plots on a log2 scale with each type's representable range behind them, the overview plots and the error chart).
 * Plain ES2017 kept as a string so the page stays one self-contained file.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var CONFIG = { displayModeBar: false, responsive: true };
  var FONT = { family: 'system-ui, -apple-system, Segoe UI, sans-serif', size: 12, color: '#2b3240' };
  var SERIES = {
    weight: { label: 'weights', color: '#3b6fd4', fill: 'rgba(59,111,212,0.35)', type: 'weight' },
    bias: { label: 'bias', color: '#1d9aa3', fill: 'rgba(29,154,163,0.35)', type: 'bias' },
    floatOutput: { label: 'output (float)', color: '#d58a1f', fill: 'rgba(213,138,31,0.35)', type: 'result' },
    fixedOutput: { label: 'output (fixed)', color: '#2f9c5a', fill: 'rgba(47,156,90,0.35)', type: 'result' }
  };

  function fmt(x) { return x === 0 ? '0' : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : +x.toPrecision(3) + ''; }

  // One row per distribution: a precomputed box of log2|x| and, behind it, the type's range [LSB, max].
  function rowsOf(layer) {
    var rows = [];
    Object.keys(SERIES).forEach(function (key) {
      var s = layer.profile[key];
      if (!s) return;
      rows.push({ key: key, stats: s, spec: SERIES[key], type: layer.types[SERIES[key].type] || null, name: layer.name });
    });
    return rows;
  }

  function hoverText(r) {
    var s = r.stats, l = s.log2;
    var t = r.spec.label + (r.type ? ' · ' + r.type.name : '') + '<br>' + s.count + ' values, ' + s.zeros + ' zero';
    if (l) t += '<br>|x| from ' + fmt(Math.pow(2, l.min)) + ' to ' + fmt(Math.pow(2, l.max)) + ', median ' + fmt(Math.pow(2, l.median));
    if (r.type && r.type.maxLog2 !== null) t += '<br>' + s.aboveRange + ' above range, ' + s.belowLsb + ' below ½ LSB';
    return t;
  }

  function boxTrace(r, y, showLegend) {
    var l = r.stats.log2;
    return {
      type: 'box', orientation: 'h', name: r.spec.label, legendgroup: r.key, showlegend: showLegend,
      y: [y], q1: [l.q1], median: [l.median], q3: [l.q3], lowerfence: [l.min], upperfence: [l.max],
      marker: { color: r.spec.color }, line: { color: r.spec.color, width: 1.5 }, fillcolor: r.spec.fill,
      hoverinfo: 'text', hovertext: [hoverText(r)], width: 0.6
    };
  }

  // The representable range of a type as a grey band, plus a red band beyond its maximum (values there overflow).
  function rangeShapes(r, y, xmax) {
    if (!r.type || r.type.maxLog2 === null || r.type.lsbLog2 === null) return [];
    var band = { type: 'rect', layer: 'below', xref: 'x', yref: 'y', x0: r.type.lsbLog2, x1: r.type.maxLog2, y0: y - 0.42, y1: y + 0.42,
      fillcolor: '#c9ced8', opacity: 0.55, line: { width: 0 } };
    var over = { type: 'rect', layer: 'below', xref: 'x', yref: 'y', x0: r.type.maxLog2, x1: Math.max(xmax, r.type.maxLog2 + 1), y0: y - 0.42, y1: y + 0.42,
      fillcolor: '#f4c7c3', opacity: 0.45, line: { width: 0 } };
    return [band, over];
  }

  function xExtent(rows) {
    var lo = Infinity, hi = -Infinity;
    rows.forEach(function (r) {
      if (r.stats.log2) { lo = Math.min(lo, r.stats.log2.min); hi = Math.max(hi, r.stats.log2.max); }
      if (r.type && r.type.lsbLog2 !== null) { lo = Math.min(lo, r.type.lsbLog2); hi = Math.max(hi, r.type.maxLog2); }
    });
    if (!isFinite(lo)) { lo = -8; hi = 4; }
    // Values far below every type's LSB (softmax tails, pruned-to-tiny weights) would squash the interesting part.
    var lsbs = rows.filter(function (r) { return r.type && r.type.lsbLog2 !== null; }).map(function (r) { return r.type.lsbLog2; });
    if (lsbs.length) lo = Math.max(lo, Math.min.apply(null, lsbs) - 6);
    lo = Math.max(Math.floor(lo) - 1, -40); hi = Math.min(Math.ceil(hi) + 1, 40);
    return [lo, hi];
  }

  function log2Axis(ext) {
    var span = ext[1] - ext[0], step = span > 24 ? 4 : span > 12 ? 2 : 1, vals = [], text = [];
    for (var k = Math.ceil(ext[0] / step) * step; k <= ext[1]; k += step) { vals.push(k); text.push('2<sup>' + k + '</sup>'); }
    return { range: ext, tickvals: vals, ticktext: text, zeroline: false, gridcolor: '#eceef2', title: { text: '|value| (log₂ scale)', font: { size: 11 } } };
  }

  // Draw rows (each {label, rows:[...]}) as one chart: one y position per distribution, labelled by group.
  function drawBoxes(el, groups, height) {
    var traces = [], shapes = [], ticks = [], labels = [], y = 0, seen = {};
    var all = [];
    groups.forEach(function (g) { all = all.concat(g.rows); });
    var ext = xExtent(all);
    groups.forEach(function (g) {
      g.rows.forEach(function (r) {
        shapes = shapes.concat(rangeShapes(r, y, ext[1]));
        if (r.stats.log2) { traces.push(boxTrace(r, y, !seen[r.key])); seen[r.key] = true; }
        ticks.push(y); labels.push(g.label ? g.label : r.spec.label); y -= 1;
      });
    });
    var longest = labels.reduce(function (a, t) { return Math.max(a, t.length); }, 0);
    var layout = {
      height: height || Math.max(140, 70 + 34 * ticks.length), margin: { l: Math.min(260, 24 + 7 * longest), r: 16, t: 8, b: 46 }, font: FONT,
      xaxis: log2Axis(ext), yaxis: { tickvals: ticks, ticktext: labels, range: [y + 0.5, 0.5], zeroline: false, showgrid: false },
      shapes: shapes, showlegend: groups.length > 1, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom', x: 0 },
      paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: '#ffffff', boxmode: 'overlay'
    };
    Plotly.newPlot(el, traces, layout, CONFIG);
  }

  function drawLayerPlots() {
    report.layers.forEach(function (layer) {
      var el = document.querySelector('.layer-plot[data-layer="' + CSS.escape(layer.name) + '"]');
      if (el) drawBoxes(el, [{ label: '', rows: rowsOf(layer) }]);
    });
  }

  function drawOverview(id, key) {
    var el = document.getElementById(id);
    if (!el) return;
    var groups = [];
    report.layers.forEach(function (layer) {
      var rows = rowsOf(layer).filter(function (r) { return r.key === key; });
      if (rows.length) groups.push({ label: layer.name, rows: rows });
    });
    if (groups.length) drawBoxes(el, groups, 70 + 30 * groups.length);
  }

  function drawError() {
    var el = document.getElementById('error-plot');
    if (!el) return;
    var ls = report.layers.filter(function (l) { return l.error; });
    var names = ls.map(function (l) { return l.name; });
    Plotly.newPlot(el, [
      { type: 'bar', name: 'rms error / float rms', x: names, y: ls.map(function (l) { return Math.max(l.error.relRms, 1e-12); }), marker: { color: '#3b6fd4' },
        hovertemplate: '%{x}<br>relative rms error %{y:.3e}<extra></extra>' },
      { type: 'scatter', mode: 'markers', name: 'max |float − fixed|', x: names, y: ls.map(function (l) { return Math.max(l.error.maxAbs, 1e-12); }),
        marker: { color: '#d0342c', size: 9, symbol: 'diamond' }, hovertemplate: '%{x}<br>max abs error %{y:.3e}<extra></extra>' }
    ], {
      height: 300, margin: { l: 64, r: 16, t: 10, b: 70 }, font: FONT,
      yaxis: { type: 'log', dtick: 1, exponentformat: 'power', title: { text: 'error (log scale)' }, gridcolor: '#eceef2' },
      legend: { orientation: 'h', y: 1.02, yanchor: 'bottom', x: 0 }, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: '#ffffff'
    }, CONFIG);
  }

  function drawAll() {
    drawOverview('overview-weights', 'weight');
    drawOverview('overview-outputs', report.layers.some(function (l) { return l.profile.floatOutput; }) ? 'floatOutput' : 'fixedOutput');
    drawLayerPlots();
    drawError();
    document.body.setAttribute('data-rendered', 'true');
  }

  if (typeof Plotly === 'undefined') { document.body.setAttribute('data-rendered', 'no-plotly'); return; }
  drawAll();
})();
`;
