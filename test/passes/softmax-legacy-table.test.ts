// The legacy softmax reads CONFIG_T::table_t, and hls4ml's softmax config struct declares no table_t of its own: it
// inherits nnet::activ_config's ap_fixed<18,8> whatever table_t the layer is given (softmax_config_template typedefs
// exp_table_t, inv_table_t, accum_t, inv_inp_t, inp_norm_t only). HLS4ML_COMPAT "Activations": table_t default
// fixed<18,8,TRN,WRAP>; legacy exp table over [−8, 8), inverse table over [0, 64).
import { describe, expect, it } from 'vitest';
import { quantizeGraph } from '../../src/api/configure.js';
import { runFixed } from '../../src/emulator/index.js';
import { Chain } from './fixtures.js';

describe('legacy softmax tables', () => {
  it('use fixed<18,8> even when the layer configures another table_t', () => {
    const g = new Chain().add('x', { kind: 'input' }, [2], 'InputLayer').add('sm', { kind: 'softmax', axis: -1 }, [2], 'Softmax').graph();
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { sm: { Implementation: 'legacy', table_t: 'fixed<10,4>' } } };
    const q = quantizeGraph(g, cfg);
    // x = [0, 1]. Row 0: 1 + exp(1) with exp(1) at index 512 + trunc(1·1024/16) = 576 → floor(e·2^10)/2^10 = 2783/1024;
    // sum 3.7177734 → index trunc(sum·1024/64) = 59 → 1/(59/16) = 0.2711864 → 277/1024.
    // Row 1: 1 + exp(−1) (index 448) = 1 + 376/1024 → index 21 → 1/(21/16) = 0.7619048 → 780/1024.
    // (With table_t fixed<10,4> row 0 would read 17/64 = 0.265625.)
    expect(Array.from(runFixed(q.graph, [Float64Array.of(0, 1)], 1).outputs[0]!)).toEqual([277 / 1024, 780 / 1024]);
  });
});
