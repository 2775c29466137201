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
