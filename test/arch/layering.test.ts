// Fails when a module imports against the layering of DESIGN.md: imports flow one way, toward ir/ and diagnostics/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

/** Layer of each top-level area; a module may import only from its own area or from areas of lower rank. */
const RANK: Record<string, number> = {
  diagnostics: 0,
  'version.ts': 0,
  io: 1,
  ir: 1,
  fixed: 2,
  frontends: 3,
  passes: 3,
  emulator: 4,
  backends: 5,
  report: 6,
  api: 7,
  fuzz: 8,
  cli: 8,
  'index.ts': 9,
};
/** Pairs of same-rank areas that must not import each other. */
const FORBIDDEN_SIDEWAYS: ReadonlyArray<[string, string]> = [
  ['frontends', 'passes'],
  ['passes', 'frontends'],
  ['io', 'ir'],
  ['ir', 'io'],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function areaOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0]!.replace(/\.js$/, '.ts');
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2])!);
  return out;
}

/** Violations among modules given as (file, import specifiers) pairs. */
function layeringViolations(modules: ReadonlyArray<{ file: string; imports: readonly string[] }>): string[] {
  const bad: string[] = [];
  for (const { file: f, imports } of modules) {
    const from = areaOf(f);
    for (const spec of imports) {
      const target = resolve(dirname(f), spec);
      const to = areaOf(target);
      if (to === from) continue;
      const rf = RANK[from];
      const rt = RANK[to];
      if (rf === undefined || rt === undefined) {
        bad.push(`${relative(SRC, f)} → ${spec}: area without a rank (add it to RANK)`);
      } else if (rt > rf || (rt === rf && FORBIDDEN_SIDEWAYS.some(([a, b]) => a === from && b === to)) || (rt === rf && rf !== 0)) {
        bad.push(`${relative(SRC, f)} (${from}) imports ${spec} (${to})`);
      }
    }
  }
  return bad;
}

describe('layering', () => {
  it('every src module imports only downward, toward ir/ and diagnostics/', () => {
    expect(layeringViolations(walk(SRC).map((file) => ({ file, imports: importsOf(file) })))).toEqual([]);
  });
  it('the check itself reports upward, sideways and unranked imports, and accepts downward ones', () => {
    const at = (area: string) => join(SRC, area, 'probe.ts');
    expect(layeringViolations([{ file: at('ir'), imports: ['../emulator/run.js'] }])).toHaveLength(1);
    expect(layeringViolations([{ file: at('frontends'), imports: ['../passes/fold.js'] }])).toHaveLength(1);
    expect(layeringViolations([{ file: at('nowhere'), imports: ['../ir/graph.js'] }])).toHaveLength(1);
    expect(layeringViolations([{ file: at('emulator'), imports: ['../fixed/index.js', '../ir/graph.js', './dense.js'] }])).toEqual([]);
  });
  it('cli/ files hold no arithmetic of their own (no imports of fixed/ internals besides the public index)', () => {
    const cliFiles = walk(join(SRC, 'cli'));
    const offenders = cliFiles.filter((f) => importsOf(f).some((s) => /\/fixed\/(?!index\.js)/.test(s)));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
