/**
 * QKeras quantizer configurations, given as objects ({class_name, config}) or as strings like
 * `quantized_relu(3,1)` / `quantized_bits(4, 0, alpha=1)`, parsed into typed quantizers with QKeras's defaults.
 * Positional argument orders are those of the QKeras constructors (google/qkeras qkeras/quantizers.py).
 */
import { fail, type Location } from '../../diagnostics/errors.js';
import { isObj, type Json } from './model-json.js';

/** A QKeras quantizer with every argument nnfab uses. */
export type Quantizer =
  | { readonly kind: 'quantized_bits'; readonly bits: number; readonly integer: number; readonly symmetric: boolean; readonly keepNegative: boolean; readonly alpha: number | null | 'auto' | 'auto_po2' }
  | { readonly kind: 'quantized_relu'; readonly bits: number; readonly integer: number; readonly negativeSlope: number }
  | { readonly kind: 'quantized_po2'; readonly bits: number; readonly maxValue: number | null; readonly log2Floor: boolean }
  | { readonly kind: 'quantized_relu_po2'; readonly bits: number; readonly maxValue: number | null; readonly negativeSlope: number; readonly log2Floor: boolean }
  | { readonly kind: 'binary'; readonly use01: boolean; readonly alpha: number | null | 'auto' | 'auto_po2' }
  | { readonly kind: 'ternary'; readonly alpha: number | null; readonly threshold: number | null }
  | { readonly kind: 'quantized_tanh'; readonly bits: number; readonly useReal: boolean; readonly symmetric: boolean }
  | { readonly kind: 'quantized_sigmoid'; readonly bits: number; readonly useReal: boolean };

interface ArgSpec {
  /** Constructor arguments in positional order, with defaults. */
  readonly args: readonly (readonly [string, unknown])[];
  /** Training-only or cosmetic arguments accepted with any value. */
  readonly ignored: readonly string[];
}

const COMMON_IGNORED = ['use_stochastic_rounding', 'var_name', 'use_ste', 'use_variables', 'scale_axis', 'number_of_unrolls', 'temperature', 'use_real_sigmoid_for_training'];

const SPECS: Record<Quantizer['kind'], ArgSpec> = {
  quantized_bits: {
    args: [['bits', 8], ['integer', 0], ['symmetric', 0], ['keep_negative', true], ['alpha', null], ['use_stochastic_rounding', false], ['scale_axis', null], ['qnoise_factor', 1]],
    ignored: ['post_training_scale', 'elements_per_scale', 'min_po2_exponent', 'max_po2_exponent'],
  },
  quantized_relu: {
    args: [['bits', 8], ['integer', 0], ['use_sigmoid', 0], ['negative_slope', 0], ['use_stochastic_rounding', false], ['relu_upper_bound', null], ['is_quantized_clip', true], ['qnoise_factor', 1]],
    ignored: [],
  },
  quantized_po2: {
    args: [['bits', 8], ['max_value', null], ['use_stochastic_rounding', false], ['quadratic_approximation', false], ['log2_rounding', 'rnd'], ['qnoise_factor', 1]],
    ignored: [],
  },
  quantized_relu_po2: {
    args: [['bits', 8], ['max_value', null], ['negative_slope', 0], ['use_stochastic_rounding', false], ['quadratic_approximation', false], ['log2_rounding', 'rnd'], ['qnoise_factor', 1]],
    ignored: [],
  },
  binary: { args: [['use_01', false], ['alpha', null], ['use_stochastic_rounding', false]], ignored: [] },
  ternary: { args: [['alpha', null], ['threshold', null], ['use_stochastic_rounding', false], ['number_of_unrolls', 5]], ignored: [] },
  quantized_tanh: { args: [['bits', 8], ['use_stochastic_rounding', false], ['symmetric', false], ['use_real_tanh', false]], ignored: [] },
  quantized_sigmoid: { args: [['bits', 8], ['symmetric', false], ['use_real_sigmoid', false], ['use_stochastic_rounding', false]], ignored: [] },
};

/** Aliases QKeras accepts for the same quantizers (the stochastic forms behave as the plain ones at inference). */
const ALIASES: Record<string, Quantizer['kind']> = {
  stochastic_binary: 'binary',
  binary_tanh: 'binary',
  stochastic_ternary: 'ternary',
  ternary_tanh: 'ternary',
};

function kindOf(name: string): Quantizer['kind'] | null {
  if (name in SPECS) return name as Quantizer['kind'];
  return ALIASES[name] ?? null;
}

/** Parse one literal of a quantizer string: numbers, True/False, None, quoted strings. */
function literal(s: string, q: string, loc: Location): unknown {
  const t = s.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  if (t === 'True' || t === 'true') return true;
  if (t === 'False' || t === 'false') return false;
  if (t === 'None' || t === 'null') return null;
  const m = /^(['"])(.*)\1$/.exec(t);
  if (m) return m[2];
  fail('E305', { key: 'argument', value: t, quantizer: q, supported: 'numbers, True, False, None and quoted strings' }, loc);
}

/** Split `name(a, b, k=v)` into the name, positional and keyword arguments. */
function splitCall(s: string, loc: Location): { name: string; pos: unknown[]; kw: Json } {
  const m = /^\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*$/s.exec(s);
  if (!m) fail('E306', { quantizer: JSON.stringify(s) }, loc);
  const pos: unknown[] = [];
  const kw: Json = {};
  const body = (m[2] ?? '').trim();
  if (body !== '') {
    for (const part of body.split(',')) {
      const eq = /^\s*([A-Za-z_]\w*)\s*=(.*)$/s.exec(part);
      if (eq) kw[eq[1]!] = literal(eq[2]!, s, loc);
      else pos.push(literal(part, s, loc));
    }
  }
  return { name: m[1]!, pos, kw };
}

/** Resolve arguments against a spec: positional, then keyword; unknown keys are an E305. */
function resolveArgs(kind: Quantizer['kind'], pos: readonly unknown[], kw: Json, q: string, loc: Location): Json {
  const spec = SPECS[kind];
  const out: Json = Object.fromEntries(spec.args);
  if (pos.length > spec.args.length) {
    fail('E305', { key: 'arguments', value: pos.length, quantizer: q, supported: spec.args.map((a) => a[0]).join(', ') }, loc);
  }
  pos.forEach((v, i) => (out[spec.args[i]![0]] = v));
  for (const [k, v] of Object.entries(kw)) {
    if (k.startsWith('__')) continue;
    const known = spec.args.some((a) => a[0] === k) || spec.ignored.includes(k) || COMMON_IGNORED.includes(k);
    if (!known) fail('E305', { key: k, value: JSON.stringify(v), quantizer: q, supported: spec.args.map((a) => a[0]).join(', ') }, loc);
    out[k] = v;
  }
  return out;
}

function numArg(a: Json, k: string, q: string, loc: Location): number {
  const v = a[k];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  fail('E305', { key: k, value: JSON.stringify(v), quantizer: q, supported: 'a number' }, loc);
}

function optNum(a: Json, k: string, q: string, loc: Location): number | null {
  return a[k] === null || a[k] === undefined ? null : numArg(a, k, q, loc);
}

/** A numeric alpha (null = 1); quantized_bits and binary also take 'auto' and 'auto_po2' (handled by the caller). */
function alphaArg(a: Json, q: string, loc: Location): number | null {
  const v = a.alpha;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && v > 0) return v;
  fail('E305', { key: 'alpha', value: JSON.stringify(v), quantizer: q, supported: 'None or a positive number (quantized_bits and binary also: auto, auto_po2)' }, loc);
}

function requireValue(a: Json, k: string, want: unknown, q: string, loc: Location, what: string): void {
  const v = a[k];
  const same = v === want || (typeof v === 'number' && typeof want === 'boolean' && (v !== 0) === want) || (v === null && want === null);
  if (!same) fail('E305', { key: k, value: JSON.stringify(v), quantizer: q, supported: what }, loc);
}

function build(kind: Quantizer['kind'], a: Json, q: string, loc: Location): Quantizer {
  if ('qnoise_factor' in a) requireValue(a, 'qnoise_factor', 1, q, loc, '1 (full quantization)');
  const bits = () => numArg(a, 'bits', q, loc);
  const log2Floor = () => {
    requireValue(a, 'quadratic_approximation', false, q, loc, 'False');
    const r = a.log2_rounding;
    if (r !== 'rnd' && r !== 'floor') fail('E305', { key: 'log2_rounding', value: JSON.stringify(r), quantizer: q, supported: 'rnd, floor' }, loc);
    return r === 'floor';
  };
  switch (kind) {
    case 'quantized_bits': {
      // QKeras: a string alpha ('auto', 'auto_po2': per-channel scales computed from the weights) forces symmetric.
      const auto = a.alpha === 'auto' || a.alpha === 'auto_po2' ? a.alpha : null;
      const alpha = auto ?? alphaArg(a, q, loc);
      return { kind, bits: bits(), integer: numArg(a, 'integer', q, loc), symmetric: auto !== null || Boolean(a.symmetric), keepNegative: Boolean(a.keep_negative), alpha };
    }
    case 'quantized_relu':
      requireValue(a, 'use_sigmoid', false, q, loc, '0');
      requireValue(a, 'is_quantized_clip', true, q, loc, 'True');
      return { kind, bits: bits(), integer: numArg(a, 'integer', q, loc), negativeSlope: numArg(a, 'negative_slope', q, loc) };
    case 'quantized_po2':
      return { kind, bits: bits(), maxValue: optNum(a, 'max_value', q, loc), log2Floor: log2Floor() };
    case 'quantized_relu_po2':
      return { kind, bits: bits(), maxValue: optNum(a, 'max_value', q, loc), negativeSlope: numArg(a, 'negative_slope', q, loc), log2Floor: log2Floor() };
    case 'binary':
      return { kind, use01: Boolean(a.use_01), alpha: a.alpha === 'auto' || a.alpha === 'auto_po2' ? a.alpha : alphaArg(a, q, loc) };
    case 'ternary':
      return { kind, alpha: alphaArg(a, q, loc), threshold: optNum(a, 'threshold', q, loc) };
    case 'quantized_tanh':
      return { kind, bits: bits(), useReal: Boolean(a.use_real_tanh), symmetric: Boolean(a.symmetric) };
    case 'quantized_sigmoid':
      return { kind, bits: bits(), useReal: Boolean(a.use_real_sigmoid) };
  }
}

/** Parse a quantizer given as an object, a string, or null (no quantizer). */
export function parseQuantizer(x: unknown, loc: Location): Quantizer | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') {
    const { name, pos, kw } = splitCall(x, loc);
    const kind = kindOf(name);
    if (kind === null) fail('E306', { quantizer: JSON.stringify(x) }, loc);
    return build(kind, resolveArgs(kind, pos, kw, x, loc), x, loc);
  }
  if (isObj(x) && typeof x.class_name === 'string') {
    const kind = kindOf(x.class_name);
    if (kind === null) fail('E306', { quantizer: x.class_name }, loc);
    const kw = isObj(x.config) ? x.config : {};
    return build(kind, resolveArgs(kind, [], kw, x.class_name, loc), x.class_name, loc);
  }
  fail('E306', { quantizer: JSON.stringify(x) }, loc);
}

/** True when a config value names a QKeras quantizer (a Q-layer activation given as a quantizer). */
export function isQuantizerValue(x: unknown): boolean {
  if (typeof x === 'string') {
    const m = /^\s*([A-Za-z_]\w*)/.exec(x);
    return m !== null && kindOf(m[1]!) !== null;
  }
  return isObj(x) && typeof x.class_name === 'string' && kindOf(x.class_name) !== null;
}

/** The QKeras class name of a quantizer config value (for `<layer>_<class>` node names). */
export function quantizerClassName(x: unknown): string {
  if (typeof x === 'string') return /^\s*([A-Za-z_]\w*)/.exec(x)?.[1] ?? 'quantizer';
  if (isObj(x) && typeof x.class_name === 'string') return x.class_name;
  return 'quantizer';
}
