// Structural passes: identity removal, BatchNorm folding under hls4ml's rule, linear-activation removal, softmax skip.
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { quantizeGraph } from '../../src/api/configure.js';
import type { Graph } from '../../src/ir/graph.js';
import type { DenseOp, Op } from '../../src/ir/ops.js';
import { Chain, tensor } from './fixtures.js';

const names = (g: Graph) => g.nodes.map((n) => n.name);

function dnnWithBn(extra?: (c: Chain) => Chain): Graph {
  let c = new Chain()
    .add('x', { kind: 'input' }, [3], 'InputLayer')
    .add('fc', { kind: 'dense', weight: tensor([3, 2], 11), bias: tensor([2], 12) }, [2], 'Dense')
    .add('drop', { kind: 'identity', reason: 'dropout' }, [2], 'Dropout')
    .add('bn', { kind: 'batchnorm', scale: tensor([2], 13), bias: tensor([2], 14) }, [2], 'BatchNormalization');
  if (extra) c = extra(c);
  return c.add('relu', { kind: 'activation', fn: 'relu' }, [2], 'Activation').graph();
}

describe('canonicalize and foldBatchNorm', () => {
  it('drops dropout, and folds the BatchNorm when the dense result is auto (float32 arithmetic, per output channel)', () => {
    const g = dnnWithBn();
    const q = quantizeGraph(g, { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc: { Precision: { result: 'auto' } } } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'relu']);
    const before = g.nodes[1]!.op as DenseOp;
    const bn = g.nodes[3]!.op as Extract<Op, { kind: 'batchnorm' }>;
    const after = q.nodes[1]!.op as DenseOp;
    // weights were then quantized to fixed<16,6> through the decimal path: compare the fused float first
    const fused = Math.fround(bn.scale.data[1]! * before.weight.data[3]!);
    expect(Math.abs(after.weight.data[3]! - fused)).toBeLessThan(2 ** -10);
    expect(q.nodes[2]!.inputs).toEqual(['fc']);
  });
  it('does not fold under model granularity (the dense result type is explicit)', () => {
    const q = quantizeGraph(dnnWithBn(), { Model: { Precision: 'fixed<16,6>' } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'bn', 'relu']);
    expect(q.nodes[2]!.types!.scale).toBeDefined();
  });
  it('removes a linear activation between the dense and the BatchNorm first, then folds (hls4ml order)', () => {
    const g = new Chain()
      .add('x', { kind: 'input' }, [3], 'InputLayer')
      .add('fc', { kind: 'dense', weight: tensor([3, 2], 1), bias: null }, [2], 'Dense')
      .add('fc_linear', { kind: 'activation', fn: 'linear' }, [2], 'Activation')
      .add('bn', { kind: 'batchnorm', scale: tensor([2], 2), bias: tensor([2], 3) }, [2], 'BatchNormalization')
      .graph();
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc: { Precision: { result: 'auto' } }, fc_linear: { Precision: { result: 'auto' } } } };
    const q = quantizeGraph(g, cfg).graph;
    expect(names(q)).toEqual(['x', 'fc']);
    expect(q.outputs).toEqual(['fc']);
    // the bias created by the fold is typed by the configuration like any bias (not hls4ml's uint<1> placeholder)
    expect(q.nodes[1]!.types!.bias).toMatchObject({ width: 16, integer: 6 });
    expect((q.nodes[1]!.op as DenseOp).bias).not.toBeNull();
  });
});

describe('removeLinear', () => {
  const chain = () =>
    new Chain()
      .add('x', { kind: 'input' }, [3], 'InputLayer')
      .add('fc', { kind: 'dense', weight: tensor([3, 2], 4), bias: tensor([2], 5) }, [2], 'Dense')
      .add('fc_linear', { kind: 'activation', fn: 'linear' }, [2], 'Activation')
      .add('relu', { kind: 'activation', fn: 'relu' }, [2], 'Activation')
      .graph();
  it('removes it when its type equals its input type', () => {
    expect(names(quantizeGraph(chain(), { Model: { Precision: 'fixed<16,6>' } }).graph)).toEqual(['x', 'fc', 'relu']);
  });
  it('keeps it when it converts to another type (a real cast)', () => {
    const q = quantizeGraph(chain(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc_linear: { Precision: 'fixed<8,3,RND,SAT>' } } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'fc_linear', 'relu']);
  });
  it('removes it when the dense result is auto (merge_linear_activation)', () => {
    const q = quantizeGraph(chain(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc: { Precision: { result: 'auto' } }, fc_linear: { Precision: 'fixed<8,3>' } } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'relu']);
  });
});

describe('configuration effects', () => {
  const g = () =>
    new Chain()
      .add('x', { kind: 'input' }, [4], 'InputLayer')
      .add('fc', { kind: 'dense', weight: tensor([4, 3], 6), bias: tensor([3], 7) }, [3], 'Dense')
      .add('sm', { kind: 'softmax', axis: -1 }, [3], 'Softmax')
      .graph();
  it('Skip on an output softmax removes it; Trace/TraceOutput, ReuseFactor and Strategy land in node.config', () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>', ReuseFactor: 2, TraceOutput: true }, LayerType: { Dense: { Strategy: 'Resource', ReuseFactor: 4 } }, LayerName: { sm: { Skip: true } } });
    expect(names(q.graph)).toEqual(['x', 'fc']);
    expect(q.graph.nodes[1]!.config).toMatchObject({ reuseFactor: 4, strategy: 'resource', trace: true });
    expect(q.graph.nodes[0]!.config!.reuseFactor).toBe(2);
  });
  it("clamps a softmax table to 2^min(input width, inv_table_t width) (hls4ml's fix_softmax_table_size)", () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc: { Precision: { result: 'fixed<8,4>' } }, sm: { table_size: 4096, Implementation: 'latency' } } });
    expect(q.graph.nodes[2]!.config).toMatchObject({ tableSize: 256, softmaxImpl: 'latency' });
  });
  it('merges table types of LayerType and LayerName key by key, as hls4ml merges the two entries', () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>' }, LayerType: { Softmax: { exp_table_t: 'fixed<18,6>' } }, LayerName: { sm: { inv_table_t: 'fixed<18,4>' } } });
    expect(q.graph.nodes[2]!.types).toMatchObject({ expTable: { width: 18, integer: 6 }, invTable: { width: 18, integer: 4 }, invInp: { width: 18, integer: 8, rounding: 'AP_RND' } });
  });
  it('warns about LayerName entries that match no layer', () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc_typo: { ReuseFactor: 2 } } });
    expect(q.warnings.map((w) => [w.code, w.location.keyPath])).toEqual([['W403', 'HLSConfig.LayerName.fc_typo']]);
  });
  it('--dump-after prints the graph after that pass; an unknown pass name is E409', () => {
    const q = quantizeGraph(g(), undefined, { dumpAfter: 'inferPrecision' });
    expect(q.dump).toContain('fc = dense(x)');
    try {
      quantizeGraph(g(), undefined, { dumpAfter: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect((e as NnfabError).code).toBe('E409');
    }
  });
});

describe('runPipeline verification', () => {
  it('verifies the graph before and after every pass, naming where it broke', () => {
    const g = new Chain()
      .add('x', { kind: 'input' }, [3], 'InputLayer')
      .add('fc', { kind: 'dense', weight: tensor([3, 2], 8), bias: null }, [5], 'Dense')
      .graph();
    expect(() => quantizeGraph(g)).toThrow(/after pass "\(input\)"[\s\S]*shape \[5\] but its op gives \[2\]/);
    expect(quantizeGraph(g, undefined, { verify: false }).graph.nodes).toHaveLength(2);
  });
});

describe('QONNX Quant nodes as linear activations', () => {
  const T = { width: 6, integer: 2, signed: true, rounding: 'AP_RND_CONV', overflow: 'AP_SAT', satBits: 0 } as const;
  const quant: Op = { kind: 'quantize', type: T, scale: { shape: [], data: Float64Array.of(1 / 16) }, zeroPoint: { shape: [], data: Float64Array.of(0) }, bits: 6, signed: true, narrow: false, rounding: 'ROUND' };
  const g = () =>
    new Chain('m.onnx')
      .add('x', { kind: 'input' }, [3], 'InputLayer')
      .add('fc', { kind: 'dense', weight: tensor([3, 2], 9), bias: tensor([2], 10) }, [2], 'Dense')
      .add('q', quant, [2], 'Quant')
      .add('relu', { kind: 'activation', fn: 'relu' }, [2], 'Activation')
      .graph();
  it('merges into a producer whose result is auto: the producer takes the quantizer type', () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { fc: { Precision: { result: 'auto' } } } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'relu']);
    expect(q.nodes[1]!.types!.result).toEqual(T);
  });
  it('stays a conversion node when the producer has an explicit type', () => {
    const q = quantizeGraph(g(), { Model: { Precision: 'fixed<16,6>' } }).graph;
    expect(names(q)).toEqual(['x', 'fc', 'q', 'relu']);
    expect(q.nodes[2]!.types!.result).toEqual(T);
  });
});
