/** canonicalize: drop Identity and Dropout nodes (copies at inference), rewiring their readers; nothing else. */
import type { Graph } from '../ir/graph.js';
import type { PassContext } from './context.js';
import { bypassNode } from './rewire.js';

/** Remove every identity/dropout node. */
export function canonicalize(graph: Graph, _ctx: PassContext): Graph {
  let g = graph;
  for (const n of graph.nodes) if (n.op.kind === 'identity') g = bypassNode(g, n.name);
  return g;
}
