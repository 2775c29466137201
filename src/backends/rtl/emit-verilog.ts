/**
 * Verilog-2005 emission of a scheduled netlist: one module with clk / rst / ce, valid-in / valid-out, one packed input
 * vector and one packed output vector (element bit ranges in the manifest). Every value is a wire of its derived width;
 * values used in later stages get delay registers; the outputs are registered at the end.
 */
import { fracBits, type FixedType } from '../../ir/fixed-type.js';
import { assertNever, invariant } from '../../diagnostics/errors.js';
import { Netlist, signedWidth, type NetOp, type ValueId } from './netlist.js';
import type { Schedule } from './schedule.js';
import { aligned, bitsOf, literal } from './verilog-expr.js';

/** Bit range of one port element inside the packed data vector. */
export interface ElementRange {
  readonly port: string;
  readonly index: number;
  readonly lsb: number;
  readonly width: number;
  readonly type: FixedType;
}

/** Element ranges of a list of ports packed LSB-first. */
export function packPorts(ports: readonly { name: string; type: FixedType; elems: readonly unknown[] }[]): ElementRange[] {
  const out: ElementRange[] = [];
  let lsb = 0;
  for (const p of ports) {
    for (let i = 0; i < p.elems.length; i++) {
      out.push({ port: p.name, index: i, lsb, width: p.type.width, type: p.type });
      lsb += p.type.width;
    }
  }
  return out;
}

const ROUND_CODE: Record<FixedType['rounding'], number> = {
  AP_TRN: 0, AP_TRN_ZERO: 1, AP_RND: 2, AP_RND_ZERO: 3, AP_RND_MIN_INF: 4, AP_RND_INF: 5, AP_RND_CONV: 6,
};
const OVF_CODE: Record<FixedType['overflow'], number> = { AP_WRAP: 0, AP_SAT: 1, AP_SAT_ZERO: 2, AP_SAT_SYM: 3, AP_WRAP_SM: 0 };

/** Emits one netlist as a Verilog module body. */
class Emitter {
  readonly decls: string[] = [];
  readonly body: string[] = [];
  readonly maxDelay: Int32Array;
  constructor(
    readonly nl: Netlist,
    readonly s: Schedule,
    readonly inRanges: ElementRange[],
  ) {
    this.maxDelay = new Int32Array(nl.values.length);
  }

  /** Name of value `id` (through aliases) as seen from stage `t`; records the delay it needs. */
  ref(id: ValueId, t: number): string {
    const b = this.s.base[id]!;
    const st = this.s.stage[b]!;
    if (this.nl.get(b).op.kind === 'const' || st === t) return `n${b}`;
    invariant(st < t, `value ${b} used before it is computed`);
    this.maxDelay[b] = Math.max(this.maxDelay[b]!, t - st);
    return `n${b}_d${t - st}`;
  }

  /** Operand `id` aligned to frac F as a W-bit vector, read at stage t. */
  operand(id: ValueId, F: number, W: number, t: number): string {
    const v = this.nl.get(id);
    return aligned(this.ref(id, t), this.nl.get(this.s.base[id]!).width, F - v.frac, W);
  }

  emitValue(id: ValueId): void {
    const v = this.nl.get(id);
    const op = v.op;
    const W = v.width;
    const t = this.s.stage[id]!;
    const n = `n${id}`;
    if (op.kind === 'shift') return;
    this.decls.push(`wire [${W - 1}:0] ${n};`);
    switch (op.kind) {
      case 'input': {
        const r = this.inRanges.find((e, k) => k === this.elemIndex(op.port, op.elem))!;
        const sel = `in_data[${r.lsb + r.width - 1}:${r.lsb}]`;
        this.body.push(`assign ${n} = ${W > r.width ? `{1'b0, ${sel}}` : sel};`);
        return;
      }
      case 'const':
        this.body.push(`assign ${n} = ${literal(op.value, W)};`);
        return;
      case 'add':
        this.emitAdd(id, t);
        return;
      case 'neg':
        this.body.push(`assign ${n} = ${literal(0n, W)} - ${this.operand(op.a, v.frac, W, t)};`);
        return;
      case 'cast':
        this.emitCast(id, t);
        return;
      case 'relu': {
        const a = this.nl.get(this.s.base[op.a]!);
        const r = this.ref(op.a, t);
        this.body.push(`assign ${n} = ${r}[${a.width - 1}] ? ${literal(0n, W)} : ${bitsOf(r, a.width, 0, W)};`);
        return;
      }
      case 'max':
      case 'min':
      case 'mux':
        this.emitSelect(id, t);
        return;
      case 'gt':
        this.emitCompare(id, t);
        return;
      case 'mul': {
        const a = this.operand(op.a, this.nl.get(op.a).frac, W, t);
        const b = this.operand(op.b, this.nl.get(op.b).frac, W, t);
        this.body.push(`assign ${n} = ${a} * ${b};`);
        return;
      }
      case 'rom':
        this.emitRom(id, t);
        return;
      case 'fold':
        this.emitFold(id, t);
        return;
      case 'pick': {
        const f = this.nl.get(op.a).op;
        invariant(f.kind === 'fold', 'pick reads a fold');
        const aw = f.accum.width;
        const sel = `n${op.a}_y[${op.index * aw + aw - 1}:${op.index * aw}]`;
        this.body.push(`assign ${n} = ${W > aw ? `{1'b0, ${sel}}` : sel};`);
        return;
      }
      default:
        assertNever(op, 'netlist op');
    }
  }

  private elemIndex(port: number, elem: number): number {
    let k = 0;
    for (let p = 0; p < port; p++) k += this.nl.inputs[p]!.elems.length;
    return k + elem;
  }

  /**
   * a ± b. When one operand is shifted left by L more bits than the other (its low L bits are zero) and nothing is
   * subtracted from those bits, the low L bits of the sum are the other operand's bits: only the upper bits go
   * through the adder. Synthesis would otherwise build (and keep) carry cells for the constant-zero bits.
   */
  private emitAdd(id: ValueId, t: number): void {
    const v = this.nl.get(id);
    const op = v.op;
    invariant(op.kind === 'add', 'add expected');
    const W = v.width;
    const n = `n${id}`;
    const sign = op.subtract ? '-' : '+';
    const ka = v.frac - this.nl.get(op.a).frac;
    const kb = v.frac - this.nl.get(op.b).frac;
    // z: the operand with more zero low bits; p passes its low bits through (a - z, z + p, p + z; not z - p)
    const [z, p, kz, kp] = ka > kb ? [op.a, op.b, ka, kb] : [op.b, op.a, kb, ka];
    const passes = kz > kp && kz < W && !(op.subtract && z === op.a);
    if (!passes) {
      this.body.push(`assign ${n} = ${this.operand(op.a, v.frac, W, t)} ${sign} ${this.operand(op.b, v.frac, W, t)};`);
      return;
    }
    const rp = this.ref(p, t);
    const wp = this.nl.get(this.s.base[p]!).width;
    const hz = bitsOf(this.ref(z, t), this.nl.get(this.s.base[z]!).width, 0, W - kz);
    const hp = bitsOf(rp, wp, kz - kp, W - kz);
    const lo = aligned(rp, wp, kp, kz);
    const [ha, hb] = z === op.a ? [hz, hp] : [hp, hz];
    this.decls.push(`wire [${W - kz - 1}:0] ${n}_h;`);
    this.body.push(`assign ${n}_h = ${ha} ${sign} ${hb};`, `assign ${n} = {${n}_h, ${lo}};`);
  }

  private emitCast(id: ValueId, t: number): void {
    const v = this.nl.get(id);
    const op = v.op;
    invariant(op.kind === 'cast', 'cast expected');
    const a = this.nl.get(op.a);
    const aw = this.nl.get(this.s.base[op.a]!).width;
    const to = op.to;
    const d = a.frac - fracBits(to);
    const src = this.ref(op.a, t);
    const n = `n${id}`;
    const simpleRound = d <= 0 || to.rounding === 'AP_TRN';
    const simpleOvf = !op.overflows || to.overflow === 'AP_WRAP';
    if (simpleRound && simpleOvf) {
      // floor and wrap are bit selection: the kept bits, then the type's width (zero-extended when unsigned)
      const keep = op.overflows ? to.width : v.width;
      const bits = d >= 0 ? bitsOf(src, aw, d, keep) : aligned(src, aw, -d, keep);
      this.body.push(`assign ${n} = ${keep < v.width ? `{${v.width - keep}'d0, ${bits}}` : bits};`);
      return;
    }
    // general case: the library converter; narrow inputs are sign-extended so that IW > SHIFT
    const shift = Math.max(d, 0);
    const iw = Math.max(aw - Math.min(d, 0), shift + 2);
    const input = d >= 0 ? bitsOf(src, aw, 0, iw) : aligned(src, aw, -d, iw);
    const ow = op.overflows ? to.width : v.width;
    const osigned = op.overflows ? (to.signed ? 1 : 0) : 1;
    this.decls.push(`wire [${ow - 1}:0] ${n}_q;`);
    this.body.push(
      `nnfab_quant #(.IW(${iw}), .SHIFT(${shift}), .OW(${ow}), .OSIGNED(${osigned}), .RND(${ROUND_CODE[to.rounding]}), .OVF(${op.overflows ? OVF_CODE[to.overflow] : 0})) u_${n} (.d(${input}), .q(${n}_q));`,
    );
    this.body.push(`assign ${n} = ${ow < v.width ? `{${v.width - ow}'d0, ${n}_q}` : `${n}_q[${v.width - 1}:0]`};`);
  }

  private emitSelect(id: ValueId, t: number): void {
    const v = this.nl.get(id);
    const op = v.op;
    invariant(op.kind === 'max' || op.kind === 'min' || op.kind === 'mux', 'select expected');
    const n = `n${id}`;
    const wa = (x: ValueId): number => this.nl.get(this.s.base[x]!).width + v.frac - this.nl.get(x).frac;
    const cw = Math.max(v.width, wa(op.a), wa(op.b));
    this.decls.push(`wire [${cw - 1}:0] ${n}_a;`, `wire [${cw - 1}:0] ${n}_b;`);
    this.body.push(`assign ${n}_a = ${this.operand(op.a, v.frac, cw, t)};`, `assign ${n}_b = ${this.operand(op.b, v.frac, cw, t)};`);
    let cond: string;
    if (op.kind === 'mux') {
      const sw = this.nl.get(this.s.base[op.sel]!).width;
      cond = `${this.ref(op.sel, t)}[0]`;
      if (sw > 1) cond = `(${this.ref(op.sel, t)} != ${literal(0n, sw)})`;
    } else {
      cond = `($signed(${n}_a) ${op.kind === 'max' ? '>=' : '<='} $signed(${n}_b))`;
    }
    const pick = (x: string): string => (cw === v.width ? x : `${x}[${v.width - 1}:0]`);
    this.body.push(`assign ${n} = ${cond} ? ${pick(`${n}_a`)} : ${pick(`${n}_b`)};`);
  }

  private emitCompare(id: ValueId, t: number): void {
    const op = this.nl.get(id).op;
    invariant(op.kind === 'gt', 'compare expected');
    const n = `n${id}`;
    const f = Math.max(this.nl.get(op.a).frac, this.nl.get(op.b).frac);
    const wa = (x: ValueId): number => this.nl.get(this.s.base[x]!).width + f - this.nl.get(x).frac;
    const cw = Math.max(wa(op.a), wa(op.b));
    this.decls.push(`wire [${cw - 1}:0] ${n}_a;`, `wire [${cw - 1}:0] ${n}_b;`);
    this.body.push(`assign ${n}_a = ${this.operand(op.a, f, cw, t)};`, `assign ${n}_b = ${this.operand(op.b, f, cw, t)};`);
    this.body.push(`assign ${n} = {1'b0, $signed(${n}_a) > $signed(${n}_b)};`);
  }

  /** Valid bit of the sample at stage t (stage 0 is the accepted input). */
  valid(t: number): string {
    return t === 0 ? 'in_accept' : `vld[${t - 1}]`;
  }

  private emitFold(id: ValueId, t: number): void {
    const op = this.nl.get(id).op;
    invariant(op.kind === 'fold', 'fold expected');
    const n = `n${id}`;
    this.decls.pop();
    const xw = Math.max(...op.x.map((x) => this.nl.get(this.s.base[x]!).width + op.xFrac - this.nl.get(x).frac));
    let ww = 1;
    for (const row of op.w) for (const w of row) ww = Math.max(ww, signedWidth(w, w));
    const nin = op.x.length;
    const nout = op.bias.length;
    const aw = op.accum.width;
    const xs = op.x.map((x) => this.operand(x, op.xFrac, xw, t)).reverse();
    const wbits: string[] = [];
    for (let i = nin - 1; i >= 0; i--) for (let j = nout - 1; j >= 0; j--) wbits.push(literal(op.w[i]![j]!, ww));
    const bbits = [...op.bias].reverse().map((b) => literal(b, aw));
    this.decls.push(`wire [${nout * aw - 1}:0] ${n}_y;`);
    const params = [`.NIN(${nin}), .NOUT(${nout}), .R(${op.r}), .XW(${xw}), .WW(${ww}), .AW(${aw}), ${foldModeParams(op)}`];
    params.push(`  .W({${lines(wbits)}}),\n  .B({${lines(bbits)}})`);
    this.body.push(
      `nnfab_dense_fold #(${params.join(',\n')})\n` +
        `  u_${n} (.clk(clk), .rst(rst), .ce(ce), .in_valid(${this.valid(t)}),\n  .x({${lines(xs)}}),\n  .y(${n}_y));`,
    );
  }

  private emitRom(id: ValueId, t: number): void {
    const v = this.nl.get(id);
    const op = v.op;
    invariant(op.kind === 'rom', 'rom expected');
    const n = `n${id}`;
    const aw = this.nl.get(this.s.base[op.a]!).width;
    this.decls.pop();
    this.decls.push(`reg [${v.width - 1}:0] ${n};`);
    // only indices the index value can take (its interval) get a case item
    const idx = this.nl.get(op.a);
    const lo = Math.max(0, Number(idx.lo));
    const hi = Math.min(op.table.length - 1, Number(idx.hi));
    const lines: string[] = [];
    for (let i = lo; i <= hi; i++) lines.push(`    ${literal(BigInt(i), aw)}: ${n} = ${literal(op.table[i]!, v.width)};`);
    const full = lines.length === 2 ** aw;
    this.body.push(
      `always @* begin\n  case (${this.ref(op.a, t)})\n${lines.join('\n')}\n${full ? '' : `    default: ${n} = ${literal(0n, v.width)};\n`}  endcase\nend`,
    );
  }
}

/** A comma-separated list, 16 items per line: long concatenations stay below tools' per-line token limits. */
function lines(items: readonly string[]): string {
  const out: string[] = [];
  for (let k = 0; k < items.length; k += 16) out.push(items.slice(k, k + 16).join(', '));
  return out.join(',\n    ');
}

/** Shift pair (drop fraction bits, append zero bits) converting raw values at frac `from` to frac `to`. */
function shifts(from: number, to: number): [number, number] {
  return [Math.max(0, from - to), Math.max(0, to - from)];
}

/** The arithmetic parameters of nnfab_dense_fold: accum_t modes, conversion shifts, power-of-two weights. */
function foldModeParams(op: Extract<NetOp, { kind: 'fold' }>): string {
  const a = op.accum;
  const modes = `.ASIGNED(${a.signed ? 1 : 0}), .RND(${ROUND_CODE[a.rounding]}), .OVF(${OVF_CODE[a.overflow]})`;
  if (op.po2 === null) {
    const [ps, ls] = shifts(op.pFrac, fracBits(a));
    return `${modes}, .PSHIFT(${ps}), .LSHIFT(${ls})`;
  }
  const rT = op.po2.rT;
  const [ts, tls] = shifts(op.pFrac, fracBits(rT));
  const [ps, ls] = shifts(fracBits(rT), fracBits(a));
  let neg = 0n;
  for (let i = op.x.length - 1; i >= 0; i--) for (let j = op.bias.length - 1; j >= 0; j--) neg = (neg << 1n) | (op.po2.neg[i]![j]! ? 1n : 0n);
  return `${modes}, .PSHIFT(${ps}), .LSHIFT(${ls}),\n  .PO2(1), .TW(${rT.width}), .TSHIFT(${ts}), .TLSHIFT(${tls}), .NEG(${literal(neg, op.x.length * op.bias.length)})`;
}

/** Initiation interval: cycles between accepted inputs (the largest reuse factor of a folded layer, else 1). */
export function initiationInterval(nl: Netlist, s: Schedule): number {
  return nl.values.reduce((m, v, id) => (s.live[id] && v.op.kind === 'fold' ? Math.max(m, v.op.r) : m), 1);
}

function acceptLogic(ii: number): string[] {
  if (ii === 1) return ["assign in_ready = 1'b1;", 'wire in_accept = in_valid;'];
  const gw = Math.max(1, Math.ceil(Math.log2(ii)));
  return [
    `// a folded layer takes a new input every ${ii} cycles`,
    `reg [${gw - 1}:0] gap;`,
    `assign in_ready = gap == ${literal(0n, gw)};`,
    'wire in_accept = in_valid & in_ready;',
    'always @(posedge clk) begin',
    `  if (rst) gap <= ${literal(0n, gw)};`,
    `  else if (ce) gap <= in_accept ? ${literal(BigInt(ii - 1), gw)} : (in_ready ? gap : gap - ${literal(1n, gw)});`,
    'end',
  ];
}

/** Verilog text of the pipelined core module for a netlist. */
export function emitCore(nl: Netlist, s: Schedule, moduleName: string): string {
  const inRanges = packPorts(nl.inputs);
  const outRanges = packPorts(nl.outputs);
  const inW = inRanges.reduce((m, r) => m + r.width, 0);
  const outW = outRanges.reduce((m, r) => m + r.width, 0);
  const e = new Emitter(nl, s, inRanges);
  for (let id = 0; id < nl.values.length; id++) if (s.live[id]) e.emitValue(id);
  const outs = nl.outputs.flatMap((o) => o.elems.map((el) => ({ el, type: o.type })));
  const parts = outs.map(({ el, type }) => e.operand(el, fracBits(type), type.width, s.lastStage));
  const regs: string[] = [];
  const shifts: string[] = [];
  e.maxDelay.forEach((d, b) => {
    const w = nl.get(b).width;
    for (let k = 1; k <= d; k++) {
      regs.push(`reg [${w - 1}:0] n${b}_d${k};`);
      shifts.push(`    n${b}_d${k} <= ${k === 1 ? `n${b}` : `n${b}_d${k - 1}`};`);
    }
  });
  const lat = s.latency;
  return [
    `// Generated by nnfab. Pipelined datapath: latency ${lat} cycles, one input per cycle.`,
    '`default_nettype none',
    `module ${moduleName} (`,
    '  input  wire clk,',
    '  input  wire rst,',
    '  input  wire ce,',
    '  input  wire in_valid,',
    '  output wire in_ready,',
    '  // elements the network never reads are left unconnected',
    '  /* verilator lint_off UNUSEDSIGNAL */',
    `  input  wire [${inW - 1}:0] in_data,`,
    '  /* verilator lint_on UNUSEDSIGNAL */',
    '  output wire out_valid,',
    `  output wire [${outW - 1}:0] out_data`,
    ');',
    '// truncation drops low bits and wrap drops high bits of some values on purpose',
    '/* verilator lint_off UNUSEDSIGNAL */',
    ...e.decls,
    ...regs,
    '/* verilator lint_on UNUSEDSIGNAL */',
    `reg [${outW - 1}:0] out_q;`,
    `reg [${lat - 1}:0] vld;`,
    ...acceptLogic(initiationInterval(nl, s)),
    ...e.body,
    'always @(posedge clk) begin',
    '  if (ce) begin',
    ...shifts,
    `    out_q <= {${lines([...parts].reverse())}};`,
    '  end',
    'end',
    'always @(posedge clk) begin',
    `  if (rst) vld <= ${literal(0n, lat)};`,
    `  else if (ce) vld <= ${lat === 1 ? 'in_accept' : `{vld[${lat - 2}:0], in_accept}`};`,
    'end',
    `assign out_valid = vld[${lat - 1}];`,
    'assign out_data = out_q;',
    'endmodule',
    '`default_nettype wire',
    '',
  ].join('\n');
}
