/**
 * applyConfig: give every node its configured types (hls4ml's lookup order; model quantizers first where hls4ml
 * does) and its implementation settings. Variables left 'auto' get the model default as a placeholder and are
 * recorded in ctx.auto for inferPrecision.
 */
import { diagnostic, fail } from '../diagnostics/errors.js';
import type { FixedType } from '../ir/fixed-type.js';
import type { HlsConfig, LayerSettings } from '../ir/config.js';
import { DEFAULT_SOFTMAX_TABLE_TYPE, DEFAULT_TABLE_SIZE, DEFAULT_TABLE_TYPE, layerNameEntry, layerTypeEntry, lookupSetting } from '../ir/config.js';
import type { Graph, LayerConfig, Node, NodeTypes, WeightType } from '../ir/graph.js';
import type { PassContext } from './context.js';
import { resolveVar, type ConfigVar } from './resolve.js';
import { onnxLayerAliases } from './layer-aliases.js';

/** The configuration-resolved variables each op kind carries (table types are added separately). */
export function configVarsOf(node: Node): readonly ConfigVar[] {
  switch (node.op.kind) {
    case 'dense':
    case 'conv':
      return ['result', 'accum', 'weight', 'bias'];
    case 'batchnorm':
      return ['result', 'scale', 'bias'];
    case 'softmax':
    case 'pool':
    case 'global_pool':
      return ['result', 'accum'];
    case 'prelu':
      return ['result', 'param'];
    case 'activation':
      return hasParam(node) ? ['result', 'param'] : ['result'];
    default:
      return ['result'];
  }
}

/**
 * hls4ml's ParametrizedActivation classes (LeakyReLU, ThresholdedReLU, ELU) and PReLU carry `param_t`, looked up
 * as Precision `param` (HLS4ML_COMPAT "Configuration": per-layer Precision map); nnfab holds it in NodeTypes.scale.
 */
export function hasParam(node: Node): boolean {
  if (node.op.kind === 'prelu') return true;
  if (node.op.kind !== 'activation') return false;
  return node.op.fn === 'leaky_relu' || node.op.fn === 'thresholded_relu' || (node.op.fn === 'elu' && node.layerClass !== 'Activation');
}

/** Where a resolved variable is stored in NodeTypes. */
const slotOf = (v: ConfigVar): keyof NodeTypes => (v === 'param' ? 'scale' : v);

/** Table types: every activation has table_t; softmax also exp/inv tables and the inverse's input type. */
function tableTypes(node: Node, hls: HlsConfig): Partial<NodeTypes> {
  const kind = node.op.kind;
  if (kind !== 'activation' && kind !== 'softmax') return {};
  // hls4ml merges the LayerType entry and then the LayerName entry key by key
  const set = { ...layerTypeEntry(hls, node.layerClass)?.tableTypes, ...layerNameEntry(hls, node.name)?.tableTypes };
  const table = set.table ?? DEFAULT_TABLE_TYPE;
  if (kind === 'activation') return { table };
  return {
    // only the legacy softmax reads a table_t, and hls4ml's softmax config struct has none of its own: it inherits
    // nnet::activ_config's ap_fixed<18,8> whatever the layer's table_t says
    table: DEFAULT_TABLE_TYPE,
    expTable: set.expTable ?? DEFAULT_SOFTMAX_TABLE_TYPE,
    invTable: set.invTable ?? DEFAULT_SOFTMAX_TABLE_TYPE,
    invInp: set.invInp ?? DEFAULT_SOFTMAX_TABLE_TYPE,
  };
}

/** Implementation settings: LayerName → LayerType → Model, as hls4ml. */
export function layerConfigOf(node: Node, hls: HlsConfig): LayerConfig {
  const get = <K extends 'reuseFactor' | 'strategy' | 'tableSize' | 'implementation' | 'trace'>(k: K) => lookupSetting(hls, node.name, node.layerClass, k);
  return {
    reuseFactor: get('reuseFactor') ?? hls.model.reuseFactor,
    strategy: get('strategy') ?? hls.model.strategy,
    tableSize: get('tableSize') ?? DEFAULT_TABLE_SIZE,
    ...(node.op.kind === 'softmax' ? { softmaxImpl: get('implementation') ?? 'stable' } : {}),
    trace: get('trace') ?? hls.model.traceOutput,
  };
}

/** A node with its configured types and settings (auto variables recorded in ctx.auto). */
export function configureNode(node: Node, ctx: PassContext): Node {
  const dflt: FixedType = ctx.config.hls.model.precision.default;
  const types: Record<string, FixedType | WeightType> = {};
  const auto = new Set<keyof NodeTypes>();
  for (const v of configVarsOf(node)) {
    const r = resolveVar(node, v, ctx.config);
    if (r.spec === 'auto') {
      auto.add(slotOf(v));
      types[slotOf(v)] = dflt;
    } else {
      types[slotOf(v)] = r.spec;
    }
  }
  if (auto.size > 0) ctx.auto.set(node.name, auto);
  else ctx.auto.delete(node.name);
  return { ...node, types: { ...(types as unknown as NodeTypes), ...tableTypes(node, ctx.config.hls) }, config: layerConfigOf(node, ctx.config.hls) };
}

/** LayerName keys that name no node but are hls4ml's (or qonnx's) name of an ONNX layer are re-keyed to that node. */
function resolveAliases(graph: Graph, ctx: PassContext): void {
  const layerName = ctx.config.hls.layerName;
  const names = new Set(graph.nodes.map((n) => n.name.toLowerCase()));
  const unmatched = Object.keys(layerName).filter((k) => !names.has(k.toLowerCase()));
  if (unmatched.length === 0) return;
  const aliases = onnxLayerAliases(graph);
  const rekeyed: Record<string, LayerSettings> = { ...layerName };
  const taken = new Set(Object.keys(layerName).map((k) => k.toLowerCase()));
  for (const key of unmatched) {
    const target = aliases.get(key.toLowerCase());
    if (target === undefined || taken.has(target.toLowerCase())) continue;
    delete rekeyed[key];
    rekeyed[target] = layerName[key]!;
    taken.add(target.toLowerCase());
  }
  ctx.config = { ...ctx.config, hls: { ...ctx.config.hls, layerName: rekeyed } };
}

/** W403 for every LayerName entry that names no node (a typo there silently changes nothing in hls4ml). */
function warnUnmatched(graph: Graph, ctx: PassContext): void {
  const names = new Set(graph.nodes.map((n) => n.name.toLowerCase()));
  for (const key of Object.keys(ctx.config.hls.layerName)) {
    if (names.has(key.toLowerCase())) continue;
    const shown = graph.nodes.slice(0, 12).map((n) => n.name).join(', ') + (graph.nodes.length > 12 ? ', ...' : '');
    ctx.warnings.push(diagnostic('W403', { key: `HLSConfig.LayerName.${key}`, names: shown }, { keyPath: `HLSConfig.LayerName.${key}`, ...(ctx.config.sourceFile ? { file: ctx.config.sourceFile } : {}) }));
  }
}

/** E509 for a tensor ÷ tensor merge: hls4ml has no fixed-point division, so quantizing stops before any work. */
export function rejectTensorDivision(node: Node): void {
  if (node.op.kind === 'merge' && node.op.mode === 'div') fail('E509', { node: node.name }, { file: node.source.file, node: node.source.node, opType: node.source.opType });
}

/** E509/E510 before any work: merges the fixed-point kernels cannot compute (division, broadcasting inputs). */
function rejectUnsupportedMerges(graph: Graph): void {
  const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
  for (const node of graph.nodes) {
    if (node.op.kind !== 'merge') continue;
    rejectTensorDivision(node);
    const ins = node.inputs.map((i) => shapes.get(i) ?? []);
    if (ins.some((s) => s.length !== node.shape.length || s.some((d, a) => d !== node.shape[a])))
      fail('E510', { node: node.name, shapes: ins.map((s) => `[${s.join(', ')}]`).join(', ') }, { file: node.source.file, node: node.source.node, opType: node.source.opType });
  }
}

/** Set `types` and `config` on every node from the configuration. */
export function applyConfig(graph: Graph, ctx: PassContext): Graph {
  rejectUnsupportedMerges(graph);
  resolveAliases(graph, ctx);
  warnUnmatched(graph, ctx);
  return { ...graph, nodes: graph.nodes.map((n) => configureNode(n, ctx)) };
}
