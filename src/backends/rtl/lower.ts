/**
 * Lowering of a quantized Graph to the RTL netlist, node by node, with the emulator's arithmetic (hls4ml's).
 * Each node's value is a list of netlist values (row-major elements), already converted to the node's result type.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import { fracBits } from '../../ir/fixed-type.js';
import type { Graph, Node } from '../../ir/graph.js';
import { sizeOf } from '../../ir/graph.js';
import type { ActivationOp, BatchNormOp, DenseOp, MergeOp, PReluOp } from '../../ir/ops.js';
import { assertNever, fail, invariant } from '../../diagnostics/errors.js';
import { newOverflowCounts } from '../../emulator/arith.js';
import { biasInAccum, prepareWeights, type PreparedWeights } from '../../emulator/weights.js';
import { po2ProductType } from '../../emulator/matmul.js';
import { exactConst, paramConst } from '../../emulator/activations.js';
import { csd } from './csd.js';
import { accumulate, buildDense, productToAccum, type DenseOptions, type DenseReport } from './dense.js';
import { sumTerms } from './cse.js';
import { Netlist, type ValueId } from './netlist.js';
import { lowerSoftmax, lowerTableActivation } from './tables.js';

/** Options of the lowering. */
export interface LowerOptions {
  /** Whole-matrix sharing where bit-exactness allows it (false: plain digit-by-digit adder trees). */
  readonly share: boolean;
  /** Number of DSPs the design may use (products cheaper on a DSP go there first come, first served). */
  readonly dspBudget: number;
  /** LUT cost above which a constant product goes to a DSP. */
  readonly dspLutCost: number;
  /** Parallel products one dense layer may build (adder graphs at R = 1, multipliers of a folded engine): E709 above. */
  readonly maxProducts: number;
}

/** What the lowering did per node (for the report and the manifest). */
export interface LayerReport extends Partial<DenseReport> {
  readonly node: string;
  readonly op: string;
  /** Dense layers: the reuse factor (> 1: a folded engine, one result every `reuse` cycles). */
  readonly reuse?: number;
}

/** Result of lowering a graph. */
export interface Lowered {
  readonly netlist: Netlist;
  readonly layers: LayerReport[];
}

/** The result type of a quantized node (a missing one means the passes did not run). */
export function resultOf(node: Node): FixedType {
  const t = node.types?.result;
  if (t === undefined) fail('E701', { node: node.name }, { node: node.name, opType: node.source.opType });
  if (t.overflow === 'AP_WRAP_SM' || t.satBits !== 0) unsupported(node, `overflow mode ${t.overflow} with ${t.satBits} saturation bits`);
  return t;
}

function unsupported(node: Node, what: string): never {
  fail('E702', { node: node.name, op: node.op.kind, what }, { node: node.name, opType: node.source.opType });
}

/** Lower a whole quantized graph. */
export function lowerGraph(graph: Graph, opts: LowerOptions): Lowered {
  const nl = new Netlist();
  const vals = new Map<string, ValueId[]>();
  const layers: LayerReport[] = [];
  const dsp = { budget: opts.dspBudget };
  for (const node of graph.nodes) {
    const ins = node.inputs.map((n) => vals.get(n)!);
    const inTypes = node.inputs.map((n) => resultOf(graph.nodes.find((m) => m.name === n)!));
    if (node.op.kind === 'dense') checkProducts(node as Node<DenseOp>, opts.maxProducts);
    // the types the datapath converts into (weights and biases are converted offline, any mode works there)
    for (const k of ['accum', 'table', 'expTable', 'invTable', 'invInp'] as const) {
      const t = node.types?.[k];
      if (t !== undefined) checkModes(node, t, k);
    }
    const { y, report } = lowerNode(nl, node, ins, inTypes, { share: opts.share, dsp, dspLutCost: opts.dspLutCost });
    vals.set(node.name, y);
    const reuse = node.op.kind === 'dense' ? { reuse: node.config?.reuseFactor ?? 1 } : {};
    layers.push({ node: node.name, op: node.op.kind, ...reuse, ...report });
  }
  for (const o of graph.outputs) {
    const node = graph.nodes.find((n) => n.name === o)!;
    nl.addOutput(o, resultOf(node), vals.get(o)!);
  }
  return { netlist: nl, layers };
}

function lowerNode(nl: Netlist, node: Node, ins: ValueId[][], inTypes: FixedType[], opts: DenseOptions): { y: ValueId[]; report: Partial<DenseReport> } {
  const op = node.op;
  const x = ins[0] ?? [];
  switch (op.kind) {
    case 'input':
      return { y: nl.addInput(node.name, resultOf(node), sizeOf(node.shape)), report: {} };
    case 'dense':
      return lowerDense(nl, node as Node<DenseOp>, x, inTypes[0]!, opts);
    case 'activation':
      return { y: lowerActivation(nl, node as Node<ActivationOp>, x, inTypes[0]!), report: {} };
    case 'prelu':
      return { y: lowerPrelu(nl, node as Node<PReluOp>, x), report: {} };
    case 'batchnorm':
      return { y: lowerBatchNorm(nl, node as Node<BatchNormOp>, x), report: {} };
    case 'merge':
      return { y: lowerMerge(nl, node as Node<MergeOp>, ins), report: {} };
    case 'clip': {
      const t = resultOf(node);
      const lo = nl.constant(BigInt(Math.ceil(op.min * 2 ** 40)), 40);
      const hi = nl.constant(BigInt(Math.floor(op.max * 2 ** 40)), 40);
      return { y: x.map((v) => nl.cast(nl.minmax('max', nl.minmax('min', v, hi), lo), t)), report: {} };
    }
    case 'reshape':
    case 'identity':
      return { y: x.map((v) => nl.cast(v, resultOf(node))), report: {} };
    case 'softmax':
      return { y: lowerSoftmax(nl, node, x, inTypes[0]!), report: {} };
    case 'conv':
    case 'pool':
    case 'global_pool':
    case 'upsample':
    case 'pad':
    case 'slice':
    case 'transpose':
    case 'concat':
    case 'constant_op':
    case 'quantize':
      return unsupported(node, 'this layer');
    default:
      return assertNever(op, 'op');
  }
}

function lowerDense(nl: Netlist, node: Node<DenseOp>, x: ValueId[], xType: FixedType, opts: DenseOptions): { y: ValueId[]; report: Partial<DenseReport> } {
  const [nIn, nOut] = node.op.weight.shape as [number, number];
  if (x.length !== nIn) unsupported(node, `a dense layer over a ${x.length}-element input with ${nIn} weights rows (only 1-D inputs)`);
  const result = resultOf(node);
  const accum = node.types?.accum ?? result;
  const counts = newOverflowCounts();
  const pw = prepareWeights(node, node.op.weight, node.types?.weight, counts);
  const bias = Array.from(biasInAccum(node, node.op.bias, nOut, accum, counts, counts), (b) => BigInt(b));
  const reuse = node.config?.reuseFactor ?? 1;
  if (reuse > 1) return { y: foldedDense(nl, x, xType, pw, bias, accum, reuse, nOut).map((v) => nl.cast(v, result)), report: { mode: 'per-product' } };
  if (pw.kind === 'po2') return { y: po2Dense(nl, node, x, xType, pw, bias, accum, result), report: { mode: 'per-product' } };
  const w = Array.from({ length: nIn }, (_, i) => Array.from({ length: nOut }, (_, j) => BigInt(pw.raw[i * nOut + j]!)));
  const { y, report } = buildDense(nl, x, { w, wFrac: pw.frac, bias, bFrac: fracBits(accum) }, { accum, result }, opts);
  return { y, report };
}

/**
 * E709 before a dense layer is built too large to be useful: generation costs about 75 µs and 150 bytes of Verilog per
 * adder-graph product (measured on the 100×100 layers of KERAS_dense_16x100x100x100x100x100x5), and Verilator and Yosys
 * take minutes already at tens of thousands; the default limit (2^18 per layer, about 20 s and 40 MB) only stops
 * sizes no downstream tool finishes, with a hint naming the reuse factor that fits.
 */
function checkProducts(node: Node<DenseOp>, limit: number): void {
  const [nIn, nOut] = node.op.weight.shape as [number, number];
  const reuse = node.config?.reuseFactor ?? 1;
  // a reuse factor is never changed silently: beyond n_in the engine would need fewer multipliers than outputs
  if (reuse > nIn) fail('E710', { node: node.name, reuse, nIn }, { node: node.name, opType: node.source.opType, keyPath: `HLSConfig.LayerName.${node.name}.ReuseFactor` });
  const products = reuse > 1 ? Math.ceil(nIn / reuse) * nOut : node.op.weight.data.reduce((m, w) => (w !== 0 ? m + 1 : m), 0);
  if (products <= limit) return;
  const minReuse = Math.ceil(nIn / Math.max(1, Math.floor(limit / nOut)));
  fail('E709', { node: node.name, products, reuse, limit, minReuse }, { node: node.name, opType: node.source.opType, keyPath: `HLSConfig.LayerName.${node.name}.ReuseFactor` });
}

/** E702 for conversion modes the Verilog library does not implement (WRAP_SM, saturation bits). */
function checkModes(node: Node, t: FixedType, what: string): void {
  if (t.overflow === 'AP_WRAP_SM' || t.satBits !== 0) unsupported(node, `${what} type with overflow mode ${t.overflow} and ${t.satBits} saturation bits`);
}

/**
 * Reuse factor r > 1: a folded engine (nnfab_dense_fold) with any accum_t rounding and overflow modes. Fixed-point
 * and binary/ternary weights multiply as integers; power-of-two weights ±2^e become 2^(e − emin) with a sign, and the
 * engine forms hls4ml's (r_T)(x·2^e) from them.
 */
function foldedDense(nl: Netlist, x: ValueId[], xType: FixedType, pw: PreparedWeights, bias: bigint[], accum: FixedType, r: number, nOut: number): ValueId[] {
  const fx = fracBits(xType);
  const grid = (f: (k: number) => bigint): bigint[][] => x.map((_, i) => Array.from({ length: nOut }, (_, j) => f(i * nOut + j)));
  if (pw.kind === 'fixed') {
    return nl.fold({ x, xFrac: fx, r, w: grid((k) => BigInt(pw.raw[k]!)), bias, accum, pFrac: fx + pw.frac, po2: null });
  }
  // x·2^e = (x·2^(e − emin))·2^emin: one non-negative integer factor per weight; emin ≤ fx keeps the grid fraction ≥ 0
  const emin = Math.min(fx, ...pw.exponent);
  const w = grid((k) => 1n << BigInt(pw.exponent[k]! - emin));
  const neg = x.map((_, i) => Array.from({ length: nOut }, (_, j) => pw.negative[i * nOut + j] === 1));
  return nl.fold({ x, xFrac: fx, r, w, bias, accum, pFrac: fx - emin, po2: { rT: po2ProductType(xType, pw.expWidth), neg } });
}

/** Power-of-two weights: (r_T)(x·2^e), negated for negative weights, then accumulated as hls4ml does. */
function po2Dense(
  nl: Netlist,
  node: Node<DenseOp>,
  x: ValueId[],
  xType: FixedType,
  pw: { negative: Uint8Array; exponent: Int32Array; expWidth: number },
  bias: bigint[],
  accum: FixedType,
  result: FixedType,
): ValueId[] {
  const nOut = node.op.weight.shape[1]!;
  const rT = po2ProductType(xType, pw.expWidth);
  const prods = x.map((xi, i) =>
    Array.from({ length: nOut }, (_, j) => {
      const k = i * nOut + j;
      let y = nl.cast(nl.shift(xi, pw.exponent[k]!), rT);
      if (pw.negative[k] === 1) y = nl.cast(nl.neg(y), rT);
      return productToAccum(nl, y, accum);
    }),
  );
  return accumulate(nl, prods, bias, fracBits(accum), { accum, result });
}

function lowerActivation(nl: Netlist, node: Node<ActivationOp>, x: ValueId[], xType: FixedType): ValueId[] {
  const t = resultOf(node);
  switch (node.op.fn) {
    case 'linear':
      return x.map((v) => nl.cast(v, t));
    case 'relu':
      return x.map((v) => nl.cast(nl.relu(v), t));
    case 'leaky_relu': {
      // x > 0 ? (result_t)x : (result_t)(x·α), α quantized to param_t as hls4ml passes it, then exact as m·2^−k
      const a = paramConst(node, node.op.alpha ?? 0.3, t);
      return x.map((v) => slopeBelowZero(nl, v, a, t));
    }
    case 'thresholded_relu': {
      // θ quantized to param_t, as hls4ml passes it
      const th = paramConst(node, node.op.alpha ?? 1, t);
      const theta = nl.constant(BigInt(th.m), th.k);
      return x.map((v) => nl.cast(nl.mux(nl.gt(v, theta), v, nl.constant(0n, 0)), t));
    }
    case 'hard_tanh': {
      const lo = nl.constant(-1n, 0);
      const hi = nl.constant(1n, 0);
      return x.map((v) => nl.cast(nl.minmax('max', nl.minmax('min', v, hi), lo), t));
    }
    case 'binary_tanh':
      return x.map((v) => nl.cast(nl.mux(nl.gt(v, nl.constant(0n, 0)), nl.constant(1n, 0), nl.constant(-1n, 0)), t));
    case 'ternary_tanh': {
      // hls4ml: d = 2·x held in the input type (it wraps or saturates there), then d > 1 → 1, d > −1 → 0, else −1
      const one = nl.constant(1n, 0);
      const zero = nl.constant(0n, 0);
      const m1 = nl.constant(-1n, 0);
      return x.map((v) => {
        const d = nl.cast(nl.shift(v, 1), xType);
        return nl.cast(nl.mux(nl.gt(d, one), one, nl.mux(nl.gt(d, m1), zero, m1)), t);
      });
    }
    default:
      return lowerTableActivation(nl, node, x);
  }
}

/** x > 0 ? (t)x : (t)(x·a), with a exact as m·2^−k (leaky relu, prelu). */
function slopeBelowZero(nl: Netlist, v: ValueId, a: { m: number; k: number }, t: FixedType): ValueId {
  const zero = nl.constant(0n, 0);
  return nl.mux(nl.gt(v, zero), nl.cast(v, t), nl.cast(constMul(nl, v, BigInt(a.m), a.k), t));
}

/** PReLU: a slope per element of the sample (broadcast over leading axes), each quantized to param_t. */
function lowerPrelu(nl: Netlist, node: Node<PReluOp>, x: ValueId[]): ValueId[] {
  const t = resultOf(node);
  const alphas = Array.from(node.op.alpha.data, (a) => paramConst(node, a, t));
  return x.map((v, k) => slopeBelowZero(nl, v, alphas[k % alphas.length]!, t));
}

/** Constant product v·c exactly, by CSD digits (c raw at frac cf). */
export function constMul(nl: Netlist, v: ValueId, c: bigint, cf: number): ValueId {
  const terms = csd(c).map((d) => ({ v, shift: d.shift - cf, neg: d.neg }));
  return sumTerms(nl, terms) ?? nl.constant(0n, 0);
}

function lowerBatchNorm(nl: Netlist, node: Node<BatchNormOp>, x: ValueId[]): ValueId[] {
  const t = resultOf(node);
  const counts = newOverflowCounts();
  const st = node.types?.scale ?? t;
  const bt = node.types?.bias ?? t;
  const sc = prepareWeights(node, node.op.scale, st, counts);
  const bi = prepareWeights(node, node.op.bias, bt, counts);
  invariant(sc.kind === 'fixed' && bi.kind === 'fixed', 'batchnorm scale/bias are fixed types');
  const nC = node.op.scale.data.length;
  return x.map((v, k) => {
    const c = k % nC;
    const p = constMul(nl, v, BigInt(sc.raw[c]!), sc.frac);
    return nl.cast(nl.add(p, nl.constant(BigInt(bi.raw[c]!), bi.frac)), t);
  });
}

function lowerMerge(nl: Netlist, node: Node<MergeOp>, ins: ValueId[][]): ValueId[] {
  const t = resultOf(node);
  const mode = node.op.mode;
  return ins[0]!.map((_, k) => {
    const xs = ins.map((a) => a[k]!);
    let acc = xs[0]!;
    for (const b of xs.slice(1)) {
      switch (mode) {
        case 'add':
        case 'avg':
          acc = nl.add(acc, b);
          break;
        case 'sub':
          acc = nl.add(acc, b, true);
          break;
        case 'mul':
          acc = nl.mul(acc, b);
          break;
        case 'max':
        case 'min':
          acc = nl.minmax(mode, acc, b);
          break;
        case 'div':
          return unsupported(node, 'tensor ÷ tensor (no fixed-point division)');
        default:
          assertNever(mode, 'merge mode');
      }
    }
    if (mode === 'avg') acc = nl.shift(acc, -Math.log2(xs.length));
    return nl.cast(acc, t);
  });
}
