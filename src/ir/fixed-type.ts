/**
 * The fixed-point type of a value, mirroring Xilinx `ap_fixed<W,I,Q,O,N>` / `ap_ufixed` / `ap_int<W>` / `ap_uint<W>`.
 * W total bits, I integer bits (sign included when signed; I may exceed W or be negative), F = W − I fraction bits.
 * Parsing and printing of every type spelling live here as well (see parseFixedType / formatFixedType).
 */
import { fail, type Location } from '../diagnostics/errors.js';

/** Quantization (rounding) modes, spelled as in ap_fixed. */
export const ROUNDING_MODES = ['AP_RND', 'AP_RND_ZERO', 'AP_RND_MIN_INF', 'AP_RND_INF', 'AP_RND_CONV', 'AP_TRN', 'AP_TRN_ZERO'] as const;
/** Overflow modes, spelled as in ap_fixed. */
export const OVERFLOW_MODES = ['AP_SAT', 'AP_SAT_ZERO', 'AP_SAT_SYM', 'AP_WRAP', 'AP_WRAP_SM'] as const;

export type RoundingMode = (typeof ROUNDING_MODES)[number];
export type OverflowMode = (typeof OVERFLOW_MODES)[number];

/** A fixed-point type. Integer types (ap_int/ap_uint) are fixed types with integer === width. */
export interface FixedType {
  readonly width: number;
  readonly integer: number;
  readonly signed: boolean;
  readonly rounding: RoundingMode;
  readonly overflow: OverflowMode;
  /** N of ap_fixed: saturation bits for AP_WRAP / AP_WRAP_SM (0 by default). */
  readonly satBits: number;
}

/** Fraction bits F = W − I (may be negative). A value is raw · 2^−F. */
export function fracBits(t: FixedType): number {
  return t.width - t.integer;
}

/** The same type in every field (width, integer bits, signedness, both modes, saturation bits). */
export function sameFixedType(a: FixedType, b: FixedType): boolean {
  return a.width === b.width && a.integer === b.integer && a.signed === b.signed && a.rounding === b.rounding && a.overflow === b.overflow && a.satBits === b.satBits;
}

// ---------------------------------------------------------------------------------------------------------------
// Construction, parsing and printing. Integer types (ap_int<W> / int<W>) are fixed types with integer === width and
// rounding AP_TRN_ZERO: converting any value into a C++ ap_int truncates toward zero (C semantics) and wraps.
// ---------------------------------------------------------------------------------------------------------------

/** Largest width nnfab accepts (Xilinx's AP_INT_MAX_W can be raised to 4096; every path here is exact at any width). */
export const MAX_WIDTH = 4096;
/** Largest |I| accepted; ap_fixed allows I beyond W and below zero. */
export const MAX_INTEGER_BITS = 65536;

/** Check a type's parameters; a bad one is a coded user error naming `text` (the spelling the user wrote). */
function validate(t: FixedType, text: string, location?: Location): FixedType {
  const loc = location ?? {};
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > MAX_WIDTH) fail('E102', { width: t.width, text, max: MAX_WIDTH }, loc);
  if (!Number.isInteger(t.integer) || Math.abs(t.integer) > MAX_INTEGER_BITS) {
    fail('E103', { integer: t.integer, text, max: MAX_INTEGER_BITS }, loc);
  }
  if (!(ROUNDING_MODES as readonly string[]).includes(t.rounding)) fail('E104', { mode: t.rounding, text }, loc);
  if (!(OVERFLOW_MODES as readonly string[]).includes(t.overflow)) fail('E105', { mode: t.overflow, text }, loc);
  if (!Number.isInteger(t.satBits) || t.satBits < 0 || t.satBits > t.width) {
    fail('E106', { satBits: t.satBits, text, width: t.width }, loc);
  }
  if (!t.signed && t.overflow === 'AP_WRAP_SM') fail('E107', { text }, loc);
  return t;
}

/** Build (and validate) a fixed-point type; defaults as ap_fixed: signed, AP_TRN, AP_WRAP, N = 0. */
export function fixedType(
  width: number,
  integer: number,
  signed = true,
  rounding: RoundingMode = 'AP_TRN',
  overflow: OverflowMode = 'AP_WRAP',
  satBits = 0,
): FixedType {
  const t: FixedType = { width, integer, signed, rounding, overflow, satBits };
  return validate(t, `${signed ? '' : 'u'}fixed<${width},${integer},${rounding},${overflow},${satBits}>`);
}

/** The type of C++ `ap_int<W>` / `ap_uint<W>`: W integer bits, truncation toward zero, wrap. */
export function intType(width: number, signed = true): FixedType {
  return validate({ width, integer: width, signed, rounding: 'AP_TRN_ZERO', overflow: 'AP_WRAP', satBits: 0 }, `${signed ? '' : 'u'}int<${width}>`);
}

/** True when both types are identical in every parameter. */
export function sameType(a: FixedType, b: FixedType): boolean {
  return (
    a.width === b.width &&
    a.integer === b.integer &&
    a.signed === b.signed &&
    a.rounding === b.rounding &&
    a.overflow === b.overflow &&
    a.satBits === b.satBits
  );
}

/** True for the types C++ spells ap_int<W> / ap_uint<W> (and hls4ml int<W> / uint<W>). */
export function isIntType(t: FixedType): boolean {
  return t.integer === t.width && t.rounding === 'AP_TRN_ZERO' && t.overflow === 'AP_WRAP' && t.satBits === 0;
}

const TYPE_RE = /^(ap_)?(u?)(fixed|int)\s*<([^<>]*)>$/i;
const INT_RE = /^[+-]?\d+$/;

/** Resolve a mode name written with or without the AP_ prefix, in any letter case. */
function resolveMode<M extends string>(word: string, modes: readonly M[]): M | undefined {
  const up = word.toUpperCase();
  const full = up.startsWith('AP_') ? up : `AP_${up}`;
  return modes.find((m) => m === full);
}

/** Parse one integer parameter, failing with E101 naming which parameter is wrong. */
function parseIntParam(s: string, what: string, text: string, loc: Location): number {
  if (!INT_RE.test(s)) fail('E101', { text, reason: `${what} must be an integer, got "${s}"` }, loc);
  return Number(s);
}

/**
 * Parse any spelling of a fixed-point type: `ap_fixed<W,I,Q,O,N>`, `ap_ufixed<...>`, `ap_int<W>`, `ap_uint<W>`,
 * hls4ml's `fixed<...>`, `ufixed<...>`, `int<W>`, `uint<W>`; modes with or without `AP_`; whitespace anywhere.
 * Malformed text is a coded user error (E101–E107) that says exactly what is wrong.
 */
export function parseFixedType(text: string, location?: Location): FixedType {
  const loc = location ?? {};
  const trimmed = text.trim();
  const m = TYPE_RE.exec(trimmed);
  if (!m) {
    const reason = trimmed === '' ? 'the text is empty' : !/[<>]/.test(trimmed) ? 'expected NAME<parameters>' : 'expected one of ap_fixed, ap_ufixed, ap_int, ap_uint, fixed, ufixed, int, uint followed by <...>';
    fail('E101', { text, reason }, loc);
  }
  const signed = m[2] === '';
  const isInt = m[3]!.toLowerCase() === 'int';
  const params = m[4]!.split(',').map((p) => p.trim());
  if (params.some((p) => p === '')) fail('E101', { text, reason: 'empty parameter between commas' }, loc);
  if (isInt) {
    if (params.length !== 1) fail('E101', { text, reason: `integer types take exactly one parameter <W>, got ${params.length}` }, loc);
    return intTypeChecked(parseIntParam(params[0]!, 'width W', text, loc), signed, text, loc);
  }
  if (params.length < 2 || params.length > 5) {
    fail('E101', { text, reason: `fixed types take 2 to 5 parameters <W,I[,Q[,O[,N]]]>, got ${params.length}` }, loc);
  }
  const width = parseIntParam(params[0]!, 'width W', text, loc);
  const integer = parseIntParam(params[1]!, 'integer bits I', text, loc);
  const rounding = params[2] === undefined ? 'AP_TRN' : resolveMode(params[2], ROUNDING_MODES);
  if (rounding === undefined) fail('E104', { mode: params[2]!, text }, loc);
  const overflow = params[3] === undefined ? 'AP_WRAP' : resolveMode(params[3], OVERFLOW_MODES);
  if (overflow === undefined) fail('E105', { mode: params[3]!, text }, loc);
  const satBits = params[4] === undefined ? 0 : parseIntParam(params[4], 'saturation bits N', text, loc);
  return validate({ width, integer, signed, rounding, overflow, satBits }, text, loc);
}

/** ap_int<W> / ap_uint<W> validated against the user's text. */
function intTypeChecked(width: number, signed: boolean, text: string, loc: Location): FixedType {
  return validate({ width, integer: width, signed, rounding: 'AP_TRN_ZERO', overflow: 'AP_WRAP', satBits: 0 }, text, loc);
}

/** hls4ml's spelling: `fixed<16,6,TRN,WRAP,0>`, `ufixed<8,0,RND,SAT,0>`; integer types as `int<8>` / `uint<8>`. */
export function formatFixedType(t: FixedType): string {
  const u = t.signed ? '' : 'u';
  if (isIntType(t)) return `${u}int<${t.width}>`;
  return `${u}fixed<${t.width},${t.integer},${t.rounding.slice(3)},${t.overflow.slice(3)},${t.satBits}>`;
}

/** The C++ spelling: `ap_fixed<16,6>`, `ap_ufixed<8,0,AP_RND,AP_SAT>`, `ap_int<8>`; modes and N only when not default. */
export function formatCppType(t: FixedType): string {
  const u = t.signed ? '' : 'u';
  if (isIntType(t)) return `ap_${u}int<${t.width}>`;
  const args: (string | number)[] = [t.width, t.integer];
  if (t.satBits !== 0) args.push(t.rounding, t.overflow, t.satBits);
  else if (t.overflow !== 'AP_WRAP') args.push(t.rounding, t.overflow);
  else if (t.rounding !== 'AP_TRN') args.push(t.rounding);
  return `ap_${u}fixed<${args.join(',')}>`;
}
