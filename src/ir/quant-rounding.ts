/** The rounding of a QuantizeOp (QONNX Quant / QuantizeLinear) on one value: the one definition for every user. */
import type { QuantizeOp } from './ops.js';

/** Round as a quantizer does: ROUND and HALF_EVEN are round-half-to-even (numpy's round). */
export function roundQuant(mode: QuantizeOp['rounding'], v: number): number {
  switch (mode) {
    case 'ROUND':
    case 'HALF_EVEN': {
      const f = Math.floor(v);
      const d = v - f;
      return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    }
    case 'ROUND_TO_ZERO':
      return Math.trunc(v);
    case 'CEIL':
      return Math.ceil(v);
    case 'FLOOR':
      return Math.floor(v);
  }
}
