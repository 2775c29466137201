/**
 * Reading a user's input file safely: only regular files (a FIFO or a device such as /dev/zero would block or never
 * end), at most 2 GiB (Node's own limit for one read), with OS errors as coded user errors.
 */
import { readFileSync, statSync } from 'node:fs';
import { fail } from '../diagnostics/errors.js';

/** Largest file nnfab reads in one piece. */
export const MAX_INPUT_BYTES = 2 ** 31 - 1;

/** Check that `path` is a readable regular file of sensible size (E001 missing, E002 otherwise); returns its size. */
export function checkInputFile(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return fail('E001', { path, base: process.cwd() }, { file: path });
  }
  if (!st.isFile()) fail('E002', { path, reason: st.isDirectory() ? 'it is a directory' : 'it is not a regular file' }, { file: path });
  if (st.size > MAX_INPUT_BYTES) fail('E002', { path, reason: `it holds ${st.size} bytes, more than the ${MAX_INPUT_BYTES} nnfab reads` }, { file: path });
  return st.size;
}

/** The bytes of a regular input file (E001/E002 as coded errors). */
export function readInputFile(path: string): Buffer {
  checkInputFile(path);
  try {
    return readFileSync(path);
  } catch (e) {
    return fail('E002', { path, reason: e instanceof Error ? e.message : String(e) }, { file: path });
  }
}

/** The text of a regular input file, as UTF-8. */
export function readInputText(path: string): string {
  return readInputFile(path).toString('utf8');
}
