/** The graph verifier: structural invariants every pass must preserve. Failures are nnfab bugs, not user errors. */
import { InternalError } from '../diagnostics/errors.js';
import type { Graph } from './graph.js';
import { inferShape, ShapeError } from './shapes.js';

/** What to check beyond structure. */
export interface VerifyOptions {
  /** Every node must carry `types` and `config` (after the precision passes). */
  readonly quantized?: boolean;
  /** Name of the pass that produced the graph, for the error message. */
  readonly after?: string;
}

/** All invariant violations of a graph (empty when it is well-formed). */
export function graphProblems(graph: Graph, opts: VerifyOptions = {}): string[] {
  const problems: string[] = [];
  const seen = new Map<string, readonly number[]>();
  for (const node of graph.nodes) {
    const where = `node "${node.name}" (${node.op.kind})`;
    if (seen.has(node.name)) problems.push(`${where}: duplicate name`);
    for (const input of node.inputs) {
      if (!seen.has(input)) problems.push(`${where}: input "${input}" is not an earlier node`);
    }
    if (!node.shape.every((d) => Number.isInteger(d) && d >= 1)) problems.push(`${where}: bad shape [${node.shape.join(', ')}]`);
    if (node.op.kind === 'input') {
      if (node.inputs.length !== 0) problems.push(`${where}: an input node has operands`);
      if (!graph.inputs.includes(node.name)) problems.push(`${where}: input node missing from graph.inputs`);
    } else if (node.inputs.every((i) => seen.has(i))) {
      try {
        const expect = inferShape(node.op, node.inputs.map((i) => seen.get(i)!));
        if (expect.join(',') !== node.shape.join(',')) {
          problems.push(`${where}: shape [${node.shape.join(', ')}] but its op gives [${expect.join(', ')}]`);
        }
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        problems.push(`${where}: ${e.message}`);
      }
    }
    if (opts.quantized && (node.types === undefined || node.config === undefined)) {
      problems.push(`${where}: missing ${node.types === undefined ? 'types' : 'config'} after quantization`);
    }
    seen.set(node.name, node.shape);
  }
  for (const name of [...graph.inputs, ...graph.outputs]) {
    if (!seen.has(name)) problems.push(`graph input/output "${name}" is not a node`);
  }
  if (graph.outputs.length === 0) problems.push('graph has no outputs');
  return problems;
}

/** Throw an InternalError naming the pass when the graph breaks an invariant. */
export function verifyGraph(graph: Graph, opts: VerifyOptions = {}): void {
  const problems = graphProblems(graph, opts);
  if (problems.length > 0) {
    const by = opts.after ? ` after pass "${opts.after}"` : '';
    throw new InternalError(`graph "${graph.name}" is malformed${by}:\n  ${problems.join('\n  ')}`);
  }
}
