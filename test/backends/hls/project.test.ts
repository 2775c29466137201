// The project writer: hls4ml's file layout, deterministic bytes, legal reuse factors, safe output directories.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hlsProjectFiles, writeHlsProject, type HlsProjectOptions } from '../../../src/backends/hls/project.js';
import { isLegalReuse, legalReuseFactors } from '../../../src/backends/hls/reuse.js';
import { runCsim } from '../../../src/backends/hls/csim.js';
import { denseGraph } from './graphs.js';
import { codeAndMessage as codeOf } from '../../helpers/errors.js';

const opts: HlsProjectOptions = { projectName: 'myproject', backend: 'vivado', ioType: 'io_parallel', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5 };


describe('HLS project writer', () => {
  it('writes the files hls4ml users expect, with vendor build scripts', () => {
    const files = hlsProjectFiles(denseGraph(1, 1, 'latency'), { ...opts, testVectors: { inputs: [new Float64Array(32).fill(0.5)], outputs: [new Float64Array(10)], batch: 2 } });
    for (const f of ['firmware/myproject.cpp', 'firmware/myproject.h', 'firmware/defines.h', 'firmware/parameters.h', 'firmware/weights/w2.h', 'firmware/nnfab/nnfab_dense.h', 'myproject_test.cpp', 'build_prj.tcl', 'vivado_synth.tcl', 'hls4ml_config.yml', 'tb_data/tb_input_features.dat', 'tb_data/tb_output_predictions.dat']) {
      expect(files.has(f), f).toBe(true);
    }
    expect(files.get('build_prj.tcl')).toContain('vivado_hls -f build_prj.tcl');
    expect(files.get('build_prj.tcl')).toMatch(/csim_design[\s\S]*csynth_design[\s\S]*cosim_design[\s\S]*export_design[\s\S]*vivado -mode batch -source vivado_synth.tcl/);
    expect(hlsProjectFiles(denseGraph(1, 1, 'latency'), { ...opts, backend: 'vitis' }).get('build_prj.tcl')).toContain('vitis-run --mode hls --tcl build_prj.tcl');
    expect(files.get('firmware/defines.h')).toContain('typedef ap_fixed<12,5,AP_RND,AP_SAT> layer2_t;');
    expect(files.get('tb_data/tb_input_features.dat')!.trim().split('\n')).toHaveLength(2);
    // generated code includes only the public vendor headers
    const includes = [...files.values()].join('\n').match(/#include <[^>]+>/g)!;
    expect(new Set(includes.filter((i) => i.includes('ap_') || i.includes('hls')))).toEqual(new Set(['#include <ap_fixed.h>', '#include <ap_int.h>', '#include <hls_stream.h>']));
  });

  it('is deterministic', () => {
    const a = hlsProjectFiles(denseGraph(4, 8, 'resource'), { ...opts, ioType: 'io_stream' });
    const b = hlsProjectFiles(denseGraph(4, 8, 'resource'), { ...opts, ioType: 'io_stream' });
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('writes only the nonzero weights, as exact literals of the weight type', () => {
    const g = denseGraph(1, 1, 'latency');
    const w = (g.nodes[1]!.op as { weight: { data: Float64Array } }).weight.data;
    const nnz = w.filter((v) => v !== 0).length;
    expect(nnz).toBeLessThan(w.length);
    const text = hlsProjectFiles(g, opts).get('firmware/weights/w2.h')!;
    expect(text).toContain(`static const weight2_t w2[${nnz}]`);
    // ap_fixed<10,2>: every weight is a multiple of 2^-8, written exactly
    const lits = /w2\[\d+\] = \{([^}]*)\}/.exec(text)![1]!.split(',').map((s) => Number(s.trim()));
    expect(lits.every((v) => Number.isInteger(v * 256))).toBe(true);
  });

  it('checks reuse factors with hls4ml\'s rule and lists the legal ones (E603)', () => {
    expect(legalReuseFactors(16, 64)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(legalReuseFactors(16, 10)).toEqual([1, 2, 4, 8, 16, 32, 80, 160]);
    expect(isLegalReuse(5, 5, 2)).toBe(false);
    const msg = codeOf(() => hlsProjectFiles(denseGraph(3, 1, 'resource'), opts));
    expect(msg).toMatch(/^E603/);
    expect(msg).toContain('reuse factor 3 is not legal for layer "d1" (16 inputs × 8 outputs)');
    expect(msg).toContain('legal reuse factors: 1, 2, 4, 8, 16, 32, 64, 128');
  });

  it('csim on a directory that is not an HLS project says E606', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-none-'));
    expect(codeOf(() => runCsim(dir, [new Float64Array(16)], 1))).toMatch(/^E606/);
  });

  it('refuses a non-empty directory it did not write, unless --force, and keeps user files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-out-'));
    const target = join(dir, 'prj');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    await expect(writeHlsProject(denseGraph(1, 1, 'latency'), target, opts)).rejects.toThrow(/E005/);
    await writeHlsProject(denseGraph(1, 1, 'latency'), target, opts, true);
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(target, 'firmware/myproject.cpp'))).toBe(true);
    // nnfab's own directory is rewritten without --force
    await writeHlsProject(denseGraph(1, 1, 'latency'), target, opts);
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
