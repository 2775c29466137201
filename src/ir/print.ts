/** A stable, human-readable text form of a Graph: one line per node, for dumps, golden tests and `--dump-after`. */
import { formatFixedType } from './fixed-type.js';
import type { Graph, Node, NodeTypes, WeightType } from './graph.js';
import type { Op, Tensor } from './ops.js';

function formatWeightType(t: WeightType): string {
  if ('kind' in t) return t.kind === 'exponent' ? `exponent<${t.width}>` : 'xnor';
  return formatFixedType(t);
}

function tensorSummary(t: Tensor): string {
  let nonzero = 0;
  for (const v of t.data) if (v !== 0) nonzero++;
  return `tensor[${t.shape.join('x')}] nz=${nonzero}`;
}

function opAttrs(op: Op): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(op)) {
    if (k === 'kind' || v === undefined) continue;
    if (v === null) parts.push(`${k}=none`);
    else if (typeof v === 'object' && 'data' in v) parts.push(`${k}=${tensorSummary(v as Tensor)}`);
    else if (Array.isArray(v)) parts.push(`${k}=[${v.join(',')}]`);
    else if (typeof v === 'object' && 'width' in v) parts.push(`${k}=${formatFixedType(v as never)}`);
    else parts.push(`${k}=${String(v)}`);
  }
  return parts.join(' ');
}

function typesText(types: NodeTypes): string {
  return Object.entries(types)
    .filter(([, t]) => t !== undefined)
    .map(([k, t]) => `${k}:${formatWeightType(t as WeightType)}`)
    .join(' ');
}

/** One line for a node: `name = kind(inputs) [shape] attrs {types} <config>`. */
export function printNode(node: Node): string {
  let line = `${node.name} = ${node.op.kind}(${node.inputs.join(', ')}) [${node.shape.join(',')}]`;
  const attrs = opAttrs(node.op);
  if (attrs) line += ` ${attrs}`;
  if (node.types) line += ` {${typesText(node.types)}}`;
  if (node.config) {
    const c = node.config;
    line += ` <rf=${c.reuseFactor} ${c.strategy}${c.softmaxImpl ? ` ${c.softmaxImpl}` : ''}>`;
  }
  return line;
}

/** The whole graph as text, in node order. */
export function printGraph(graph: Graph): string {
  const head = `graph ${graph.name} inputs=(${graph.inputs.join(', ')}) outputs=(${graph.outputs.join(', ')})`;
  return [head, ...graph.nodes.map((n) => `  ${printNode(n)}`)].join('\n') + '\n';
}
