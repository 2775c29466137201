/** Shared shapes of fuzz cases and their outcomes. */

/** What a case exercises: a model file (load + a tiny float run) or a configuration file. */
export type CaseKind = 'model' | 'config';

/** The files of one fuzz case, named relative to a fresh directory. */
export interface CaseFiles {
  readonly kind: CaseKind;
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** The file passed to the loader. */
  readonly entry: string;
  /** The weights file for a Keras JSON + H5 pair. */
  readonly weights?: string;
}

/** Result of one case: success, a catalogued user error, or a finding (bug, hang, memory). */
export type Outcome =
  | { readonly status: 'ok' }
  | { readonly status: 'user'; readonly code: string }
  | { readonly status: 'bug'; readonly message: string; readonly stack: string }
  | { readonly status: 'hang'; readonly message: string }
  | { readonly status: 'memory'; readonly message: string };

/** A format to fuzz: valid seed cases and a mutation that derives a new case from one. */
export interface FuzzTarget {
  readonly name: string;
  seeds(): Promise<readonly CaseFiles[]>;
  mutate(seed: CaseFiles, rng: import('./random.js').Rng): CaseFiles;
}
