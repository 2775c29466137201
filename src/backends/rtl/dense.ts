/**
 * Dense layers as constant matrix–vector products with hls4ml's arithmetic, bit-exact:
 * acc = (accum_t)bias; for i in order: acc = (accum_t)(acc + (accum_t)(x_i·w_ij)); y = (result_t)acc.
 * Three implementations, chosen by interval analysis:
 * - `exact`: no conversion before the result changes anything, so Σ x_i·w_ij is shared across the whole matrix (CSE);
 * - `modular`: products need no rounding and accum_t wraps, so the wrapped exact sum equals hls4ml's and sharing spans
 *   the whole matrix too;
 * - `per-product`: products are rounded to accum_t one by one (sharing only within one input's products); partial sums
 *   wrap (a balanced tree, wrap is associative) or, for saturating accumulators, follow the input order.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import { fracBits } from '../../ir/fixed-type.js';
import { csd, csdCount } from './csd.js';
import { extractCommon, minDepth, sumTerms, sumTermsWithin, type Term } from './cse.js';
import { Netlist, typeRange, type ValueId } from './netlist.js';

/** How one dense layer was built, for the report. */
export interface DenseReport {
  readonly mode: 'exact' | 'modular' | 'per-product';
  /** Adders a digit-by-digit implementation needs: Σ (nonzero CSD digits) − outputs with any digit. */
  readonly naiveAdders: number;
  readonly adders: number;
  readonly dsps: number;
  readonly nonzeroWeights: number;
  readonly digits: number;
}

/** Options of the dense builder. */
export interface DenseOptions {
  /** Whole-matrix CSE where allowed (true) or digit-by-digit adder trees (false, the plain fallback). */
  readonly share: boolean;
  /** DSPs still available (mutated: decremented as DSPs are used). */
  readonly dsp: { budget: number };
  /** A product whose adder graph costs more LUTs than this goes to a DSP (while budget remains). */
  readonly dspLutCost: number;
}

/** Constant weights of one dense layer as raw integers. */
export interface DenseWeights {
  readonly w: readonly (readonly bigint[])[];
  readonly wFrac: number;
  readonly bias: readonly bigint[] | null;
  readonly bFrac: number;
}

/** Decide the implementation mode of a dense layer by interval analysis. */
export function denseMode(nl: Netlist, x: readonly ValueId[], dw: DenseWeights, accum: FixedType): DenseReport['mode'] {
  const fa = fracBits(accum);
  const fx = x.length > 0 ? nl.get(x[0]!).frac : 0;
  if (fx + dw.wFrac > fa || (dw.bias !== null && dw.bFrac > fa)) return 'per-product';
  const [tlo, thi] = typeRange(accum);
  const nOut = dw.w[0]?.length ?? 0;
  for (let j = 0; j < nOut; j++) {
    let lo = dw.bias ? dw.bias[j]! << BigInt(fa - dw.bFrac) : 0n;
    let hi = lo;
    if (lo < tlo || hi > thi) return accum.overflow === 'AP_WRAP' && accum.satBits === 0 ? 'modular' : 'per-product';
    for (let i = 0; i < x.length; i++) {
      const w = dw.w[i]![j]!;
      if (w === 0n) continue;
      const [vlo, vhi] = nl.aligned(x[i]!, fx);
      const k = 1n << BigInt(fa - fx - dw.wFrac);
      const a = vlo * w * k;
      const b = vhi * w * k;
      lo += a < b ? a : b;
      hi += a < b ? b : a;
      if (lo < tlo || hi > thi) return accum.overflow === 'AP_WRAP' && accum.satBits === 0 ? 'modular' : 'per-product';
    }
  }
  return 'exact';
}

/** Build a dense layer; returns the outputs (of type result) and a report. */
export function buildDense(
  nl: Netlist,
  x: readonly ValueId[],
  dw: DenseWeights,
  types: { accum: FixedType; result: FixedType },
  opts: DenseOptions,
): { y: ValueId[]; report: DenseReport } {
  const mode = denseMode(nl, x, dw, types.accum);
  const start = nl.values.length;
  const stats = digitStats(dw);
  const dspBefore = opts.dsp.budget;
  let y = mode === 'per-product' ? perProduct(nl, x, dw, types, opts) : shared(nl, x, dw, types, opts.share, mode);
  let adders = countAdders(nl, start, y);
  if (mode !== 'per-product' && opts.share && adders > stats.naiveAdders) {
    // sharing can lose to the plain trees on tiny matrices (a column left with only negative terms needs a negation);
    // then the plain trees are built too and the cheaper one is used (the other's values are dead, never emitted)
    const again = nl.values.length;
    const plain = shared(nl, x, dw, types, false, mode);
    const n = countAdders(nl, again, plain);
    if (n < adders) [y, adders] = [plain, n];
  }
  return { y, report: { mode, ...stats, adders, dsps: dspBefore - opts.dsp.budget } };
}

function digitStats(dw: DenseWeights): Pick<DenseReport, 'naiveAdders' | 'nonzeroWeights' | 'digits'> {
  let digits = 0;
  let nonzero = 0;
  let naive = 0;
  const nOut = dw.w[0]?.length ?? 0;
  for (let j = 0; j < nOut; j++) {
    let col = dw.bias && dw.bias[j] !== 0n ? 1 : 0;
    for (const row of dw.w) {
      const d = csdCount(row[j]!);
      col += d;
      digits += d;
      if (d > 0) nonzero++;
    }
    naive += Math.max(0, col - 1);
  }
  return { naiveAdders: naive, nonzeroWeights: nonzero, digits };
}

/** Number of add/neg ops appended since `start` that the values `y` depend on. */
export function countAdders(nl: Netlist, start: number, y: readonly ValueId[]): number {
  const seen = new Set<ValueId>();
  const stack = y.filter((id) => id >= start);
  let n = 0;
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const op = nl.get(id).op;
    if (op.kind === 'add' || op.kind === 'neg') n++;
    for (const o of Netlist.operands(op)) if (o >= start && !seen.has(o)) stack.push(o);
  }
  return n;
}

/** Terms ±x_i·2^k of one weight (the product's frac is fx + wFrac). */
function weightTerms(xi: ValueId, w: bigint, wFrac: number): Term[] {
  return csd(w).map((d) => ({ v: xi, shift: d.shift - wFrac, neg: d.neg }));
}

/** Pair budget of one CSE run: larger matrices are cut into groups of inputs, each shared across all outputs. */
const PAIR_BUDGET = 1_500_000;

/** The terms of every output column after subexpression sharing. */
function sharedColumns(nl: Netlist, x: readonly ValueId[], dw: DenseWeights, share: boolean): Term[][] {
  const nOut = dw.w[0]?.length ?? 0;
  const terms = (lo: number, hi: number): Term[][] =>
    Array.from({ length: nOut }, (_, j) => x.slice(lo, hi).flatMap((xi, k) => weightTerms(xi, dw.w[lo + k]![j]!, dw.wFrac)));
  const all = terms(0, x.length);
  if (!share) return all;
  const pairs = all.reduce((m, c) => m + (c.length * c.length) / 2, 0);
  const groups = Math.max(1, Math.ceil(pairs / PAIR_BUDGET));
  if (groups === 1) {
    extractCommon(nl, all);
    return all;
  }
  const out: Term[][] = Array.from({ length: nOut }, () => []);
  const step = Math.ceil(x.length / groups);
  for (let lo = 0; lo < x.length; lo += step) {
    const cols = terms(lo, Math.min(x.length, lo + step));
    extractCommon(nl, cols);
    cols.forEach((c, j) => out[j]!.push(...c));
  }
  return out;
}

/** exact / modular: whole-matrix CSE, then one conversion to accum_t (a wrap in modular mode) and to result_t. */
function shared(
  nl: Netlist,
  x: readonly ValueId[],
  dw: DenseWeights,
  types: { accum: FixedType; result: FixedType },
  share: boolean,
  mode: DenseReport['mode'],
): ValueId[] {
  const nOut = dw.w[0]?.length ?? 0;
  const cols = sharedColumns(nl, x, dw, share);
  const withBias = cols.map((terms, j) => {
    const t = [...terms];
    if (dw.bias && dw.bias[j] !== 0n) {
      // the bias without its trailing zero bits: its true magnitude and lowest bit place it in the adder tree
      const [b, tz] = oddPart(dw.bias[j]!);
      t.push({ v: nl.constant(b, dw.bFrac - tz), shift: 0, neg: false });
    }
    return t;
  });
  // every column may be as deep as the layer's deepest balanced tree: the slack goes to magnitude-ordered sums
  const limit = Math.max(0, ...withBias.map((t) => minDepth(t.map((x) => nl.get(x.v).level))));
  return withBias.map((t) => {
    const s = sumTermsWithin(nl, t, limit) ?? nl.constant(0n, fracBits(types.accum));
    const acc = mode === 'modular' ? nl.cast(s, types.accum) : s;
    return nl.cast(acc, types.result);
  });
}

/** x·c for every distinct odd constant c of one input, sharing subexpressions among them (or DSPs when cheaper). */
function inputProducts(nl: Netlist, xi: ValueId, consts: readonly bigint[], opts: DenseOptions, share: boolean): Map<bigint, ValueId> {
  const out = new Map<bigint, ValueId>();
  const cols: Term[][] = [];
  const adderConsts: bigint[] = [];
  const xw = nl.get(xi).width;
  for (const c of consts) {
    const nd = csdCount(c);
    const cost = (nd - 1) * (xw + c.toString(2).length);
    if (cost > opts.dspLutCost && opts.dsp.budget > 0) {
      opts.dsp.budget--;
      out.set(c, nl.mul(xi, nl.constant(c, 0)));
      continue;
    }
    adderConsts.push(c);
    cols.push(weightTerms(xi, c, 0));
  }
  if (share) extractCommon(nl, cols);
  adderConsts.forEach((c, k) => out.set(c, sumTerms(nl, cols[k]!)!));
  return out;
}

/** Odd part and trailing-zero count of a nonzero integer. */
function oddPart(w: bigint): [bigint, number] {
  let tz = 0;
  while ((w & 1n) === 0n) {
    w >>= 1n;
    tz++;
  }
  return [w, tz];
}

/** per-product: each product rounded to accum_t on its own; sums wrap (tree) or saturate (input order). */
function perProduct(
  nl: Netlist,
  x: readonly ValueId[],
  dw: DenseWeights,
  types: { accum: FixedType; result: FixedType },
  opts: DenseOptions,
): ValueId[] {
  const fa = fracBits(types.accum);
  const prods: (ValueId | null)[][] = x.map((xi, i) => {
    const row = dw.w[i]!;
    const consts = [...new Set(row.filter((w) => w !== 0n).map((w) => oddPart(w)[0]))];
    const m = inputProducts(nl, xi, consts, opts, opts.share);
    return row.map((w) => {
      if (w === 0n) return null;
      const [c, tz] = oddPart(w);
      return productToAccum(nl, nl.shift(m.get(c)!, tz - dw.wFrac), types.accum);
    });
  });
  return accumulate(nl, prods, dw.bias ? [...dw.bias] : null, dw.bias ? dw.bFrac : fa, types);
}

/**
 * hls4ml's accumulation of products already converted to accum_t (prods[i][j], null for zero weights): a balanced
 * tree and one final wrap when accum_t wraps (modular sums are associative), else the input order with every
 * partial sum converted.
 */
export function accumulate(
  nl: Netlist,
  prods: readonly (readonly (ValueId | null)[])[],
  bias: readonly bigint[] | null,
  bFrac: number,
  types: { accum: FixedType; result: FixedType },
): ValueId[] {
  const nOut = prods[0]?.length ?? bias?.length ?? 0;
  const wraps = types.accum.overflow === 'AP_WRAP' && types.accum.satBits === 0;
  const out: ValueId[] = [];
  for (let j = 0; j < nOut; j++) {
    const b = nl.cast(nl.constant(bias ? bias[j]! : 0n, bFrac), types.accum);
    let acc: ValueId;
    if (wraps) {
      const terms: Term[] = [{ v: b, shift: 0, neg: false }];
      for (const row of prods) if (row[j] !== null) terms.push({ v: row[j]!, shift: 0, neg: false });
      acc = nl.cast(sumTerms(nl, terms, types.accum)!, types.accum);
    } else {
      acc = b;
      for (const row of prods) if (row[j] !== null) acc = nl.cast(nl.add(acc, row[j]!), types.accum);
    }
    out.push(nl.cast(acc, types.result));
  }
  return out;
}

/** Convert a product to accum_t, as hls4ml does before adding it. */
export function productToAccum(nl: Netlist, p: ValueId, accum: FixedType): ValueId {
  // (accum_t)p: rounding, then a wrap that is mere bit selection; the sum wraps again after every add
  return nl.cast(p, accum);
}
