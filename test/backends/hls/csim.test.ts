// Generated projects, compiled with g++ against nnfab's header, equal the emulator bit for bit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFixed } from '../../../src/emulator/index.js';
import { writeHlsProject, type HlsProjectOptions } from '../../../src/backends/hls/project.js';
import { runCsim } from '../../../src/backends/hls/csim.js';
import type { Graph } from '../../../src/ir/graph.js';
import { conv1dGraph, denseGraph, legacySoftmaxGraph, modesGraph, rng, zooConvGraph, zooDenseGraph } from './graphs.js';

const work = mkdtempSync(join(tmpdir(), 'nnfab-csim-'));

function inputs(g: Graph, batch: number, seed: number): Float64Array[] {
  const r = rng(seed);
  return g.inputs.map((name) => {
    const size = g.nodes.find((n) => n.name === name)!.shape.reduce((a, b) => a * b, 1);
    // mostly N(0,1)-like values, some large ones to provoke wrap-around
    return Float64Array.from({ length: batch * size }, (_, i) => (i % 7 === 0 ? (r() - 0.5) * 80 : (r() + r() + r() - 1.5) * 2));
  });
}

async function compare(g: Graph, io: HlsProjectOptions['ioType'], tag: string): Promise<void> {
  const dir = join(work, tag);
  await writeHlsProject(g, dir, { projectName: 'myproject', backend: 'vitis', ioType: io, part: 'xcvu13p-flga2577-2-e', clockPeriod: 5 });
  const batch = 200;
  const x = inputs(g, batch, 42);
  const cs = runCsim(dir, x, batch);
  const em = runFixed(g, x, batch);
  // -Wall -Wextra: nnfab's own code (kernels, generated files, header) builds without a warning
  expect(cs.build.warnings).toBe('');
  expect(cs.outputs.length).toBe(em.outputs.length);
  cs.outputs.forEach((o, j) => expect(Array.from(o)).toEqual(Array.from(em.outputs[j]!)));
}

describe('C simulation equals the emulator', () => {
  it('random types with every rounding/overflow mode and saturation bits (dense chains, seeds 1–2)', async () => {
    await compare(modesGraph(1), 'io_parallel', 'modes-1');
    await compare(modesGraph(2), 'io_stream', 'modes-2');
  }, 120_000);
  it('dense + relu + softmax, resource R=4/8, io_stream', async () => compare(denseGraph(4, 8, 'resource'), 'io_stream', 'dense-res'), 60_000);
  it('conv1d + tanh + maxpool + flatten + dense + sigmoid, io_stream', async () => compare(conv1dGraph(), 'io_stream', 'conv-str'), 60_000);
  it('conv2d stride/pad/dilation, BN, pooling, merge, transpose, concat, elu, hard_sigmoid, latency softmax (io_parallel)', async () => compare(zooConvGraph(), 'io_parallel', 'zoo-conv-par'), 60_000);
  it('the same zoo through io_stream (line buffers, stream copies for the branches)', async () => compare(zooConvGraph(), 'io_stream', 'zoo-conv-str'), 60_000);
  it('dense + legacy softmax (clamped exp and 1/x indices, io_stream)', async () => compare(legacySoftmaxGraph(), 'io_stream', 'legacy-sm'), 60_000);
  it('pad, prelu, clip, constant ops, quantizer, upsample, slice, table activations, selu, argmax (io_stream)', async () => compare(zooDenseGraph(), 'io_stream', 'zoo-dense-str'), 60_000);
});
