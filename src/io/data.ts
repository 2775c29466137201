/**
 * Sample data files: read model inputs from .npy (shape (n, ...)), .csv (one sample per row, optional header) or
 * hls4ml .dat (one sample per line, space separated); write outputs by extension. A model with several outputs
 * writes one file per output: y.npy, y.1.npy, y.2.npy, …
 */
import { extname } from 'node:path';
import { fail } from '../diagnostics/errors.js';
import { NpyError, readNpy, writeNpy } from './npy.js';
import { writeFileAtomic } from './output-dir.js';
import { readInputFile } from './read-file.js';

/** Samples as rows: `data` holds rows·cols values; `shape` is the full array shape with rows first. */
export interface SampleData {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly shape: number[];
}

/** One number as numpy's savetxt and hls4ml's .dat files write them: decimals, nan, inf, -inf (any case). */
function parseCell(c: string): number {
  if (/^[+-]?nan$/i.test(c)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(c)) return c.startsWith('-') ? -Infinity : Infinity;
  return c.trim() === '' ? NaN : Number(c);
}

function parseText(text: string, path: string, sep: RegExp): SampleData {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const rows: number[][] = [];
  lines.forEach((line, i) => {
    const cells = line.split(sep).filter((c) => c !== '');
    const nums = cells.map(parseCell);
    if (nums.some((v, k) => Number.isNaN(v) && !/^[+-]?nan$/i.test(cells[k]!))) {
      if (i === 0 && rows.length === 0) return; // a header row
      fail('E007', { path, reason: `line ${i + 1}: not a number in "${line.slice(0, 60)}"` }, { file: path });
    }
    rows.push(nums);
  });
  if (rows.length === 0) fail('E007', { path, reason: 'no samples' }, { file: path });
  const cols = rows[0]!.length;
  const bad = rows.findIndex((r) => r.length !== cols);
  if (bad >= 0) fail('E007', { path, reason: `row ${bad + 1} has ${rows[bad]!.length} values, the first row ${cols}` }, { file: path });
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols, shape: [rows.length, cols] };
}

/** Read sample data from a .npy, .csv or .dat (or whitespace text) file. */
export function readSampleData(path: string): SampleData {
  const bytes: Uint8Array = readInputFile(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    try {
      const a = readNpy(bytes);
      const shape = a.shape.length === 0 ? [1, 1] : a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
      return { data: a.data, rows: shape[0]!, cols: shape.slice(1).reduce((p, q) => p * q, 1), shape };
    } catch (e) {
      if (e instanceof NpyError) fail('E007', { path, reason: e.message }, { file: path });
      throw e;
    }
  }
  const text = new TextDecoder().decode(bytes);
  return parseText(text, path, ext === '.csv' ? /\s*,\s*/ : /\s+/);
}

function formatRows(data: ArrayLike<number>, rows: number, cols: number, sep: string): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(String(data[r * cols + c]!));
    lines.push(cells.join(sep));
  }
  return lines.join('\n') + '\n';
}

/** Write rows of values to .npy (float64, shape (rows, ...shape)), .csv or .dat/.txt, by extension. */
export function writeSampleData(path: string, data: ArrayLike<number>, rows: number, sampleShape: readonly number[]): void {
  const cols = sampleShape.reduce((a, b) => a * b, 1);
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array | string;
  if (ext === '.npy') bytes = writeNpy(data, [rows, ...sampleShape]);
  else if (ext === '.csv') bytes = formatRows(data, rows, cols, ',');
  else bytes = formatRows(data, rows, cols, ' ');
  // atomic (temporary sibling + rename): an interrupted run never leaves a half-written output
  writeFileAtomic(path, bytes);
}

/** File name of output k of a multi-output model: y.npy, y.1.npy, y.2.npy, … */
export function outputPath(path: string, k: number): string {
  if (k === 0) return path;
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}.${k}${ext}`;
}
