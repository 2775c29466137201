// Float Keras models of ../shared: nnfab's float run of the imported graph equals TensorFlow.js given the same
// architecture (tf.models.modelFromJSON) and the H5 weights in weight_names order.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadKeras } from '../../../src/frontends/keras/index.js';
import { openH5 } from '../../../src/frontends/keras/h5.js';
import { h5Source } from '../../../src/frontends/keras/weights.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';
import { expectSameAsTf, tfModel } from './tf-reference.js';

const K = (f: string) => sharedPath('models', 'keras', f);

async function check(jsonName: string, weightsName: string, sd = 1): Promise<number> {
  const graph = await loadKeras(K(jsonName), { weights: K(weightsName) });
  const h5 = await openH5(K(weightsName));
  const src = h5Source(h5, weightsName);
  const model = await tfModel(JSON.parse(readFileSync(K(jsonName), 'utf8')), (l) => src.forLayer(l)?.map((w) => w.tensor));
  h5.close();
  return expectSameAsTf(graph, model, 200, 7, sd);
}

describeShared('float Keras models match TensorFlow.js', () => {
  for (const [json, weights] of [
    ['KERAS_1layer.json', 'KERAS_1layer_weights.h5'],
    ['KERAS_3layer.json', 'KERAS_3layer_weights.h5'],
    ['KERAS_3layer.json', 'KERAS_3layer_70pruned_retrained_weights.h5'],
    ['KERAS_3layer.json', 'KERAS_3layer_95pruned_retrained_weights.h5'],
    ['KERAS_3layer_batch_norm.json', 'KERAS_3layer_batch_norm_weights.h5'],
    ['KERAS_conv1d_small.json', 'KERAS_conv1d_small_weights.h5'],
    ['KERAS_conv2d_model.json', 'KERAS_conv2d_model_weights.h5'],
    ['KERAS_dense_16x100x100x100x100x100x5.json', 'KERAS_dense_16x100x100x100x100x100x5_weights.h5'],
  ] as const) {
    it(`${json} + ${weights}`, async () => {
      const worst = await check(json, weights);
      if (process.env.NNFAB_VERBOSE) console.log(`${json} + ${weights}: max rel error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-5);
    });
  }
  it('KERAS_3layer on wide inputs (sd 3) too', async () => {
    expect(await check('KERAS_3layer.json', 'KERAS_3layer_weights.h5', 3)).toBeLessThanOrEqual(1e-5);
  });
});
