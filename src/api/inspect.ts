/** A per-layer summary of an imported model: what `nnfab inspect` prints. */
import { sizeOf, type Graph, type Node } from '../ir/graph.js';
import type { Op, Tensor } from '../ir/ops.js';
import { formatFixedType } from '../ir/fixed-type.js';

/** One row of the summary. */
export interface LayerSummary {
  readonly name: string;
  /** hls4ml layer class (Dense, Conv2D, ...). */
  readonly layerClass: string;
  /** IR op kind, with the activation function for activations. */
  readonly op: string;
  readonly inputs: readonly string[];
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly nonzero: number;
  readonly source: { readonly file: string; readonly node: string; readonly opType: string };
}

/** The whole summary. */
export interface ModelSummary {
  readonly name: string;
  readonly file: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly layers: readonly LayerSummary[];
  readonly totalParams: number;
  readonly totalNonzero: number;
}

/** The constant tensors an op carries (weights, biases, scales). */
export function opTensors(op: Op): Tensor[] {
  switch (op.kind) {
    case 'dense':
    case 'conv':
      return op.bias ? [op.weight, op.bias] : [op.weight];
    case 'batchnorm':
      return [op.scale, op.bias];
    case 'prelu':
      return [op.alpha];
    case 'constant_op':
      return [op.constant];
    default:
      return [];
  }
}

function opLabel(op: Op): string {
  if (op.kind === 'activation') return `activation(${op.fn})`;
  if (op.kind === 'merge' || op.kind === 'pool' || op.kind === 'global_pool') return `${op.kind}(${op.mode})`;
  if (op.kind === 'constant_op') return `constant_op(${op.mode})`;
  if (op.kind === 'quantize') return `quantize(${op.type ? formatFixedType(op.type) : `${op.bits} bits, ${op.signed ? 'signed' : 'unsigned'}, scaled`})`;
  return op.kind;
}

function row(node: Node, shapes: ReadonlyMap<string, readonly number[]>): LayerSummary {
  const ts = opTensors(node.op);
  return {
    name: node.name,
    layerClass: node.layerClass,
    op: opLabel(node.op),
    inputs: node.inputs,
    inputShapes: node.inputs.map((i) => shapes.get(i) ?? []),
    outputShape: node.shape,
    params: ts.reduce((s, t) => s + sizeOf(t.shape), 0),
    nonzero: ts.reduce((s, t) => s + t.data.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0), 0),
    source: node.source,
  };
}

/** Summarize a graph, one row per node. */
export function summarizeModel(graph: Graph): ModelSummary {
  const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
  const layers = graph.nodes.map((n) => row(n, shapes));
  return {
    name: graph.name,
    file: graph.sourceFile,
    inputs: graph.inputs,
    outputs: graph.outputs,
    layers,
    totalParams: layers.reduce((s, l) => s + l.params, 0),
    totalNonzero: layers.reduce((s, l) => s + l.nonzero, 0),
  };
}
