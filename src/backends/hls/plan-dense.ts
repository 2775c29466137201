/** Dense and Conv layers: nonzero weights with packed indices, bias, accumulator type, reuse factor. */
import { fracBits, type FixedType } from '../../ir/fixed-type.js';
import { sizeOf, type Node } from '../../ir/graph.js';
import type { ConvOp, DenseOp, Tensor } from '../../ir/ops.js';
import { newOverflowCounts, quantizeNum } from '../../emulator/arith.js';
import { prepareWeights } from '../../emulator/weights.js';
import { po2ProductType } from '../../emulator/matmul.js';
import { cppArray, cppLiteral } from './cpp.js';
import { checkedReuse } from './reuse.js';
import { configStruct, resultOf, typedef, unsupported, type ConstArray, type LayerPlan, type PlanContext } from './layer-plan.js';

interface MatrixParts {
  readonly typedefs: string[];
  readonly members: string[];
  readonly arrays: ConstArray[];
  readonly args: string;
}

const INT2: FixedType = { width: 2, integer: 2, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };

/** Weights (nonzero only), indices, bias and the config members shared by dense and conv. */
function matrixParts(p: PlanContext, op: DenseOp | ConvOp, nIn: number, nOut: number, weight: Tensor = op.weight): MatrixParts {
  const node = p.node;
  const k = p.k;
  const accum = node.types?.accum ?? resultOf(node);
  const scratch = newOverflowCounts();
  const w = prepareWeights(node, weight, node.types?.weight, scratch);
  let wt: FixedType = node.types?.weight && !('kind' in node.types.weight) ? node.types.weight : INT2;
  let product: FixedType = accum;
  const values: string[] = [];
  const index: string[] = [];
  if (w.kind === 'po2') {
    // ±2^e held exactly in one signed type covering every exponent
    const lo = Math.min(...w.exponent);
    const hi = Math.max(...w.exponent);
    wt = { width: hi - lo + 2, integer: hi + 2, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
    product = po2ProductType(p.inTypes[0]!, w.expWidth);
    for (let i = 0; i < w.exponent.length; i++) {
      values.push(`${w.negative[i] ? '-' : ''}${cppLiteral(1n << BigInt(w.exponent[i]! - lo), -lo)}`);
      index.push(String(i));
    }
  } else {
    for (let i = 0; i < w.raw.length; i++) {
      if (w.raw[i] === 0) continue;
      values.push(cppLiteral(w.raw[i]!, w.frac));
      index.push(String(i));
    }
  }
  const bt = node.types?.bias ?? accum;
  const bias = op.bias === null ? [] : Array.from(op.bias.data, (b) => cppLiteral(quantizeNum(b, bt, scratch), fracBits(bt)));
  const reuse = checkedReuse(node, nIn, nOut);
  const strategy = node.config?.strategy === 'resource' || node.config?.strategy === 'resource_unrolled' ? 'resource' : 'latency';
  const nnz = values.length;
  const arrays: ConstArray[] = [
    { name: `w${k}`, text: cppArray(`weight${k}_t`, `w${k}`, values, `${node.name}: ${nnz} nonzero weights of ${nIn}×${nOut}, in (input, output) order`) + cppArray('unsigned int', `w${k}_idx`, index, 'packed index input·n_out + output of each nonzero weight') },
    { name: `b${k}`, text: cppArray(`bias${k}_t`, `b${k}`, bias.length > 0 ? bias : Array.from({ length: nOut }, () => '0'), `${node.name}: bias`) },
  ];
  return {
    typedefs: [typedef(accum, `accum${k}_t`), typedef(wt, `weight${k}_t`), typedef(bt, `bias${k}_t`), typedef(product, `product${k}_t`)],
    members: [
      `typedef accum${k}_t accum_t;`,
      `typedef weight${k}_t weight_t;`,
      `typedef bias${k}_t bias_t;`,
      `typedef product${k}_t product_t;`,
      'typedef unsigned int index_t;',
      `static const bool po2 = ${w.kind === 'po2'};`,
      `static const int n_in = ${nIn};`,
      `static const int n_out = ${nOut};`,
      `static const int n_nonzero = ${nnz};`,
      `static const int reuse_factor = ${reuse};`,
      `static const int block_factor = ${Math.max(1, Math.ceil(nnz / reuse))};`,
      `static const nnfab::strategy_t strategy = nnfab::${strategy};`,
      `static const bool has_bias = ${op.bias !== null};`,
    ],
    arrays,
    args: `w${p.k}, w${p.k}_idx, b${p.k}`,
  };
}

/** Dense over the last axis (several rows when the input has more than one axis). */
export function planDense(p: PlanContext): LayerPlan {
  const node = p.node as Node<DenseOp>;
  const [nIn, nOut] = node.op.weight.shape as [number, number];
  const m = matrixParts(p, node.op, nIn, nOut);
  const rows = sizeOf(p.inShapes[0]!) / nIn;
  const cfg = `config${p.k}`;
  return {
    typedefs: m.typedefs,
    config: configStruct(p.k, m.members),
    arrays: m.arrays,
    perPacket: true,
    call: (ins, out) =>
      p.mode === 'io_stream' || rows === 1
        ? `nnfab::dense<${cfg}>(${ins[0]}, ${out}, ${m.args});`
        : `for (int r = 0; r < ${rows}; r++) nnfab::dense<${cfg}>(${ins[0]} + r * ${nIn}, ${out} + r * ${nOut}, ${m.args});`,
  };
}

/** Conv (rank 1 or 2, groups 1): the dense core per output pixel; a line-buffered kernel under io_stream. */
export function planConv(p: PlanContext): LayerPlan {
  const node = p.node as Node<ConvOp>;
  const op = node.op;
  const ws = op.weight.shape;
  const cin = ws[ws.length - 2]! * op.groups;
  const nOut = ws[ws.length - 1]!;
  const two = op.rank === 2;
  const kh = two ? ws[0]! : 1;
  const kw = two ? ws[1]! : ws[0]!;
  const m = matrixParts(p, op, kh * kw * cin, nOut, op.groups === 1 ? op.weight : ungroup(op.weight, op.groups));
  const ins = p.inShapes[0]!;
  const at = (v: readonly number[], d2: number, d1: number, dflt: number): number => (two ? v[d2]! : d1 < 0 ? dflt : v[d1]!);
  const members = [
    ...m.members,
    `static const int in_height = ${two ? ins[0] : 1};`,
    `static const int in_width = ${two ? ins[1] : ins[0]};`,
    `static const int n_chan = ${cin};`,
    `static const int filt_height = ${kh};`,
    `static const int filt_width = ${kw};`,
    `static const int stride_height = ${at(op.strides, 0, -1, 1)};`,
    `static const int stride_width = ${at(op.strides, 1, 0, 1)};`,
    `static const int dilation_height = ${at(op.dilations, 0, -1, 1)};`,
    `static const int dilation_width = ${at(op.dilations, 1, 0, 1)};`,
    `static const int pad_top = ${two ? op.pads[0] : 0};`,
    `static const int pad_left = ${two ? op.pads[1] : op.pads[0]};`,
    `static const int out_height = ${two ? node.shape[0] : 1};`,
    `static const int out_width = ${two ? node.shape[1] : node.shape[0]};`,
  ];
  const cfg = `config${p.k}`;
  return {
    typedefs: m.typedefs,
    config: configStruct(p.k, members),
    arrays: m.arrays,
    perPacket: false,
    call: (xs, out) => `nnfab::conv<${cfg}>(${xs[0]}, ${out}, ${m.args});`,
    streamCall: (x, out) => `nnfab::conv_stream<${cfg}>(${x}, ${out}, ${m.args});`,
  };
}

/**
 * Grouped (e.g. depthwise) weights [k..., cin/groups, cout] as full [k..., cin, cout] weights that are zero across
 * groups: the zeros cost no multiplier, and each output keeps its products in window order.
 */
function ungroup(w: Tensor, groups: number): Tensor {
  const s = w.shape;
  const cinG = s[s.length - 2]!;
  const cout = s[s.length - 1]!;
  const coutG = cout / groups;
  const positions = w.data.length / (cinG * cout);
  const cin = cinG * groups;
  const data = new Float64Array(positions * cin * cout);
  for (let k = 0; k < positions; k++) {
    for (let c = 0; c < cinG; c++) {
      for (let f = 0; f < cout; f++) {
        const g = Math.floor(f / coutG);
        data[(k * cin + g * cinG + c) * cout + f] = w.data[(k * cinG + c) * cout + f]!;
      }
    }
  }
  return { shape: [...s.slice(0, -2), cin, cout], data };
}
