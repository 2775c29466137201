/**
 * Atomic output: directories are built in a temporary sibling and renamed into place, single files are written to a
 * temporary sibling and renamed. A directory nnfab wrote carries a marker file listing the files it wrote, so that a
 * rewrite can replace exactly those and keep everything else the user put there. nnfab never deletes a file it did
 * not create.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fail } from '../diagnostics/errors.js';

/** Name of the marker file in every directory nnfab writes. */
export const OUTPUT_MARKER = '.nnfab-output';

/** Options of writeOutputDir. */
export interface OutputDirOptions {
  /** Write into an existing non-empty directory that nnfab did not create (its files are kept). */
  readonly force?: boolean;
}

/** What writeOutputDir did, for messages. */
export interface OutputDirResult {
  readonly path: string;
  /** Files written, relative to the directory, sorted. */
  readonly files: readonly string[];
  /** User files that were in the way of a generated file and were kept under a `.orig` name. */
  readonly keptAside: readonly string[];
}

interface Marker {
  readonly tool: 'nnfab';
  readonly files: readonly string[];
}

/** A unique temporary sibling path of `path` (same filesystem, so rename is atomic). */
function tempSibling(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** All regular files under `dir`, relative, sorted (the marker excluded). */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) out.push(...listFiles(join(dir, name), rel));
    else if (rel !== OUTPUT_MARKER) out.push(rel);
  }
  return out;
}

/** The marker of a directory nnfab wrote, or null when the directory is not nnfab's. */
function readMarker(dir: string): Marker | null {
  const p = join(dir, OUTPUT_MARKER);
  if (!existsSync(p)) return null;
  try {
    const m = JSON.parse(readFileSync(p, 'utf8')) as Partial<Marker>;
    return m.tool === 'nnfab' && Array.isArray(m.files) ? { tool: 'nnfab', files: m.files.map(String) } : { tool: 'nnfab', files: [] };
  } catch {
    // A marker we cannot read still says nnfab made the directory; treat every file in it as the user's.
    return { tool: 'nnfab', files: [] };
  }
}

/** Run a filesystem step, turning OS errors into E006. */
function guarded<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    return fail('E006', { path, reason: (err as Error).message }, { file: path });
  }
}

/**
 * Move the files of `old` that nnfab did not write (per its marker) into the freshly built `fresh`, so that replacing
 * the directory loses none of them. A user file at a path nnfab now generates is kept as `<name>.orig`.
 */
function carryUserFiles(old: string, fresh: string, ours: ReadonlySet<string>): string[] {
  const keptAside: string[] = [];
  for (const rel of listFiles(old)) {
    if (ours.has(rel)) continue;
    let target = join(fresh, rel);
    if (existsSync(target)) {
      let n = 0;
      do target = join(fresh, `${rel}.orig${n === 0 ? '' : n}`), n++;
      while (existsSync(target));
      keptAside.push(relative(fresh, target).split(sep).join('/'));
    }
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(old, rel), target);
  }
  return keptAside;
}

/** Remove a directory tree that holds only files nnfab wrote (verified before removal). */
function removeOwnTree(dir: string, ours: ReadonlySet<string>): void {
  const left = listFiles(dir).filter((f) => !ours.has(f));
  // Every user file was carried over before this point; anything else here would be a bug, so keep the tree then.
  if (left.length > 0) return;
  rmSync(dir, { recursive: true, force: true });
}

/** Decide whether `path` may be (re)written; returns the marker of an existing nnfab directory. */
function checkTarget(path: string, force: boolean): { exists: boolean; marker: Marker | null } {
  if (!existsSync(path)) return { exists: false, marker: null };
  if (!statSync(path).isDirectory()) fail('E006', { path, reason: 'it exists and is not a directory' }, { file: path });
  const marker = readMarker(path);
  const empty = readdirSync(path).length === 0;
  if (marker === null && !empty && !force) fail('E005', { path }, { file: path });
  return { exists: true, marker };
}

/** Fail early (E005/E006) when writeOutputDir would refuse `path`, before any long work starts. */
export function assertWritableOutput(path: string, opts: OutputDirOptions = {}): void {
  checkTarget(resolve(path), opts.force === true);
}

/**
 * Write a directory atomically: `build(tmp)` fills a temporary sibling, which then replaces `path`. Refuses an existing
 * non-empty directory nnfab did not create unless `force`; user files in an existing directory are always kept.
 * On failure of `build` the temporary directory is removed and `path` is untouched.
 */
export async function writeOutputDir(path: string, build: (tmp: string) => Promise<void> | void, opts: OutputDirOptions = {}): Promise<OutputDirResult> {
  const target = resolve(path);
  const { exists, marker } = checkTarget(target, opts.force === true);
  guarded(target, () => mkdirSync(dirname(target), { recursive: true }));
  const tmp = tempSibling(target, 'tmp');
  guarded(target, () => mkdirSync(tmp));
  try {
    await build(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const files = guarded(tmp, () => listFiles(tmp));
  const result = guarded(target, () => swapIn(target, tmp, exists, marker, files));
  return { path: target, files, keptAside: result };
}

/** Put the built `tmp` at `target`, carrying over user files of an existing directory. Returns files kept aside. */
function swapIn(target: string, tmp: string, exists: boolean, marker: Marker | null, files: readonly string[]): string[] {
  writeFileSync(join(tmp, OUTPUT_MARKER), JSON.stringify({ tool: 'nnfab', files }, null, 2) + '\n');
  if (!exists) {
    renameSync(tmp, target);
    return [];
  }
  if (readdirSync(target).length === 0) {
    rmdirSync(target);
    renameSync(tmp, target);
    return [];
  }
  const ours = new Set(marker?.files ?? []);
  const keptAside = carryUserFiles(target, tmp, ours);
  const trash = tempSibling(target, 'old');
  renameSync(target, trash);
  renameSync(tmp, target);
  removeOwnTree(trash, ours);
  return keptAside;
}

/** Write one file atomically (temporary sibling, then rename), creating parent directories. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = resolve(path);
  guarded(target, () => {
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target) && statSync(target).isDirectory()) fail('E006', { path: target, reason: 'it is a directory' }, { file: target });
    const tmp = tempSibling(target, 'tmp');
    try {
      writeFileSync(tmp, data);
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  });
}
