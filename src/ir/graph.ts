/**
 * nnfab's graph IR: a small readonly graph of named nodes in topological order.
 * Each node produces one value, named like the node (as hls4ml names its layers), of shape `shape`
 * (channels-last, without the batch axis).
 */
import type { FixedType } from './fixed-type.js';
import type { Op, OpKind, OpOf, WeightQuant } from './ops.js';

/** Where a node came from in the user's model file. */
export interface SourceLoc {
  readonly file: string;
  /** Source node / layer name (ONNX node name or output, Keras layer name). */
  readonly node: string;
  /** ONNX op_type or Keras class_name. */
  readonly opType: string;
}

/**
 * Types the model file itself declares (QKeras quantizers, QONNX Quant). They take precedence over
 * the weight/bias precisions of a configuration, as in hls4ml.
 */
export interface DeclaredTypes {
  readonly weight?: WeightQuant;
  readonly bias?: WeightQuant;
  readonly result?: FixedType;
}

/** The exponent type of power-of-two weights: sign + exponent stored as int<width>. */
export interface ExponentType {
  readonly kind: 'exponent';
  readonly width: number;
}
/** hls4ml's 1-bit binary weight (0 encodes −1, 1 encodes +1). */
export interface XnorType {
  readonly kind: 'xnor';
}
/** The type of a node's weights: a fixed type or a special encoding. */
export type WeightType = FixedType | ExponentType | XnorType;

/** Every type a quantized node may carry, named as hls4ml names them (result_t, accum_t, ...). */
export interface NodeTypes {
  readonly result: FixedType;
  readonly accum?: FixedType;
  readonly weight?: WeightType;
  readonly bias?: FixedType;
  readonly scale?: FixedType;
  readonly table?: FixedType;
  readonly expTable?: FixedType;
  readonly invTable?: FixedType;
  readonly invInp?: FixedType;
}

/** The hls4ml variable names of NodeTypes, in their config spelling. */
export const TYPE_VARS = {
  result: 'result',
  accum: 'accum',
  weight: 'weight',
  bias: 'bias',
  scale: 'scale',
  table: 'table_t',
  expTable: 'exp_table_t',
  invTable: 'inv_table_t',
  invInp: 'inv_inp_t',
} as const satisfies Record<keyof NodeTypes, string>;

export type Strategy = 'latency' | 'resource' | 'resource_unrolled' | 'distributed_arithmetic';
export type SoftmaxImpl = 'stable' | 'latency' | 'legacy' | 'argmax';

/** Per-node implementation settings resolved from the configuration. */
export interface LayerConfig {
  readonly reuseFactor: number;
  readonly strategy: Strategy;
  readonly tableSize: number;
  readonly softmaxImpl?: SoftmaxImpl;
  readonly trace: boolean;
}

/** One node: a named operation on the values of earlier nodes. */
export interface Node<O extends Op = Op> {
  readonly name: string;
  readonly op: O;
  /** Names of the nodes whose values this node reads, in operand order. */
  readonly inputs: readonly string[];
  /** Output shape without the batch axis, channels-last. */
  readonly shape: readonly number[];
  readonly source: SourceLoc;
  /** hls4ml's layer class for config lookup by LayerType (Dense, Activation, Softmax, ...). */
  readonly layerClass: string;
  readonly declared?: DeclaredTypes;
  /** Set by the precision passes; absent on a float graph. */
  readonly types?: NodeTypes;
  /** Set by the configuration pass. */
  readonly config?: LayerConfig;
}

/** A whole model: nodes in topological order, named inputs and outputs. */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  /** Names of the input nodes (op kind 'input'), in the model's input order. */
  readonly inputs: readonly string[];
  /** Names of the nodes whose values are the model's outputs, in order. */
  readonly outputs: readonly string[];
  /** The file the graph was imported from. */
  readonly sourceFile: string;
}

/** Narrow a node to a given op kind. */
export function isOp<K extends OpKind>(node: Node, kind: K): node is Node<OpOf<K>> {
  return node.op.kind === kind;
}

/** Index nodes by name. */
export function nodeMap(graph: Graph): ReadonlyMap<string, Node> {
  return new Map(graph.nodes.map((n) => [n.name, n]));
}

/** Names of the nodes that read each node's value. */
export function consumers(graph: Graph): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.name, []]));
  for (const n of graph.nodes) for (const i of n.inputs) out.get(i)?.push(n.name);
  return out;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/** Elements per sample of the named nodes' values (e.g. graph.inputs or graph.outputs). */
export function valueSizes(graph: Graph, names: readonly string[]): number[] {
  return names.map((name) => sizeOf(graph.nodes.find((n) => n.name === name)!.shape));
}

/** Replace some nodes of a graph, keeping order; returns a new graph. */
export function withNodes(graph: Graph, nodes: readonly Node[]): Graph {
  return { ...graph, nodes };
}
