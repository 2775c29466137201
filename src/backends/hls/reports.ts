/**
 * Vendor reports of a synthesized project: Vivado/Vitis HLS `<project>_csynth.xml` (latency, interval, clock,
 * estimated resources and what the part has) and Vivado's `vivado_synth.rpt` (post-synthesis utilization).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fail } from '../../diagnostics/errors.js';

/** FPGA resources (any may be absent from a report). */
export interface Resources {
  readonly bram18k?: number;
  readonly dsp?: number;
  readonly ff?: number;
  readonly lut?: number;
  readonly uram?: number;
}

/** What an HLS synthesis report says. */
export interface CsynthReport {
  readonly file: string;
  readonly version?: string;
  readonly part?: string;
  readonly top?: string;
  readonly clock: { readonly targetNs?: number; readonly uncertaintyNs?: number; readonly estimatedNs?: number };
  readonly latency: { readonly best?: number; readonly average?: number; readonly worst?: number };
  readonly interval: { readonly min?: number; readonly max?: number };
  readonly pipelineType?: string;
  readonly resources: Resources;
  readonly available: Resources;
}

/** One row of a utilization table. */
export interface Utilization {
  readonly used: number;
  readonly available?: number;
  readonly percent?: number;
}

/** What Vivado's utilization report says. */
export interface VivadoSynthReport {
  readonly file: string;
  readonly version?: string;
  readonly device?: string;
  readonly design?: string;
  readonly lut?: Utilization;
  readonly ff?: Utilization;
  readonly dsp?: Utilization;
  readonly bram?: Utilization;
  readonly uram?: Utilization;
}

/** Every vendor report found under a project directory. */
export interface VendorReports {
  readonly dir: string;
  readonly csynth: CsynthReport[];
  readonly vivado: VivadoSynthReport[];
}

/** Text of the first `<tag>…</tag>` inside `xml` (optionally inside the first `<section>`). */
function tag(xml: string, name: string, section?: string): string | undefined {
  let scope = xml;
  if (section !== undefined) {
    const s = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(xml);
    if (s === null) return undefined;
    scope = s[1]!;
  }
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(scope);
  return m === null ? undefined : m[1]!.trim();
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number.parseFloat(s);
  return Number.isFinite(v) ? v : undefined;
}

function resources(xml: string, section: string): Resources {
  const r = (n: string): number | undefined => num(tag(xml, n, section));
  const out: Record<string, number> = {};
  const set = (k: keyof Resources, v: number | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('bram18k', r('BRAM_18K'));
  set('dsp', r('DSP48E') ?? r('DSP'));
  set('ff', r('FF'));
  set('lut', r('LUT'));
  set('uram', r('URAM'));
  return out;
}

/** Drop undefined fields (stable JSON). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Parse `<project>_csynth.xml` (Vivado HLS and Vitis HLS layouts). */
export function parseCsynthXml(text: string, file: string): CsynthReport {
  if (!text.includes('<profile>')) fail('E610', { file, reason: 'no <profile> element' }, { file });
  const perf = /<PerformanceEstimates>([\s\S]*?)<\/PerformanceEstimates>/.exec(text)?.[1] ?? '';
  const area = /<AreaEstimates>([\s\S]*?)<\/AreaEstimates>/.exec(text)?.[1] ?? '';
  return defined({
    file,
    version: tag(text, 'Version', 'ReportVersion'),
    part: tag(text, 'Part', 'UserAssignments'),
    top: tag(text, 'TopModelName', 'UserAssignments'),
    clock: defined({
      targetNs: num(tag(text, 'TargetClockPeriod', 'UserAssignments')),
      uncertaintyNs: num(tag(text, 'ClockUncertainty', 'UserAssignments')),
      estimatedNs: num(tag(perf, 'EstimatedClockPeriod')),
    }),
    latency: defined({
      best: num(tag(perf, 'Best-caseLatency')),
      average: num(tag(perf, 'Average-caseLatency')),
      worst: num(tag(perf, 'Worst-caseLatency')),
    }),
    interval: defined({ min: num(tag(perf, 'Interval-min')), max: num(tag(perf, 'Interval-max')) }),
    pipelineType: tag(perf, 'PipelineType'),
    resources: resources(area, 'Resources'),
    available: resources(area, 'AvailableResources'),
  });
}

/** Rows `| Site Type | Used | Fixed | (Prohibited |) Available | Util% |` of every table, by site type. */
function utilizationRows(text: string): Map<string, Utilization> {
  const rows = new Map<string, Utilization>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 5 || cells[0] === 'Site Type') continue;
    const used = Number.parseFloat(cells[1]!);
    if (!Number.isFinite(used)) continue;
    const available = Number.parseFloat(cells[cells.length - 2]!);
    const percent = Number.parseFloat(cells[cells.length - 1]!.replace('<', ''));
    const key = cells[0]!.replace(/\*+$/, '').trim();
    if (!rows.has(key)) rows.set(key, defined({ used, available: Number.isFinite(available) ? available : undefined, percent: Number.isFinite(percent) ? percent : undefined }));
  }
  return rows;
}

/** Parse Vivado's `report_utilization` output (7-series and UltraScale row names). */
export function parseVivadoSynthRpt(text: string, file: string): VivadoSynthReport {
  const rows = utilizationRows(text);
  if (rows.size === 0) fail('E610', { file, reason: 'no utilization table' }, { file });
  const pick = (...names: string[]): Utilization | undefined => names.map((n) => rows.get(n)).find((u) => u !== undefined);
  const header = (name: string): string | undefined => new RegExp(`^\\|\\s*${name}\\s*:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
  return defined({
    file,
    version: header('Tool Version'),
    device: header('Device'),
    design: header('Design'),
    lut: pick('Slice LUTs', 'CLB LUTs'),
    ff: pick('Slice Registers', 'CLB Registers'),
    dsp: pick('DSPs'),
    bram: pick('Block RAM Tile'),
    uram: pick('URAM'),
  });
}

/** Files under `dir` (depth-limited, skipping hidden and dependency folders) whose name matches. */
function findFiles(dir: string, match: (name: string) => boolean, depth = 6): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory() && depth > 0) out.push(...findFiles(p, match, depth - 1));
    else if (st.isFile() && match(name)) out.push(p);
  }
  return out;
}

/** Read every vendor report under a project directory; E609 when there is none. */
export function readVendorReports(dir: string): VendorReports {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('E606', { path: dir, reason: 'not a directory' }, { file: dir });
  const csynth = findFiles(dir, (n) => n.endsWith('_csynth.xml')).map((f) => parseCsynthXml(readFileSync(f, 'utf8'), relative(dir, f) || f));
  const vivado = findFiles(dir, (n) => n === 'vivado_synth.rpt').map((f) => parseVivadoSynthRpt(readFileSync(f, 'utf8'), relative(dir, f) || f));
  if (csynth.length === 0 && vivado.length === 0) fail('E609', { path: dir }, { file: dir });
  return { dir, csynth, vivado };
}

function util(name: string, u: Utilization | undefined): string {
  if (u === undefined) return '';
  return `  ${name.padEnd(6)}${String(u.used).padStart(9)}${u.available !== undefined ? ` / ${u.available}` : ''}${u.percent !== undefined ? ` (${u.percent} %)` : ''}\n`;
}

function res(name: string, used: number | undefined, avail: number | undefined): string {
  if (used === undefined) return '';
  const pct = avail ? ` (${((100 * used) / avail).toFixed(2)} %)` : '';
  return `  ${name.padEnd(9)}${String(used).padStart(9)}${avail !== undefined ? ` / ${avail}` : ''}${pct}\n`;
}

/** Human-readable summary of the reports. */
export function formatVendorReports(r: VendorReports): string {
  let s = '';
  for (const c of r.csynth) {
    s += `HLS synthesis (${c.file}${c.version ? `, ${c.version}` : ''}): ${c.top ?? '?'} on ${c.part ?? '?'}\n`;
    s += `  clock    target ${c.clock.targetNs ?? '?'} ns, estimated ${c.clock.estimatedNs ?? '?'} ns, uncertainty ${c.clock.uncertaintyNs ?? '?'} ns\n`;
    s += `  latency  ${c.latency.best ?? '?'}–${c.latency.worst ?? '?'} cycles (best–worst), interval ${c.interval.min ?? '?'}–${c.interval.max ?? '?'}${c.pipelineType ? `, ${c.pipelineType}` : ''}\n`;
    s += res('LUT', c.resources.lut, c.available.lut) + res('FF', c.resources.ff, c.available.ff) + res('DSP', c.resources.dsp, c.available.dsp);
    s += res('BRAM_18K', c.resources.bram18k, c.available.bram18k) + res('URAM', c.resources.uram, c.available.uram);
  }
  for (const v of r.vivado) {
    s += `Vivado synthesis (${v.file}${v.device ? `, ${v.device}` : ''}):\n`;
    s += util('LUT', v.lut) + util('FF', v.ff) + util('DSP', v.dsp) + util('BRAM', v.bram) + util('URAM', v.uram);
  }
  return s.trimEnd();
}
