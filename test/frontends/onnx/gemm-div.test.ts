// Gemm with a constant A or a transposed data operand, Gemm C forms, and tensor ÷ tensor / broadcasting merges,
// against onnxruntime; tensor division on the fixed-point path is a coded error raised when quantizing.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { quantizeGraph } from '../../../src/api/configure.js';
import { convert } from '../../../src/api/model.js';
import { F, OnnxBuilder, rand, type Attr } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

const kinds = (g: { nodes: readonly { op: { kind: string } }[] }): string[] => g.nodes.map((n) => n.op.kind);

/** x [N, 5] → (Transpose when `pre`) → Gemm(ins from `mk`) → (Transpose when `post`) → y. */
function gemmModel(mk: (b: OnnxBuilder, x: string) => string[], attrs: Record<string, Attr>, pre: boolean, post: boolean, batch: number | string = 'N'): Uint8Array {
  const b = new OnnxBuilder(13).input('x', [batch, 5]);
  const x = pre ? b.node('Transpose', ['x'], { perm: [1, 0] }) : 'x';
  const g = b.node('Gemm', mk(b, x), attrs, post ? {} : { outputs: ['y'] });
  if (post) b.node('Transpose', [g], { perm: [1, 0] }, { outputs: ['y'] });
  return b.output('y').build();
}

const w = (b: OnnxBuilder, dims: number[], seed = 2): string => b.init(`w${seed}`, dims, rand(dims[0]! * dims[1]!, seed));
const c = (b: OnnxBuilder, dims: number[]): string => b.init('c', dims, rand(dims.reduce((p, q) => p * q, 1), 3));

describe('Gemm with a constant A (Y = op(A)·op(B) + C, the batch on the second axis of Y)', () => {
  it.each([
    ['A [3,5], transB=1 on x', (b: OnnxBuilder, x: string) => [w(b, [3, 5]), x, c(b, [3, 1])], { transB: 1 }, false],
    ['A [5,3] with transA=1, alpha, beta', (b: OnnxBuilder, x: string) => [w(b, [5, 3]), x, c(b, [3, 1])], { transA: 1, transB: 1, alpha: 0.5, beta: new F(2) }, false],
    ['B = transposed x (column vectors), scalar C', (b: OnnxBuilder, x: string) => [w(b, [3, 5]), x, c(b, [])], {}, true],
    ['no C', (b: OnnxBuilder, x: string) => [w(b, [3, 5]), x], { transB: 1, alpha: 1.5 }, false],
  ] as const)('%s', async (_n, mk, attrs, pre) => {
    const g = await expectMatchesOrt(gemmModel(mk, attrs as Record<string, Attr>, pre, true));
    expect(kinds(g)).toEqual(['input', 'dense']);
  });
  it('C [M, N] constant in a batch-1 model', async () => {
    const bytes = gemmModel((b, x) => [w(b, [3, 5]), x, c(b, [3, 1])], { transB: 1 }, false, true, 1);
    await expectMatchesOrt(bytes, { batch: 1 });
  });
});

describe('Gemm with the data operand transposed', () => {
  it('transA=1 on a transposed x (batch second) is a Dense on x', async () => {
    const g = await expectMatchesOrt(gemmModel((b, x) => [x, w(b, [5, 4]), c(b, [4])], { transA: 1, alpha: 0.75 }, true, false));
    expect(kinds(g)).toEqual(['input', 'dense']);
  });
  it('transA=1 with transB=1 in a batch-1 export', async () => {
    const bytes = gemmModel((b, x) => [x, w(b, [4, 5]), c(b, [1, 4])], { transA: 1, transB: 1 }, true, false, 1);
    await expectMatchesOrt(bytes, { batch: 1 });
  });
  it.each([[5, 1], [-1, 1]])('batch-1 export: Reshape [1,5] → %j, Gemm transA=1 (the reshape moved the batch axis)', async (...shape) => {
    const b = new OnnxBuilder(13).input('x', [1, 5]);
    const r = b.node('Reshape', ['x', b.init('s', [2], shape, 7)]);
    const r2 = b.node('Reshape', [r, b.init('s2', [2], [5, 1], 7)]);
    b.node('Gemm', [r2, w(b, [5, 4]), c(b, [4])], { transA: 1 }, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build(), { batch: 1 });
    expect(kinds(g)).toEqual(['input', 'dense']);
  });
  it('batch-1 export: Reshape [1,5] → [5,1] → [1,5] restores the batch axis; with a batch N it stays a coded error', async () => {
    const mk = (batch: number | string): Uint8Array => {
      const b = new OnnxBuilder(13).input('x', [batch, 5]);
      const r = b.node('Reshape', ['x', b.init('s', [2], [5, 1], 7)]);
      const r2 = b.node('Reshape', [r, b.init('s2', [2], [1, 5], 7)]);
      b.node('Relu', [r2], {}, { outputs: ['y'] });
      return b.output('y').build();
    };
    await expectMatchesOrt(mk(1), { batch: 1 });
    expect(() => importOnnx(mk('N'), 'm.onnx')).toThrow(/E209/);
  });
  it.each([
    ['C []', []], ['C [1]', [1]], ['C [4]', [4]], ['C [1, 4]', [1, 4]], ['C [1, 1]', [1, 1]],
  ] as const)('plain Gemm, %s', async (_n, dims) => {
    await expectMatchesOrt(gemmModel((b, x) => [x, w(b, [5, 4]), c(b, [...dims])], { beta: 0.25 }, false, false));
  });
});

describe('Gemm forms that sum over the batch axis are coded errors', () => {
  it.each([
    ['transA=1 on a batch-first A', (b: OnnxBuilder, x: string) => [x, w(b, [5, 4])], { transA: 1 }, false, /E208.*transA=1 on A, whose batch axis is first, sums over the batch axis/],
    ['transA=0 on a transposed A', (b: OnnxBuilder, x: string) => [x, w(b, [5, 4])], {}, true, /E208.*transA=0 on A, whose batch axis is second/],
    ['transB=0 on a batch-first B', (b: OnnxBuilder, x: string) => [w(b, [3, 5]), x], {}, false, /E208.*transB=0 on B, whose batch axis is first/],
    ['two data operands', (_b: OnnxBuilder, x: string) => [x, x], { transB: 1 }, false, /E208.*two data-path tensors/],
    ['C varying along the batch', (b: OnnxBuilder, x: string) => [w(b, [3, 5]), x, c(b, [3])], { transB: 1 }, false, /E209.*varies along the batch axis/],
  ] as const)('%s', (_n, mk, attrs, pre, re) => {
    expect(() => importOnnx(gemmModel(mk, attrs as Record<string, Attr>, pre, false), 'm.onnx')).toThrow(re);
  });
});

describe('merges of two tensors', () => {
  it.each([
    ['Div', [2, 3], [2, 3]], ['Div', [2, 3], [1, 3]], ['Div', [2, 1], [2, 3]],
    ['Add', [2, 3], [1, 3]], ['Sub', [2, 3], [2, 1]], ['Mul', [1, 3], [2, 3]],
  ] as const)('%s [N,%j] ∘ [N,%j] (broadcasting)', async (op, da, db) => {
    const b = new OnnxBuilder(13).input('x', ['N', ...da]).input('z', ['N', ...db]);
    b.node(op, ['x', 'z'], {}, { outputs: ['y'] });
    // divisors in [0.25, 2): away from zero, so the float32 reference stays well conditioned
    const g = await expectMatchesOrt(b.output('y').build(), { lo: 0.25, hi: 2 });
    expect(g.nodes.find((n) => n.op.kind === 'merge')!.op).toEqual({ kind: 'merge', mode: op.toLowerCase() });
  });
  it('NCHW squeeze-excitation: Conv · Sigmoid(GlobalAveragePool) and Conv ÷ that, broadcast over H, W', async () => {
    for (const op of ['Mul', 'Div']) {
      const b = new OnnxBuilder(13).input('x', ['N', 2, 5, 4]);
      const cv = b.node('Conv', ['x', b.init('k', [3, 2, 3, 3], rand(54, 5)), b.init('kb', [3], rand(3, 6))], { pads: [1, 1, 1, 1] });
      const s = b.node('Sigmoid', [b.node('GlobalAveragePool', [cv])]);
      b.node(op, [cv, s], {}, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
  });
});

describe('tensor ÷ tensor on the fixed-point path', () => {
  const model = (): Uint8Array => {
    const b = new OnnxBuilder(13).input('x', ['N', 3]).input('z', ['N', 3]);
    b.node('Div', ['x', 'z'], {}, { name: 'ratio', outputs: ['y'] });
    return b.output('y').build();
  };
  it('quantizing gives E509 at the node, before any emulation', () => {
    const g = importOnnx(model(), 'm.onnx');
    expect(() => quantizeGraph(g)).toThrow(/E509.*m\.onnx.*ratio.*tensor ÷ tensor has no fixed-point implementation/s);
  });
  it('a broadcasting merge is E510 when quantizing (the fixed-point merge takes equal shapes); equal shapes pass', () => {
    const mk = (db: number[]): Uint8Array => {
      const b = new OnnxBuilder(13).input('x', ['N', 2, 3]).input('z', ['N', ...db]);
      b.node('Mul', ['x', 'z'], {}, { outputs: ['y'] });
      return b.output('y').build();
    };
    expect(() => quantizeGraph(importOnnx(mk([1, 3]), 'm.onnx'))).toThrow(/E510.*shapes \[2, 3\], \[1, 3\] needs broadcasting/);
    expect(quantizeGraph(importOnnx(mk([2, 3]), 'm.onnx')).graph.nodes.every((n) => n.types !== undefined)).toBe(true);
  });
  it('convert() fails with E509 too; the float run of the same graph works', async () => {
    const g = importOnnx(model(), 'm.onnx');
    await expect(convert(g)).rejects.toThrow(/E509/);
    await expectMatchesOrt(model(), { lo: 0.5, hi: 2 });
  });
});
