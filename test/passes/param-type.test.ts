// param_t of hls4ml's ParametrizedActivation (LeakyReLU, ThresholdedReLU, ELU) and PReLU: looked up as Precision
// `param` (the model default at model granularity, not the layer's result type), and at name granularity ('auto')
// inferred by InferPrecisionTypes: _get_precision_from_constant(alpha) for LeakyReLU/ELU, the input type for
// ThresholdedReLU and PReLU. Evidence: hls4ml infer_precision.py (_infer_par_act_precision,
// _get_precision_from_constant with minimal_kif, max_width 8) and the param activation template, which passes alpha
// as param_t to leaky_relu(data, param_T alpha, res) where res = alpha * data (HLS4ML_COMPAT "Activations": leaky_relu
// x > 0 ? x : α·x; "'auto' precision rules").
import { describe, expect, it } from 'vitest';
import { formatFixedType, parseFixedType } from '../../src/fixed/index.js';
import { constantParamType } from '../../src/passes/infer-precision.js';
import { configFromModel, quantizeGraph } from '../../src/api/configure.js';
import { runFixed } from '../../src/emulator/index.js';
import { Chain } from './fixtures.js';

const s = formatFixedType;

function leakyGraph(alpha: number) {
  return new Chain()
    .add('x', { kind: 'input' }, [1], 'InputLayer')
    .add('leaky', { kind: 'activation', fn: 'leaky_relu', alpha }, [1], 'LeakyReLU')
    .graph();
}

describe('param_t of parametrized activations', () => {
  it('constant types: minimal sign/integer/fraction bits, width capped at sign + 8', () => {
    // 0.3 needs more than 32 fraction bits → f = 32; i = ceil(log2(0.3 + 2^-32)) = -1; width min(31, 8) = 8
    expect(s(constantParamType(0.3))).toBe('ufixed<8,-1,TRN,WRAP,0>');
    expect(s(constantParamType(Math.fround(0.3)))).toBe('ufixed<8,-1,TRN,WRAP,0>');
    // ONNX's default LeakyRelu alpha 0.01: i = ceil(log2 0.01) = -6
    expect(s(constantParamType(Math.fround(0.01)))).toBe('ufixed<8,-6,TRN,WRAP,0>');
    // exact constants keep just their bits: 1 → f 0, i = ceil(log2 2) = 1; 0.5 → f 1, i 0; −0.25 → signed, f 2, i −2
    expect(s(constantParamType(1))).toBe('ufixed<1,1,TRN,WRAP,0>');
    expect(s(constantParamType(0.5))).toBe('ufixed<1,0,TRN,WRAP,0>');
    expect(s(constantParamType(-0.25))).toBe('fixed<1,-1,TRN,WRAP,0>');
    expect(s(constantParamType(0))).toBe('ufixed<1,1,TRN,WRAP,0>');
  });

  it('model granularity: alpha in the model default (not the configured result type)', () => {
    const g = leakyGraph(0.3);
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { leaky: { Precision: { result: 'fixed<16,2>' } } } };
    const q = quantizeGraph(g, cfg);
    expect(s(q.graph.nodes[1]!.types!.scale!)).toBe('fixed<16,6,TRN,WRAP,0>');
    // α = floor(0.3·2^10)/2^10 = 307/1024; −1 · α = −0.2998046875, exact in fixed<16,2> (14 fraction bits)
    expect(Array.from(runFixed(q.graph, [Float64Array.of(-1)], 1).outputs[0]!)).toEqual([-307 / 1024]);
    // a Precision string sets every variable of the layer, param included
    const all = quantizeGraph(g, { Model: { Precision: 'fixed<16,6>' }, LayerName: { leaky: { Precision: 'fixed<16,2>' } } });
    expect(s(all.graph.nodes[1]!.types!.scale!)).toBe('fixed<16,2,TRN,WRAP,0>');
  });

  it('name granularity: config_from_*_model writes param: auto; alpha then takes its constant type', () => {
    const g = leakyGraph(0.3);
    const cfg = configFromModel(g, { granularity: 'name' }) as { LayerName: Record<string, { Precision: Record<string, string> }> };
    expect(cfg.LayerName['leaky']!.Precision).toEqual({ result: 'auto', param: 'auto' });
    const q = quantizeGraph(g, cfg);
    expect(s(q.graph.nodes[1]!.types!.scale!)).toBe('ufixed<8,-1,TRN,WRAP,0>');
    // α = floor(0.3·2^9)/2^9 = 153/512; result (auto → default fixed<16,6>) holds −153/512 exactly
    expect(Array.from(runFixed(q.graph, [Float64Array.of(-1)], 1).outputs[0]!)).toEqual([-153 / 512]);
  });

  it('PReLU and ThresholdedReLU infer param_t from their input type', () => {
    const g = new Chain()
      .add('x', { kind: 'input' }, [2], 'InputLayer')
      .add('p', { kind: 'prelu', alpha: { shape: [2], data: Float64Array.of(0.3, 0.1) } }, [2], 'PReLU')
      .add('t', { kind: 'activation', fn: 'thresholded_relu', alpha: 1 }, [2], 'ThresholdedReLU')
      .graph();
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: { result: 'fixed<12,4>' } }, p: { Precision: { result: 'fixed<12,4>', param: 'auto' } }, t: { Precision: { param: 'auto' } } } };
    const q = quantizeGraph(g, cfg);
    expect(s(q.graph.nodes[1]!.types!.scale!)).toBe(s(parseFixedType('fixed<12,4>')));
    expect(s(q.graph.nodes[2]!.types!.scale!)).toBe(s(parseFixedType('fixed<12,4>')));
  });
});
