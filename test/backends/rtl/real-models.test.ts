// Real dense models: the netlist interpreter equals the emulator bit for bit; one Verilator run per representative model.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildVerilog, convertVerilog } from '../../../src/backends/rtl/project.js';
import { simulateProject, writeVerilogProject } from '../../../src/api/verilog.js';
import { rng } from './fixtures.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { hasVerilator, lintProject } from '../../../src/backends/rtl/verilator.js';
import { describeShared } from '../../helpers/shared.js';
import { emulatorVectors, kerasModel, onnxModel } from './real-models.js';

const MODELS: [string, string, string, string | undefined][] = [
  ['KERAS_3layer', 'KERAS_3layer.json', 'KERAS_3layer_weights.h5', undefined],
  ['KERAS_3layer 70% pruned', 'KERAS_3layer.json', 'KERAS_3layer_70pruned_retrained_weights.h5', undefined],
  ['KERAS_1layer', 'KERAS_1layer.json', 'KERAS_1layer_weights.h5', undefined],
  ['batch_norm', 'KERAS_3layer_batch_norm.json', 'KERAS_3layer_batch_norm_weights.h5', undefined],
  ['qkeras_3layer', 'qkeras_3layer.json', 'qkeras_3layer_weights.h5', 'qkeras_3layer_config.yml'],
  ['binary', 'KERAS_3layer_binary_smaller.json', 'KERAS_3layer_binary_smaller_weights.h5', undefined],
  ['ternary', 'KERAS_3layer_ternary_small.json', 'KERAS_3layer_ternary_small_weights.h5', undefined],
  ['qkeras_mnist_dense', 'qkeras_mnist_dense.json', 'qkeras_mnist_dense_weights.h5', 'qkeras_mnist_dense_config.yml'],
];

const ONNX = ['three_layer_keras.onnx', 'two_layer_keras.onnx', 'three_layer_pytorch.onnx', 'two_layer_pytorch.onnx'];

const LINTED = new Set(['KERAS_3layer 70% pruned', 'ternary']);

describeShared('real dense models through the Verilog backend', () => {
  for (const [name, json, weights, cfg] of MODELS) {
    it(`${name}: netlist interpreter equals the emulator`, async () => {
      const g = await kerasModel(json, weights, cfg);
      const { inputs, outputs } = emulatorVectors(g, 60);
      const d = buildVerilog(g);
      expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
      // lint is run on two representative designs (all eight were checked clean; each takes seconds)
      if (hasVerilator() && LINTED.has(name)) {
        const dir = mkdtempSync(join(tmpdir(), 'nnfab-lint-'));
        await convertVerilog(g, dir);
        expect(lintProject(dir)).toBe('');
      }
    });
  }

  it('KERAS_3layer 70% pruned at reuse factor 4 (folded engines): netlist interpreter equals the emulator', async () => {
    const g0 = await kerasModel('KERAS_3layer.json', 'KERAS_3layer_70pruned_retrained_weights.h5');
    const g = { ...g0, nodes: g0.nodes.map((n) => (n.op.kind === 'dense' ? { ...n, config: { ...n.config!, reuseFactor: 4 } } : n)) };
    const { inputs, outputs } = emulatorVectors(g, 60);
    const d = buildVerilog(g);
    expect(d.manifest.interval).toBe(4);
    expect(d.netlist.values.filter((v) => v.op.kind === 'fold').length).toBe(4);
    expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
  });

  for (const file of ONNX) {
    it(`${file}: netlist interpreter equals the emulator`, async () => {
      const g = await onnxModel(file);
      const { inputs, outputs } = emulatorVectors(g, 60);
      expect(inputs.map((s) => evalNetlist(buildVerilog(g).netlist, [s])[0])).toEqual(outputs);
    });
  }

  it.skipIf(!hasVerilator())('KERAS_1layer: nnfab sim passes every sample at reuse factor 1 (plain and AXI-Stream tops) and 2; lint clean', async () => {
    const g = await kerasModel('KERAS_1layer.json', 'KERAS_1layer_weights.h5');
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rtl-'));
    const out = join(dir, 'proj');
    await writeVerilogProject(g, out);
    expect(lintProject(out)).toBe('');
    expect(lintProject(out, true)).toBe('');
    const r = rng(11);
    const rows = Array.from({ length: 300 }, () => Array.from({ length: 10 }, () => ((r() * 2 - 1) * 4).toFixed(4)).join(','));
    writeFileSync(join(dir, 'x.csv'), rows.join('\n') + '\n');
    expect(simulateProject(out, { input: join(dir, 'x.csv'), output: join(dir, 'y.csv') })).toMatchObject({ passed: 300, failed: 0 });
    expect(simulateProject(out, { input: join(dir, 'x.csv'), axis: true })).toMatchObject({ passed: 300, failed: 0 });
    // the same model folded (reuse factor 2): one result every 2 cycles, both tops
    const folded = { ...g, nodes: g.nodes.map((n) => (n.op.kind === 'dense' ? { ...n, config: { ...n.config!, reuseFactor: 2 } } : n)) };
    const out2 = join(dir, 'proj-r2');
    expect((await writeVerilogProject(folded, out2)).interval).toBe(2);
    expect(lintProject(out2)).toBe('');
    expect(simulateProject(out2, { input: join(dir, 'x.csv') })).toMatchObject({ passed: 300, failed: 0 });
    // (the folded engine behind the AXI-Stream top is simulated on the hand-typed net; one build fewer here)
  }, 600_000);
});
