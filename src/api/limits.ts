/**
 * Size limits checked before any work starts, so that a model too large for the requested path gets a coded error
 * with a hint instead of a failed HLS synthesis, an exhausted heap or a machine that swaps:
 * - E903 absurd layer sizes in a model file (checked right after loading, before anything is allocated for a run),
 * - E901 fully unrolled layers beyond the HLS unroll limit (Latency strategy, io_parallel),
 * - E902 emulation batches needing more memory than is available.
 * Each limit has a default, an environment variable, and an override argument for library callers.
 */
import { freemem } from 'node:os';
import { fail } from '../diagnostics/errors.js';
import type { IoType } from '../ir/config.js';
import { sizeOf, type Graph, type Node } from '../ir/graph.js';

/** The limits; every field may be overridden per call. */
export interface Limits {
  /** Parallel multiplications of one fully unrolled layer (Vivado/Vitis HLS stops unrolling beyond 4096). */
  readonly maxUnroll: number;
  /** Elements one layer output or weight tensor may declare (per sample). */
  readonly maxElements: number;
  /** Bytes an emulation may use; default: 3/4 of the free memory. */
  readonly maxMemoryBytes: number;
}

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Current limits: defaults, then NNFAB_MAX_UNROLL / NNFAB_MAX_ELEMENTS / NNFAB_MAX_MEMORY_MB, then `overrides`. */
export function limits(overrides: Partial<Limits> = {}): Limits {
  const memMb = envNumber('NNFAB_MAX_MEMORY_MB');
  return {
    maxUnroll: envNumber('NNFAB_MAX_UNROLL') ?? 4096,
    // 2^26 elements per sample (e.g. 1024×1024×64) is far beyond any layer that fits an FPGA
    maxElements: envNumber('NNFAB_MAX_ELEMENTS') ?? 2 ** 26,
    maxMemoryBytes: memMb !== undefined ? memMb * 2 ** 20 : Math.floor(freemem() * 0.75),
    ...overrides,
  };
}

/** Weight tensors of a node (those whose size the model file declares). */
function weightsOf(node: Node): { what: string; size: number }[] {
  const op = node.op as unknown as Record<string, unknown>;
  const out: { what: string; size: number }[] = [];
  for (const key of ['weight', 'bias', 'scale', 'alpha', 'value']) {
    const t = op[key] as { shape?: readonly number[] } | null | undefined;
    if (t && Array.isArray(t.shape)) out.push({ what: `a ${key} tensor`, size: sizeOf(t.shape) });
  }
  return out;
}

/** E903 when a layer's output or weights declare more elements than the limit. Call right after loading. */
export function checkModelSize(graph: Graph, o: Partial<Limits> = {}): void {
  const lim = limits(o);
  for (const n of graph.nodes) {
    const loc = { file: graph.sourceFile, node: n.name, opType: n.layerClass };
    const size = sizeOf(n.shape);
    if (!(size <= lim.maxElements)) fail('E903', { node: n.name, what: `an output of shape [${n.shape.join(', ')}]`, count: size, limit: lim.maxElements }, loc);
    for (const w of weightsOf(n)) {
      if (!(w.size <= lim.maxElements)) fail('E903', { node: n.name, what: w.what, count: w.size, limit: lim.maxElements }, loc);
    }
  }
}

/** Multiplications one step of a layer performs in parallel when unrolled (dense: nIn·nOut; conv: per pixel). */
export function unrolledMultiplications(node: Node): number {
  const op = node.op;
  if (op.kind === 'dense' || op.kind === 'conv') return sizeOf(op.weight.shape);
  return 0;
}

/**
 * E901 before an HLS project is written: in io_parallel, a Latency-strategy layer is fully unrolled, and HLS gives
 * up beyond the unroll limit (hls4ml leaves users to find out in synthesis). io_stream and Resource are not checked.
 */
export function checkUnroll(graph: Graph, ioType: IoType, o: Partial<Limits> = {}): void {
  if (ioType !== 'io_parallel') return;
  const lim = limits(o);
  for (const n of graph.nodes) {
    if ((n.config?.strategy ?? 'latency') !== 'latency') continue;
    const total = unrolledMultiplications(n);
    const reuse = n.config?.reuseFactor ?? 1;
    const mults = Math.ceil(total / reuse);
    if (mults > lim.maxUnroll) {
      fail('E901', { node: n.name, mults, reuse, limit: lim.maxUnroll, minReuse: Math.ceil(total / lim.maxUnroll) }, { file: graph.sourceFile, node: n.name, opType: n.layerClass });
    }
  }
}

/**
 * Bytes an emulation of `batch` samples holds at once: inputs and outputs of the whole batch, every layer's values
 * for one chunk of samples (twice: values and scratch), and with a trace every layer's values for the whole batch.
 */
export function emulationBytes(graph: Graph, batch: number, chunk: number, trace: boolean): number {
  const sizeByName = new Map(graph.nodes.map((n) => [n.name, sizeOf(n.shape)]));
  const sum = (names: readonly string[]) => names.reduce((s, n) => s + (sizeByName.get(n) ?? 0), 0);
  const all = graph.nodes.reduce((s, n) => s + sizeOf(n.shape), 0);
  const perChunk = Math.min(batch, chunk) * all * 2;
  const whole = batch * (sum(graph.inputs) + 2 * sum(graph.outputs) + (trace ? 2 * all : 0));
  return 8 * (perChunk + whole);
}

/** E902 when emulating `batch` samples would need more memory than the limit allows. */
export function checkBatchMemory(graph: Graph, batch: number, chunk: number, trace: boolean, o: Partial<Limits> = {}): void {
  const need = emulationBytes(graph, batch, chunk, trace);
  const lim = limits(o);
  if (need > lim.maxMemoryBytes) {
    const mb = (b: number) => Math.ceil(b / 2 ** 20);
    fail('E902', { batch, needMb: mb(need), haveMb: mb(lim.maxMemoryBytes) }, { file: graph.sourceFile });
  }
}
