/** Building C++ with the system g++: content-hashed cache, so an unchanged program is never rebuilt. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../diagnostics/errors.js';
import { SIM_INCLUDE_DIR } from './assets.js';

/** What to build. */
export interface BuildRequest {
  /** Source files (paths); their contents, and every header under `hashDirs`, key the cache. */
  readonly sources: readonly string[];
  /** Include directories after nnfab's simulation headers. */
  readonly includeDirs: readonly string[];
  /** Files whose contents also key the cache (headers). */
  readonly hashFiles: readonly string[];
  /** Cache directory holding the binaries. */
  readonly cacheDir: string;
  readonly extraFlags?: readonly string[];
}

/** Result of a build: the binary and whether it came from the cache. */
export interface BuildResult {
  readonly binary: string;
  readonly cached: boolean;
  readonly seconds: number;
  /** g++ diagnostics of a fresh build ('' when cached or clean). */
  readonly warnings: string;
}

const BASE_FLAGS = ['-O2', '-std=c++17', '-pthread', '-Wall', '-Wextra', '-Wno-unknown-pragmas'];

/** The g++ command line (without output), nnfab's simulation headers first on the include path. */
export function gxxArgs(req: BuildRequest): string[] {
  return [...BASE_FLAGS, ...(req.extraFlags ?? []), '-I', SIM_INCLUDE_DIR, ...req.includeDirs.flatMap((d) => ['-I', d]), ...req.sources];
}

/** Hash of the flags, the sources, the headers and nnfab's simulation headers. */
function buildKey(req: BuildRequest): string {
  const h = createHash('sha256');
  h.update(gxxArgs(req).join('\0'));
  for (const f of [...req.sources, ...req.hashFiles]) h.update(f).update('\0').update(readFileSync(f));
  for (const f of readdirSync(SIM_INCLUDE_DIR).sort()) h.update(f).update(readFileSync(join(SIM_INCLUDE_DIR, f)));
  return h.digest('hex').slice(0, 24);
}

/** Build (or reuse) the program; g++ errors become E601, a missing g++ E602. */
export function buildCpp(req: BuildRequest): BuildResult {
  const t0 = performance.now();
  const key = buildKey(req);
  const binary = join(req.cacheDir, `sim-${key}`);
  if (existsSync(binary)) return { binary, cached: true, seconds: (performance.now() - t0) / 1000, warnings: '' };
  mkdirSync(req.cacheDir, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  const r = spawnSync('g++', [...gxxArgs(req), '-o', tmp], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') fail('E602', {});
  if (r.status !== 0) fail('E601', { output: (r.stderr || r.stdout || '').slice(0, 4000) }, { file: req.sources[0] });
  renameSync(tmp, binary);
  return { binary, cached: false, seconds: (performance.now() - t0) / 1000, warnings: r.stderr ?? '' };
}
