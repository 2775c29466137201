/**
 * `npm run fuzz`: mutates valid ONNX, Keras (.json + .h5, full .h5, .keras), TF.js and YAML inputs and fails on any
 * outcome other than success or a catalogued user error. Findings are saved for replay under fuzz-findings/.
 *
 *   node dist/fuzz/main.js [--cases N] [--seed S] [--target NAME[,NAME]] [--timeout MS] [--memory MB] [--jobs N] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from './random.js';
import { CaseRunner } from './runner.js';
import { TARGETS } from './targets.js';
import type { CaseFiles, Outcome } from './types.js';

interface Tally {
  ok: number;
  user: Map<string, number>;
  findings: { seed: number; outcome: Outcome; c: CaseFiles }[];
}

function saveFinding(dir: string, target: string, index: number, c: CaseFiles, o: Outcome): string {
  const d = join(dir, `${target}-${index}`);
  mkdirSync(d, { recursive: true });
  for (const [name, bytes] of Object.entries(c.files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), bytes);
  }
  writeFileSync(join(d, 'outcome.json'), JSON.stringify({ entry: c.entry, weights: c.weights, kind: c.kind, outcome: o }, null, 2));
  return d;
}

/** Run every case of one target, `runners.length` at a time; each case is derived from its index alone. */
async function fuzzTarget(name: string, cases: number, seed: number, runners: readonly CaseRunner[]): Promise<Tally> {
  const target = TARGETS.find((t) => t.name === name)!;
  const seeds = await target.seeds();
  const tally: Tally = { ok: 0, user: new Map(), findings: [] };
  let next = 0;
  let done = 0;
  const one = async (runner: CaseRunner, i: number) => {
    const caseSeed = (seed * 1_000_003 + i * 7919) >>> 0;
    const rng = new Rng(caseSeed);
    const c = i < seeds.length ? seeds[i]! : target.mutate(rng.pick(seeds), rng);
    const o = await runner.run(c);
    if (o.status === 'ok') tally.ok++;
    else if (o.status === 'user') tally.user.set(o.code, (tally.user.get(o.code) ?? 0) + 1);
    else tally.findings.push({ seed: caseSeed, outcome: o, c });
    if (i < seeds.length && o.status !== 'ok') tally.findings.push({ seed: caseSeed, outcome: { status: 'bug', message: `valid seed ${i} was rejected: ${JSON.stringify(o)}`, stack: '' }, c });
    if (process.stdout.isTTY && ++done % 50 === 0) process.stdout.write(`\r${name}: ${done}/${cases}`);
  };
  await Promise.all(
    runners.map(async (runner) => {
      while (next < cases) await one(runner, next++);
    }),
  );
  if (process.stdout.isTTY) process.stdout.write('\r');
  return tally;
}

const USAGE = `Usage: npm run fuzz -- [options]
Mutates valid seed files of every input format and checks that each case ends in a result or a coded user error.
  --target NAMES   comma-separated targets (${TARGETS.map((t) => t.name).join(', ')}); default all
  --cases N        cases per target (default 10000)
  --seed N         first random seed (default 1)
  --jobs N         parallel case workers (default min(4, cores))
  --timeout MS     time limit per case (default 20000)
  --memory MB      heap limit per case worker (default 1024)
  --out DIR        where findings are saved (default fuzz-findings)
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      target: { type: 'string' },
      timeout: { type: 'string', default: '20000' },
      memory: { type: 'string', default: '1024' },
      jobs: { type: 'string', default: String(Math.min(4, availableParallelism())) },
      out: { type: 'string', default: 'fuzz-findings' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const names = values.target ? values.target.split(',') : TARGETS.map((t) => t.name);
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown fuzz target(s) ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}\n`);
    return 1;
  }
  const limits = { timeoutMs: Number(values.timeout), memoryMb: Number(values.memory) };
  const runners = Array.from({ length: Math.max(1, Number(values.jobs)) }, () => new CaseRunner(limits));
  let findings = 0;
  let total = 0;
  try {
    for (const name of names) {
      const started = Date.now();
      const t = await fuzzTarget(name, Number(values.cases), Number(values.seed), runners);
      const codes = [...t.user.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}×${n}`).join(' ');
      process.stdout.write(`${name}: ${t.ok} ok, ${[...t.user.values()].reduce((a, b) => a + b, 0)} user errors (${codes || 'none'}), ${t.findings.length} findings, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      t.findings.forEach((f, i) => {
        const where = saveFinding(values.out!, name, i, f.c, f.outcome);
        process.stdout.write(`  finding ${f.outcome.status}: ${'message' in f.outcome ? f.outcome.message.split('\n')[0] : ''} (saved in ${where})\n`);
      });
      findings += t.findings.length;
      total += Number(values.cases);
    }
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }
  process.stdout.write(`${total - findings} passed, ${findings} failed\n`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${err.message}\n${USAGE}`);
      process.exit(1);
    }
    process.stderr.write(`fuzz harness failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
