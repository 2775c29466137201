// Coded errors of the Verilog backend: unsupported layers, unquantized graphs, bad names.
import { describe, expect, it } from 'vitest';
import { fixedType } from '../../../src/fixed/index.js';
import { buildVerilog } from '../../../src/backends/rtl/project.js';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import type { Graph, Node } from '../../../src/ir/graph.js';
import { smallNet } from './fixtures.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof NnfabError ? e.code : `not coded: ${String(e)}`;
  }
  return undefined;
}

describe('Verilog backend errors', () => {
  it('a convolution is E702 "not yet in the Verilog backend", naming the node', () => {
    const g = smallNet();
    const conv: Node = {
      ...g.nodes[1]!,
      name: 'conv1',
      op: { kind: 'conv', rank: 1, weight: { shape: [3, 1, 2], data: new Float64Array(6) }, bias: null, strides: [1], dilations: [1], pads: [0, 0], groups: 1 },
    };
    const bad: Graph = { ...g, nodes: [g.nodes[0]!, conv], outputs: ['conv1'] };
    expect(codeOf(() => buildVerilog(bad))).toBe('E702');
    expect(() => buildVerilog(bad)).toThrow(/conv1/);
  });

  it('a graph without types is E701', () => {
    const g = smallNet();
    const { types: _t, ...untyped } = g.nodes[1]!;
    expect(codeOf(() => buildVerilog({ ...g, nodes: [g.nodes[0]!, untyped as Node, ...g.nodes.slice(2)] }))).toBe('E701');
  });

  it('a top name that is not a Verilog identifier is E706', () => {
    expect(codeOf(() => buildVerilog(smallNet(), { top: '1bad-name' }))).toBe('E706');
  });

  it('WRAP_SM result types are refused with E702 rather than built wrong', () => {
    const g = smallNet();
    const n = g.nodes[2]!;
    const odd = { ...n, types: { result: { ...fixedType(10, 5), overflow: 'AP_WRAP_SM' as const } } };
    expect(codeOf(() => buildVerilog({ ...g, nodes: [g.nodes[0]!, g.nodes[1]!, odd, g.nodes[3]!] }))).toBe('E702');
  });

  it('a layer beyond the product limit is E709 with the reuse factor that fits; that reuse factor builds', () => {
    const g = smallNet();
    let msg = '';
    try {
      buildVerilog(g, { maxProducts: 20 });
    } catch (e) {
      expect(e).toBeInstanceOf(NnfabError);
      expect((e as NnfabError).code).toBe('E709');
      msg = (e as NnfabError).message;
    }
    expect(msg).toMatch(/ReuseFactor to at least 3/);
    const folded = { ...g, nodes: g.nodes.map((n) => (n.name === 'fc1' ? { ...n, config: { ...n.config!, reuseFactor: 3 } } : n)) };
    expect(buildVerilog(folded, { maxProducts: 20 }).manifest.interval).toBe(3);
  });

  it('a reuse factor above the layer\'s input count is E710, not silently lowered', () => {
    const g = smallNet();
    const big = { ...g, nodes: g.nodes.map((n) => (n.name === 'fc2' ? { ...n, config: { ...n.config!, reuseFactor: 7 } } : n)) };
    expect(codeOf(() => buildVerilog(big))).toBe('E710');
    const ok = { ...g, nodes: g.nodes.map((n) => (n.name === 'fc2' ? { ...n, config: { ...n.config!, reuseFactor: 6 } } : n)) };
    expect(buildVerilog(ok).manifest.interval).toBe(6);
  });
});
