// The 70%-pruned jet tagger with overflow-safe types (name granularity, inferred accumulators): every dense layer
// shares across the whole matrix, the netlist equals the emulator bit for bit, and the adders stay ≤ 0.6 × naive.
import { expect, it } from 'vitest';
import { loadKeras } from '../../../src/frontends/keras/index.js';
import { configFromModel, quantizeGraph } from '../../../src/api/configure.js';
import { buildVerilog } from '../../../src/backends/rtl/project.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';
import { emulatorVectors } from './real-models.js';

describeShared('whole-matrix sharing on a real model', () => {
  it('70% pruned jet tagger, overflow-safe types: exact mode, bit-exact, adders ≤ 0.6 × naive', async () => {
    const f = await loadKeras(sharedPath('models/keras', 'KERAS_3layer.json'), { weights: sharedPath('models/keras', 'KERAS_3layer_70pruned_retrained_weights.h5') });
    const g = quantizeGraph(f, configFromModel(f, { granularity: 'name', backend: 'Vivado' }), { safeTypes: true }).graph;
    const d = buildVerilog(g);
    const dense = d.manifest.layers.filter((l) => l.mode !== undefined);
    expect(dense.map((l) => l.mode)).toEqual(['exact', 'exact', 'exact', 'exact']);
    const adders = dense.reduce((m, l) => m + l.adders!, 0);
    const naive = dense.reduce((m, l) => m + l.naiveAdders!, 0);
    expect(dense.reduce((m, l) => m + l.digits!, 0)).toBe(3977);
    expect(adders / naive).toBeLessThanOrEqual(0.6);
    const { inputs, outputs } = emulatorVectors(g, 60);
    expect(inputs.map((s) => evalNetlist(d.netlist, [s])[0])).toEqual(outputs);
  }, 120_000);
});
