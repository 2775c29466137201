// Runs the nnfab CLI in process as main() does, capturing stdout, stderr and the exit code.
import { CommanderError } from 'commander';
import { vi } from 'vitest';
import { buildProgram, reportError } from '../../src/cli/main.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `nnfab ...args` in process: exit code 0/1/2 as the real command, output captured. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  let code = 0;
  try {
    await buildProgram().parseAsync(['node', 'nnfab', ...args]);
  } catch (x) {
    code = x instanceof CommanderError ? (x.exitCode === 0 ? 0 : 1) : reportError(x, args.includes('--json'));
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, out, err };
}
