// Real data: hls4ml's own C simulation (../shared/hls4ml_ref) quantizes network inputs and re-quantizes activations
// with ap_fixed; the fixed-point core must reproduce those bits (including the wrap-around of ap_fixed<3,1>).
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { readNpy, type NpyArray } from '../../src/io/npy.js';
import { castArray, newOverflowCounts, parseFixedType, quantizeArray } from '../../src/fixed/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

/** One array of a case's trace.npz. */
function traceArray(caseName: string, layer: string): NpyArray {
  const files = unzipSync(readFileSync(sharedPath('hls4ml_ref', caseName, 'trace.npz')));
  return readNpy(files[`${layer}.npy`]!);
}

/** Indices where got and want differ (bit-exact comparison; a fast loop instead of a deep-equal diff). */
function mismatches(got: Float64Array, want: Float64Array): number[] {
  expect(got.length).toBe(want.length);
  const bad: number[] = [];
  for (let i = 0; i < got.length && bad.length < 10; i++) if (!Object.is(got[i], want[i])) bad.push(i);
  return bad;
}

/** relu on raws (the input type's raw integers). */
function relu(raws: Float64Array): Float64Array {
  return raws.map((r) => (r > 0 ? r : 0));
}

describeShared('fixed-point core vs hls4ml C simulation (qkeras_mnist_dense_Y)', () => {
  const CASE = 'qkeras_mnist_dense_Y';
  const input_t = parseFixedType('fixed<16,6,TRN,WRAP,0>');

  it('input → fixed<16,6> → relu → ap_fixed<3,1> equals the q_activation_2 trace, wraps included', () => {
    const x = readNpy(readFileSync(sharedPath('hls4ml_ref', CASE, 'input.npy')));
    const want = traceArray(CASE, 'q_activation_2');
    const t = parseFixedType('ap_fixed<3,1>');
    const raws = quantizeArray(x.data, input_t, new Float64Array(x.data.length));
    const counts = newOverflowCounts();
    const out = castArray(relu(raws), 10, t, new Float64Array(raws.length), counts);
    expect(mismatches(out.map((r) => r / 4), want.data)).toEqual([]); // F = 2
    expect(counts.wrapped).toBeGreaterThan(0); // pixels of 1.0 wrap to −1.0 in hls4ml too
  });

  it('q_dense_2 → relu → ap_fixed<4,2> equals the q_activation_3 trace', () => {
    const dense = traceArray(CASE, 'q_dense_2');
    const want = traceArray(CASE, 'q_activation_3');
    const raws = dense.data.map((v) => v * 1024); // exact fixed<16,6> values → raws
    const out = castArray(relu(raws), 10, parseFixedType('ap_fixed<4,2>'), new Float64Array(raws.length));
    expect(mismatches(out.map((r) => r / 4), want.data)).toEqual([]);
  });
});
