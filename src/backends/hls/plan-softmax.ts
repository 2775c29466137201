/** Softmax (stable, latency, legacy, argmax) over the last axis, tables from the emulator's builders. */
import { fracBits, type FixedType } from '../../ir/fixed-type.js';
import { DEFAULT_SOFTMAX_TABLE_T, expTable, inpNormType, invTable, legacyExpTable, legacyInvTable } from '../../emulator/softmax.js';
import { DEFAULT_TABLE_T } from '../../emulator/activations.js';
import { cppArray, rawLiterals } from './cpp.js';
import { elementwiseConfig, resultOf, typedef, unsupported, type LayerPlan, type PlanContext } from './layer-plan.js';

function log2Exact(p: PlanContext, n: number): number {
  const b = Math.round(Math.log2(n));
  if (2 ** b !== n) unsupported(p.node, `softmax table size ${n} is not a power of two`);
  return b;
}

/** Plan a softmax node. */
export function planSoftmax(p: PlanContext): LayerPlan {
  const node = p.node;
  const impl = node.config?.softmaxImpl ?? 'stable';
  const rank = node.shape.length;
  const axis = (node.op as { axis: number }).axis;
  if (axis !== -1 && axis !== rank - 1) unsupported(node, 'softmax over an axis other than the last');
  if (impl === 'argmax') {
    return { typedefs: [], config: elementwiseConfig(p), arrays: [], perPacket: true, call: (ins, out) => `nnfab::softmax_argmax<config${p.k}>(${ins[0]}, ${out});` };
  }
  if (impl === 'legacy') return legacyPlan(p);
  const x = p.inTypes[0]!;
  const stable = impl === 'stable';
  const size = node.config?.tableSize ?? 1024;
  const normT: FixedType = stable ? inpNormType(x) : x;
  const expSize = Math.min(size, 2 ** normT.width);
  const expBits = log2Exact(p, expSize);
  const invBits = log2Exact(p, size);
  const expT = node.types?.expTable ?? DEFAULT_SOFTMAX_TABLE_T;
  const invT = node.types?.invTable ?? DEFAULT_SOFTMAX_TABLE_T;
  const invInp = node.types?.invInp ?? DEFAULT_SOFTMAX_TABLE_T;
  const accum = node.types?.accum ?? x;
  void resultOf;
  void fracBits;
  const k = p.k;
  const arrays = [
    { name: `exp_table${k}`, text: cppArray(`exp_table${k}_t`, `exp_table${k}`, rawLiterals(expTable(normT, expBits, expT, stable), expT), `${node.name}: exp table`) },
    { name: `inv_table${k}`, text: cppArray(`inv_table${k}_t`, `inv_table${k}`, rawLiterals(invTable(invInp, invBits, invT), invT), `${node.name}: 1/x table`) },
  ];
  return {
    typedefs: [typedef(expT, `exp_table${k}_t`), typedef(invT, `inv_table${k}_t`), typedef(invInp, `inv_inp${k}_t`), typedef(accum, `accum${k}_t`), typedef(normT, `diff${k}_t`)],
    config: elementwiseConfig(p, [
      `typedef exp_table${k}_t exp_table_t;`,
      `typedef inv_table${k}_t inv_table_t;`,
      `typedef inv_inp${k}_t inv_inp_t;`,
      `typedef accum${k}_t accum_t;`,
      `typedef diff${k}_t diff_t;`,
      `static const int diff_width = ${normT.width};`,
      `static const int inv_inp_width = ${invInp.width};`,
      `static const int exp_table_size = ${expSize};`,
      `static const int inv_table_size = ${size};`,
      `static const int exp_index_bits = ${expBits};`,
      `static const int inv_index_bits = ${invBits};`,
    ]),
    arrays,
    perPacket: true,
    call: (ins, out) => `nnfab::softmax_${impl}<config${k}>(${ins[0]}, ${out}, exp_table${k}, inv_table${k});`,
  };
}

/** The legacy softmax: both tables (exp over [−8, 8), 1/x over [0, 64)) of table_t, N entries each. */
function legacyPlan(p: PlanContext): LayerPlan {
  const node = p.node;
  const k = p.k;
  const n = node.config?.tableSize ?? 1024;
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  const arrays = [
    { name: `exp_table${k}`, text: cppArray(`table${k}_t`, `exp_table${k}`, rawLiterals(legacyExpTable(n, tt), tt), `${node.name}: exp table`) },
    { name: `inv_table${k}`, text: cppArray(`table${k}_t`, `inv_table${k}`, rawLiterals(legacyInvTable(n, tt), tt), `${node.name}: 1/x table`) },
  ];
  return {
    typedefs: [typedef(tt, `table${k}_t`)],
    config: elementwiseConfig(p, [`typedef table${k}_t table_t;`, `static const int table_size = ${n};`]),
    arrays,
    perPacket: true,
    call: (ins, out) => `nnfab::softmax_legacy<config${k}>(${ins[0]}, ${out}, exp_table${k}, inv_table${k});`,
  };
}
