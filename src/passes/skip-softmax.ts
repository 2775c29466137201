/** skipSoftmax: drop an output Softmax whose configuration says `Skip: true` (hls4ml's skip_softmax). */
import type { Graph } from '../ir/graph.js';
import { lookupSetting } from '../ir/config.js';
import type { PassContext } from './context.js';
import { bypassNode } from './rewire.js';

/** Remove skipped softmax nodes that are graph outputs read by nothing else. */
export function skipSoftmax(graph: Graph, ctx: PassContext): Graph {
  let g = graph;
  for (const n of graph.nodes) {
    if (n.op.kind !== 'softmax' || !graph.outputs.includes(n.name)) continue;
    if (lookupSetting(ctx.config.hls, n.name, n.layerClass, 'skip') !== true) continue;
    if (graph.nodes.some((m) => m.inputs.includes(n.name))) continue;
    g = bypassNode(g, n.name);
  }
  return g;
}
