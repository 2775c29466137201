/** Float64 convolution and pooling, channels-last, for rank 1 ([W, C]) and rank 2 ([H, W, C]). */
import type { ConvOp, GlobalPoolOp, PoolOp } from '../../ir/ops.js';

/** [H, W, C] view of a rank-1 or rank-2 spatial shape (rank 1 gets H = 1). */
function hwc(shape: readonly number[], rank: 1 | 2): [number, number, number] {
  return rank === 2 ? [shape[0]!, shape[1]!, shape[2]!] : [1, shape[0]!, shape[1]!];
}

/** Per-axis window parameters in [H, W] order (rank 1: H is a dummy axis of size 1). */
function axes(rank: 1 | 2, v: readonly number[], def: number): [number, number] {
  return rank === 2 ? [v[0]!, v[1]!] : [def, v[0]!];
}

/** Convolution of one batch of samples. */
export function convFloat(op: ConvOp, x: Float64Array, inShape: readonly number[], outShape: readonly number[], batch: number): Float64Array {
  const [H, W, C] = hwc(inShape, op.rank);
  const [OH, OW, M] = hwc(outShape, op.rank);
  const [KH, KW] = axes(op.rank, op.weight.shape, 1);
  const [SH, SW] = axes(op.rank, op.strides, 1);
  const [DH, DW] = axes(op.rank, op.dilations, 1);
  const [PT, PL] = op.rank === 2 ? [op.pads[0]!, op.pads[1]!] : [0, op.pads[0]!];
  const g = op.groups;
  const cg = C / g;
  const mg = M / g;
  const w = op.weight.data;
  const out = new Float64Array(batch * OH * OW * M);
  for (let b = 0; b < batch; b++) {
    const xo = b * H * W * C;
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        const o = ((b * OH + oh) * OW + ow) * M;
        for (let m = 0; m < M; m++) out[o + m] = op.bias ? op.bias.data[m]! : 0;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - PT + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw * DW;
            if (iw < 0 || iw >= W) continue;
            const xi = xo + (ih * W + iw) * C;
            const wi = (kh * KW + kw) * cg * M;
            // contiguous inner loop over the output channels of each group
            for (let gi = 0; gi < g; gi++)
              for (let c = 0; c < cg; c++) {
                const xv = x[xi + gi * cg + c]!;
                if (xv === 0) continue;
                const wr = wi + c * M + gi * mg;
                const or = o + gi * mg;
                for (let m = 0; m < mg; m++) out[or + m]! += xv * w[wr + m]!;
              }
          }
        }
      }
  }
  return out;
}

/** Max / average pooling (padding ignored by max; counted by average only with countIncludePad). */
export function poolFloat(op: PoolOp, x: Float64Array, inShape: readonly number[], outShape: readonly number[], batch: number): Float64Array {
  const [H, W, C] = hwc(inShape, op.rank);
  const [OH, OW] = hwc(outShape, op.rank);
  const [KH, KW] = axes(op.rank, op.size, 1);
  const [SH, SW] = axes(op.rank, op.strides, 1);
  const [PT, PL] = op.rank === 2 ? [op.pads[0]!, op.pads[1]!] : [0, op.pads[0]!];
  const [PB, PR] = op.rank === 2 ? [op.pads[2]!, op.pads[3]!] : [0, op.pads[1]!];
  const out = new Float64Array(batch * OH * OW * C);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let c = 0; c < C; c++) {
          let acc = op.mode === 'max' ? -Infinity : 0;
          let count = 0;
          let padded = 0;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * SH - PT + kh;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * SW - PL + kw;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                if (ih >= -PT && ih < H + PB && iw >= -PL && iw < W + PR) padded++;
                continue;
              }
              const v = x[((b * H + ih) * W + iw) * C + c]!;
              acc = op.mode === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          }
          const o = ((b * OH + oh) * OW + ow) * C + c;
          out[o] = op.mode === 'max' ? acc : acc / (op.countIncludePad ? count + padded : count);
        }
  return out;
}

/** Global max / average pooling over all spatial positions. */
export function globalPoolFloat(op: GlobalPoolOp, x: Float64Array, inShape: readonly number[], batch: number): Float64Array {
  const [H, W, C] = hwc(inShape, op.rank);
  const out = new Float64Array(batch * C);
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < C; c++) {
      let acc = op.mode === 'max' ? -Infinity : 0;
      for (let p = 0; p < H * W; p++) {
        const v = x[(b * H * W + p) * C + c]!;
        acc = op.mode === 'max' ? Math.max(acc, v) : acc + v;
      }
      out[b * C + c] = op.mode === 'max' ? acc : acc / (H * W);
    }
  return out;
}
