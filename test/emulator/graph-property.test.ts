// Property: on random small dense networks with random types and modes, the emulator's default kernels give the
// same bits and the same overflow counts as the exact BigInt kernel.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import type { FixedType, OverflowMode, RoundingMode } from '../../src/ir/fixed-type.js';
import type { Graph, LayerConfig, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import { runFixed } from '../../src/emulator/index.js';

const CFG: LayerConfig = { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false };
const node = (name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes): Node => ({
  name, op, inputs, shape, source: { file: 'p', node: name, opType: op.kind }, layerClass: op.kind, types, config: CFG,
});

const typeArb = (wMin: number, wMax: number): fc.Arbitrary<FixedType> =>
  fc.record({
    width: fc.integer({ min: wMin, max: wMax }),
    iOff: fc.integer({ min: -4, max: 6 }),
    signed: fc.constant(true),
    rounding: fc.constantFrom<RoundingMode>('AP_TRN', 'AP_TRN', 'AP_RND', 'AP_RND_CONV'),
    overflow: fc.constantFrom<OverflowMode>('AP_WRAP', 'AP_WRAP', 'AP_SAT'),
  }).map((t) => ({ width: t.width, integer: Math.min(t.width, Math.max(1, t.iOff + 2)), signed: true, rounding: t.rounding, overflow: t.overflow, satBits: 0 }));

const netArb = fc
  .record({ nIn: fc.integer({ min: 1, max: 6 }), nHid: fc.integer({ min: 1, max: 5 }), nOut: fc.integer({ min: 1, max: 4 }), batch: fc.integer({ min: 1, max: 4 }) })
  .chain((d) =>
    fc.record({
      d: fc.constant(d),
      tIn: typeArb(3, 16),
      tW: typeArb(2, 12),
      tAcc: typeArb(4, 40),
      tRes: typeArb(3, 20),
      w1: fc.array(fc.integer({ min: -64, max: 63 }), { minLength: d.nIn * d.nHid, maxLength: d.nIn * d.nHid }),
      b1: fc.array(fc.integer({ min: -64, max: 63 }), { minLength: d.nHid, maxLength: d.nHid }),
      w2: fc.array(fc.integer({ min: -64, max: 63 }), { minLength: d.nHid * d.nOut, maxLength: d.nHid * d.nOut }),
      x: fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: d.batch * d.nIn, maxLength: d.batch * d.nIn }),
    }),
  );

it('random dense networks: default kernels = BigInt kernel, bits and overflow counts', () => {
  fc.assert(
    fc.property(netArb, ({ d, tIn, tW, tAcc, tRes, w1, b1, w2, x }) => {
      const grid = (k: number) => k * 2 ** -(tW.width - tW.integer); // weights on the weight type's grid (may overflow it)
      const types: NodeTypes = { result: tRes, accum: tAcc, weight: tW, bias: tW };
      const g: Graph = {
        name: 'p',
        nodes: [
          node('x', { kind: 'input' }, [], [d.nIn], { result: tIn }),
          node('d1', { kind: 'dense', weight: { shape: [d.nIn, d.nHid], data: Float64Array.from(w1, grid) }, bias: { shape: [d.nHid], data: Float64Array.from(b1, grid) } }, ['x'], [d.nHid], types),
          node('r1', { kind: 'activation', fn: 'relu' }, ['d1'], [d.nHid], { result: tIn }),
          node('d2', { kind: 'dense', weight: { shape: [d.nHid, d.nOut], data: Float64Array.from(w2, grid) }, bias: null }, ['r1'], [d.nOut], types),
        ],
        inputs: ['x'],
        outputs: ['d2'],
        sourceFile: 'p',
      };
      const fast = runFixed(g, [Float64Array.from(x)], d.batch, { trace: true });
      const big = runFixed(g, [Float64Array.from(x)], d.batch, { trace: true, matmulPath: 'big' });
      expect(Array.from(fast.outputs[0]!)).toEqual(Array.from(big.outputs[0]!));
      expect(Array.from(fast.trace.get('d1')!)).toEqual(Array.from(big.trace.get('d1')!));
      expect(fast.stats).toEqual(big.stats);
    }),
    { numRuns: 300 },
  );
});
