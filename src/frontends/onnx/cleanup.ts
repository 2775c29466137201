/** Final tidy-up of an imported graph: merge Reshape chains, drop Reshapes that change nothing, drop dead nodes. */
import type { Node } from '../../ir/graph.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Returns the cleaned node list and the (possibly renamed) outputs. */
export function cleanup(nodes: readonly Node[], outputs: readonly string[], inputs: readonly string[]): { nodes: Node[]; outputs: string[] } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const rename = new Map<string, string>();
  const resolve = (s: string): string => rename.get(s) ?? s;
  const out: Node[] = [];
  for (const n0 of nodes) {
    let n: Node = { ...n0, inputs: n0.inputs.map(resolve) };
    if (n.op.kind === 'reshape') {
      const src = byName.get(n.inputs[0]!)!;
      if (src.op.kind === 'reshape') n = { ...n, inputs: src.inputs };
      const base = byName.get(n.inputs[0]!)!;
      if (sameShape(base.shape, n.shape) && !outputs.includes(n.name)) {
        rename.set(n.name, base.name);
        continue;
      }
    }
    byName.set(n.name, n);
    out.push(n);
  }
  const outs = outputs.map(resolve);
  // dead-node elimination, keeping every graph input
  const live = new Set<string>([...outs, ...inputs]);
  for (let i = out.length - 1; i >= 0; i--) if (live.has(out[i]!.name)) for (const s of out[i]!.inputs) live.add(s);
  return { nodes: out.filter((n) => live.has(n.name)), outputs: outs };
}
