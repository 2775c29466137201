// LayerName keys written against hls4ml's names of ONNX layers. hls4ml names a layer by its raw ONNX node name;
// its ONNX front end needs a qonnx-cleaned model (shapes from value_info, no unnamed nodes), and qonnx's cleanup
// names nodes `<OpType>_<k>` per op type (GiveUniqueNodeNames), GemmToMatMul makes Gemms MatMuls and the graph input
// becomes `global_in` (HLS4ML_COMPAT "Configuration": LayerName keyed by layer name, matched case-insensitively;
// the ONNX default granularity is `name`, so every type of an ONNX config hangs on these keys).
import { describe, expect, it } from 'vitest';
import { formatFixedType } from '../../src/fixed/index.js';
import type { Graph, Node } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { quantizeGraph } from '../../src/api/configure.js';
import { onnxLayerAliases } from '../../src/passes/layer-aliases.js';
import { tensor } from './fixtures.js';

function n(name: string, op: Op, inputs: string[], shape: number[], onnxName: string, opType: string, layerClass: string): Node {
  return { name, op, inputs, shape, source: { file: 'm.onnx', node: onnxName, opType }, layerClass };
}

/** three_layer_pytorch's shape (unnamed nodes: nnfab names them `<Op>_<output>`), two layers deep. */
function pytorchLike(): Graph {
  const nodes = [
    n('input_0', { kind: 'input' }, [], [4], '0', 'Input', 'InputLayer'),
    n('Gemm_9', { kind: 'dense', weight: tensor([4, 3], 1), bias: tensor([3], 2) }, ['input_0'], [3], 'Gemm_9', 'Gemm', 'Dense'),
    n('Relu_10', { kind: 'activation', fn: 'relu' }, ['Gemm_9'], [3], 'Relu_10', 'Relu', 'Activation'),
    n('Gemm_11', { kind: 'dense', weight: tensor([3, 2], 3), bias: tensor([2], 4) }, ['Relu_10'], [2], 'Gemm_11', 'Gemm', 'Dense'),
    n('Softmax_12', { kind: 'softmax', axis: -1 }, ['Gemm_11'], [2], 'Softmax_12', 'Softmax', 'Softmax'),
  ];
  return { name: 'm', nodes, inputs: ['input_0'], outputs: ['Softmax_12'], sourceFile: 'm.onnx' };
}

describe('hls4ml / qonnx names of ONNX layers as LayerName keys', () => {
  it('aliases: raw node name, <OpType>_<k> per op type, MatMul_<k> for dense layers, global_in', () => {
    const a = onnxLayerAliases(pytorchLike());
    expect(a.get('global_in')).toBe('input_0');
    expect(a.get('inputlayer0')).toBe('input_0');
    expect([a.get('gemm_0'), a.get('gemm_1'), a.get('matmul_0'), a.get('matmul_1')]).toEqual(['Gemm_9', 'Gemm_11', 'Gemm_9', 'Gemm_11']);
    expect([a.get('relu_0'), a.get('softmax_0')]).toEqual(['Relu_10', 'Softmax_12']);
    // Keras models have their own names: no aliases
    expect(onnxLayerAliases({ ...pytorchLike(), sourceFile: 'm.json' }).size).toBe(0);
  });

  it('a qonnx-named name-granularity config sets the types of the matching nnfab nodes (no W403)', () => {
    const cfg = {
      Model: { Precision: 'fixed<16,6>' },
      LayerName: {
        global_in: { Precision: { result: 'fixed<10,3>' } },
        MatMul_0: { Precision: { result: 'fixed<12,4>', weight: 'fixed<8,2>', bias: 'fixed<8,2>' } },
        Relu_0: { Precision: { result: 'ufixed<6,2>' } },
        MatMul_1: { Precision: { result: 'auto', weight: 'fixed<8,2>', bias: 'fixed<8,2>' } },
        Softmax_0: { Precision: { result: 'fixed<9,1>' } },
      },
    };
    const q = quantizeGraph(pytorchLike(), cfg);
    const t = Object.fromEntries(q.graph.nodes.map((x) => [x.name, formatFixedType(x.types!.result)]));
    expect(t).toEqual({
      input_0: 'fixed<10,3,TRN,WRAP,0>',
      Gemm_9: 'fixed<12,4,TRN,WRAP,0>',
      Relu_10: 'ufixed<6,2,TRN,WRAP,0>',
      // 'auto' rule: n = 3 products of ufixed<6,2>·fixed<8,2>: W = 6+8+⌈log2 3⌉ = 16, I = 2+2+2 = 6, signed;
      // bias fixed<8,2>: I = max(6, 2)+1 = 7, W = 7 + max(10, 6) = 17
      Gemm_11: 'fixed<17,7,TRN,WRAP,0>',
      Softmax_12: 'fixed<9,1,TRN,WRAP,0>',
    });
    expect(q.warnings.filter((w) => w.code === 'W403')).toEqual([]);
  });

  it('the node\'s own name wins; an alias never re-keys onto a node that already has an entry', () => {
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { Gemm_9: { Precision: { result: 'fixed<12,4>' } }, Gemm_0: { Precision: { result: 'fixed<20,8>' } } } };
    const q = quantizeGraph(pytorchLike(), cfg);
    expect(formatFixedType(q.graph.nodes[1]!.types!.result)).toBe('fixed<12,4,TRN,WRAP,0>');
    expect(q.warnings.filter((w) => w.code === 'W403').length).toBe(1);
  });
});
