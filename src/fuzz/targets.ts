/** The fuzzed formats: each has valid seeds built in code and a mutation mixing structural and byte-level changes. */
import h5wasm from 'h5wasm/node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { decodeModelProto, encodeModelProto } from '../frontends/onnx/proto.js';
import { mutateBytes, mutateJsonText, mutateProtobuf, mutateTree } from './mutate.js';
import type { Rng } from './random.js';
import { hls4mlYaml, kerasFullH5, kerasModelConfig, kerasV3Archive, kerasWeightsH5, onnxConv, onnxMlp, tfjsModel } from './seeds.js';
import type { CaseFiles, FuzzTarget } from './types.js';

const text = (s: string) => strToU8(s);

/** ONNX: schema-free wire mutations, schema-aware tree mutations (NaN weights, absurd dims), raw bytes. */
function mutateOnnx(bytes: Uint8Array, rng: Rng): Uint8Array {
  const r = rng.int(3);
  if (r === 0) return mutateProtobuf(bytes, rng);
  if (r === 1) {
    try {
      let model: unknown = decodeModelProto(bytes);
      for (let i = 0, n = 1 + rng.int(3); i < n; i++) model = mutateTree(model, rng);
      return encodeModelProto(model as Record<string, unknown>);
    } catch {
      return mutateProtobuf(bytes, rng);
    }
  }
  return mutateBytes(bytes, rng);
}

/** Rebuild a weights H5 with NaN/Inf/huge values or a wrong shape in one dataset (h5wasm writes synchronously). */
function corruptH5Weights(bytes: Uint8Array, rng: Rng): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-fuzz-h5-'));
  try {
    const path = join(dir, 'w.h5');
    const f = new h5wasm.File(path, 'w');
    const src = join(dir, 'src.h5');
    writeFileSync(src, bytes);
    const s = new h5wasm.File(src, 'r');
    copyGroup(s, f, rng, { done: false });
    s.close();
    f.close();
    return new Uint8Array(readFileSync(path));
  } catch {
    return mutateBytes(bytes, rng);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type H5Node = InstanceType<typeof h5wasm.Group>;

function copyGroup(from: H5Node, to: H5Node, rng: Rng, state: { done: boolean }): void {
  for (const [name, attr] of Object.entries(from.attrs)) to.create_attribute(name, (attr as unknown as { value: never }).value);
  for (const key of from.keys()) {
    const child = from.get(key);
    if (child instanceof h5wasm.Group) copyGroup(child, to.create_group(key), rng, state);
    else if (child instanceof h5wasm.Dataset) {
      let data = Float32Array.from(child.value as ArrayLike<number>);
      let shape = child.shape ?? [data.length];
      if (!state.done && rng.chance(0.5)) {
        state.done = true;
        if (rng.chance(0.5)) data = data.map((v) => (rng.chance(0.3) ? rng.pick([NaN, Infinity, -Infinity, 3e38]) : v));
        else {
          shape = [...shape, 1].slice(0, Math.max(1, shape.length + rng.int(2) - 1));
          data = data.slice(0, shape.reduce((a, b) => a * b, 1));
        }
      }
      to.create_dataset({ name: key, data, shape, dtype: '<f' });
    }
  }
}

function replaceFile(seed: CaseFiles, name: string, bytes: Uint8Array): CaseFiles {
  return { ...seed, files: { ...seed.files, [name]: bytes } };
}

/** The formats `npm run fuzz` covers. */
export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'onnx',
    seeds: async () => [
      { kind: 'model', files: { 'm.onnx': onnxMlp() }, entry: 'm.onnx' },
      { kind: 'model', files: { 'm.onnx': onnxConv() }, entry: 'm.onnx' },
    ],
    mutate: (seed, rng) => replaceFile(seed, 'm.onnx', mutateOnnx(seed.files['m.onnx']!, rng)),
  },
  {
    name: 'keras-json-h5',
    seeds: async () => [
      { kind: 'model', files: { 'model.json': text(JSON.stringify(kerasModelConfig())), 'weights.h5': await kerasWeightsH5() }, entry: 'model.json', weights: 'weights.h5' },
    ],
    mutate: (seed, rng) => {
      const r = rng.int(3);
      if (r === 0) return replaceFile(seed, 'model.json', text(mutateJsonText(strFromU8(seed.files['model.json']!), rng)));
      if (r === 1) return replaceFile(seed, 'weights.h5', corruptH5Weights(seed.files['weights.h5']!, rng));
      return replaceFile(seed, 'weights.h5', mutateBytes(seed.files['weights.h5']!, rng));
    },
  },
  {
    name: 'keras-h5',
    seeds: async () => [{ kind: 'model', files: { 'model.h5': await kerasFullH5() }, entry: 'model.h5' }],
    mutate: (seed, rng) =>
      replaceFile(seed, 'model.h5', rng.chance(0.5) ? corruptH5Weights(seed.files['model.h5']!, rng) : mutateBytes(seed.files['model.h5']!, rng)),
  },
  {
    name: 'keras-v3',
    seeds: async () => [{ kind: 'model', files: { 'model.keras': await kerasV3Archive() }, entry: 'model.keras' }],
    mutate: (seed, rng) => {
      const archive = seed.files['model.keras']!;
      if (rng.chance(0.3)) return replaceFile(seed, 'model.keras', mutateBytes(archive, rng));
      const parts: Record<string, Uint8Array> = unzipSync(archive);
      if (rng.chance(0.6)) parts['config.json'] = text(mutateJsonText(strFromU8(parts['config.json']!), rng));
      else if (rng.chance(0.5)) parts['model.weights.h5'] = corruptH5Weights(parts['model.weights.h5']!, rng);
      else delete parts[rng.pick(Object.keys(parts))];
      return replaceFile(seed, 'model.keras', zipSync(parts, { level: 0 }));
    },
  },
  {
    name: 'tfjs',
    seeds: async () => {
      const m = tfjsModel();
      return [{ kind: 'model', files: { 'model.json': m.modelJson, 'group1-shard1of1.bin': m.shard }, entry: 'model.json' }];
    },
    mutate: (seed, rng) => {
      if (rng.chance(0.6)) return replaceFile(seed, 'model.json', text(mutateJsonText(strFromU8(seed.files['model.json']!), rng)));
      const shard = seed.files['group1-shard1of1.bin']!;
      if (rng.chance(0.5)) {
        const f = new Float32Array(shard.slice().buffer);
        for (let i = 0; i < f.length; i++) if (rng.chance(0.2)) f[i] = rng.pick([NaN, Infinity, -Infinity]);
        return replaceFile(seed, 'group1-shard1of1.bin', new Uint8Array(f.buffer));
      }
      return replaceFile(seed, 'group1-shard1of1.bin', mutateBytes(shard, rng));
    },
  },
  {
    name: 'yaml',
    seeds: async () => [{ kind: 'config', files: { 'config.yml': text(hls4mlYaml('m.onnx')), 'm.onnx': onnxMlp() }, entry: 'config.yml' }],
    mutate: (seed, rng) => {
      const yamlText = strFromU8(seed.files['config.yml']!);
      if (rng.chance(0.3)) return replaceFile(seed, 'config.yml', mutateBytes(text(yamlText), rng));
      // structural: parse to a tree through JSON-compatible YAML, mutate, write back as JSON (valid YAML)
      return replaceFile(seed, 'config.yml', text(mutateJsonText(JSON.stringify(parseYaml(yamlText)), rng)));
    },
  },
];
