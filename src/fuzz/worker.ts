/**
 * Fuzz worker thread: writes each case's files into a private temp dir, runs the target on them, and reports the
 * outcome. A catalogued user error (NnfabError) counts as correct behaviour; anything else is a finding.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { NnfabError } from '../diagnostics/errors.js';
import { exerciseCase } from './exercise.js';
import type { CaseFiles, Outcome } from './types.js';

// libhdf5 can loop forever on a damaged file; nnfab stops such a read with E904 after a time limit (60 s by default),
// lowered here so that the fuzz run stays fast and the case's own time limit still catches hangs elsewhere.
process.env.NNFAB_H5_TIMEOUT_MS ??= '1500';

const root = mkdtempSync(join(tmpdir(), 'nnfab-fuzz-'));
let counter = 0;

async function runCase(c: CaseFiles): Promise<Outcome> {
  const dir = join(root, String(counter++));
  mkdirSync(dir, { recursive: true });
  try {
    for (const [name, bytes] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    await exerciseCase(c.kind, dir, c.entry, c.weights);
    return { status: 'ok' };
  } catch (err) {
    if (err instanceof NnfabError) return { status: 'user', code: err.code };
    const e = err instanceof Error ? err : new Error(String(err));
    return { status: 'bug', message: `${e.name}: ${e.message}`, stack: e.stack ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

parentPort!.on('message', (c: CaseFiles | 'exit') => {
  if (c === 'exit') {
    rmSync(root, { recursive: true, force: true });
    process.exit(0);
  }
  void runCase(c).then((outcome) => {
    const rss = process.memoryUsage().rss;
    parentPort!.postMessage({ ...outcome, rss });
  });
});
