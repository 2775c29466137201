// Reads the type tables of ../shared/hls4ml_ref/<case>/config.yml and compares a quantized graph against them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { formatFixedType } from '../../src/ir/fixed-type.js';
import type { Graph, NodeTypes, WeightType } from '../../src/ir/graph.js';
import { sharedPath } from '../helpers/shared.js';

interface RefLayer {
  name: string;
  class: string;
  types: Record<string, { str: string }> | null;
  attrs: Record<string, unknown>;
}

const VAR_OF: Record<string, keyof NodeTypes> = {
  result_t: 'result', accum_t: 'accum', weight_t: 'weight', bias_t: 'bias', scale_t: 'scale',
  table_t: 'table', exp_table_t: 'expTable', inv_table_t: 'invTable', inv_inp_t: 'invInp',
};

/** The reference case's layers after hls4ml's conversion. */
export function referenceLayers(caseName: string): RefLayer[] {
  const doc = parse(readFileSync(sharedPath('hls4ml_ref', caseName, 'config.yml'), 'utf8')) as { layers_after_conversion: RefLayer[] };
  return doc.layers_after_conversion;
}

function show(t: WeightType): string {
  if ('kind' in t) return t.kind === 'exponent' ? `int<${t.width}>` : 'uint<1>';
  return formatFixedType(t);
}

/** The reference type table as {layer: {var: 'fixed<...>'}} (index_t left out: nnfab has no such type). */
export function referenceTable(caseName: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const l of referenceLayers(caseName)) {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(l.types ?? {})) if (VAR_OF[k]) row[VAR_OF[k]!] = v.str;
    out[l.name] = row;
  }
  return out;
}

/** The same table from a quantized graph. */
export function graphTable(g: Graph): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const n of g.nodes) {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.types ?? {})) if (v !== undefined) row[k] = show(v as WeightType);
    out[n.name] = row;
  }
  return out;
}
