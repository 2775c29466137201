/** User-facing and internal error classes: every user error carries a catalogued code, a location and a hint. */
import { CATALOGUE, type ErrorCode } from './catalogue.js';

/** Where a problem was found: any subset of file, graph node, layer, config key path, line/column. */
export interface Location {
  readonly file?: string;
  readonly node?: string;
  readonly opType?: string;
  readonly keyPath?: string;
  readonly line?: number;
  readonly column?: number;
}

/** One catalogued problem: code, rendered message, hint and location. */
export interface Diagnostic {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly location: Location;
}

type Params = Readonly<Record<string, string | number | bigint | boolean>>;

/** Render `{name}` placeholders of a catalogue template. */
function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Build a Diagnostic from a catalogue code and its template parameters. */
export function diagnostic(code: ErrorCode, params: Params = {}, location: Location = {}): Diagnostic {
  const entry = CATALOGUE[code];
  return { code, message: fill(entry.message, params), hint: fill(entry.hint, params), location };
}

/** Format a location as `file › node "x" (Op) › key.path:line:col`. */
export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file !== undefined) {
    let f = loc.file;
    if (loc.line !== undefined) f += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
    parts.push(f);
  }
  if (loc.node !== undefined) parts.push(`node "${loc.node}"${loc.opType ? ` (${loc.opType})` : ''}`);
  else if (loc.opType !== undefined) parts.push(`(${loc.opType})`);
  if (loc.keyPath !== undefined) parts.push(`key ${loc.keyPath}`);
  return parts.join(' › ');
}

/** One line per diagnostic: `E101 file › node "x" (Op): message — hint`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  return `${d.code} ${where ? where + ': ' : ''}${d.message}${d.hint ? ` — ${d.hint}` : ''}`;
}

/** A user error: bad input, unsupported model, missing tool. CLI exit code 1. */
export class NnfabError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'NnfabError';
    this.diagnostics = diagnostics;
  }
  /** The first (primary) diagnostic's code. */
  get code(): ErrorCode {
    return this.diagnostics[0]!.code;
  }
  /** Machine-readable form for `--json`. */
  toJSON(): { error: 'user'; diagnostics: readonly Diagnostic[] } {
    return { error: 'user', diagnostics: this.diagnostics };
  }
}

/** Throw a single catalogued user error. */
export function fail(code: ErrorCode, params: Params = {}, location: Location = {}): never {
  throw new NnfabError([diagnostic(code, params, location)]);
}

/** A bug in nnfab. CLI exit code 2; the message says so and how to report it. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`internal error (this is a bug in nnfab): ${message}`, options);
    this.name = 'InternalError';
  }
}

/** Assert an invariant of nnfab itself; failures are bugs, never user errors. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}

/** Exhaustiveness check for discriminated unions. */
export function assertNever(x: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(x)}`);
}

/** Collects diagnostics so that a frontend can report every problem at once. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  /** Record one problem. */
  add(code: ErrorCode, params: Params = {}, location: Location = {}): void {
    this.items.push(diagnostic(code, params, location));
  }
  /** Number of problems recorded. */
  get size(): number {
    return this.items.length;
  }
  /** Throw all recorded problems as one NnfabError, if any. */
  throwIfAny(): void {
    if (this.items.length > 0) throw new NnfabError(this.items);
  }
}
