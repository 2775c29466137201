/**
 * softmaxTableSize: hls4ml's fix_softmax_table_size — a softmax table never has more entries than
 * 2^min(input width, inv_table_t width), so that index bits can be cut from the fixed-point value.
 */
import type { Graph } from '../ir/graph.js';
import type { PassContext } from './context.js';

/** Clamp each softmax's tableSize (after the types are final). */
export function softmaxTableSize(graph: Graph, _ctx: PassContext): Graph {
  const resultOf = new Map(graph.nodes.map((n) => [n.name, n.types?.result]));
  const nodes = graph.nodes.map((n) => {
    if (n.op.kind !== 'softmax' || n.config === undefined || n.types?.invTable === undefined) return n;
    const input = resultOf.get(n.inputs[0]!);
    if (input === undefined) return n;
    const limit = 2 ** Math.min(input.width, n.types.invTable.width);
    return limit < n.config.tableSize ? { ...n, config: { ...n.config, tableSize: limit } } : n;
  });
  return { ...graph, nodes };
}
