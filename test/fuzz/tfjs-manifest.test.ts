// TF.js weightsManifest validation: every malformed field is E313 at its key path, before any weight is allocated.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/api/load.js';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { tfjsModel } from '../../src/fuzz/seeds.js';

const root = mkdtempSync(join(tmpdir(), 'nnfab-tfjs-manifest-'));
const seed = tfjsModel();
const good = JSON.parse(new TextDecoder().decode(seed.modelJson)) as { weightsManifest: { paths: unknown; weights: Record<string, unknown>[] }[] };
let n = 0;

/** Write the seed model with its manifest changed by `edit`; returns the model.json path. */
function variant(edit: (m: typeof good.weightsManifest) => unknown): string {
  const d = join(root, String(n++));
  mkdirSync(d);
  const json = structuredClone(good);
  (json as Record<string, unknown>).weightsManifest = edit(json.weightsManifest);
  writeFileSync(join(d, 'model.json'), JSON.stringify(json));
  writeFileSync(join(d, 'group1-shard1of1.bin'), seed.shard);
  return join(d, 'model.json');
}

async function e313(path: string): Promise<NnfabError> {
  const e = await loadModel(path).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(NnfabError);
  expect((e as NnfabError).code).toBe('E313');
  return e as NnfabError;
}

describe('TF.js manifest validation', () => {
  it('the seed itself loads', async () => {
    expect((await loadModel(variant((m) => m))).nodes.length).toBeGreaterThan(2);
  });

  it('malformed fields are E313 at their key path', async () => {
    const cases: [string, (m: typeof good.weightsManifest) => unknown, RegExp][] = [
      ['not a list', () => ({}), /weightsManifest$/],
      ['paths not a list', (m) => ((m[0]!.paths = 'group1-shard1of1.bin'), m), /weightsManifest\[0\]$/],
      ['a path leaving the folder', (m) => ((m[0]!.paths = ['../../etc/passwd']), m), /paths\[0\]$/],
      ['a name that is not a string', (m) => ((m[0]!.weights[1]!.name = 42), m), /weights\[1\]\.name$/],
      ['a negative dimension', (m) => ((m[0]!.weights[0]!.shape = [4, -5]), m), /weights\[0\]\.shape$/],
      ['a fractional dimension', (m) => ((m[0]!.weights[0]!.shape = [4, 2.5]), m), /weights\[0\]\.shape$/],
      ['an absurd size', (m) => ((m[0]!.weights[0]!.shape = [1e6, 1e6]), m), /weights\[0\]\.shape$/],
      ['a missing dtype', (m) => (delete m[0]!.weights[0]!.dtype, m), /weights\[0\]\.dtype$/],
    ];
    for (const [what, edit, keyPath] of cases) {
      const e = await e313(variant(edit));
      expect(e.diagnostics[0]!.location.keyPath, what).toMatch(keyPath);
    }
  });

  it('shards shorter than the manifest declares are E313 before reading', async () => {
    const e = await e313(variant((m) => ((m[0]!.weights[0]!.shape = [400, 5]), m)));
    expect(e.message).toMatch(/the shards hold \d+ bytes but the manifest declares \d+/);
  });
});
