// The `nnfab predict --config` path on held-out-like model files: `nnfab config --granularity name` writes a YAML
// that names the model, a user edits it (softmax implementation), predict reads it and writes predictions and a
// per-layer trace. The result must equal the library path (convert + predict) bit for bit.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { configForModelFile } from '../../src/api/config-file.js';
import { convert } from '../../src/api/model.js';
import { predictFixedFile } from '../../src/api/predict-fixed.js';
import { readNpy, writeNpy } from '../../src/io/npy.js';
import { sizeOf } from '../../src/ir/graph.js';
import { conv1d, torchMnist } from './onnx-models.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnfab-heldout-predict-'));
});

function inputs(n: number, size: number): Float64Array {
  let s = 99;
  return Float64Array.from({ length: n * size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return -4 + (s / 2 ** 32) * 8;
  });
}

describe('predict --config on a YAML from `nnfab config --granularity name`', () => {
  const cases: [string, () => Uint8Array, string | undefined, string][] = [
    ['PyTorch MNIST CNN, latency softmax', torchMnist, undefined, 'latency'],
    ['PyTorch Conv1d net, Vitis backend entries (accum: auto), legacy softmax', () => conv1d(), 'Vitis', 'legacy'],
    ['PyTorch MNIST CNN, Vitis backend entries, argmax softmax', torchMnist, 'Vitis', 'argmax'],
  ];
  cases.forEach(([title, build, backend, impl], k) => {
    it(title, async () => {
      const model = join(dir, `m${k}.onnx`);
      writeFileSync(model, build());
      const yamlPath = join(dir, `m${k}.yml`);
      const gen = await configForModelFile(model, { granularity: 'name', output: yamlPath, ...(backend ? { backend } : {}) });
      const cfg = parse(gen.yaml) as { HLSConfig: { LayerName: Record<string, Record<string, unknown>> } };
      const softmax = Object.entries(cfg.HLSConfig.LayerName).filter(([, v]) => 'Implementation' in v);
      expect(softmax.length).toBe(1);
      softmax[0]![1]['Implementation'] = impl;
      writeFileSync(yamlPath, stringify(cfg));

      const lib = await convert(undefined, yamlPath);
      const size = sizeOf(lib.graph.nodes.find((n) => n.name === lib.graph.inputs[0])!.shape);
      const x = inputs(12, size);
      const xPath = join(dir, `x${k}.npy`);
      writeFileSync(xPath, writeNpy(x, [12, ...lib.graph.nodes.find((n) => n.name === lib.graph.inputs[0])!.shape]));
      const out = join(dir, `y${k}.npy`);
      const traceDir = join(dir, `trace${k}`);
      const summary = await predictFixedFile(undefined, { config: yamlPath, input: [xPath], output: out, traceDir });
      expect(summary.samples).toBe(12);
      const y = readNpy(readFileSync(out));
      expect(Array.from(y.data)).toEqual(Array.from(lib.predict(x)));
      for (const n of lib.graph.nodes) if (n.op.kind !== 'input') expect(existsSync(join(traceDir, `${n.name}.npy`)), n.name).toBe(true);
      if (backend !== undefined) {
        // with backend entries, accum is 'auto' and hls4ml infers it like the result (no model-default accumulator)
        const convs = lib.graph.nodes.filter((n) => n.op.kind === 'conv' || n.op.kind === 'dense');
        for (const n of convs) expect(n.types!.accum, n.name).toEqual(n.types!.result);
      }
      if (impl === 'argmax') for (let r = 0; r < 12; r++) expect(Array.from(y.data.subarray(r * 4, r * 4 + 4)).filter((v) => v !== 0).length).toBe(1);
    });
  });
});
