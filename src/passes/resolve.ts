/**
 * What the configuration (and the model's own quantizers) say about one type variable of one node,
 * before inference: hls4ml's lookup order, QKeras/QONNX declared types first where hls4ml gives them precedence.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { intType } from '../ir/fixed-type.js';
import type { PrecisionSource, PrecisionSpec, ProjectConfig } from '../ir/config.js';
import { layerNameEntry, layerTypeEntry, lookupPrecision } from '../ir/config.js';
import type { Node, WeightType } from '../ir/graph.js';
import type { WeightQuant } from '../ir/ops.js';
import { assertNever } from '../diagnostics/errors.js';

/** The variables hls4ml looks up through the configuration's Precision entries ('param' is held in NodeTypes.scale). */
export type ConfigVar = 'result' | 'accum' | 'weight' | 'bias' | 'scale' | 'param';

/** A configured type (or 'auto') and where it came from. */
export interface Resolved<T = PrecisionSpec> {
  readonly spec: T | 'auto';
  readonly from: PrecisionSource;
}

/** The hls4ml weight type of a declared quantizer: fixed type, exponent type (po2), xnor (binary), int<2> (ternary). */
export function declaredWeightType(q: WeightQuant): WeightType {
  switch (q.kind) {
    case 'fixed':
      return q.type;
    case 'po2':
      return { kind: 'exponent', width: q.width };
    case 'binary':
      return { kind: 'xnor' };
    case 'ternary':
      return intType(2, true);
    default:
      return assertNever(q, 'weight quantizer');
  }
}

/** hls4ml's type for a missing bias: the zero vector typed uint<1>. */
export const NO_BIAS_TYPE: FixedType = intType(1, false);

/** The configured result type; QONNX Quant nodes with an exact fixed type force theirs (hls4ml sets it by name). */
function resultSpec(node: Node, cfg: ProjectConfig): Resolved {
  if (node.op.kind === 'quantize' && node.op.type !== null) return { spec: node.op.type, from: 'declared' };
  // io_parallel reshapes are in place in hls4ml: the value keeps its input's type whatever the config says
  if (node.op.kind === 'reshape' && cfg.ioType === 'io_parallel') return { spec: 'auto', from: 'inferred' };
  const r = lookupPrecision(cfg.hls, node.name, node.layerClass, 'result');
  if (r.spec === 'auto' && node.declared?.result !== undefined) return { spec: node.declared.result, from: 'declared' };
  return r;
}

/** Resolve one variable of a node (weight/bias may come back as a special weight type). */
export function resolveVar(node: Node, variable: ConfigVar, cfg: ProjectConfig): Resolved<PrecisionSpec | WeightType> {
  switch (variable) {
    case 'result':
      return resultSpec(node, cfg);
    case 'accum': {
      const t = layerNameEntry(cfg.hls, node.name)?.tableTypes?.accum ?? layerTypeEntry(cfg.hls, node.layerClass)?.tableTypes?.accum;
      return t !== undefined ? { spec: t, from: 'layerName' } : lookupPrecision(cfg.hls, node.name, node.layerClass, 'accum');
    }
    case 'weight':
      if (node.declared?.weight !== undefined) return { spec: declaredWeightType(node.declared.weight), from: 'declared' };
      return lookupPrecision(cfg.hls, node.name, node.layerClass, 'weight');
    case 'bias':
      if ((node.op.kind === 'dense' || node.op.kind === 'conv') && node.op.bias === null) return { spec: NO_BIAS_TYPE, from: 'default' };
      if (node.declared?.bias !== undefined) {
        const t = declaredWeightType(node.declared.bias);
        if (!('kind' in t)) return { spec: t, from: 'declared' };
      }
      return lookupPrecision(cfg.hls, node.name, node.layerClass, 'bias');
    case 'scale':
      return lookupPrecision(cfg.hls, node.name, node.layerClass, 'scale');
    case 'param':
      return lookupPrecision(cfg.hls, node.name, node.layerClass, 'param');
    default:
      return assertNever(variable, 'type variable');
  }
}
