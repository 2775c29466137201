/** Graph surgery shared by the passes: remove a single-input node and let its readers read its input instead. */
import { invariant } from '../diagnostics/errors.js';
import type { Graph, Node } from '../ir/graph.js';

/** Remove `name` (a node with exactly one input); consumers and graph outputs are rewired to that input. */
export function bypassNode(graph: Graph, name: string): Graph {
  const node = graph.nodes.find((n) => n.name === name);
  invariant(node !== undefined && node.inputs.length === 1, `bypassNode: "${name}" is not a single-input node`);
  const source = node.inputs[0]!;
  const nodes: Node[] = [];
  for (const n of graph.nodes) {
    if (n.name === name) continue;
    nodes.push(n.inputs.includes(name) ? { ...n, inputs: n.inputs.map((i) => (i === name ? source : i)) } : n);
  }
  return { ...graph, nodes, outputs: graph.outputs.map((o) => (o === name ? source : o)) };
}

/** Replace one node (same name) in a graph. */
export function replaceNode(graph: Graph, node: Node): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.name === node.name ? node : n)) };
}
