/**
 * removeLinear: drop linear Activation nodes as hls4ml does (before inference). QONNX Quant nodes with an exact
 * fixed type are hls4ml linear activations carrying a quantizer, and follow the same rules:
 * - eliminate_linear_activation: when its configured result type equals its input's (both 'auto' counts as equal);
 * - merge_linear_activation: when its input is a Dense/Conv/BatchNorm/Activation whose result type is 'auto' —
 *   a Quant's type then becomes that layer's result type.
 * A linear activation whose type differs from its input's is a real conversion and stays.
 */
import { sameFixedType, type FixedType } from '../ir/fixed-type.js';
import type { Graph, Node } from '../ir/graph.js';
import { isAuto, type PassContext } from './context.js';
import { bypassNode, replaceNode } from './rewire.js';

const SAFE_PARENTS = new Set(['dense', 'conv', 'batchnorm', 'activation']);


/** 'eliminate' (types equal), 'merge' (parent result auto) or null (keep). */
function removal(node: Node, parent: Node, ctx: PassContext): 'eliminate' | 'merge' | null {
  const mine = isAuto(ctx, node.name, 'result') ? 'auto' : node.types!.result;
  const theirs = isAuto(ctx, parent.name, 'result') ? 'auto' : parent.types!.result;
  if (mine === 'auto' || theirs === 'auto' ? mine === theirs : sameFixedType(mine, theirs)) return 'eliminate';
  return SAFE_PARENTS.has(parent.op.kind) && theirs === 'auto' ? 'merge' : null;
}

function isLinear(node: Node): boolean {
  if (node.inputs.length !== 1) return false;
  if (node.op.kind === 'activation') return node.op.fn === 'linear';
  return node.op.kind === 'quantize' && node.op.type !== null;
}

/** Remove the linear activations hls4ml removes (runs after applyConfig, before inferPrecision). */
export function removeLinear(graph: Graph, ctx: PassContext): Graph {
  let g = graph;
  for (const node of graph.nodes) {
    if (!isLinear(node)) continue;
    const parent = g.nodes.find((n) => n.name === node.inputs[0]);
    const how = parent === undefined ? null : removal(node, parent, ctx);
    if (how === null) continue;
    if (how === 'merge' && node.op.kind === 'quantize' && node.op.type !== null) {
      // the quantizer's type becomes the producer's result type (hls4ml sets it on the previous layer)
      g = replaceNode(g, { ...parent!, types: { ...parent!.types!, result: node.op.type } });
      ctx.auto.get(parent!.name)?.delete('result');
    }
    g = bypassNode(g, node.name);
    ctx.auto.delete(node.name);
  }
  return g;
}
