// Structural checks on an imported graph: topological order, known inputs, shapes re-derived by inferShape.
import { expect } from 'vitest';
import type { Graph } from '../../../src/ir/graph.js';
import { inferShape } from '../../../src/ir/shapes.js';
import { graphProblems } from '../../../src/ir/verify.js';

/** Every node's shape equals inferShape of its inputs; inputs are defined earlier; outputs exist. */
export function verifyShapes(g: Graph): void {
  const shapes = new Map<string, readonly number[]>();
  for (const n of g.nodes) {
    for (const i of n.inputs) expect(shapes.has(i), `${n.name} reads ${i}`).toBe(true);
    if (n.op.kind !== 'input') expect(inferShape(n.op, n.inputs.map((i) => shapes.get(i)!)), n.name).toEqual([...n.shape]);
    expect(n.layerClass).not.toBe('');
    expect(n.source.file).toBe(g.sourceFile);
    shapes.set(n.name, n.shape);
  }
  for (const o of g.outputs) expect(shapes.has(o)).toBe(true);
  expect(new Set(g.nodes.map((n) => n.name)).size).toBe(g.nodes.length);
  expect(graphProblems(g)).toEqual([]);
}
