/** `nnfab synth DIR [--target xc7|xcup|ice40|generic] [--json]`: synthesize a Verilog project with Yosys (WebAssembly). */
import type { Command } from 'commander';
import { synthProject } from '../api/verilog.js';
import { SYNTH_TARGETS, type SynthTarget } from '../backends/rtl/synth.js';
import { fail } from '../diagnostics/errors.js';
import { configureProgress, progress } from '../io/progress.js';

interface Flags {
  target: string;
  json?: boolean;
  jobs?: string;
}

/** Register `nnfab synth`. */
export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('synthesize a Verilog project (nnfab convert --backend verilog) with Yosys: LUT, FF, CARRY, DSP, BRAM, LUT-eq = LUT + 55·DSP')
    .argument('<dir>', 'Verilog project directory')
    .option('--target <t>', `target: ${SYNTH_TARGETS.join(', ')} (xcup LUT counts run high in this Yosys; xc7 is the reference)`, 'xc7')
    .option('--jobs <n>', 'parallel Yosys runs: the netlist is split between registers into n parts (default: the cores, at most 8; 1 for small designs)')
    .option('--json', 'print a JSON summary')
    .action(async (dir: string, o: Flags) => {
      if (!(SYNTH_TARGETS as readonly string[]).includes(o.target)) fail('E003', { option: '--target', reason: `"${o.target}" is not one of ${SYNTH_TARGETS.join(', ')}`, command: 'synth' });
      const jobs = o.jobs === undefined ? undefined : Number(o.jobs);
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) fail('E003', { option: '--jobs', reason: `"${o.jobs}" is not a whole number ≥ 1`, command: 'synth' });
      if (o.json) configureProgress({ enabled: false });
      const p = progress(`Yosys (${o.target})`, 100);
      const r = await synthProject(dir, o.target as SynthTarget, undefined, { ...(jobs === undefined ? {} : { jobs }), onProgress: (f) => p.set(Math.round(100 * f)) }).catch((e: unknown) => {
        p.fail();
        throw e;
      });
      p.done(r.synth.parts > 1 ? `${r.synth.parts} parts in parallel` : 'one run');
      if (o.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const s = r.synth;
      const rows = o.target === 'generic' ? [['gates', s.cells], ['FF', s.ff]] : [['LUT', s.lut], ['FF', s.ff], ['CARRY', s.carry], ['DSP', s.dsp], ['BRAM', s.bram], ['LUT-eq (LUT + 55·DSP)', s.lutEq]];
      for (const [k, v] of rows) process.stdout.write(`${String(k).padEnd(24)}${v}\n`);
      if (s.logicDepth !== null) process.stdout.write(`logic depth             ${s.logicDepth} cells\n`);
      process.stdout.write(`latency                 ${r.latency} cycles\n`);
      process.stdout.write(`estimate                ${r.estimate.adders} adders, ${r.estimate.adderBits} adder bits, ${r.estimate.registerBits} register bits, ~${r.estimate.lutEstimate} LUT\n`);
    });
}
