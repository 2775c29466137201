/** A type's facts as exact decimal strings (for `nnfab fixed`, reports and generated comments). */
import { fracBits, type FixedType, type OverflowMode, type RoundingMode } from '../ir/fixed-type.js';
import { rawToDecimal } from './decimal.js';
import { maxRaw, minRaw } from './range.js';

/** Width, integer/fraction bits, signedness, modes, and min/max/lsb as exact decimals. */
export interface TypeDescription {
  readonly width: number;
  readonly integer: number;
  readonly fraction: number;
  readonly signed: boolean;
  readonly rounding: RoundingMode;
  readonly overflow: OverflowMode;
  readonly satBits: number;
  readonly min: string;
  readonly max: string;
  readonly lsb: string;
}

/** Describe t with exact decimal bounds (min/max are the type's representable extremes). */
export function describeType(t: FixedType): TypeDescription {
  const f = fracBits(t);
  return {
    width: t.width,
    integer: t.integer,
    fraction: f,
    signed: t.signed,
    rounding: t.rounding,
    overflow: t.overflow,
    satBits: t.satBits,
    min: rawToDecimal(minRaw(t), f),
    max: rawToDecimal(maxRaw(t), f),
    lsb: rawToDecimal(1n, f),
  };
}
