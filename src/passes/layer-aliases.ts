/**
 * The names hls4ml may know an ONNX model's layers by, for `LayerName` keys that name no nnfab node.
 *
 * nnfab names ONNX nodes by their sanitized name (or `<Op>_<output>` when unnamed). hls4ml names a layer by the raw
 * ONNX node name; and since hls4ml's ONNX front end needs a model cleaned by qonnx first (it reads shapes from
 * value_info and cannot name unnamed nodes), configurations written for it usually carry qonnx's names:
 * GiveUniqueNodeNames gives every node `<OpType>_<k>` (k counts that op type in node order), GemmToMatMul turns
 * every Gemm into a MatMul (so a dense layer is `MatMul_<k>` counting Gemm and MatMul nodes), and
 * GiveReadableTensorNames renames the first graph input `global_in`.
 */
import type { Graph } from '../ir/graph.js';

/** alias (lower-case) → nnfab node name, for every node of an ONNX graph; empty for other models. */
export function onnxLayerAliases(graph: Graph): Map<string, string> {
  const aliases = new Map<string, string>();
  if (!graph.sourceFile.toLowerCase().endsWith('.onnx')) return aliases;
  const add = (alias: string, name: string): void => {
    const k = alias.toLowerCase();
    if (!aliases.has(k)) aliases.set(k, name);
  };
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const next = (key: string): number => {
    const k = counts.get(key) ?? 0;
    counts.set(key, k + 1);
    return k;
  };
  for (const node of graph.nodes) {
    const raw = node.source.node ?? node.name;
    if (node.op.kind === 'input') {
      if (graph.inputs[0] === node.name) add('global_in', node.name);
      add(raw, node.name);
      add(raw.replace(/\./g, '_'), node.name);
      if (/^[0-9]/.test(raw)) add(`inputlayer${raw}`, node.name);
      continue;
    }
    // one ONNX node may become several nnfab nodes: the first one carries its names
    const op = node.source.opType ?? node.layerClass;
    if (seen.has(`${op}\u0000${raw}`)) continue;
    seen.add(`${op}\u0000${raw}`);
    add(raw, node.name);
    add(`${op}_${next(op)}`, node.name);
    if (op === 'Gemm' || op === 'MatMul') add(`MatMul_${next('\u0000matmul')}`, node.name);
  }
  return aliases;
}
