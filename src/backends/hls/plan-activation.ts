/** Element-wise activations: kernels of nnfab_activation.h, tables from the emulator's own table builder. */
import type { FixedType } from '../../ir/fixed-type.js';
import type { Node } from '../../ir/graph.js';
import type { ActivationOp, ClipOp, PReluOp } from '../../ir/ops.js';
import { DEFAULT_TABLE_T } from '../../emulator/activations.js';
import { lookupTable, type TableFn } from '../../emulator/tables.js';
import { assertNever } from '../../diagnostics/errors.js';
import { cppArray, exactConstType, rawLiterals } from './cpp.js';
import { elementwiseConfig, resultOf, typedef, unitSize, type ConstArray, type LayerPlan, type PlanContext } from './layer-plan.js';

const SELU_SCALE = 1.0507009873554804934193349852946;
const UFIX16_0: FixedType = { width: 16, integer: 0, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
const UFIX2_0: FixedType = { width: 2, integer: 0, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };

/** A plan that calls `nnfab::<kernel><config>(x, y[, extra])`. */
function simple(p: PlanContext, kernel: string, members: readonly string[] = [], typedefs: string[] = [], arrays: ConstArray[] = [], extra = ''): LayerPlan {
  return {
    typedefs,
    config: elementwiseConfig(p, members),
    arrays,
    perPacket: true,
    call: (ins, out) => `nnfab::${kernel}<config${p.k}>(${ins[0]}, ${out}${extra});`,
  };
}

/** A lookup-table activation (sigmoid, tanh, softplus, softsign, elu, selu). */
function tablePlan(p: PlanContext, fn: TableFn, kernel: string, members: readonly string[], typedefs: readonly string[] = []): LayerPlan {
  const n = p.node.config?.tableSize ?? 1024;
  const tt = p.node.types?.table ?? DEFAULT_TABLE_T;
  const tab = lookupTable(fn, n, tt);
  const arr: ConstArray = { name: `table${p.k}`, text: cppArray(`table${p.k}_t`, `table${p.k}`, rawLiterals(tab, tt), `${p.node.name}: ${fn} table`) };
  return simple(
    p,
    kernel,
    [`typedef table${p.k}_t table_t;`, `static const int table_size = ${n};`, ...members],
    [typedef(tt, `table${p.k}_t`), ...typedefs],
    [arr],
    `, table${p.k}`,
  );
}

/** Plan an activation node. */
export function planActivation(p: PlanContext): LayerPlan {
  const op = (p.node as Node<ActivationOp>).op;
  switch (op.fn) {
    case 'linear':
    case 'relu':
    case 'binary_tanh':
    case 'ternary_tanh':
      return simple(p, op.fn);
    case 'leaky_relu': {
      // hls4ml passes the slope as param_t (the node's scale type, else its result type): quantized before it multiplies
      const pt = p.node.types?.scale ?? resultOf(p.node);
      return simple(p, 'leaky_relu', [`typedef param${p.k}_t param_t;`, `static constexpr double alpha = ${op.alpha ?? 0.3};`], [typedef(pt, `param${p.k}_t`)]);
    }
    case 'thresholded_relu': {
      // θ as param_t too (the node's scale type, else its result type)
      const pt = p.node.types?.scale ?? resultOf(p.node);
      return simple(p, op.fn, [`typedef param${p.k}_t param_t;`, `static constexpr double alpha = ${op.alpha ?? 1};`], [typedef(pt, `param${p.k}_t`)]);
    }
    case 'hard_tanh':
      return clipPlan(p, -1, 1);
    case 'hard_sigmoid':
      return simple(
        p,
        'hard_sigmoid',
        [`typedef ${'slope'}${p.k}_t slope_t;`, `typedef shift${p.k}_t shift_t;`, `static constexpr double slope = ${op.alpha ?? 0.2};`, `static constexpr double shift = ${op.beta ?? 0.5};`],
        [typedef(UFIX16_0, `slope${p.k}_t`), typedef(UFIX2_0, `shift${p.k}_t`)],
      );
    case 'sigmoid':
    case 'softplus':
    case 'softsign':
      return tablePlan(p, op.fn, 'table_activation', ['static const int table_range = 16;']);
    case 'tanh':
      return tablePlan(p, op.fn, 'table_activation', ['static const int table_range = 8;']);
    case 'elu': {
      // alpha as param_t (the node's scale type, else its result type), as hls4ml passes it
      const pt = p.node.types?.scale ?? resultOf(p.node);
      return tablePlan(p, 'elu', 'elu', [`typedef param${p.k}_t param_t;`, `static constexpr double alpha = ${op.alpha ?? 1};`], [typedef(pt, `param${p.k}_t`)]);
    }
    case 'selu':
      return tablePlan(p, 'selu', 'selu', [`static constexpr double scale = ${SELU_SCALE};`]);
    default:
      return assertNever(op.fn, 'activation');
  }
}

/** clip(x, lo, hi) with bounds held exactly. */
function clipPlan(p: PlanContext, lo: number, hi: number): LayerPlan {
  const t = exactConstType(Math.abs(lo) > Math.abs(hi) ? lo : hi);
  const lt = exactConstType(lo);
  const ht = exactConstType(hi);
  // one param type holding both bounds exactly: the union of their grids
  const frac = Math.max(lt.width - lt.integer, ht.width - ht.integer);
  const integer = Math.max(lt.integer, ht.integer, t.integer);
  const pt: FixedType = { ...t, width: integer + frac, integer };
  return simple(p, 'clip', [`typedef param${p.k}_t param_t;`, `static constexpr double lo = ${lo};`, `static constexpr double hi = ${hi};`], [typedef(pt, `param${p.k}_t`)]);
}

/** Clip op (relu6 and friends). */
export function planClip(p: PlanContext): LayerPlan {
  const op = (p.node as Node<ClipOp>).op;
  return clipPlan(p, op.min, op.max);
}

/** PReLU with per-element slopes, each exact in a common param type. */
export function planPRelu(p: PlanContext): LayerPlan {
  const alpha = (p.node as Node<PReluOp>).op.alpha.data;
  const n = unitSize(p.node.shape, 'io_parallel');
  // slopes as param_t (the node's scale type, else its result type), as hls4ml passes them
  const pt: FixedType = p.node.types?.scale ?? resultOf(p.node);
  const values = Array.from({ length: n }, (_, i) => String(alpha[i % alpha.length]));
  return {
    typedefs: [typedef(pt, `param${p.k}_t`)],
    config: elementwiseConfig({ ...p, mode: 'io_parallel' }, [`typedef param${p.k}_t param_t;`]),
    arrays: [{ name: `alpha${p.k}`, text: cppArray(`param${p.k}_t`, `alpha${p.k}`, values, `${p.node.name}: slopes`) }],
    perPacket: false,
    call: (ins, out) => `nnfab::prelu<config${p.k}>(${ins[0]}, ${out}, alpha${p.k});`,
  };
}
