// The error catalogue is well-formed, and every call site in src/ raises a code that exists with the parameters its
// message and hint name (a static scan of the sources).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/diagnostics/catalogue.js';
import { GENERAL_ERRORS } from '../../src/diagnostics/codes-general.js';
import { FIXED_ERRORS } from '../../src/diagnostics/codes-fixed.js';
import { ONNX_ERRORS } from '../../src/diagnostics/codes-onnx.js';
import { KERAS_ERRORS } from '../../src/diagnostics/codes-keras.js';
import { CONFIG_ERRORS } from '../../src/diagnostics/codes-config.js';
import { EMULATOR_ERRORS } from '../../src/diagnostics/codes-emulator.js';
import { HLS_ERRORS } from '../../src/diagnostics/codes-hls.js';
import { RTL_ERRORS } from '../../src/diagnostics/codes-rtl.js';
import { REPORT_ERRORS } from '../../src/diagnostics/codes-report.js';
import { LIMIT_ERRORS } from '../../src/diagnostics/codes-limits.js';

const SRC = resolve(__dirname, '../../src');
const AREAS: [string, Record<string, { message: string; hint: string }>][] = [
  ['0', GENERAL_ERRORS], ['1', FIXED_ERRORS], ['2', ONNX_ERRORS], ['3', KERAS_ERRORS], ['4', CONFIG_ERRORS],
  ['5', EMULATOR_ERRORS], ['6', HLS_ERRORS], ['7', RTL_ERRORS], ['8', REPORT_ERRORS], ['9', LIMIT_ERRORS],
];

/** Placeholder names of a template; null when braces are unbalanced or malformed. */
function placeholders(template: string): string[] | null {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const stripped = template.replace(/\{\w+\}/g, '');
  return /[{}]/.test(stripped) ? null : names;
}

const entries = Object.entries(CATALOGUE as Record<string, { message: string; hint: string }>);

describe('the error catalogue', () => {
  it('codes are E or W + 3 digits, each in its own area block, defined once', () => {
    const seen = new Map<string, number>();
    for (const [digit, block] of AREAS) {
      for (const code of Object.keys(block)) {
        expect(code, code).toMatch(/^[EW]\d{3}$/);
        expect(code[1], `${code} belongs to the E${digit}xx block`).toBe(digit);
        seen.set(code, (seen.get(code) ?? 0) + 1);
      }
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect(seen.size).toBe(entries.length);
  });

  it('every entry has a non-empty message and hint with well-formed placeholders', () => {
    for (const [code, e] of entries) {
      expect(e.message.trim().length, `${code} message`).toBeGreaterThan(0);
      expect(e.hint.trim().length, `${code} hint`).toBeGreaterThan(0);
      expect(placeholders(e.message), `${code} message braces`).not.toBeNull();
      expect(placeholders(e.hint), `${code} hint braces`).not.toBeNull();
    }
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Index just past the balanced `{...}` starting at `open`, skipping strings, templates and comments. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < s.length && s[i] !== c; i++) {
        if (s[i] === '\\') i++;
        else if (c === '`' && s[i] === '$' && s[i + 1] === '{') i = matchBrace(s, i + 1) - 1;
      }
    } else if (c === '/' && s[i + 1] === '/') i = s.indexOf('\n', i);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Top-level keys of an object literal's text, or null when it spreads another object (keys unknown). */
function literalKeys(obj: string): string[] | null {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = 1; i < obj.length - 1; i++) {
    const c = obj[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      for (i++; i < obj.length && obj[i] !== c; i++) {
        if (obj[i] === '\\') i++;
        else if (c === '`' && obj[i] === '$' && obj[i + 1] === '{') i = matchBrace(obj, i + 1) - 1;
      }
      if (depth === 0 && expectKey) keys.push(obj.slice(start + 1, i));
      expectKey = false;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ',') expectKey = true;
    else if (depth === 0 && expectKey && obj.startsWith('...', i)) return null;
    else if (depth === 0 && expectKey && /[A-Za-z_$]/.test(c)) {
      const m = /^[\w$]+/.exec(obj.slice(i))!;
      keys.push(m[0]);
      i += m[0].length - 1;
      expectKey = false;
    }
  }
  return keys;
}

interface CallSite {
  readonly where: string;
  readonly code: string;
  readonly keys: string[] | null;
  /** Parameters the called helper adds itself (passing them is not required, not using them is fine). */
  readonly implicit: readonly string[];
  /** Whether a location argument follows a literal parameter object (null when unknown). */
  readonly located: boolean | null;
}

/** Every `fail('E…', …)`, `diagnostic('E…', …)`, `.add('E…', …)`, `.warn('W…', …)` call in src/. */
function callSites(): CallSite[] {
  const out: CallSite[] = [];
  for (const f of sourceFiles(SRC)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\b(fail|diagnostic|add|warn|error)\(\s*'([EW]\d{3})'\s*(,\s*)?/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      const at = m.index! + m[0].length;
      let keys: string[] | null = [];
      let located: boolean | null = null;
      if (m[3] !== undefined && text[at] === '{') {
        const end = matchBrace(text, at);
        keys = literalKeys(text.slice(at, end));
        located = /^\s*,/.test(text.slice(end));
      } else if (m[3] !== undefined) keys = null;
      // the configuration reader's error/warn methods add `key` (the config key path) themselves
      const implicit = m[1] === 'error' || m[1] === 'warn' ? ['key'] : [];
      out.push({ where: `${relative(SRC, f)}:${line}`, code: m[2]!, keys, implicit, located });
    }
  }
  return out;
}

describe('call sites of catalogued errors (static scan of src/)', () => {
  const sites = callSites();

  it('finds the call sites', () => {
    expect(sites.length).toBeGreaterThan(100);
  });

  it('every code raised exists in the catalogue', () => {
    const missing = sites.filter((s) => !(s.code in CATALOGUE)).map((s) => `${s.where} ${s.code}`);
    expect(missing).toEqual([]);
  });

  it('every call passes each parameter its message and hint name, and no others', () => {
    const bad: string[] = [];
    for (const s of sites) {
      const entry = (CATALOGUE as Record<string, { message: string; hint: string }>)[s.code];
      if (entry === undefined || s.keys === null) continue;
      const want = new Set([...(placeholders(entry.message) ?? []), ...(placeholders(entry.hint) ?? [])]);
      const missing = [...want].filter((k) => !s.keys!.includes(k) && !s.implicit.includes(k));
      const extra = s.keys.filter((k) => !want.has(k));
      if (missing.length || extra.length) bad.push(`${s.where} ${s.code}: missing [${missing.join(', ')}] extra [${extra.join(', ')}]`);
    }
    expect(bad).toEqual([]);
  });

  it('errors about a file (E001 missing, E002 unreadable, E004 unrecognised, E007 bad data) carry it as location', () => {
    const bare = sites.filter((s) => ['E001', 'E002', 'E004', 'E007'].includes(s.code) && s.located === false).map((s) => `${s.where} ${s.code}`);
    expect(bare).toEqual([]);
  });
});
