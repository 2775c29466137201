// convertVerilog writes its project folder atomically, as every nnfab output directory is written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertVerilog } from '../../../src/backends/rtl/project.js';
import { expectUserError } from '../../helpers/errors.js';
import { smallNet } from './fixtures.js';

describe('convertVerilog output folder', () => {
  it('refuses a non-empty folder nnfab did not create (E005) and leaves it untouched; force writes beside the user files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nnfab-out-'));
    const dir = join(root, 'proj');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect((await expectUserError(convertVerilog(smallNet(), dir))).code).toBe('E005');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    await convertVerilog(smallNet(), dir, { force: true });
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  it('rewrites its own folder in place, with no temporary siblings left and no stale files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nnfab-out-'));
    const dir = join(root, 'proj');
    // a folded layer pulls in nnfab_dense_fold.v; the rewrite without it must not keep the stale file
    const g = smallNet();
    const folded = { ...g, nodes: g.nodes.map((n) => (n.name === 'fc1' ? { ...n, config: { ...n.config!, reuseFactor: 2 } } : n)) };
    await convertVerilog(folded, dir);
    expect(existsSync(join(dir, 'rtl/nnfab_dense_fold.v'))).toBe(true);
    const m = await convertVerilog(g, dir);
    expect(existsSync(join(dir, 'rtl/nnfab_dense_fold.v'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(m);
    expect(readdirSync(root)).toEqual(['proj']);
  });
});
