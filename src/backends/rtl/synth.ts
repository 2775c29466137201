/**
 * Synthesis of a Verilog project with Yosys (@yowasp/yosys in a worker thread), and an analytic estimate computed from
 * the netlist in milliseconds. Xilinx targets report LUT / FF / CARRY / DSP / BRAM and LUT-eq = LUT + 55·DSP;
 * `generic` reports a gate count as an ASIC-area proxy; ice40 reports LCs.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fail } from '../../diagnostics/errors.js';
import type { Netlist } from './netlist.js';
import type { Schedule } from './schedule.js';
import { partitionDesign, type YosysJson } from './synth-partition.js';
import { runYosysWorker } from './synth-worker.js';
import { readManifest } from './verilator.js';

export { runYosysWorker } from './synth-worker.js';

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
  /** Yosys runs the netlist was split into (1: one flat run). */
  readonly parts: number;
  readonly seconds: number;
}

/** How `synthesize` runs Yosys. */
export interface SynthOptions {
  /**
   * Yosys runs at once. Above one, the flattened netlist is split between registers into that many parts that
   * synthesize in parallel (the same cells as one run: ABC maps only the logic between registers). Default: the
   * available cores (at most 8) for designs with SPLIT_MIN_BYTES of Verilog or more, else 1 (one flat run).
   */
  readonly jobs?: number;
  /** Fraction of the synthesis done, in [0, 1] (counted in Yosys passes; for a progress bar). */
  readonly onProgress?: (fraction: number) => void;
}

/** Parallel Yosys runs by default: the cores, at most 8 (each run holds a WebAssembly Yosys of up to ~1 GB). */
export function defaultJobs(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Rough wall time of an xc7 synthesis of a design with `adders` adders on `jobs` parallel runs, in seconds; measured
 * on pipelined adder-graph designs of 100-3000 adders (WebAssembly Yosys; the pruned jet tagger, 3072 adders: 177 s
 * on 2 cores, before the ABC9 script was shortened): one core spends about SECONDS_PER_ADDER per adder, the split's
 * serial first step about 2 % of that, and every run starts in about 10 s. With the shorter ABC9 script the pruned
 * jet tagger takes 68-73 s: the prediction stays on the safe side of the demo's time limit (loaded machines, wider
 * adders).
 */
export function predictSynthSeconds(adders: number, jobs = defaultJobs()): number {
  const work = SECONDS_PER_ADDER * adders;
  return jobs <= 1 ? 10 + work : 10 + 0.02 * work + 10 + work / jobs;
}

/** Core-seconds of Yosys per adder (see predictSynthSeconds). */
export const SECONDS_PER_ADDER = 0.12;

/** Smaller designs synthesize in one run: a split costs one more Yosys start (a few seconds). */
export const SPLIT_MIN_BYTES = 60_000;

// ABC9's default script minus &scorr (sequential; ABC sees only the combinational logic), &dc2, &dch and &mfs: on
// the pruned jet tagger's parts those cost 5 of ABC's 6 s per run and the mapped LUTs were within 0.02 % (&mfs alone
// took 50-85 % of a run before); &sweep stays — without it dangling CARRY4 boxes survive (+3 % CARRY, +2 % LUT)
const ABC9_SCRIPT = 'scratchpad -set abc9.script "+&sweep;&if,{C},{W},{D},{R},-v"';
const XILINX = '-flatten -abc9 -noiopad -noclkbuf';

/**
 * synth_xilinx -abc9 run label by label: `map_memory` only where the design has memories (parsing the block-RAM
 * mapping library alone takes 2-3 s per run), and for xc7 its `begin` without cells_xtra.v (2 s to parse per run:
 * every primitive synth_xilinx maps xc7 designs to is in cells_sim.v; xcup's DSP48E2 and block RAMs are not).
 */
function xilinx(family: 'xc7' | 'xcup', top: string, memories: boolean): string {
  const run = (labels: string): string => `synth_xilinx ${family === 'xc7' ? '' : `-family ${family} `}${XILINX} -top ${top} -run ${labels}`;
  const head = family === 'xc7' ? `read_verilog -lib -specify +/xilinx/cells_sim.v\nhierarchy -check -top ${top}\n` : '';
  const from = family === 'xc7' ? 'prepare' : 'begin';
  const body = memories ? run(`${from}:`) : `${run(`${from}:map_memory`)}\n${run('map_ffram:')}`;
  return `${ABC9_SCRIPT}\n${head}${body}`;
}

function script(target: SynthTarget, top: string, read: string, memories = true): string {
  const stat = 'tee -q -o stat.json stat -json';
  switch (target) {
    case 'xc7':
      return `${read}\n${xilinx('xc7', top, memories)}\n${stat}\ntee -q -o ltp.txt ltp -noff\n`;
    case 'xcup':
      return `${read}\n${xilinx('xcup', top, memories)}\n${stat}\n`;
    case 'ice40':
      return `${read}\nsynth_ice40 -top ${top}\n${stat}\n`;
    case 'generic':
      return `${read}\nsynth -flatten -top ${top}\nabc -g AND,NAND,OR,NOR,XOR,XNOR,MUX\nopt_clean\n${stat}\n`;
  }
}

/**
 * The first step of a split run: the flat word-level netlist as JSON after the coarse steps every synth script
 * starts with (opt, fsm, wreduce, peepopt), so constants and unread bits are known across registers before the split
 * (without wreduce here the split kept 1.6 % more flip-flops on the test net; with these steps it equals one run).
 */
function prepareScript(top: string, read: string): string {
  return `${read}\nhierarchy -top ${top}\nproc\nflatten\nopt_expr\nopt_clean\nopt -nodffe -nosdff\nfsm\nopt\nwreduce\npeepopt\nopt_clean\nmemory_collect\nopt_clean\nwrite_json design.json\n`;
}

// passes a synth_* script runs (the numbered N.M steps of its log), and the share of a split run spent preparing
const STEPS: Record<SynthTarget, number> = { xc7: 49, xcup: 49, ice40: 40, generic: 30 };
const PREPARE_SHARE = 0.08;

/** Progress of parallel runs of one synth script as one fraction. */
class Tracker {
  private readonly steps: number[];
  constructor(
    runs: number,
    private readonly target: SynthTarget,
    private readonly onProgress?: (f: number) => void,
  ) {
    this.steps = new Array<number>(runs).fill(0);
  }
  /** A log line of run k: its passes are numbered N.M. */
  line(k: number, l: string): void {
    if (!/^\d+\.\d+\. Executing /.test(l)) return;
    this.steps[k] = Math.min(this.steps[k]! + 1, STEPS[this.target] - 1);
    this.report();
  }
  finished(k: number): void {
    this.steps[k] = STEPS[this.target];
    this.report();
  }
  private report(): void {
    this.onProgress?.(this.steps.reduce((m, s) => m + s, 0) / (STEPS[this.target] * this.steps.length));
  }
}

async function run(script: string, files: Record<string, string>, k: number, track: Tracker, onLine?: (l: string) => void): Promise<Record<string, string>> {
  const out = await runYosysWorker(['run.ys'], { ...files, 'run.ys': script }, (l) => {
    onLine?.(l);
    track.line(k, l);
  });
  track.finished(k);
  return out;
}

async function runSplit(files: Record<string, string>, read: string, top: string, target: SynthTarget, jobs: number, opts: SynthOptions, onLine?: (l: string) => void): Promise<Record<string, string>[]> {
  const pre = await runYosysWorker(['-q', 'run.ys'], { ...files, 'run.ys': prepareScript(top, read) }, onLine);
  opts.onProgress?.(PREPARE_SHARE);
  const parts = partitionDesign(JSON.parse(pre['design.json'] ?? '{}') as YosysJson, top, jobs);
  const track = new Tracker(parts.length, target, (f) => opts.onProgress?.(PREPARE_SHARE + (1 - PREPARE_SHARE) * f));
  return Promise.all(parts.map((p, k) => run(script(target, p.name, 'read_json part.json', p.memories), { 'part.json': p.json }, k, track, onLine)));
}

function count(byType: Record<string, number>, re: RegExp): number {
  return Object.entries(byType).reduce((m, [k, v]) => (re.test(k) ? m + v : m), 0);
}

function parseDepth(text: string | undefined): number | null {
  const m = text === undefined ? null : /length=(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Synthesize the project in `dir` for `target`; `onLine` sees Yosys' log lines (for a progress indicator). */
export async function synthesize(dir: string, target: SynthTarget, onLine?: (l: string) => void, opts: SynthOptions = {}): Promise<SynthResult> {
  const m = readManifest(dir);
  const files: Record<string, string> = {};
  for (const f of m.files) files[f.replace(/\//g, '_')] = readFileSync(join(dir, f), 'utf8');
  const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);
  const jobs = Math.max(1, Math.floor(opts.jobs ?? (bytes >= SPLIT_MIN_BYTES ? defaultJobs() : 1)));
  const read = Object.keys(files).map((f) => `read_verilog ${f}`).join('\n');
  const t0 = Date.now();
  let outs: Record<string, string>[];
  try {
    outs = jobs === 1 ? [await run(script(target, m.top, read), files, 0, new Tracker(1, target, opts.onProgress), onLine)] : await runSplit(files, read, m.top, target, jobs, opts, onLine);
  } catch (e) {
    return fail('E705', { reason: (e instanceof Error ? e.message : String(e)).split('\n')[0]!, log: 'the output above' });
  }
  return result(target, outs, (Date.now() - t0) / 1000);
}

/** Resource figures summed over the runs of a split (one run: its own figures); logic depth is the deepest part's. */
function result(target: SynthTarget, outs: readonly Record<string, string>[], seconds: number): SynthResult {
  const byType: Record<string, number> = {};
  let cells = 0;
  let depth: number | null = null;
  for (const o of outs) {
    const stat = JSON.parse(o['stat.json'] ?? '{}') as { design?: { num_cells_by_type?: Record<string, number>; num_cells?: number } };
    for (const [k, v] of Object.entries(stat.design?.num_cells_by_type ?? {})) byType[k] = (byType[k] ?? 0) + v;
    cells += stat.design?.num_cells ?? 0;
    const d = parseDepth(o['ltp.txt']);
    if (d !== null) depth = Math.max(depth ?? 0, d);
  }
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
    cells: target === 'generic' ? count(byType, /^\$_/) : cells,
    byType,
    logicDepth: depth,
    parts: outs.length,
    seconds,
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
