/** Typed access to ONNX node attributes and inputs, with the spec's defaults and coded errors. */
import { fail } from '../../diagnostics/errors.js';
import type { Ctx, ConstVal, TensorVal, Value } from './context.js';
import type { OnnxNode } from './model.js';
import type { ConstTensor } from './tensor.js';

/** An int attribute or its default. */
export function attrInt(n: OnnxNode, name: string, def: number): number {
  const a = n.attrs.get(name);
  return a?.kind === 'int' ? a.value : a?.kind === 'float' ? Math.trunc(a.value) : def;
}

/** A float attribute or its default. */
export function attrFloat(n: OnnxNode, name: string, def: number): number {
  const a = n.attrs.get(name);
  return a?.kind === 'float' ? a.value : a?.kind === 'int' ? a.value : def;
}

/** A string attribute or its default (empty strings count as absent, as exporters write them). */
export function attrString(n: OnnxNode, name: string, def: string): string {
  const a = n.attrs.get(name);
  return a?.kind === 'string' && a.value !== '' ? a.value : def;
}

/** An ints attribute or its default. */
export function attrInts(n: OnnxNode, name: string, def: readonly number[] | null): readonly number[] | null {
  const a = n.attrs.get(name);
  return a?.kind === 'ints' ? a.value : a?.kind === 'int' ? [a.value] : def;
}

/** A floats attribute or its default. */
export function attrFloats(n: OnnxNode, name: string, def: readonly number[] | null): readonly number[] | null {
  const a = n.attrs.get(name);
  return a?.kind === 'floats' || a?.kind === 'ints' ? a.value : a?.kind === 'float' ? [a.value] : def;
}

/** Whether optional input i is present. */
export function hasInput(n: OnnxNode, i: number): boolean {
  return i < n.inputs.length && n.inputs[i] !== '';
}

/** Input i as a value. */
export function input(ctx: Ctx, n: OnnxNode, i: number): Value {
  return ctx.get(n.inputs[i]!);
}

/** Input i, which must be a data-path tensor. */
export function tensorIn(ctx: Ctx, n: OnnxNode, i: number): TensorVal {
  const v = input(ctx, n, i);
  if (v.kind !== 'tensor') fail('E208', { reason: `input ${i} ("${n.inputs[i]}") is a constant where nnfab expects the data path` }, ctx.loc(n));
  return v;
}

/** Input i, which must be a constant (E207 otherwise). */
export function constIn(ctx: Ctx, n: OnnxNode, i: number): ConstVal {
  const v = input(ctx, n, i);
  if (v.kind !== 'const') fail('E207', { index: i, input: n.inputs[i] ?? '' }, ctx.loc(n));
  return v;
}

/** Optional constant input i, or null when absent. */
export function optConst(ctx: Ctx, n: OnnxNode, i: number): ConstTensor | null {
  return hasInput(n, i) ? constIn(ctx, n, i).t : null;
}

/** A constant holding one number (or all-equal numbers), e.g. a bit width. */
export function scalarOf(ctx: Ctx, n: OnnxNode, t: ConstTensor, what: string): number {
  const v = t.data[0] ?? NaN;
  if (t.data.length === 0 || !t.data.every((x) => x === v)) fail('E206', { attr: what, value: `[${Array.from(t.data.slice(0, 4)).join(', ')}${t.data.length > 4 ? ', …' : ''}]`, supported: 'a single value' }, ctx.loc(n));
  return v;
}

/** Reject an attribute value outside a supported set. */
export function requireAttr(ctx: Ctx, n: OnnxNode, attr: string, value: string | number, supported: readonly (string | number)[]): void {
  if (!supported.includes(value)) fail('E206', { attr, value, supported: supported.join(', ') }, ctx.loc(n));
}

/** Normalize a possibly negative axis of a rank-r tensor. */
export function normAxis(ctx: Ctx, n: OnnxNode, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail('E206', { attr: 'axis', value: axis, supported: `-${rank}..${rank - 1}` }, ctx.loc(n));
  return a;
}
