/** JSON save/load of a Graph. Tensors are stored as plain number arrays (float64 values round-trip exactly). */
import type { Graph, Node } from './graph.js';
import type { Tensor } from './ops.js';

const FORMAT = 'nnfab-graph';
const VERSION = 1;

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && (v as Tensor).data instanceof Float64Array && Array.isArray((v as Tensor).shape);
}

function encode(value: unknown): unknown {
  if (isTensor(value)) return { $tensor: true, shape: value.shape, data: Array.from(value.data) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (o.$tensor === true) return { shape: o.shape as number[], data: Float64Array.from((o.data as unknown[]).map((x) => decode(x) as number)) };
    if (typeof o.$number === 'string') return Number(o.$number);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Serialize a graph to a JSON string (stable key order as built). */
export function graphToJson(graph: Graph): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, graph: encode(graph) });
}

/** Parse a graph written by graphToJson; throws Error on another format (callers turn it into a user error). */
export function graphFromJson(text: string): Graph {
  const doc = JSON.parse(text) as { format?: string; version?: number; graph?: unknown };
  if (doc.format !== FORMAT || doc.version !== VERSION) throw new Error(`not an ${FORMAT} v${VERSION} document`);
  const g = decode(doc.graph) as Graph;
  return { ...g, nodes: g.nodes.map((n: Node) => ({ ...n })) };
}
