// Randomly composed NCHW networks (conv, pooling, BN, per-channel constants, concat branches, transposes, then
// flatten → dense, global pooling or a 4-D output) must match onnxruntime: a property test of the layout logic.
import fc from 'fast-check';
import { it } from 'vitest';
import { OnnxBuilder, rand } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

type Step = 'conv' | 'dw' | 'relu' | 'bn' | 'maxpool' | 'avgpool' | 'addc' | 'mulc' | 'branch' | 'tpair' | 'softmax';
const STEPS: Step[] = ['conv', 'dw', 'relu', 'bn', 'maxpool', 'avgpool', 'addc', 'mulc', 'branch', 'tpair', 'softmax'];

function build(steps: Step[], tail: number, seed: number): Uint8Array {
  const b = new OnnxBuilder(13).input('x', ['N', 2, 8, 8]);
  let s = seed;
  const w = (dims: number[]): string => b.init(`w${s}`, dims, rand(dims.reduce((p, q) => p * q, 1), s++, -0.7, 0.7));
  let x = 'x';
  let c = 2;
  let hw = 8;
  for (const st of steps) {
    if (st === 'conv') { x = b.node('Conv', [x, w([3, c, 3, 3]), w([3])], { pads: [1, 1, 1, 1] }); c = 3; }
    else if (st === 'dw') x = b.node('Conv', [x, w([c, 1, 3, 3])], { group: c, pads: [1, 0, 1, 2] }).toString();
    else if (st === 'relu') x = b.node('Relu', [x]);
    else if (st === 'bn') x = b.node('BatchNormalization', [x, w([c]), w([c]), w([c]), b.init(`v${s++}`, [c], rand(c, s, 0.5, 1.5))]);
    else if (st === 'maxpool' && hw >= 4) { x = b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] }); hw /= 2; }
    else if (st === 'avgpool') x = b.node('AveragePool', [x], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
    else if (st === 'addc') x = b.node('Add', [x, w([c, 1, 1])]);
    else if (st === 'mulc') x = b.node('Mul', [w([1, hw]), x]);
    else if (st === 'branch') { x = b.node('Concat', [x, b.node('Conv', [x, w([2, c, 1, 1])])], { axis: 1 }); c += 2; }
    else if (st === 'tpair') x = b.node('Transpose', [b.node('Relu', [b.node('Transpose', [x], { perm: [0, 2, 3, 1] })])], { perm: [0, 3, 1, 2] });
    else if (st === 'softmax') x = b.node('Softmax', [x], { axis: 1 });
  }
  if (tail === 0) x = b.node('Gemm', [b.node('Flatten', [x]), w([c * hw * hw, 3])]);
  else if (tail === 1) x = b.node('Flatten', [b.node('GlobalAveragePool', [x])]);
  b.node('Identity', [x], {}, { outputs: ['y'] });
  return b.output('y').build();
}

it('random NCHW networks match onnxruntime', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 1000 }), async (steps, tail, seed) => {
      await expectMatchesOrt(build(steps, tail, seed), { batch: 2 });
    }),
    { numRuns: 25, seed: 4242 },
  );
});

type Step3 = 'matmul' | 'addc' | 'transpose' | 'unsq' | 'softmax' | 'concat' | 'sigmoid' | 'mulself' | 'reshape';
const STEPS3: Step3[] = ['matmul', 'addc', 'transpose', 'unsq', 'softmax', 'concat', 'sigmoid', 'mulself', 'reshape'];

/** Random chains on [N, A, B] tensors: MatMul on the last axis, transposes, (un)squeeze, softmax/concat on any axis. */
function build3(steps: Step3[], seed: number): Uint8Array {
  const b = new OnnxBuilder(13).input('x', ['N', 3, 4]);
  let s = seed;
  let x = 'x';
  let shape = [3, 4];
  const k = (dims: number[]): string => b.init(`k${s}`, dims, rand(dims.reduce((p, q) => p * q, 1), s++, -1, 1));
  for (const st of steps) {
    const [a, c] = shape as [number, number];
    if (st === 'matmul') { x = b.node('MatMul', [x, k([c, 5])]); shape = [a, 5]; }
    else if (st === 'addc') x = b.node('Add', [x, k([a, 1])]);
    else if (st === 'transpose') { x = b.node('Transpose', [x], { perm: [0, 2, 1] }); shape = [c, a]; }
    else if (st === 'unsq') x = b.node('Squeeze', [b.node('Unsqueeze', [x, b.init(`u${s++}`, [1], [2], 7)])], { }).toString();
    else if (st === 'softmax') x = b.node('Softmax', [x], { axis: s++ % 2 === 0 ? 1 : 2 });
    else if (st === 'concat') { const ax = s++ % 2 === 0 ? 1 : 2; x = b.node('Concat', [x, b.node('Relu', [x])], { axis: ax }); shape = ax === 1 ? [2 * a, c] : [a, 2 * c]; }
    else if (st === 'sigmoid') x = b.node('Sigmoid', [x]);
    else if (st === 'mulself') x = b.node('Mul', [x, b.node('Tanh', [x])]);
    else if (st === 'reshape') { x = b.node('Reshape', [x, b.init(`r${s++}`, [3], [0, c, a], 7)]); shape = [c, a]; }
  }
  b.node('Identity', [x], {}, { outputs: ['y'] });
  return b.output('y').build();
}

it('random 3-D tensor chains match onnxruntime', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...STEPS3), { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 1000 }), async (steps, seed) => {
      await expectMatchesOrt(build3(steps, seed), { batch: 2 });
    }),
    { numRuns: 25, seed: 99 },
  );
});
