// Catching nnfab's coded user errors in tests.
import { expect } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';

/** Await the promise (or call the function) and return the NnfabError it must reject with. */
export async function expectUserError(p: Promise<unknown> | (() => unknown)): Promise<NnfabError> {
  const e = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(NnfabError);
  return e as NnfabError;
}

/** `CODE: message` of the NnfabError fn throws, or 'no error'; any other exception propagates. */
export function codeAndMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof NnfabError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}
