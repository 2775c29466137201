// Access to ../shared (real models and hls4ml references). Tests that need it skip with a message when it is
// absent, and fail under CI=true, where it must be present.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

const SHARED = resolve(__dirname, '../../../shared');

/** The shared folder beside the repository, or null when absent. */
export function sharedDir(): string | null {
  return existsSync(join(SHARED, 'models')) ? SHARED : null;
}

/** Path of a file under ../shared (call only inside describeShared). */
export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

/** describe() that needs ../shared: skipped with a message when absent, a failing test under CI=true. */
export function describeShared(name: string, fn: () => void): void {
  if (sharedDir() !== null) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared (real models), which CI must provide', () => {
        throw new Error(`../shared not found at ${SHARED}: CI must provide the shared models`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ../shared with the real models is absent)`, fn);
}
