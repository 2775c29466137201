/** Exact binary decomposition of a float64: x = mantissa · 2^exponent with integer mantissa (no float rounding). */

/** A finite float64 as mantissa · 2^exponent; mantissa carries the sign (0n for ±0). */
export interface Decomposed {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const VIEW = new DataView(new ArrayBuffer(8));

/**
 * Decompose a float64 exactly from its IEEE-754 bits. ±Infinity decomposes as ±1 · 2^1024 — the value Xilinx's
 * ap_fixed double constructor reads from the bit pattern (exponent field 2047, implicit leading one, zero mantissa).
 * NaN must be handled by the caller (nnfab defines NaN → 0).
 */
export function decomposeDouble(x: number): Decomposed {
  VIEW.setFloat64(0, x);
  const hi = VIEW.getUint32(0);
  const lo = VIEW.getUint32(4);
  const negative = hi >>> 31 === 1;
  const expField = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  let mantissa = (BigInt(fracHi) << 32n) | BigInt(lo);
  let exponent: number;
  if (expField === 0) {
    exponent = -1074; // subnormal (or zero): no implicit one
  } else {
    if (expField === 0x7ff) mantissa = 0n; // infinity: 1 · 2^1024 (NaN never reaches here)
    mantissa |= 1n << 52n;
    exponent = expField - 1075;
  }
  return { mantissa: negative ? -mantissa : mantissa, exponent };
}
