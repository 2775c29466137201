// Every Keras model of ../shared imports with hls4ml's graph shape: layer names kept, `<layer>_<activation>` nodes,
// hls4ml layer classes, weights read in the right layout.
import { expect, it } from 'vitest';
import { loadKeras } from '../../../src/frontends/keras/index.js';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

const K = (f: string) => sharedPath('models', 'keras', f);
const json = (m: string) => loadKeras(K(`${m}.json`), { weights: K(`${m}_weights.h5`) });
const summary = (g: Awaited<ReturnType<typeof loadKeras>>) => g.nodes.map((n) => `${n.name}:${n.layerClass}:${n.shape.join('x')}`);

describeShared('Keras models of ../shared', () => {
  it('KERAS_3layer: the layer list hls4ml parses (Dense + <name>_relu Activation, Softmax class)', async () => {
    const g = await json('KERAS_3layer');
    expect(summary(g)).toEqual([
      'input_1:InputLayer:16', 'fc1_relu:Dense:64', 'fc1_relu_relu:Activation:64', 'fc2_relu:Dense:32', 'fc2_relu_relu:Activation:32',
      'fc3_relu:Dense:32', 'fc3_relu_relu:Activation:32', 'output_softmax:Dense:5', 'output_softmax_softmax:Softmax:5',
    ]);
    expect(g.inputs).toEqual(['input_1']);
    expect(g.outputs).toEqual(['output_softmax_softmax']);
    const fc1 = g.nodes[1]!;
    expect(fc1.op.kind === 'dense' && fc1.op.weight.shape).toEqual([16, 64]);
    expect(fc1.source).toEqual({ file: K('KERAS_3layer.json'), node: 'fc1_relu', opType: 'Dense' });
  });

  it('KERAS_conv1d_small: Conv1D same padding, Flatten as Reshape (hls4ml layer list)', async () => {
    const g = await json('KERAS_conv1d_small');
    expect(summary(g)).toEqual([
      'input_1:InputLayer:10x4', 'conv1_relu:Conv1D:10x3', 'conv1_relu_relu:Activation:10x3', 'conv2_relu:Conv1D:10x2',
      'conv2_relu_relu:Activation:10x2', 'conv3_relu:Conv1D:10x1', 'conv3_relu_relu:Activation:10x1', 'flatten_1:Reshape:10',
      'fc1_relu:Dense:5', 'fc1_relu_relu:Activation:5', 'output_softmax:Dense:5', 'output_softmax_softmax:Softmax:5',
    ]);
    const c = g.nodes[1]!;
    expect(c.op.kind === 'conv' && c.op.pads).toEqual([1, 2]);
  });

  it('qkeras_mnist_dense: QActivation → Activation, po2 / quantized_bits declared types as hls4ml derives them', async () => {
    const g = await json('qkeras_mnist_dense');
    expect(summary(g)).toEqual([
      'input_3:InputLayer:784', 'q_activation_2:Activation:784', 'q_dense_2:Dense:20', 'q_dense_2_linear:Activation:20',
      'q_activation_3:Activation:20', 'q_dense_3:Dense:10', 'q_dense_3_linear:Activation:10', 'activation_3:Softmax:10',
    ]);
    const by = new Map(g.nodes.map((n) => [n.name, n]));
    expect(by.get('q_dense_2')!.declared).toEqual({
      weight: { kind: 'po2', width: 4, maxExponent: 7 },
      bias: { kind: 'fixed', type: { width: 2, integer: 1, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } },
    });
    const w3 = { kind: 'fixed', type: { width: 4, integer: 1, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } };
    expect(by.get('q_dense_3')!.declared).toEqual({ weight: w3, bias: w3 });
    expect(by.get('q_activation_2')!.declared!.result).toEqual({ width: 2, integer: 0, signed: false, rounding: 'AP_RND_CONV', overflow: 'AP_SAT', satBits: 0 });
    expect(by.get('q_activation_3')!.declared!.result).toMatchObject({ width: 3, integer: 1, signed: false });
    const d2 = by.get('q_dense_2')!;
    if (d2.op.kind !== 'dense') throw new Error('dense expected');
    // quantized_po2(4, 1): every weight is ±2^e with e in [-8, 7] (hls4ml notes: exponents -8..0 used).
    for (const w of d2.op.weight.data) expect(Number.isInteger(Math.log2(Math.abs(w))) && Math.log2(Math.abs(w)) >= -8).toBe(true);
    const b2 = d2.op.bias!.data;
    expect([...new Set(b2)].every((v) => [-0.5, 0, 0.5].includes(v))).toBe(true);
  });

  it('every other Keras JSON + H5 imports (Dropout as identity, BatchNorm, binary/ternary dense)', async () => {
    for (const m of ['KERAS_1layer', 'KERAS_3layer_batch_norm', 'KERAS_3layer_binary_smaller', 'KERAS_3layer_ternary_small', 'KERAS_conv2d_model', 'KERAS_dense_16x100x100x100x100x100x5', 'qkeras_3layer']) {
      const g = await json(m);
      expect(g.nodes.length).toBeGreaterThan(3);
    }
    const bn = await json('KERAS_3layer_batch_norm');
    expect(summary(bn).slice(0, 5)).toEqual(['input_1:InputLayer:16', 'fc1_relu:Dense:64', 'fc1_relu_linear:Activation:64', 'bn1:BatchNormalization:64', 'relu1:Activation:64']);
    const drop = await json('KERAS_conv2d_model');
    expect(drop.nodes.find((n) => n.name === 'dropout_1')!.op).toEqual({ kind: 'identity', reason: 'dropout' });
    const tern = await json('KERAS_3layer_ternary_small');
    const fc1 = tern.nodes.find((n) => n.name === 'fc1')!;
    expect(fc1.declared).toEqual({ weight: { kind: 'ternary' } });
    expect(fc1.op.kind === 'dense' && [...new Set(fc1.op.weight.data)].sort()).toEqual([-1, 0, 1]);
  });

  it('qkeras-v3_3layer.keras (Keras 3 archive) imports with the same graph as the Keras 2 qkeras_3layer', async () => {
    const a = await loadKeras(K('qkeras-v3_3layer.keras'));
    const b = await json('qkeras_3layer');
    expect(summary(a)).toEqual(summary(b));
    expect(a.nodes.map((n) => n.declared)).toEqual(b.nodes.map((n) => n.declared));
  });

  it('hgq_jet_classifier.h5 (full-model .h5 with HGQ FixedPointQuantizer layers): one E302 listing them all', async () => {
    const e = await loadKeras(K('hgq_jet_classifier.h5')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NnfabError);
    const err = e as NnfabError;
    expect(err.diagnostics).toHaveLength(1);
    expect(err.code).toBe('E302');
    expect(err.message).toContain('inp_q_quantizer (FixedPointQuantizer)');
    expect(err.message).toContain('dense_4_quantizer (FixedPointQuantizer)');
    expect(err.diagnostics[0]!.hint).toContain('QDense');
  });
});
