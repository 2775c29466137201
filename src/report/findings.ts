/**
 * Findings: the few things a user should look at first — overflow, weights the type cannot hold, accuracy lost to
 * quantization, backends that disagree — each with the layer concerned and, where possible, a concrete fix.
 */
import type { Finding, LayerReport, OverflowPoint, Report } from './types.js';

/** Integer bits a type needs to hold magnitudes up to `absMax` (sign bit included when signed). */
export function integerBitsFor(absMax: number, signed: boolean): number {
  if (!(absMax > 0) || !Number.isFinite(absMax)) return signed ? 1 : 0;
  return Math.floor(Math.log2(absMax)) + 1 + (signed ? 1 : 0);
}

const pct = (x: number): string => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;

/** What to change for an overflow at a conversion point. */
function overflowHint(l: LayerReport, p: OverflowPoint): string {
  const f = l.profile.floatOutput;
  switch (p.point) {
    case 'result': {
      const res = l.types.result;
      if (!f || !res || res.maxLog2 === null) return ' — widen the result type (integer bits)';
      const need = integerBitsFor(f.absMax, !p.type.startsWith('u'));
      // A wrapping type turns a slightly-too-large value into a large error; saturation clips it (as QKeras does).
      const sat = /WRAP/.test(p.type) ? ', or let it saturate (overflow mode SAT) so that values clip instead of wrapping' : '';
      if (f.aboveRange > 0) return ` — the float values reach ${f.absMax.toPrecision(3)}: give the result at least ${need} integer bits${sat}`;
      return ' — the float values stay within range: the overflow comes from error built up in earlier layers';
    }
    case 'weight':
      return ' — widen the weight type (integer bits)';
    case 'accum':
    case 'product':
      return ' — give accum_t more integer bits';
    case 'input':
      return ' — the input data exceed the input type: widen its integer bits'; // ±Inf is counted as nonFinite, not here
    case 'table_index':
    case 'inv_index':
      return ' — inputs beyond the lookup table\'s domain are clamped to its ends';
    case 'norm':
      return ' — differences to the maximum wrap in the softmax: widen the integer bits of its input, or use Implementation: latency';
    default:
      return '';
  }
}

/** Overflow findings from the emulator's counts, with the integer bits the float values would need. */
function overflowFindings(l: LayerReport): Finding[] {
  const out: Finding[] = [];
  for (const p of l.overflow ?? []) {
    if (p.outOfRange > 0) {
      const how = [p.wrapped && `${p.wrapped} wrapped`, p.saturated && `${p.saturated} saturated`, p.zeroed && `${p.zeroed} set to zero`].filter(Boolean).join(', ');
      const clamp = p.point === 'table_index' || p.point === 'inv_index';
      out.push({
        severity: clamp ? 'warning' : 'error',
        layer: l.name,
        message: `${p.outOfRange} of ${p.total} values out of range of ${p.type} at ${p.point}${how ? ` (${how})` : ''}${overflowHint(l, p)}`,
      });
    }
    if (p.nonFinite > 0) out.push({ severity: 'warning', layer: l.name, message: `${p.nonFinite} NaN/Infinity values converted at ${p.point} (${p.type})` });
  }
  return out;
}

/** Weight findings: values beyond the type's range, or so small that they quantize to zero. */
function weightFindings(l: LayerReport): Finding[] {
  const w = l.profile.weight;
  const t = l.types.weight;
  if (!w || !t) return [];
  const out: Finding[] = [];
  const counted = l.overflow?.some((p) => p.point === 'weight' && p.outOfRange > 0) ?? false;
  if (w.aboveRange > 0 && !counted) out.push({ severity: 'warning', layer: l.name, message: `${w.aboveRange} weights exceed the range of ${t.name} (largest |w| = ${w.absMax.toPrecision(3)})` });
  const nonzero = w.count - w.zeros - w.nonFinite;
  if (nonzero > 0 && w.belowLsb / nonzero > 0.1) {
    out.push({ severity: 'warning', layer: l.name, message: `${pct(w.belowLsb / nonzero)} of the nonzero weights are below half an LSB of ${t.name} and become zero — add fraction bits` });
  }
  return out;
}

/** Activation overflow predicted from the float profile when the emulator's counts are absent. */
function rangeFindings(l: LayerReport): Finding[] {
  const f = l.profile.floatOutput;
  const t = l.types.result;
  if (l.overflow || !f || !t || f.aboveRange === 0) return [];
  const need = integerBitsFor(f.absMax, !t.name.startsWith('u'));
  return [{ severity: 'warning', layer: l.name, message: `${f.aboveRange} of ${f.count} float outputs exceed the range of ${t.name} — give the result at least ${need} integer bits` }];
}

/** Accuracy and backend findings. */
function globalFindings(r: Omit<Report, 'findings'>): Finding[] {
  const out: Finding[] = [];
  const a = r.accuracy;
  if (a?.floatAccuracy !== undefined && a.fixedAccuracy !== undefined && a.fixedAccuracy < a.floatAccuracy - 0.01) {
    out.push({ severity: 'warning', message: `fixed-point accuracy ${pct(a.fixedAccuracy)} is below the float model's ${pct(a.floatAccuracy)}` });
  }
  for (const b of r.backends) {
    if (b.kind === 'agreement' && b.mismatches > 0) out.push({ severity: 'error', message: `${b.tool}: ${b.mismatches} of ${b.samples} samples differ from the emulator` });
    if (b.kind === 'failed') out.push({ severity: 'error', message: `${b.tool} failed: ${b.message}` });
  }
  return out;
}

/** Every finding of a report, most severe first, then in graph order. */
export function findingsOf(r: Omit<Report, 'findings'>): Finding[] {
  const perLayer = r.layers.flatMap((l) => [...overflowFindings(l), ...weightFindings(l), ...rangeFindings(l)]);
  const worst = [...r.layers].filter((l) => l.error && l.error.relRms > 0).sort((x, y) => y.error!.relRms - x.error!.relRms)[0];
  const info: Finding[] = worst ? [{ severity: 'info', layer: worst.name, message: `largest float-vs-fixed error: rms ${worst.error!.rms.toPrecision(3)} (${pct(worst.error!.relRms)} of the float rms)` }] : [];
  if (r.layers.some((l) => l.overflow) && !r.layers.some((l) => l.overflow?.some((p) => p.outOfRange > 0))) {
    info.push({ severity: 'info', message: `no overflow in any layer over ${r.profiledSamples} samples` });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...globalFindings(r), ...perLayer, ...info].sort((x, y) => rank[x.severity] - rank[y.severity]);
}
