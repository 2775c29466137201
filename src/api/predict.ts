/**
 * Batch prediction over a data file: load the model, read the samples, run them in chunks, write the outputs.
 * The float64 reference run is built in; other runners (the fixed-point emulator) plug in through `runner`.
 */
import { fail } from '../diagnostics/errors.js';
import { sizeOf, valueSizes, type Graph } from '../ir/graph.js';
import { outputPath, readSampleData, writeSampleData } from '../io/data.js';
import { runFloat } from '../emulator/float.js';
import { loadModel } from './load.js';
import { checkBatchMemory } from './limits.js';

/** Runs a graph on `batch` samples: one row-major array per graph input in, one per graph output out. */
export type BatchRunner = (graph: Graph, inputs: Float64Array[], batch: number) => Float64Array[];

/** Options of predictFile. */
export interface PredictOptions {
  /** Data file(s): one per graph input (.npy, .csv, .dat). */
  readonly input: string | readonly string[];
  /** Output file; more outputs go to y.1.npy, y.2.npy, … */
  readonly output: string;
  /** Run the float64 reference (the default when no runner is given). */
  readonly float?: boolean;
  /** A different runner (e.g. the fixed-point emulator). */
  readonly runner?: BatchRunner;
  readonly weights?: string;
  readonly inputShape?: readonly number[];
  /** Samples per chunk (default: about 4M values of work per chunk). */
  readonly chunk?: number;
}

/** What was written. */
export interface PredictSummary {
  readonly samples: number;
  readonly outputs: readonly { readonly path: string; readonly shape: readonly number[] }[];
}

/** Float64 reference runner. */
export const floatRunner: BatchRunner = (graph, inputs, batch) => runFloat(graph, inputs, batch, { keep: 'outputs' }).outputs;

/** Read one data file per graph input and check it against the input shape; returns rows and the arrays. */
export function readInputs(graph: Graph, files: readonly string[]): { rows: number; data: Float64Array[] } {
  if (files.length !== graph.inputs.length) fail('E003', { option: '--input', reason: `the model has ${graph.inputs.length} inputs, ${files.length} data file(s) given`, command: 'predict' });
  let rows = -1;
  const data = graph.inputs.map((name, i) => {
    const shape = graph.nodes.find((n) => n.name === name)!.shape;
    const size = sizeOf(shape);
    const d = readSampleData(files[i]!);
    if (d.cols !== size && d.data.length % size !== 0) fail('E008', { got: d.cols, expected: size, shape: `[${shape.join(', ')}]` }, { file: files[i]! });
    if (d.cols !== size && d.rows > 1) fail('E008', { got: d.cols, expected: size, shape: `[${shape.join(', ')}]` }, { file: files[i]! });
    const r = d.data.length / size;
    if (rows >= 0 && r !== rows) fail('E007', { path: files[i]!, reason: `${r} samples, but the first input has ${rows}` }, { file: files[i]! });
    rows = r;
    return d.data;
  });
  return { rows, data };
}

/** Run a graph over all rows in chunks. */
export function predictArrays(graph: Graph, inputs: readonly Float64Array[], rows: number, runner: BatchRunner, chunk?: number): Float64Array[] {
  const inSizes = valueSizes(graph, graph.inputs);
  const outSizes = valueSizes(graph, graph.outputs);
  const work = graph.nodes.reduce((s, n) => s + sizeOf(n.shape), 0);
  const step = Math.max(1, chunk ?? Math.floor(4_000_000 / Math.max(work, 1)));
  checkBatchMemory(graph, rows, step, false);
  const outs = outSizes.map((s) => new Float64Array(rows * s));
  for (let r0 = 0; r0 < rows; r0 += step) {
    const b = Math.min(step, rows - r0);
    const xs = inputs.map((x, i) => x.subarray(r0 * inSizes[i]!, (r0 + b) * inSizes[i]!));
    const ys = runner(graph, xs, b);
    ys.forEach((y, k) => outs[k]!.set(y, r0 * outSizes[k]!));
  }
  return outs;
}

/** Load a model, predict every sample of the input file(s) and write the output file(s). */
export async function predictFile(modelPath: string, opts: PredictOptions): Promise<PredictSummary> {
  const graph = await loadModel(modelPath, { ...(opts.weights ? { weights: opts.weights } : {}), ...(opts.inputShape ? { inputShape: opts.inputShape } : {}) });
  return predictGraph(graph, opts);
}

/** predictFile for an already loaded (or quantized) graph. */
export function predictGraph(graph: Graph, opts: PredictOptions): PredictSummary {
  const files = typeof opts.input === 'string' ? [opts.input] : [...opts.input];
  const { rows, data } = readInputs(graph, files);
  const outs = predictArrays(graph, data, rows, opts.runner ?? floatRunner, opts.chunk);
  const written = graph.outputs.map((name, k) => {
    const shape = graph.nodes.find((n) => n.name === name)!.shape;
    const path = outputPath(opts.output, k);
    writeSampleData(path, outs[k]!, rows, shape);
    return { path, shape: [rows, ...shape] };
  });
  return { samples: rows, outputs: written };
}
