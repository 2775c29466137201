/**
 * removeLinear: drop linear Activation nodes as hls4ml does (before inference):
 * - eliminate_linear_activation: when its configured result type equals its input's (both 'auto' counts as equal);
 * - merge_linear_activation: when its input is a Dense/Conv/BatchNorm/Activation whose result type is 'auto'.
 * A linear activation whose type differs from its input's is a real conversion and stays.
 */
import type { FixedType } from '../ir/fixed-type.js';
import type { Graph, Node } from '../ir/graph.js';
import { isAuto, type PassContext } from './context.js';
import { bypassNode } from './rewire.js';

const SAFE_PARENTS = new Set(['dense', 'conv', 'batchnorm', 'activation']);

function sameType(a: FixedType, b: FixedType): boolean {
  return a.width === b.width && a.integer === b.integer && a.signed === b.signed && a.rounding === b.rounding && a.overflow === b.overflow && a.satBits === b.satBits;
}

function removable(node: Node, parent: Node, ctx: PassContext): boolean {
  const mine = isAuto(ctx, node.name, 'result') ? 'auto' : node.types!.result;
  const theirs = isAuto(ctx, parent.name, 'result') ? 'auto' : parent.types!.result;
  if (mine === 'auto' || theirs === 'auto' ? mine === theirs : sameType(mine, theirs)) return true;
  return SAFE_PARENTS.has(parent.op.kind) && theirs === 'auto';
}

/** Remove the linear activations hls4ml removes (runs after applyConfig, before inferPrecision). */
export function removeLinear(graph: Graph, ctx: PassContext): Graph {
  let g = graph;
  for (const node of graph.nodes) {
    if (node.op.kind !== 'activation' || node.op.fn !== 'linear' || node.inputs.length !== 1) continue;
    const parent = g.nodes.find((n) => n.name === node.inputs[0]);
    if (parent === undefined || !removable(node, parent, ctx)) continue;
    g = bypassNode(g, node.name);
    ctx.auto.delete(node.name);
  }
  return g;
}
