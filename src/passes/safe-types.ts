/** safeTypes: opt-in overflow-safe types (placeholder until the interval analysis lands). */
import type { Graph } from '../ir/graph.js';
import type { PassContext } from './context.js';

/** Widen accumulators and results so that nothing can overflow. */
export function safeTypes(graph: Graph, _ctx: PassContext): Graph {
  return graph;
}
