/**
 * How one graph node becomes C++: its typedefs, its configuration struct, its constant arrays and the call of a
 * kernel of nnfab's library. Arrays hold exact literals of their types, computed by the emulator's own code
 * (weights, lookup tables), so that the C simulation and the emulator share one definition.
 */
import { fracBits, type FixedType } from '../../ir/fixed-type.js';
import { sizeOf, type Node } from '../../ir/graph.js';
import type { Op } from '../../ir/ops.js';
import { assertNever, fail } from '../../diagnostics/errors.js';
import { cppArray, cppIdent, cppType, exactConstType } from './cpp.js';
import { planDense, planConv } from './plan-dense.js';
import { planActivation, planClip, planPRelu } from './plan-activation.js';
import { planSoftmax } from './plan-softmax.js';
import { planBatchNorm, planConcat, planConstantOp, planGather, planMerge, planPool, planQuantize } from './plan-misc.js';

/** io_parallel (arrays) or io_stream (packets of the last axis). */
export type IoMode = 'io_parallel' | 'io_stream';

/** A constant array written to firmware/weights/<name>.h. */
export interface ConstArray {
  readonly name: string;
  readonly text: string;
}

/** The C++ of one node. */
export interface LayerPlan {
  /** Lines of firmware/defines.h (typedefs of this node's types). */
  readonly typedefs: string[];
  /** The config struct for parameters.h, or '' when the kernel needs none. */
  readonly config: string;
  readonly arrays: ConstArray[];
  /** Kernel call on arrays: `call(inputVars, outputVar)` → statement(s). */
  readonly call: (inputs: readonly string[], output: string) => string;
  /** True when the node maps each packet of the last axis independently (runs per packet under io_stream). */
  readonly perPacket: boolean;
  /** io_stream kernel call on streams, when the node has a dedicated streaming kernel (conv). */
  readonly streamCall?: (input: string, output: string) => string;
}

/** Everything a planner needs to know about one node. */
export interface PlanContext {
  readonly node: Node;
  /** 1-based layer number, used in names (config2, w2, ...). */
  readonly k: number;
  /** Element type names of the inputs (typedefs) and their fixed types and shapes. */
  readonly inTypes: readonly FixedType[];
  readonly inShapes: readonly (readonly number[])[];
  readonly inNames: readonly string[];
  /** Element type name of this node's result. */
  readonly outName: string;
  readonly mode: IoMode;
}

/** The result type of a quantized node (missing types are a pipeline error). */
export function resultOf(node: Node): FixedType {
  const t = node.types?.result;
  if (t === undefined) fail('E605', { node: node.name }, { node: node.name, opType: node.source.opType });
  return t;
}

/** Unsupported node: a coded error naming the node. */
export function unsupported(node: Node, reason: string): never {
  return fail('E604', { node: node.name, op: node.op.kind, reason, supported: 'see README "HLS backend"' }, { node: node.name, opType: node.source.opType });
}

/** A `typedef <type> <name>;` line. */
export function typedef(t: FixedType, name: string): string {
  return `typedef ${cppType(t)} ${name};`;
}

/** A config struct: `struct config<k> { ... };` from member lines. */
export function configStruct(k: number, members: readonly string[]): string {
  return `struct config${k} {\n${members.map((m) => `  ${m}`).join('\n')}\n};\n`;
}

/** An exact constant: its type name, typedef, and value literal. */
export function exactConst(c: number, name: string): { typedef: string; literal: string } {
  const t = exactConstType(c);
  return { typedef: typedef(t, name), literal: String(c) };
}

/** `static const int name[n] = {...}` for an index map. */
export function intArray(name: string, values: readonly number[], comment: string): ConstArray {
  return { name, text: cppArray('int', name, values.map(String), comment) };
}

/** Number of elements of one packet (io_stream) or of the whole tensor (io_parallel). */
export function unitSize(shape: readonly number[], mode: IoMode): number {
  return mode === 'io_stream' ? shape[shape.length - 1]! : sizeOf(shape);
}

/** Elementwise config: n_in = elements per call. */
export function elementwiseConfig(p: PlanContext, extra: readonly string[] = []): string {
  return configStruct(p.k, [`static const int n_in = ${unitSize(p.node.shape, p.mode)};`, ...extra]);
}

/** The fraction bits of a type (for literal emission). */
export function fbits(t: FixedType): number {
  return fracBits(t);
}

/** Plan one node. */
export function planLayer(p: PlanContext): LayerPlan {
  const op: Op = p.node.op;
  switch (op.kind) {
    case 'input':
      return { typedefs: [], config: '', arrays: [], call: () => '', perPacket: true };
    case 'dense':
      return planDense(p);
    case 'conv':
      return planConv(p);
    case 'activation':
      return planActivation(p);
    case 'clip':
      return planClip(p);
    case 'prelu':
      return planPRelu(p);
    case 'softmax':
      return planSoftmax(p);
    case 'batchnorm':
      return planBatchNorm(p);
    case 'pool':
    case 'global_pool':
      return planPool(p);
    case 'merge':
      return planMerge(p);
    case 'concat':
      return planConcat(p);
    case 'constant_op':
      return planConstantOp(p);
    case 'quantize':
      return planQuantize(p);
    case 'reshape':
    case 'identity':
    case 'transpose':
    case 'pad':
    case 'slice':
    case 'upsample':
      return planGather(p);
    default:
      return assertNever(op, 'op');
  }
}

/** Name used for the node's arrays and config (`w<k>`, `config<k>`). */
export function arrayName(prefix: string, k: number): string {
  return cppIdent(`${prefix}${k}`);
}
