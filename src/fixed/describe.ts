/** A type's facts as exact decimal strings (for `nnfab fixed`, reports and generated comments). */
import { fracBits, parseFixedType, type FixedType, type OverflowMode, type RoundingMode } from '../ir/fixed-type.js';
import { parseDecimal, rawToDecimal } from './decimal.js';
import { quantize } from './convert.js';
import type { CastEvent } from './overflow.js';
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

/** One value of `nnfab fixed`: the input text, the exact quantized value, the raw integer, and what happened. */
export interface QuantizedValue {
  readonly input: string;
  readonly value: string;
  readonly raw: string;
  readonly event: CastEvent;
}

/** What `nnfab fixed TYPE VALUE...` reports: the parsed type, its facts, and each value quantized into it. */
export interface FixedReport {
  readonly type: FixedType;
  readonly description: TypeDescription;
  readonly values: readonly QuantizedValue[];
}

/**
 * Parse a type and decimal inputs and quantize each input: the text is read as the nearest float64 (as C++ reads a
 * literal), then quantized exactly. Malformed type or value text is a coded user error.
 */
export function fixedReport(typeText: string, inputs: readonly string[]): FixedReport {
  const type = parseFixedType(typeText);
  const f = fracBits(type);
  const values = inputs.map((input) => {
    const r = quantize(parseDecimal(input), type);
    return { input, value: rawToDecimal(r.raw, f), raw: r.raw.toString(), event: r.event };
  });
  return { type, description: describeType(type), values };
}
