/** What a fuzz case runs: load a model and run it in float on a tiny batch, or read a config and emulate it. */
import { join } from 'node:path';
import { loadModel } from '../api/load.js';
import { runFloat } from '../emulator/float.js';
import { sizeOf, valueSizes } from '../ir/graph.js';
import type { CaseKind } from './types.js';

/** Largest model input the fuzz run feeds (elements per sample); larger inputs are only loaded. */
const MAX_RUN_ELEMENTS = 1 << 16;

/** Run one case; throws NnfabError for rejected input, anything else is a finding. */
export async function exerciseCase(kind: CaseKind, dir: string, entry: string, weights?: string): Promise<void> {
  if (kind === 'config') {
    const { convert } = await import('../api/model.js');
    const model = await convert(undefined, join(dir, entry));
    const graph = model.graph;
    const sizes = valueSizes(graph, graph.inputs);
    if (sizes.every((s) => s <= MAX_RUN_ELEMENTS)) model.predictAll(sizes.map((s) => new Float64Array(s).fill(0.5)));
    return;
  }
  const graph = await loadModel(join(dir, entry), weights ? { weights: join(dir, weights) } : {});
  const shapes = graph.inputs.map((name) => graph.nodes.find((n) => n.name === name)!.shape);
  if (shapes.every((s) => sizeOf(s) <= MAX_RUN_ELEMENTS)) {
    const inputs = shapes.map((s) => new Float64Array(2 * sizeOf(s)).fill(0.25));
    runFloat(graph, inputs, 2);
    // the default fixed-point configuration (passes + emulator) must cope with whatever the file held
    const { convert } = await import('../api/model.js');
    (await convert(graph)).predictAll(inputs.length === 1 ? inputs[0]! : inputs);
  }
}
