// Real dense models: the netlist interpreter equals the emulator bit for bit; one Verilator run per representative model.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildVerilog, convertVerilog } from '../../../src/backends/rtl/project.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { buildSimulator, hasVerilator, lintProject, runSimulator } from '../../../src/backends/rtl/verilator.js';
import { describeShared } from '../../helpers/shared.js';
import { emulatorVectors, kerasModel } from './real-models.js';

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

describeShared('real dense models through the Verilog backend', () => {
  for (const [name, json, weights, cfg] of MODELS) {
    it(`${name}: netlist interpreter equals the emulator`, async () => {
      const g = await kerasModel(json, weights, cfg);
      const { inputs, outputs } = emulatorVectors(g, 60);
      const d = buildVerilog(g);
      expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
    });
  }

  it.skipIf(!hasVerilator())('qkeras_3layer: Verilator bit-exact and lint clean', async () => {
    const g = await kerasModel('qkeras_3layer.json', 'qkeras_3layer_weights.h5', 'qkeras_3layer_config.yml');
    const { inputs, outputs } = emulatorVectors(g, 500);
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-rtl-'));
    convertVerilog(g, dir);
    expect(lintProject(dir)).toBe('');
    expect(runSimulator(dir, buildSimulator(dir), inputs)).toEqual(outputs);
  });
});
