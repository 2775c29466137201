/** BatchNorm, pooling, merges, concatenation, constants, quantizers and data movement. */
import { fracBits, type FixedType } from '../../ir/fixed-type.js';
import { sizeOf, type Node } from '../../ir/graph.js';
import type { BatchNormOp, ConcatOp, ConstantOp, GlobalPoolOp, MergeOp, PoolOp, QuantizeOp } from '../../ir/ops.js';
import { newOverflowCounts, quantizeNum } from '../../emulator/arith.js';
import { assertNever } from '../../diagnostics/errors.js';
import { cppArray, cppLiteral, exactConstType } from './cpp.js';
import { broadcastMap, concatMap, movementMap } from '../../ir/index-maps.js';
import { configStruct, elementwiseConfig, intArray, resultOf, typedef, unsupported, type LayerPlan, type PlanContext } from './layer-plan.js';

/** Literals of a tensor's values quantized into t (values are already exact after the weight pass). */
function constLiterals(data: ArrayLike<number>, t: FixedType): string[] {
  const scratch = newOverflowCounts();
  return Array.from({ length: data.length }, (_, i) => cppLiteral(quantizeNum(data[i]!, t, scratch), fracBits(t)));
}

/** BatchNorm: (result_t)(x·scale[c] + bias[c]). */
export function planBatchNorm(p: PlanContext): LayerPlan {
  const op = (p.node as Node<BatchNormOp>).op;
  const t = resultOf(p.node);
  const st = p.node.types?.scale ?? t;
  const bt = p.node.types?.bias ?? t;
  const k = p.k;
  const nc = op.scale.data.length;
  return {
    typedefs: [typedef(st, `scale${k}_t`), typedef(bt, `bias${k}_t`)],
    config: elementwiseConfig(p, [`typedef scale${k}_t scale_t;`, `typedef bias${k}_t bias_t;`, `static const int n_chan = ${nc};`]),
    arrays: [
      { name: `s${k}`, text: cppArray(`scale${k}_t`, `s${k}`, constLiterals(op.scale.data, st), `${p.node.name}: scale`) },
      { name: `b${k}`, text: cppArray(`bias${k}_t`, `b${k}`, constLiterals(op.bias.data, bt), `${p.node.name}: bias`) },
    ],
    perPacket: nc === p.node.shape[p.node.shape.length - 1],
    call: (ins, out) => `nnfab::batchnorm<config${k}>(${ins[0]}, ${out}, s${k}, b${k});`,
  };
}

/** Max/average pooling and global pooling (a window over every spatial position). */
export function planPool(p: PlanContext): LayerPlan {
  const node = p.node as Node<PoolOp | GlobalPoolOp>;
  const op = node.op;
  const ins = p.inShapes[0]!;
  const two = op.rank === 2;
  const inH = two ? ins[0]! : 1;
  const inW = two ? ins[1]! : ins[0]!;
  const global = op.kind === 'global_pool';
  const size = global ? [inH, inW] : two ? op.size : [1, op.size[0]!];
  const strides = global ? [1, 1] : two ? op.strides : [1, op.strides[0]!];
  const pads = global ? [0, 0] : two ? [op.pads[0]!, op.pads[1]!] : [0, op.pads[0]!];
  const outH = global ? 1 : two ? node.shape[0]! : 1;
  const outW = global ? 1 : two ? node.shape[1]! : node.shape[0]!;
  const accum = node.types?.accum ?? p.inTypes[0]!;
  const k = p.k;
  const members = [
    `typedef accum${k}_t accum_t;`,
    `static const int in_height = ${inH};`,
    `static const int in_width = ${inW};`,
    `static const int n_chan = ${ins[ins.length - 1]};`,
    `static const int pool_height = ${size[0]};`,
    `static const int pool_width = ${size[1]};`,
    `static const int stride_height = ${strides[0]};`,
    `static const int stride_width = ${strides[1]};`,
    `static const int pad_top = ${pads[0]};`,
    `static const int pad_left = ${pads[1]};`,
    `static const int out_height = ${outH};`,
    `static const int out_width = ${outW};`,
    `static const bool is_max = ${op.mode === 'max'};`,
    `static const bool count_pad = ${op.kind === 'pool' && op.countIncludePad};`,
  ];
  return {
    typedefs: [typedef(accum, `accum${k}_t`)],
    config: configStruct(k, members),
    arrays: [],
    perPacket: false,
    call: (xs, out) => `nnfab::pool<config${k}>(${xs[0]}, ${out});`,
    streamCall: (x, out) => `nnfab::pool_stream<config${k}>(${x}, ${out});`,
  };
}

const MERGE_OPS: Record<Exclude<MergeOp['mode'], 'div'>, number> = { add: 0, sub: 1, mul: 2, avg: 3, max: 4, min: 5 };

/** Element-wise merge; more than two inputs fold left, each step converted to the result type. */
export function planMerge(p: PlanContext): LayerPlan {
  const op = (p.node as Node<MergeOp>).op;
  if (op.mode === 'div') unsupported(p.node, 'tensor ÷ tensor (hls4ml has no fixed-point division; divide by a constant)');
  const n = sizeOf(p.node.shape);
  const cfg = `config${p.k}`;
  return {
    typedefs: [],
    config: configStruct(p.k, [`static const int n_in = ${n};`, `static const int op = ${MERGE_OPS[op.mode]};`]),
    arrays: [],
    perPacket: false,
    call: (ins, out) => {
      if (ins.length === 2) return `nnfab::merge<${cfg}>(${ins[0]}, ${ins[1]}, ${out});`;
      const lines: string[] = [];
      let acc = ins[0]!;
      for (let m = 1; m < ins.length; m++) {
        const dst = m === ins.length - 1 ? out : `${out}_step${m}`;
        if (dst !== out) lines.push(`${p.outName} ${dst}[${n}];`);
        lines.push(`nnfab::merge<${cfg}>(${acc}, ${ins[m]}, ${dst});`);
        acc = dst;
      }
      return `{\n    ${lines.join('\n    ')}\n  }`;
    },
  };
}

/** Concatenation along any axis: each input scattered to its output positions. */
export function planConcat(p: PlanContext): LayerPlan {
  const op = (p.node as Node<ConcatOp>).op;
  const map = concatMap(p.node.shape, p.inShapes, op.axis);
  const pos = p.inShapes.map((s) => new Array<number>(sizeOf(s)));
  map.forEach(([m, i], k) => (pos[m]![i] = k));
  return {
    typedefs: [],
    config: '',
    arrays: pos.map((ps, m) => intArray(`pos${p.k}_${m}`, ps, `${p.node.name}: output position of each element of input ${m}`)),
    perPacket: false,
    call: (ins, out) => ins.map((x, m) => `nnfab::scatter<${pos[m]!.length}>(${x}, ${out}, pos${p.k}_${m});`).join('\n  '),
  };
}

/** Arithmetic with a constant tensor, broadcast to the sample shape by nnfab (division by ±2^e as a product). */
export function planConstantOp(p: PlanContext): LayerPlan {
  const node = p.node as Node<ConstantOp>;
  const op = node.op;
  const t = resultOf(node);
  const wt = node.types?.weight;
  let ct: FixedType = wt !== undefined && !('kind' in wt) ? wt : t;
  const n = sizeOf(node.shape);
  const idx = Array.from(broadcastMap(op.constant.shape, node.shape));
  let values = Array.from(idx, (i) => op.constant.data[i]!);
  let mode = op.mode;
  if (mode === 'div') {
    if (op.constantFirst || values.some((d) => !Number.isInteger(Math.log2(Math.abs(d))))) unsupported(node, 'division by a constant that is not a power of two');
    values = values.map((d) => 1 / d);
    const types = values.map(exactConstType);
    const frac = Math.max(...types.map((u) => u.width - u.integer));
    const integer = Math.max(...types.map((u) => u.integer));
    ct = { width: integer + frac, integer, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
    mode = 'mul';
  }
  const code = mode === 'add' ? 0 : mode === 'sub' ? 1 : 2;
  return {
    typedefs: [typedef(ct, `const${p.k}_t`)],
    config: configStruct(p.k, [`static const int n_in = ${n};`, `static const int op = ${code};`, `static const bool constant_first = ${op.constantFirst};`, `typedef const${p.k}_t const_t;`]),
    arrays: [{ name: `c${p.k}`, text: cppArray(`const${p.k}_t`, `c${p.k}`, constLiterals(values, ct), `${node.name}: constant, broadcast`) }],
    perPacket: false,
    call: (ins, out) => `nnfab::constant_op<config${p.k}>(${ins[0]}, ${out}, c${p.k});`,
  };
}


/** Explicit quantizer with an exact fixed type. */
export function planQuantize(p: PlanContext): LayerPlan {
  const op = (p.node as Node<QuantizeOp>).op;
  if (op.type === null) unsupported(p.node, 'a quantizer whose scale is not a power of two');
  return {
    typedefs: [typedef(op.type, `quant${p.k}_t`)],
    config: elementwiseConfig(p, [`typedef quant${p.k}_t quant_t;`]),
    arrays: [],
    perPacket: true,
    call: (ins, out) => `nnfab::requantize<config${p.k}>(${ins[0]}, ${out});`,
  };
}

/** Reshape/identity (conversion copy) and transpose/pad/slice/upsample (index map). */
export function planGather(p: PlanContext): LayerPlan {
  const node = p.node;
  const op = node.op;
  const ins = p.inShapes[0]!;
  let map: number[] | null;
  switch (op.kind) {
    case 'reshape':
    case 'identity':
      map = null;
      break;
    case 'transpose':
    case 'pad':
    case 'slice':
    case 'upsample':
      map = Array.from(movementMap(op, ins, node.shape));
      break;
    default:
      return assertNever(op as never, 'data movement op');
  }
  const n = sizeOf(node.shape);
  if (map === null) {
    return { typedefs: [], config: configStruct(p.k, [`static const int n_in = ${n};`]), arrays: [], perPacket: false, call: (xs, out) => `nnfab::linear<config${p.k}>(${xs[0]}, ${out});` };
  }
  const m = map;
  return {
    typedefs: [],
    config: configStruct(p.k, [`static const int n_out = ${n};`]),
    arrays: [intArray(`map${p.k}`, m, `${node.name}: source index of each output (−1: zero)`)],
    perPacket: false,
    call: (xs, out) => `nnfab::gather<config${p.k}>(${xs[0]}, ${out}, map${p.k});`,
  };
}
