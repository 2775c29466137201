import { describe, expect, it } from 'vitest';
import type { Graph, Node } from '../../src/ir/graph.js';
import { graphProblems, verifyGraph } from '../../src/ir/verify.js';
import { graphFromJson, graphToJson } from '../../src/ir/json.js';
import { printGraph } from '../../src/ir/print.js';
import { inferShape } from '../../src/ir/shapes.js';
import { InternalError } from '../../src/diagnostics/errors.js';

const src = (node: string) => ({ file: 'test.onnx', node, opType: 'Test' });
const t = (shape: number[], values: number[]) => ({ shape, data: Float64Array.from(values) });

function smallGraph(): Graph {
  const nodes: Node[] = [
    { name: 'x', op: { kind: 'input' }, inputs: [], shape: [3], source: src('x'), layerClass: 'InputLayer' },
    {
      name: 'fc',
      op: { kind: 'dense', weight: t([3, 2], [1, 0, -0.5, 2, 0.25, -1e-30]), bias: t([2], [0.1, Number.MIN_VALUE]) },
      inputs: ['x'],
      shape: [2],
      source: src('fc'),
      layerClass: 'Dense',
    },
    { name: 'act', op: { kind: 'activation', fn: 'relu' }, inputs: ['fc'], shape: [2], source: src('act'), layerClass: 'Activation' },
  ];
  return { name: 'g', nodes, inputs: ['x'], outputs: ['act'], sourceFile: 'test.onnx' };
}

describe('graph verifier', () => {
  it('accepts a well-formed graph', () => {
    expect(graphProblems(smallGraph())).toEqual([]);
  });
  it('reports wrong shapes, unknown inputs, duplicate names and missing types', () => {
    const g = smallGraph();
    const bad: Graph = {
      ...g,
      nodes: [g.nodes[0]!, { ...g.nodes[1]!, shape: [5] }, { ...g.nodes[2]!, inputs: ['nope'] }, { ...g.nodes[2]!, name: 'fc' }],
    };
    const problems = graphProblems(bad, { quantized: true });
    expect(problems.some((p) => p.includes('shape [5] but its op gives [2]'))).toBe(true);
    expect(problems.some((p) => p.includes('"nope" is not an earlier node'))).toBe(true);
    expect(problems.some((p) => p.includes('duplicate name'))).toBe(true);
    expect(problems.some((p) => p.includes('missing types'))).toBe(true);
    expect(() => verifyGraph(bad, { after: 'foldBatchNorm' })).toThrow(/after pass "foldBatchNorm"/);
    expect(() => verifyGraph(bad)).toThrow(InternalError);
  });
});

describe('graph JSON', () => {
  it('round-trips tensors bit for bit, including tiny and negative values', () => {
    const g = smallGraph();
    const back = graphFromJson(graphToJson(g));
    expect(back).toEqual(g);
    const w = (back.nodes[1]!.op as { weight: { data: Float64Array } }).weight.data;
    expect(w).toBeInstanceOf(Float64Array);
    expect(Object.is(w[5], -1e-30)).toBe(true);
  });
  it('rejects other documents', () => {
    expect(() => graphFromJson('{"format":"other"}')).toThrow(/not an nnfab-graph/);
  });
});

describe('graph printer', () => {
  it('prints one stable line per node', () => {
    const text = printGraph(smallGraph());
    expect(text.split('\n')[0]).toBe('graph g inputs=(x) outputs=(act)');
    expect(text).toContain('fc = dense(x) [2] weight=tensor[3x2] nz=5 bias=tensor[2] nz=2');
    expect(text).toContain('act = activation(fc) [2] fn=relu');
    expect(printGraph(smallGraph())).toBe(text);
  });
});

describe('shape rules', () => {
  it('conv 2d with padding, stride and dilation', () => {
    const op = { kind: 'conv' as const, rank: 2 as const, weight: t([3, 3, 2, 4], new Array(72).fill(0)), bias: null, strides: [2, 1], dilations: [1, 2], pads: [1, 0, 1, 0], groups: 1 };
    // H: (8 + 2 - 3)/2 + 1 = 4; W: (9 - 5)/1 + 1 = 5
    expect(inferShape(op, [[8, 9, 2]])).toEqual([4, 5, 4]);
  });
  it('rejects a dense with the wrong input width', () => {
    expect(() => inferShape({ kind: 'dense', weight: t([3, 2], [0, 0, 0, 0, 0, 0]), bias: null }, [[4]])).toThrow(/last axis 3/);
  });
});
