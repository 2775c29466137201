/**
 * quantizeWeights: replace every weight, bias and scale tensor by the exact values the hardware holds, through
 * hls4ml's decimal-text path (see decimal-text.ts). Afterwards each tensor value is exactly representable in its
 * node's type, so value · 2^F is the raw integer. Exponent (po2) and xnor (binary) weights are already exact and
 * stay as they are.
 */
import type { FixedType } from '../ir/fixed-type.js';
import type { Graph, Node, WeightType } from '../ir/graph.js';
import type { Tensor } from '../ir/ops.js';
import type { PassContext } from './context.js';
import { quantizeWeightArray } from './decimal-text.js';

function quantizeTensor(t: Tensor, type: WeightType | undefined): Tensor {
  if (type === undefined || 'kind' in type) return t;
  const fixed: FixedType = type;
  return { shape: t.shape, data: quantizeWeightArray(t.data, fixed) };
}

function quantizeNode(node: Node): Node {
  const types = node.types;
  if (types === undefined) return node;
  const op = node.op;
  switch (op.kind) {
    case 'dense':
    case 'conv':
      return { ...node, op: { ...op, weight: quantizeTensor(op.weight, types.weight), bias: op.bias === null ? null : quantizeTensor(op.bias, types.bias) } };
    case 'batchnorm':
      return { ...node, op: { ...op, scale: quantizeTensor(op.scale, types.scale), bias: quantizeTensor(op.bias, types.bias) } };
    default:
      return node;
  }
}

/** Quantize the constant tensors of every dense, conv and batchnorm node. */
export function quantizeWeights(graph: Graph, _ctx: PassContext): Graph {
  return { ...graph, nodes: graph.nodes.map(quantizeNode) };
}
