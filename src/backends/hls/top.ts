/** The top function of a project: io_parallel (arrays) or io_stream (hls::stream of last-axis packets). */
import { consumers, sizeOf, type Graph, type Node } from '../../ir/graph.js';
import type { IoMode, LayerPlan } from './layer-plan.js';
import { unsupported } from './layer-plan.js';
import { cppIdent } from './cpp.js';

/** Names of one value in the generated code. */
export interface ValueNames {
  /** Variable (or top-level port) name. */
  readonly v: string;
  /** Element typedef. */
  readonly t: string;
  /** Packet typedef (io_stream). */
  readonly pkt: string;
  /** Elements per packet under io_stream (the last axis). */
  readonly c: number;
  readonly size: number;
}

/** A graph with its per-node plans, in graph order. */
export interface PlannedGraph {
  readonly graph: Graph;
  readonly plans: ReadonlyMap<string, LayerPlan>;
  readonly names: ReadonlyMap<string, ValueNames>;
}

/** Variable and type names of every node (inputs → input_t, outputs → result_t, others → layer<k>_t). */
export function valueNames(graph: Graph): Map<string, ValueNames> {
  const out = new Map<string, ValueNames>();
  graph.nodes.forEach((n, idx) => {
    const k = idx + 1;
    const ii = graph.inputs.indexOf(n.name);
    const oi = graph.outputs.indexOf(n.name);
    const t = ii >= 0 ? `input${ii === 0 ? '' : ii + 1}_t` : oi >= 0 ? `result${oi === 0 ? '' : oi + 1}_t` : `layer${k}_t`;
    const v = ii >= 0 ? cppIdent(n.name) : `layer${k}_out`;
    out.set(n.name, { v, t, pkt: t.replace(/_t$/, '_pkt_t'), c: n.shape[n.shape.length - 1] ?? 1, size: sizeOf(n.shape) });
  });
  return out;
}

/** The top function's parameter list. */
export function topParams(pg: PlannedGraph, mode: IoMode): string {
  const ports = [...pg.graph.inputs, ...pg.graph.outputs].map((name, i) => {
    const nm = pg.names.get(name)!;
    const isIn = i < pg.graph.inputs.length;
    if (mode === 'io_stream') return `hls::stream<${nm.pkt}> &${nm.v}`;
    return `${isIn ? 'const ' : ''}${nm.t} ${nm.v}[${nm.size}]`;
  });
  return ports.join(', ');
}

/** Body of the io_parallel top function. */
function parallelBody(pg: PlannedGraph): string[] {
  const g = pg.graph;
  const lines: string[] = [];
  for (const name of g.inputs) lines.push(`#pragma HLS ARRAY_RESHAPE variable = ${pg.names.get(name)!.v} complete dim = 0`);
  for (const name of g.outputs) lines.push(`#pragma HLS ARRAY_PARTITION variable = ${pg.names.get(name)!.v} complete dim = 0`);
  for (const name of [...g.inputs, ...g.outputs]) lines.push(`#pragma HLS INTERFACE ap_vld port = ${pg.names.get(name)!.v}`);
  lines.push('#pragma HLS PIPELINE', '');
  for (const node of g.nodes) {
    if (node.op.kind === 'input') continue;
    const nm = pg.names.get(node.name)!;
    if (!g.outputs.includes(node.name)) {
      lines.push(`  ${nm.t} ${nm.v}[${nm.size}];`, `#pragma HLS ARRAY_PARTITION variable = ${nm.v} complete dim = 0`);
    }
    const ins = node.inputs.map((i) => pg.names.get(i)!.v);
    lines.push(`  ${pg.plans.get(node.name)!.call(ins, nm.v)}  // ${node.name}`, '');
  }
  return lines;
}

/** Stream names each consumer reads (copies when a value has several consumers). */
function streamReaders(pg: PlannedGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of consumers(pg.graph).keys()) {
    const v = pg.names.get(name)!.v;
    const uses = pg.graph.nodes.flatMap((n) => n.inputs.filter((i) => i === name));
    out.set(name, uses.length > 1 ? uses.map((_, m) => `${v}_cpy${m + 1}`) : [v]);
  }
  return out;
}

/** io_stream code of one node reading the streams `ins`. */
function streamNode(pg: PlannedGraph, node: Node, ins: readonly string[]): string[] {
  const nm = pg.names.get(node.name)!;
  const plan = pg.plans.get(node.name)!;
  const inNames = node.inputs.map((i) => pg.names.get(i)!);
  if (plan.streamCall) return [`  ${plan.streamCall(ins[0]!, nm.v)}  // ${node.name}`];
  if (plan.perPacket && ins.length === 1) {
    const src = inNames[0]!;
    return [
      `  for (int p = 0; p < ${nm.size / nm.c}; p++) {  // ${node.name}`,
      '#pragma HLS PIPELINE',
      `    const ${src.pkt} a = ${ins[0]}.read();`,
      `    ${nm.pkt} b;`,
      `    ${plan.call(['a.data'], 'b.data')}`,
      `    ${nm.v}.write(b);`,
      '  }',
    ];
  }
  const lines = [`  {  // ${node.name}`];
  inNames.forEach((src, j) => {
    lines.push(`    ${src.t} a${j}[${src.size}];`, `    nnfab::stream_to_array<${src.t}, ${src.c}>(${ins[j]}, a${j}, ${src.size / src.c});`);
  });
  lines.push(`    ${nm.t} b[${nm.size}];`, `    ${plan.call(inNames.map((_, j) => `a${j}`), 'b')}`);
  lines.push(`    nnfab::array_to_stream<${nm.t}, ${nm.c}>(b, ${nm.v}, ${nm.size / nm.c});`, '  }');
  return lines;
}

/** Body of the io_stream top function (DATAFLOW of kernels connected by streams). */
function streamBody(pg: PlannedGraph): string[] {
  const g = pg.graph;
  const lines: string[] = [];
  for (const name of [...g.inputs, ...g.outputs]) lines.push(`#pragma HLS INTERFACE axis port = ${pg.names.get(name)!.v}`);
  lines.push('#pragma HLS DATAFLOW', '');
  const readers = streamReaders(pg);
  const used = new Map<string, number>();
  for (const node of g.nodes) {
    const nm = pg.names.get(node.name)!;
    const copies = readers.get(node.name) ?? [nm.v];
    if (node.op.kind !== 'input') {
      if (!g.outputs.includes(node.name)) lines.push(`  hls::stream<${nm.pkt}> ${nm.v}("${nm.v}");`, `#pragma HLS STREAM variable = ${nm.v} depth = ${nm.size / nm.c}`);
      else if (copies.length > 1 || copies[0] !== nm.v) unsupported(node, 'an io_stream model output that other layers also read');
      const ins = node.inputs.map((i) => {
        const n = used.get(i) ?? 0;
        used.set(i, n + 1);
        return readers.get(i)![n]!;
      });
      lines.push(...streamNode(pg, node, ins));
    }
    if (copies.length > 1) lines.push(...cloneStream(nm, copies));
    lines.push('');
  }
  return lines;
}

/** Copy a stream into one stream per consumer. */
function cloneStream(nm: ValueNames, copies: readonly string[]): string[] {
  return [
    ...copies.map((c) => `  hls::stream<${nm.pkt}> ${c}("${c}");`),
    `  for (int p = 0; p < ${nm.size / nm.c}; p++) {`,
    '#pragma HLS PIPELINE',
    `    const ${nm.pkt} x = ${nm.v}.read();`,
    ...copies.map((c) => `    ${c}.write(x);`),
    '  }',
  ];
}

/** The whole top function definition. */
export function topFunction(pg: PlannedGraph, project: string, mode: IoMode): string {
  const body = mode === 'io_stream' ? streamBody(pg) : parallelBody(pg);
  return `void ${project}(${topParams(pg, mode)}) {\n${body.join('\n')}}\n`;
}
