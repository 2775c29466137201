/**
 * The Verilog project: lower → schedule → emit. Writes `rtl/*.v` (the core, the tops and the library modules it uses),
 * `tb/tb.cpp` (Verilator testbenches for both tops) and `manifest.json` (ports, element bit ranges and types, latency,
 * per-layer report).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixedType } from '../../ir/fixed-type.js';
import { formatFixedType } from '../../fixed/index.js';
import type { Graph } from '../../ir/graph.js';
import { fail } from '../../diagnostics/errors.js';
import { writeOutputDir } from '../../io/output-dir.js';
import { emitCore, initiationInterval, packPorts, type ElementRange } from './emit-verilog.js';
import { lowerGraph, type LayerReport } from './lower.js';
import type { Netlist } from './netlist.js';
import { schedule } from './schedule.js';
import { estimate, type Estimate } from './synth.js';
import { emitTestbench } from './testbench.js';
import { emitAxisTop, emitPlainTop } from './top.js';

/** Options of the Verilog backend. */
export interface VerilogOptions {
  /** Module name prefix (a Verilog identifier). */
  readonly top?: string;
  /** Target clock period in ns; sets the logic levels per pipeline stage unless `levelsPerStage` is given. */
  readonly clockPeriod?: number;
  readonly levelsPerStage?: number;
  /** Whole-matrix subexpression sharing where bit-exact (default true); false gives plain adder trees. */
  readonly share?: boolean;
  /** DSP budget (default 0: every constant product becomes an adder graph). */
  readonly dspBudget?: number;
  readonly dspLutCost?: number;
  /** Parallel products one dense layer may build (default: NNFAB_MAX_RTL_PRODUCTS, else 2^18); E709 above. */
  readonly maxProducts?: number;
}

/** The per-layer product limit: the option, else NNFAB_MAX_RTL_PRODUCTS, else 2^18. */
function productLimit(opts: VerilogOptions): number {
  const env = Number(process.env['NNFAB_MAX_RTL_PRODUCTS']);
  return opts.maxProducts ?? (Number.isFinite(env) && env > 0 ? env : 2 ** 18);
}

/** A manifest port element. */
export interface ManifestElement {
  readonly port: string;
  readonly index: number;
  readonly lsb: number;
  readonly width: number;
  readonly type: string;
  readonly signed: boolean;
  readonly frac: number;
}

/** manifest.json of a Verilog project. */
export interface VerilogManifest {
  readonly format: 'nnfab-verilog-1';
  readonly top: string;
  readonly latency: number;
  /** Cycles between accepted inputs (1 unless a layer is folded with reuse factor > 1). */
  readonly interval: number;
  readonly levelsPerStage: number;
  readonly inWidth: number;
  readonly outWidth: number;
  readonly inputs: ManifestElement[];
  readonly outputs: ManifestElement[];
  readonly files: string[];
  readonly layers: LayerReport[];
  readonly adders: number;
  readonly registerBits: number;
  readonly estimate: Estimate;
}

/** Logic levels per stage for a clock period: about 1.25 ns per carry-chain adder level with routing. */
export function levelsFor(clockPeriod: number): number {
  return Math.max(1, Math.floor(clockPeriod / 1.25));
}

function manifestElems(r: ElementRange[]): ManifestElement[] {
  return r.map((e) => ({ port: e.port, index: e.index, lsb: e.lsb, width: e.width, type: formatFixedType(e.type), signed: e.type.signed, frac: e.type.width - e.type.integer }));
}

/** The library directory (lib/*.v beside this module, in src/ and in dist/). */
export function libDir(): string {
  return fileURLToPath(new URL('./lib/', import.meta.url));
}

/** Everything generated for one graph, in memory. */
export interface VerilogDesign {
  readonly files: Map<string, string>;
  readonly manifest: VerilogManifest;
  readonly netlist: Netlist;
}

/** Build the Verilog design of a quantized graph (no file output). */
export function buildVerilog(graph: Graph, opts: VerilogOptions = {}): VerilogDesign {
  const top = opts.top ?? 'nnfab_top';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(top)) fail('E706', { option: '--top', reason: `"${top}" is not a Verilog identifier`, hint: 'use letters, digits and _' });
  const levels = opts.levelsPerStage ?? levelsFor(opts.clockPeriod ?? 5);
  const { netlist, layers } = lowerGraph(graph, { share: opts.share ?? true, dspBudget: opts.dspBudget ?? 0, dspLutCost: opts.dspLutCost ?? 110, maxProducts: productLimit(opts) });
  const s = schedule(netlist, levels);
  const core = emitCore(netlist, s, `${top}_core`);
  const ins = packPorts(netlist.inputs);
  const outs = packPorts(netlist.outputs);
  const inW = ins.reduce((m, r) => m + r.width, 0);
  const outW = outs.reduce((m, r) => m + r.width, 0);
  const files = new Map<string, string>();
  files.set(`rtl/${top}_core.v`, core);
  files.set(`rtl/${top}.v`, emitPlainTop(top, `${top}_core`, inW, outW, s.latency, initiationInterval(netlist, s)));
  files.set(`rtl/${top}_axis.v`, emitAxisTop(top, `${top}_core`, inW, outW, s.latency));
  if (core.includes('nnfab_dense_fold')) files.set('rtl/nnfab_dense_fold.v', readFileSync(join(libDir(), 'nnfab_dense_fold.v'), 'utf8'));
  // the folded engine converts through nnfab_quant
  if (core.includes('nnfab_quant') || core.includes('nnfab_dense_fold')) files.set('rtl/nnfab_quant.v', readFileSync(join(libDir(), 'nnfab_quant.v'), 'utf8'));
  const ii = initiationInterval(netlist, s);
  files.set('tb/tb.cpp', emitTestbench(top, ins, outs, inW, outW, false, ii));
  files.set('tb/tb_axis.cpp', emitTestbench(top, ins, outs, inW, outW, true, ii));
  const regBits = (core.match(/^reg \[(\d+):0\]/gm) ?? []).reduce((m, l) => m + Number(/\[(\d+)/.exec(l)![1]) + 1, 0);
  const manifest: VerilogManifest = {
    format: 'nnfab-verilog-1',
    top,
    latency: s.latency,
    interval: initiationInterval(netlist, s),
    levelsPerStage: levels,
    inWidth: inW,
    outWidth: outW,
    inputs: manifestElems(ins),
    outputs: manifestElems(outs),
    files: [...files.keys()].filter((f) => f.startsWith('rtl/')),
    layers,
    adders: netlist.values.filter((v, i) => s.live[i] && (v.op.kind === 'add' || v.op.kind === 'neg')).length,
    registerBits: regBits,
    estimate: estimate(netlist, s, regBits),
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest, netlist };
}

/**
 * Write the Verilog project of a quantized graph into outDir atomically (built in a temporary sibling and renamed into
 * place, as every nnfab output directory is; `force` writes into a non-empty folder nnfab did not create); returns the
 * manifest.
 */
export async function convertVerilog(graph: Graph, outDir: string, opts: VerilogOptions & { readonly force?: boolean } = {}): Promise<VerilogManifest> {
  const d = buildVerilog(graph, opts);
  await writeOutputDir(
    outDir,
    (tmp) => {
      for (const [rel, text] of d.files) {
        const p = join(tmp, rel);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, text);
      }
    },
    { force: opts.force === true },
  );
  return d.manifest;
}

/** The fixed type of a manifest element, for reading raw values back as numbers. */
export type { FixedType };
