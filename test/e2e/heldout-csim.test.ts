// The generated HLS C++ (g++ C simulation) equals the emulator bit for bit on held-out-like models at `name`
// granularity (inferred types, folded BatchNorm, wide accumulators past 53 bits). Two g++ builds in total.
import { beforeAll, describe, expect, it } from 'vitest';
import { configFromModel } from '../../src/api/configure.js';
import { convert } from '../../src/api/model.js';
import { predictCsim } from '../../src/api/hls.js';
import { sizeOf, type Graph } from '../../src/ir/graph.js';
import { allModels } from './models.js';

let models: Record<string, Graph>;
beforeAll(async () => {
  models = await allModels();
}, 60_000);

function inputsFor(g: Graph, batch: number, seed: number): Float64Array {
  const n = batch * sizeOf(g.nodes.find((x) => x.name === g.inputs[0])!.shape);
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return -3 + (s / 2 ** 32) * 6;
  });
}

describe('HLS C simulation equals the emulator on held-out-like models', () => {
  for (const name of ['onnxMnist', 'kerasMlp', 'qkerasCnn']) {
    it(`${name}, name granularity`, async () => {
      const g = models[name]!;
      const m = await convert(g, configFromModel(g, { granularity: 'name' }));
      const x = inputsFor(g, 20, 17);
      const ours = m.predictAll(x);
      const theirs = await predictCsim(m, x);
      expect(theirs.length).toBe(ours.length);
      ours.forEach((o, k) => expect(Array.from(theirs[k]!)).toEqual(Array.from(o)));
    }, 120_000);
  }
});
