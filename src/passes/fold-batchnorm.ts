/**
 * foldBatchNorm (after applyConfig and removeLinear, as in hls4ml's optimize flow): fuse a BatchNormalization into the Dense/Conv before it, with hls4ml's rule
 * (fuse_batch_normalization): only when that layer's configured result type is 'auto' (so `name` granularity
 * folds and `model` does not), neither side carries a model quantizer, and the layer's value feeds only the BN.
 * w' = scale[c]·w[..., c], b' = scale[c]·b[c] + beta[c] (b = 0 without a bias), in float32 as numpy does when
 * every operand is a float32 value, else in float64.
 */
import type { Graph, Node } from '../ir/graph.js';
import { consumers } from '../ir/graph.js';
import type { BatchNormOp, ConvOp, DenseOp, Tensor } from '../ir/ops.js';
import type { PassContext } from './context.js';
import { resolveVar } from './resolve.js';
import { bypassNode, replaceNode } from './rewire.js';
import { configureNode } from './apply-config.js';

const isF32 = (a: Float64Array): boolean => a.every((v) => Math.fround(v) === v);

/** The fused weight and bias of `op` followed by `bn` (per output channel = last weight axis). */
export function fuseTensors(op: DenseOp | ConvOp, bn: BatchNormOp): { weight: Tensor; bias: Tensor } {
  const s = bn.scale.data;
  const beta = bn.bias.data;
  const w = op.weight.data;
  const b = op.bias?.data ?? new Float64Array(s.length);
  const f32 = isF32(s) && isF32(beta) && isF32(w) && isF32(b);
  const r = f32 ? Math.fround : (v: number) => v;
  const nOut = s.length;
  const fw = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) fw[i] = r(s[i % nOut]! * w[i]!);
  const fb = new Float64Array(nOut);
  for (let c = 0; c < nOut; c++) fb[c] = r(r(s[c]! * b[c]!) + beta[c]!);
  return { weight: { shape: op.weight.shape, data: fw }, bias: { shape: [nOut], data: fb } };
}

function foldable(bn: Node, parent: Node | undefined, readers: number, ctx: PassContext): parent is Node<DenseOp | ConvOp> {
  if (parent === undefined || (parent.op.kind !== 'dense' && parent.op.kind !== 'conv')) return false;
  if (readers !== 1 || parent.declared?.weight !== undefined || parent.declared?.bias !== undefined) return false;
  if (bn.declared?.weight !== undefined || bn.declared?.bias !== undefined) return false;
  const last = parent.op.weight.shape[parent.op.weight.shape.length - 1];
  return last === (bn.op as BatchNormOp).scale.data.length && resolveVar(parent, 'result', ctx.config).spec === 'auto';
}

/** Fold every eligible BatchNormalization into its producer. */
export function foldBatchNorm(graph: Graph, ctx: PassContext): Graph {
  let g = graph;
  for (const bn of graph.nodes) {
    if (bn.op.kind !== 'batchnorm' || bn.inputs.length !== 1) continue;
    const parent = g.nodes.find((n) => n.name === bn.inputs[0]);
    const readers = consumers(g).get(bn.inputs[0]!)?.length ?? 0;
    if (!foldable(bn, parent, readers, ctx)) continue;
    const fused = fuseTensors(parent.op, bn.op);
    const merged: Node = { ...parent, op: { ...parent.op, ...fused } };
    // re-resolve: a layer without bias now has one, typed by the configuration like any bias
    g = replaceNode(g, merged.types !== undefined ? configureNode(merged, ctx) : merged);
    g = bypassNode(g, bn.name);
    ctx.auto.delete(bn.name);
  }
  return g;
}
