// The split of a flat Yosys netlist into parts that synthesize in parallel: pieces are the logic between registers,
// registers stay with the logic that drives them, memories keep their address registers, and every bit that crosses
// parts becomes an output port of its driver's part and an input port of its readers' parts.
import { describe, expect, it } from 'vitest';
import { balance, partitionDesign, pieces, type YosysCell, type YosysJson, type YosysModule } from '../../../src/backends/rtl/synth-partition.js';

const dirs = (ins: string[], outs: string[]): Record<string, string> => Object.fromEntries([...ins.map((p) => [p, 'input']), ...outs.map((p) => [p, 'output'])]);
const add = (a: number[], b: number[], y: number[]): YosysCell => ({ type: '$add', port_directions: dirs(['A', 'B'], ['Y']), connections: { A: a, B: b, Y: y } });
const dff = (d: number[], q: number[]): YosysCell => ({ type: '$dff', port_directions: dirs(['CLK', 'D'], ['Q']), connections: { CLK: [1], D: d, Q: q } });

/**
 * Two pipelines sharing the clock: x(2,3) → add → reg(10,11) → add → reg(20,21) → y, and a ROM whose address is
 * registered (30,31) → mem → (40,41) → z; the ROM stage reads the first pipeline's register (10,11).
 */
function design(): YosysJson {
  const cells: Record<string, YosysCell> = {
    a1: add([2, 3], [2, 3], [4, 5]),
    r1: dff([4, 5], [10, 11]),
    a2: add([10, 11], ['1', '0'], [12, 13]),
    r2: dff([12, 13], [20, 21]),
    ar: dff([10, 11], [30, 31]),
    rom: { type: '$mem_v2', port_directions: dirs(['RD_ADDR', 'RD_CLK'], ['RD_DATA']), connections: { RD_ADDR: [30, 31], RD_CLK: ['x'], RD_DATA: [40, 41] } },
    ro: add([40, 41], [40, 41], [42, 43]),
    scope: { type: '$scopeinfo', connections: {} },
  };
  const m: YosysModule = {
    ports: { clk: { direction: 'input', bits: [1] }, x: { direction: 'input', bits: [2, 3] }, y: { direction: 'output', bits: [20, 21] }, z: { direction: 'output', bits: [42, 43] } },
    cells,
  };
  return { modules: { top: m } };
}

describe('netlist split for parallel synthesis', () => {
  it('pieces: registers join their data driver; logic after a register starts a new piece; memories keep their address register', () => {
    const m = design().modules['top']!;
    const p = pieces(m);
    const of = (n: string): number => p[Object.keys(m.cells).indexOf(n)]!;
    expect(of('r1')).toBe(of('a1'));
    expect(of('r2')).toBe(of('a2'));
    expect(of('a2')).not.toBe(of('a1'));
    // the address register r1 → ar is a register chain: it stays with r1; the memory absorbs its address register
    expect(of('ar')).toBe(of('r1'));
    expect(of('rom')).toBe(of('ar'));
    expect(of('ro')).toBe(of('rom'));
    // two pieces of logic, and the $scopeinfo cell on its own
    expect(new Set(p).size).toBe(3);
  });

  it('balance cuts the pieces in pipeline order into the requested number of bins', () => {
    const m = design().modules['top']!;
    const b = balance(m, 2);
    const of = (n: string): number => b[Object.keys(m.cells).indexOf(n)]!;
    // the first piece (a1, r1, ar, rom, ro) comes before the piece reading its register (a2, r2)
    expect(of('a1')).toBe(0);
    expect(of('a2')).toBe(1);
    expect(new Set(balance(m, 1))).toEqual(new Set([0]));
  });

  it('parts: crossing bits become ports, every cell lands in exactly one part, empty parts are dropped', () => {
    const parts = partitionDesign(design(), 'top', 3);
    expect(parts.length).toBe(2);
    const mods = parts.map((p) => (JSON.parse(p.json) as YosysJson).modules[p.name]!);
    const all = mods.flatMap((m) => Object.keys(m.cells)).sort();
    // $scopeinfo (instance names only) is left out
    expect(all).toEqual(Object.keys(design().modules['top']!.cells).filter((n) => n !== 'scope').sort());
    const withA2 = mods.find((m) => 'a2' in m.cells)!;
    const withA1 = mods.find((m) => 'a1' in m.cells)!;
    // a2's part reads the register bits 10, 11 and the clock, and drives the output y
    expect(withA2.ports['pi']!.bits).toEqual([1, 10, 11]);
    expect(withA2.ports['po']!.bits).toEqual([20, 21]);
    // a1's part reads x and the clock; it drives 10, 11 for a2 and z for the outside
    expect(withA1.ports['pi']!.bits).toEqual([1, 2, 3]);
    expect(withA1.ports['po']!.bits).toEqual([10, 11, 42, 43]);
    expect(parts.map((p) => p.cells).reduce((a, b) => a + b, 0)).toBe(7);
    // only the part holding the ROM runs synth_xilinx's memory mapping
    expect(parts.map((p) => p.memories)).toEqual(mods.map((m) => 'rom' in m.cells));
    expect(parts.filter((p) => p.memories).length).toBe(1);
  });

  it('one part is the whole module', () => {
    const [p] = partitionDesign(design(), 'top', 1);
    const m = (JSON.parse(p!.json) as YosysJson).modules[p!.name]!;
    expect(Object.keys(m.cells).length).toBe(7);
    expect(m.ports['pi']!.bits).toEqual([1, 2, 3]);
    expect(m.ports['po']!.bits).toEqual([20, 21, 42, 43]);
  });
});
