// Atomic output directories: build in a sibling then rename; refuse foreign directories; never delete user files.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { OUTPUT_MARKER, writeFileAtomic, writeOutputDir } from '../../src/io/output-dir.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'nnfab-out-'));
const put = (dir: string, rel: string, text: string): void => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

describe('writeOutputDir', () => {
  it('creates a new directory with the files and a marker listing them, leaving no temporary sibling', async () => {
    const base = scratch();
    const out = join(base, 'prj');
    const r = await writeOutputDir(out, (tmp) => (put(tmp, 'a.txt', 'A'), put(tmp, 'sub/b.txt', 'B')));
    expect(r.files).toEqual(['a.txt', 'sub/b.txt']);
    expect(readFileSync(join(out, 'sub/b.txt'), 'utf8')).toBe('B');
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8'))).toEqual({ tool: 'nnfab', files: ['a.txt', 'sub/b.txt'] });
    expect(readdirSync(base)).toEqual(['prj']);
  });

  it('leaves the target untouched and removes the temporary directory when the build fails', async () => {
    const base = scratch();
    const out = join(base, 'prj');
    await writeOutputDir(out, (tmp) => put(tmp, 'a.txt', 'old'));
    await expect(writeOutputDir(out, (tmp) => (put(tmp, 'a.txt', 'new'), Promise.reject(new Error('boom'))))).rejects.toThrow('boom');
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('old');
    expect(readdirSync(base)).toEqual(['prj']);
  });

  it('refuses a non-empty directory nnfab did not create (E005), and accepts an empty one', async () => {
    const base = scratch();
    const foreign = join(base, 'mine');
    put(foreign, 'notes.txt', 'keep');
    const err = await writeOutputDir(foreign, (tmp) => put(tmp, 'a.txt', 'A')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NnfabError);
    expect((err as NnfabError).code).toBe('E005');
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    const empty = join(base, 'empty');
    mkdirSync(empty);
    await writeOutputDir(empty, (tmp) => put(tmp, 'a.txt', 'A'));
    expect(readFileSync(join(empty, 'a.txt'), 'utf8')).toBe('A');
  });

  it('with --force writes into a foreign directory and keeps every user file (a clash is kept as .orig)', async () => {
    const foreign = join(scratch(), 'mine');
    put(foreign, 'notes.txt', 'keep');
    put(foreign, 'a.txt', 'users a');
    const r = await writeOutputDir(foreign, (tmp) => put(tmp, 'a.txt', 'A'), { force: true });
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(foreign, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(foreign, 'a.txt.orig'), 'utf8')).toBe('users a');
    expect(r.keptAside).toEqual(['a.txt.orig']);
  });

  it('rewrites its own directory: stale generated files go, files the user added stay', async () => {
    const out = join(scratch(), 'prj');
    await writeOutputDir(out, (tmp) => (put(tmp, 'a.txt', 'A1'), put(tmp, 'stale.txt', 'S')));
    put(out, 'user/log.txt', 'mine');
    await writeOutputDir(out, (tmp) => put(tmp, 'a.txt', 'A2'));
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('A2');
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(readFileSync(join(out, 'user/log.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(out, '..'))).toEqual(['prj']);
  });

  it('refuses a path that is a file', async () => {
    const f = join(scratch(), 'f');
    writeFileSync(f, 'x');
    await expect(writeOutputDir(f, () => undefined)).rejects.toMatchObject({ code: 'E006' });
    expect(readFileSync(f, 'utf8')).toBe('x');
  });
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file, creating parents, with no temporary left over', () => {
    const base = scratch();
    const f = join(base, 'd/r.html');
    writeFileAtomic(f, 'one');
    writeFileAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(join(base, 'd'))).toEqual(['r.html']);
  });
});
