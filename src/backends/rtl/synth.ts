/**
 * Synthesis of a Verilog project with Yosys (@yowasp/yosys in a worker thread), and an analytic estimate computed from
 * the netlist in milliseconds. Xilinx targets report LUT / FF / CARRY / DSP / BRAM and LUT-eq = LUT + 55·DSP;
 * `generic` reports a gate count as an ASIC-area proxy; ice40 reports LCs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { fail } from '../../diagnostics/errors.js';
import type { Netlist } from './netlist.js';
import type { Schedule } from './schedule.js';
import { readManifest } from './verilator.js';

/** Synthesis targets. */
export const SYNTH_TARGETS = ['xc7', 'xcup', 'ice40', 'generic'] as const;
export type SynthTarget = (typeof SYNTH_TARGETS)[number];

/** Resource figures of one synthesis run. */
export interface SynthResult {
  readonly target: SynthTarget;
  readonly lut: number;
  readonly ff: number;
  readonly carry: number;
  readonly dsp: number;
  readonly bram: number;
  readonly lutEq: number;
  /** Sum of all cells (for `generic`: logic gates). */
  readonly cells: number;
  readonly byType: Record<string, number>;
  /** Longest path in cells between flip-flops (xc7 only; null when not measured). */
  readonly logicDepth: number | null;
  readonly seconds: number;
}

function script(target: SynthTarget, top: string, files: readonly string[]): string {
  const read = files.map((f) => `read_verilog ${f}`).join('\n');
  switch (target) {
    case 'xc7':
      return `${read}\nsynth_xilinx -flatten -abc9 -noiopad -noclkbuf -top ${top}\ntee -q -o stat.json stat -json\ntee -q -o ltp.txt ltp -noff\n`;
    case 'xcup':
      return `${read}\nsynth_xilinx -family xcup -flatten -abc9 -noiopad -noclkbuf -top ${top}\ntee -q -o stat.json stat -json\n`;
    case 'ice40':
      return `${read}\nsynth_ice40 -top ${top}\ntee -q -o stat.json stat -json\n`;
    case 'generic':
      return `${read}\nsynth -flatten -top ${top}\nabc -g AND,NAND,OR,NOR,XOR,XNOR,MUX\nopt_clean\ntee -q -o stat.json stat -json\n`;
  }
}

// The worker body (plain JS, so it runs from src/ under tests and from dist/ alike): Yosys blocks its thread and
// ignores signals, so it runs here; the parent gets log lines for progress and the output files at the end.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { runYosys } = await import(workerData.module);
  const dec = new TextDecoder();
  let buf = '';
  const stdout = (bytes) => {
    if (bytes === null || bytes === undefined) return;
    buf += typeof bytes === 'string' ? bytes : dec.decode(bytes, { stream: true });
    const lines = buf.split('\\n');
    buf = lines.pop();
    for (const l of lines) parentPort.postMessage({ kind: 'log', line: l });
  };
  try {
    const out = (await runYosys(workerData.args, { ...workerData.files }, { stdout, stderr: stdout })) || {};
    const files = {};
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'string') files[k] = v;
      else if (ArrayBuffer.isView(v)) files[k] = dec.decode(v);
    }
    parentPort.postMessage({ kind: 'done', files });
  } catch (e) {
    parentPort.postMessage({ kind: 'error', message: String(e && e.message || e) });
  }
})();
`;

/** Run Yosys in a worker; `onLine` sees every log line (for a progress indicator). */
export function runYosysWorker(args: string[], files: Record<string, string>, onLine?: (l: string) => void): Promise<Record<string, string>> {
  return new Promise((resolvePromise, reject) => {
    const module = pathToFileURL(createRequire(import.meta.url).resolve('@yowasp/yosys')).href;
    const w = new Worker(WORKER, { eval: true, workerData: { args, files, module } });
    const log: string[] = [];
    w.on('message', (m: { kind: string; line?: string; files?: Record<string, string>; message?: string }) => {
      if (m.kind === 'log') {
        log.push(m.line!);
        onLine?.(m.line!);
      } else if (m.kind === 'done') {
        void w.terminate();
        resolvePromise(m.files!);
      } else {
        void w.terminate();
        reject(new Error(`${m.message}\n${log.slice(-20).join('\n')}`));
      }
    });
    w.on('error', reject);
  });
}

function count(byType: Record<string, number>, re: RegExp): number {
  return Object.entries(byType).reduce((m, [k, v]) => (re.test(k) ? m + v : m), 0);
}

function parseDepth(text: string | undefined): number | null {
  const m = text === undefined ? null : /length=(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Synthesize the project in `dir` for `target`. */
export async function synthesize(dir: string, target: SynthTarget, onLine?: (l: string) => void): Promise<SynthResult> {
  const m = readManifest(dir);
  const files: Record<string, string> = {};
  for (const f of m.files) files[f.replace(/\//g, '_')] = readFileSync(join(dir, f), 'utf8');
  files['run.ys'] = script(target, m.top, Object.keys(files));
  const t0 = Date.now();
  let out: Record<string, string>;
  try {
    out = await runYosysWorker(['-q', 'run.ys'], files, onLine);
  } catch (e) {
    return fail('E705', { reason: (e instanceof Error ? e.message : String(e)).split('\n')[0]!, log: 'the output above' });
  }
  const stat = JSON.parse(out['stat.json'] ?? '{}') as { design?: { num_cells_by_type?: Record<string, number>; num_cells?: number } };
  const byType = stat.design?.num_cells_by_type ?? {};
  const lut = count(byType, /^(LUT\d|SB_LUT4)$/);
  const dsp = count(byType, /^(DSP48|SB_MAC16)/);
  return {
    target,
    lut,
    ff: count(byType, /^(FD|SB_DFF|\$_S?DFF)/),
    carry: count(byType, /^(CARRY|SB_CARRY)/),
    dsp,
    bram: count(byType, /^(RAMB|SB_RAM)/),
    lutEq: lut + 55 * dsp,
    cells: target === 'generic' ? count(byType, /^\$_/) : (stat.design?.num_cells ?? 0),
    byType,
    logicDepth: parseDepth(out['ltp.txt']),
    seconds: (Date.now() - t0) / 1000,
  };
}

/** Analytic estimate from the netlist: adder bits (≈ LUTs on 6-LUT FPGAs with carry chains) and register bits. */
export interface Estimate {
  readonly adders: number;
  readonly adderBits: number;
  readonly registerBits: number;
  readonly romBits: number;
  readonly multipliers: number;
  readonly lutEstimate: number;
}

/** Estimate resources of a scheduled netlist. */
export function estimate(nl: Netlist, s: Schedule, registerBits: number): Estimate {
  let adders = 0;
  let adderBits = 0;
  let romBits = 0;
  let muls = 0;
  let other = 0;
  nl.values.forEach((v, id) => {
    if (!s.live[id]) return;
    switch (v.op.kind) {
      case 'add':
      case 'neg':
        adders++;
        adderBits += v.width;
        break;
      case 'rom':
        romBits += v.op.table.length * v.width;
        other += Math.ceil((v.op.table.length * v.width) / 64);
        break;
      case 'mul':
        muls++;
        break;
      case 'max':
      case 'min':
      case 'mux':
      case 'relu':
      case 'gt':
        other += v.width;
        break;
      case 'cast': {
        // truncation and wrapping are wiring; rounding and saturation cost about one LUT per bit
        const rounds = nl.get(v.op.a).frac > v.frac && v.op.to.rounding !== 'AP_TRN';
        const sat = v.op.overflows && v.op.to.overflow !== 'AP_WRAP';
        other += rounds || sat ? v.width : 0;
        break;
      }
      default:
        break;
    }
  });
  // calibrated on synth_xilinx -abc9 runs: LUTs ≈ 0.7 per adder bit (low bits of shifted operands pass through)
  return { adders, adderBits, registerBits, romBits, multipliers: muls, lutEstimate: Math.round(0.7 * adderBits + other) };
}
