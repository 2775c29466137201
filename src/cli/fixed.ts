/** `nnfab fixed TYPE [VALUE...] [--json]`: show a fixed-point type's range and quantize decimal values into it. */
import type { Command } from 'commander';
import { fixedReport, formatCppType, formatFixedType, type FixedReport } from '../fixed/index.js';

/** The --json form: type facts and values with exact decimal strings. */
function toJson(r: FixedReport): unknown {
  const d = r.description;
  return {
    type: {
      width: d.width,
      integer: d.integer,
      signed: d.signed,
      rounding: d.rounding,
      overflow: d.overflow,
      satBits: d.satBits,
      min: d.min,
      max: d.max,
      lsb: d.lsb,
    },
    values: r.values.map((v) => ({ input: v.input, value: v.value, raw: v.raw })),
  };
}

const NOTES: Readonly<Record<string, string>> = {
  ok: '',
  wrap: 'overflow: wrapped',
  sat: 'overflow: saturated',
  zero: 'overflow: set to zero',
  nonfinite: 'not finite',
};

/** Left-aligned columns separated by two spaces. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** The human form: the type's facts, then a table of values. */
function toText(r: FixedReport): string {
  const d = r.description;
  const head = table([
    ['type', `${formatCppType(r.type)}  (hls4ml: ${formatFixedType(r.type)})`],
    ['width', `${d.width} bits: ${d.integer} integer${d.signed ? ' (incl. sign)' : ''}, ${d.fraction} fraction, ${d.signed ? 'signed' : 'unsigned'}`],
    ['rounding', d.rounding],
    ['overflow', `${d.overflow}, N = ${d.satBits}`],
    ['min', d.min],
    ['max', d.max],
    ['lsb', d.lsb],
  ]);
  if (r.values.length === 0) return head;
  const rows = r.values.map((v) => [v.input, v.value, v.raw, NOTES[v.event] ?? v.event]);
  return `${head}\n\n${table([['input', 'value', 'raw', ''], ...rows])}`;
}

/** Register `nnfab fixed`. */
export function registerFixed(program: Command): void {
  program
    .command('fixed')
    .description('show a fixed-point type (min, max, LSB) and quantize decimal values into it exactly')
    .argument('<type>', "ap_fixed<W,I[,Q[,O[,N]]]>, ap_ufixed<...>, ap_int<W>, ap_uint<W>, or hls4ml's fixed<...>, ufixed<...>, int<W>, uint<W>")
    .argument('[values...]', 'decimal values (read as the nearest double, like C++), inf, -inf, nan')
    .option('--json', 'print JSON: {type: {width, integer, signed, rounding, overflow, satBits, min, max, lsb}, values: [{input, value, raw}]}')
    // negative values such as -7.77 or -inf are values, not options (anything unknown then fails as E108)
    .allowUnknownOption()
    .action((type: string, values: string[], opts: { json?: boolean }) => {
      const report = fixedReport(type, values);
      process.stdout.write((opts.json ? JSON.stringify(toJson(report), null, 2) : toText(report)) + '\n');
    });
}
