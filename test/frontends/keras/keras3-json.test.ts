// Keras 3 spellings: `__keras_tensor__` inbound nodes (merge inputs as a nested list), batch_shape, a single output
// given as one triple, unnamed positional weights, and Keras 3's hard_sigmoid slope.
import { describe, expect, it } from 'vitest';
import { runFloat } from '../../../src/emulator/float.js';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../../../src/frontends/keras/index.js';

const t = (layer: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: [layer, 0, 0] } });
const input = (name: string) => ({ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 2], dtype: 'float32', name }, name, inbound_nodes: [] });
const dense = (name: string, from: string, activation: string) => ({
  module: 'keras.layers', class_name: 'Dense', config: { name, units: 2, activation, use_bias: true }, name, inbound_nodes: [{ args: [t(from)], kwargs: {} }],
});

const MODEL = {
  module: 'keras', class_name: 'Functional',
  config: {
    name: 'k3',
    layers: [
      input('a'), input('b'), dense('d', 'a', 'relu'), dense('e', 'b', 'hard_sigmoid'),
      { module: 'keras.layers', class_name: 'Concatenate', config: { name: 'cat', axis: -1 }, name: 'cat', inbound_nodes: [{ args: [[t('d'), t('e')]], kwargs: {} }] },
    ],
    input_layers: [['a', 0, 0], ['b', 0, 0]],
    output_layers: ['cat', 0, 0],
  },
};

const W = (data: number[], shape: number[]): NamedWeight => ({ name: '', tensor: { shape, data: Float64Array.from(data) } });

describe('Keras 3 functional JSON', () => {
  it('imports with both inputs, the merge, and Keras 3 defaults', () => {
    const weights = mapSource('t', new Map([
      ['d', [W([1, 0, 0, 1], [2, 2]), W([0, -1], [2])]],
      ['e', [W([1, 0, 0, 1], [2, 2]), W([0, 0], [2])]],
    ]));
    const g = kerasToGraph(parseModelJson(JSON.stringify(MODEL), 'k3.json'), { file: 'k3.json', weights, keras3: true });
    expect(g.nodes.map((n) => `${n.name}:${n.layerClass}`)).toEqual(['a:InputLayer', 'b:InputLayer', 'd:Dense', 'd_relu:Activation', 'e:Dense', 'e_hard_sigmoid:HardActivation', 'cat:Concatenate']);
    expect(g.inputs).toEqual(['a', 'b']);
    expect(g.outputs).toEqual(['cat']);
    const out = runFloat(g, [Float64Array.from([0.5, 3]), Float64Array.from([1.5, -6])], 1).outputs[0]!;
    // d = relu([0.5, 3 - 1]); e = clip(x/6 + 0.5, 0, 1) (Keras 3 hard_sigmoid = relu6(x + 3) / 6)
    expect(Array.from(out)).toEqual([0.5, 2, 0.75, 0]);
  });
});
