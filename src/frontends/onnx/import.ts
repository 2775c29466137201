/** ONNX / QONNX → nnfab IR: decode, fold constants, convert each node with layout tracking, tidy up. */
import { DiagnosticBag, fail, NnfabError } from '../../diagnostics/errors.js';
import type { Graph, Node } from '../../ir/graph.js';
import { verifyGraph } from '../../ir/verify.js';
import { cleanup } from './cleanup.js';
import { Ctx, sanitize, type TensorVal, type Value } from './context.js';
import { converterFor, SUPPORTED_OPS } from './converters.js';
import { FOLDABLE, tryFold } from './fold.js';
import { decodeOnnx, type OnnxModel, type OnnxNode, type OnnxValueInfo } from './model.js';

/** Options of an ONNX import. */
export interface OnnxImportOptions {
  /** Input shape without the batch dimension; overrides the file's (needed for symbolic dimensions). */
  readonly inputShape?: readonly number[];
}

function inputShape(file: string, v: OnnxValueInfo, override: readonly number[] | undefined): number[] {
  const dims = v.dims;
  if (override !== undefined) {
    if (dims !== null && dims.length !== override.length + 1) fail('E210', { shape: override.join(', '), input: v.name, rank: dims.length, example: dims.slice(1).map((d) => (typeof d === 'number' ? d : 8)).join(',') }, { file });
    return [...override];
  }
  if (dims === null || dims.length === 0) fail('E211', { input: v.name }, { file });
  const nb = dims.slice(1);
  const bad = nb.findIndex((d) => typeof d !== 'number' || d <= 0);
  if (bad >= 0) {
    const d = nb[bad];
    fail('E205', { input: v.name, dim: bad + 1, param: d === null ? '?' : String(d), example: nb.map((x) => (typeof x === 'number' && x > 0 ? x : 8)).join(',') }, { file });
  }
  return nb as number[];
}

function checkSupported(model: OnnxModel, file: string): void {
  const bad = model.nodes.filter((n) => converterFor(n) === null && !(FOLDABLE.has(n.opType) && (n.domain === '' || n.domain === 'ai.onnx')));
  if (bad.length === 0) return;
  const list = bad.map((n) => `${n.name || `(unnamed, output ${n.outputs[0] ?? ''})`} [${n.opType}, domain ${n.domain || 'ai.onnx'}, opset ${model.opsets.get(n.domain) ?? model.opsets.get('') ?? '?'}]`);
  const bag = new DiagnosticBag();
  bag.add('E204', { count: bad.length, nodes: list.join('; '), supported: SUPPORTED_OPS.join(', ') }, { file });
  bag.throwIfAny();
}

function addInputs(ctx: Ctx, model: OnnxModel, opts: OnnxImportOptions): string[] {
  if (model.inputs.length === 0) fail('E214', { count: 0 }, { file: ctx.file });
  return model.inputs.map((v) => {
    const shape = inputShape(ctx.file, v, model.inputs.length === 1 ? opts.inputShape : undefined);
    const name = ctx.unique(/^[0-9]/.test(v.name) ? `input_${v.name}` : sanitize(v.name));
    const node: Node = { name, op: { kind: 'input' }, inputs: [], shape, source: { file: ctx.file, node: v.name, opType: 'Input' }, layerClass: 'InputLayer' };
    ctx.push(node);
    ctx.values.set(v.name, { kind: 'tensor', node: name, shape, perm: shape.map((_, i) => i) });
    return name;
  });
}

/** Fold or convert one node; an unexpected failure inside a converter is reported against the node (E215). */
function convertOne(ctx: Ctx, n: OnnxNode): Value[] | null {
  // a QuantizeLinear result is an integer tensor in ONNX; nnfab holds it dequantized for its DequantizeLinear only
  if (n.opType !== 'DequantizeLinear' && n.inputs.some((i) => i !== '' && ctx.values.get(i)?.kind === 'tensor' && (ctx.values.get(i) as TensorVal).dequantized))
    fail('E208', { reason: 'the integer output of QuantizeLinear is used by an op other than DequantizeLinear' }, ctx.loc(n));
  try {
    return tryFold(ctx, n) ?? converterFor(n)?.(ctx, n) ?? null;
  } catch (e) {
    if (e instanceof NnfabError) throw e;
    return fail('E215', { reason: e instanceof Error ? e.message : String(e) }, ctx.loc(n));
  }
}

function convertNodes(ctx: Ctx, model: OnnxModel): void {
  for (const n of model.nodes) {
    ctx.current = n;
    const outs = convertOne(ctx, n);
    if (outs === null) fail('E204', { count: 1, nodes: `${ctx.display(n)} [${n.opType}] on a data-path tensor`, supported: SUPPORTED_OPS.join(', ') }, ctx.loc(n));
    outs.forEach((v, i) => {
      const o = n.outputs[i];
      if (o !== undefined && o !== '') ctx.values.set(o, v);
    });
  }
  ctx.current = null;
}

/** Import an ONNX model from its bytes. */
export function importOnnx(bytes: Uint8Array, file: string, opts: OnnxImportOptions = {}): Graph {
  const model = decodeOnnx(bytes, file);
  checkSupported(model, file);
  const ctx = new Ctx(file, model);
  for (const [name, t] of model.initializers) ctx.values.set(name, { kind: 'const', t });
  const inputs = addInputs(ctx, model, opts);
  convertNodes(ctx, model);
  if (model.outputs.length === 0) fail('E201', { reason: 'the graph declares no outputs' }, { file });
  const outputs = model.outputs.map((o) => {
    const v = ctx.get(o.name);
    if (v.kind !== 'tensor') fail('E208', { reason: `graph output "${o.name}" is a constant` }, { file });
    if (v.dequantized) fail('E208', { reason: `graph output "${o.name}" is the integer output of a QuantizeLinear` }, { file });
    return ctx.plain(v as TensorVal).node;
  });
  const tidy = cleanup(ctx.nodes, outputs, inputs);
  const base = file.split(/[\\/]/).pop() ?? 'model';
  const graph: Graph = { name: sanitize(base.replace(/\.onnx$/i, '')), nodes: tidy.nodes, inputs, outputs: tidy.outputs, sourceFile: file };
  verifyGraph(graph, { after: 'ONNX import' });
  return graph;
}
