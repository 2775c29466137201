/**
 * Keras activations as IR nodes, with hls4ml's layer classes: 'softmax' → Softmax, 'elu' → ELU,
 * 'hard_sigmoid' → HardActivation, 'leaky_relu' → LeakyReLU, everything else → Activation.
 */
import { fail } from '../../diagnostics/errors.js';
import type { DeclaredTypes } from '../../ir/graph.js';
import type { Op } from '../../ir/ops.js';
import type { LayerCtx } from './builder.js';
import { isObj } from './model-json.js';

/** An activation as an op plus hls4ml's layer class. */
export interface ActivationSpec {
  readonly op: Op;
  readonly layerClass: string;
}

/** Activation names nnfab imports (Keras 2/3 and TF.js spellings). */
export const ACTIVATIONS = [
  'linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'hard_sigmoid', 'relu6',
  'leaky_relu', 'binary_tanh', 'ternary_tanh',
] as const;

/**
 * The op of a named activation. `keras3` selects Keras 3's hard_sigmoid (relu6(x + 3) / 6, slope 1/6) over
 * Keras 2's and TF.js's (0.2·x + 0.5). selu: alpha 1.6732632423543772, scale 1.0507009873554805 (Keras).
 */
export function activationSpec(ctx: LayerCtx, name: string, keras3: boolean): ActivationSpec {
  switch (name) {
    case 'linear':
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
    case 'binary_tanh':
    case 'ternary_tanh':
      return { op: { kind: 'activation', fn: name }, layerClass: 'Activation' };
    case 'softmax':
      return { op: { kind: 'softmax', axis: -1 }, layerClass: 'Softmax' };
    case 'elu':
      return { op: { kind: 'activation', fn: 'elu', alpha: 1 }, layerClass: 'ELU' };
    case 'selu':
      return { op: { kind: 'activation', fn: 'selu', alpha: 1.6732632423543772, beta: 1.0507009873554805 }, layerClass: 'Activation' };
    case 'hard_sigmoid':
      return { op: { kind: 'activation', fn: 'hard_sigmoid', alpha: keras3 ? 1 / 6 : 0.2, beta: 0.5 }, layerClass: 'HardActivation' };
    case 'relu6':
      return { op: { kind: 'clip', min: 0, max: 6 }, layerClass: 'Activation' };
    case 'leaky_relu':
      // Keras 3's leaky_relu activation defaults to negative_slope 0.2 (the LeakyReLU layer to 0.3).
      return { op: { kind: 'activation', fn: 'leaky_relu', alpha: 0.2 }, layerClass: 'LeakyReLU' };
    default:
      fail('E307', { key: 'activation', value: JSON.stringify(name), supported: ACTIVATIONS.join(', ') }, { ...ctx.loc, keyPath: 'activation' });
  }
}

/** The activation name of a config value: a string, or Keras 3's {class_name: 'function', config: 'relu'}. */
export function activationName(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isObj(v) && typeof v.config === 'string') return v.config;
  return null;
}

/** Add the node of an activation named `name` reading `input`; returns its node name. */
export function addActivationNode(
  ctx: LayerCtx,
  nodeName: string,
  input: string,
  spec: ActivationSpec,
  declared?: DeclaredTypes,
): string {
  return ctx.b.add(ctx, nodeName, spec.op, [input], spec.layerClass, declared);
}
