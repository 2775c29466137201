/** Reuse factors: which values are legal for a matrix kernel (hls4ml's rule), checked instead of silently changed. */
import { fail } from '../../diagnostics/errors.js';
import type { Node } from '../../ir/graph.js';

/** Whether reuse factor r is legal for an n_in × n_out product (hls4ml's rule). */
export function isLegalReuse(nIn: number, nOut: number, r: number): boolean {
  if (!Number.isInteger(r) || r < 1 || r > nIn * nOut) return false;
  if ((nIn * nOut) % r !== 0) return false;
  if (r >= nIn) return r % nIn === 0;
  return ((nIn * nOut) / r) % nOut === 0;
}

/** Every legal reuse factor of an n_in × n_out product, ascending. */
export function legalReuseFactors(nIn: number, nOut: number): number[] {
  const out: number[] = [];
  for (let r = 1; r <= nIn * nOut; r++) if (isLegalReuse(nIn, nOut, r)) out.push(r);
  return out;
}

/** The node's reuse factor, or E603 listing the legal ones. */
export function checkedReuse(node: Node, nIn: number, nOut: number): number {
  const r = node.config?.reuseFactor ?? 1;
  if (isLegalReuse(nIn, nOut, r)) return r;
  const legal = legalReuseFactors(nIn, nOut);
  const shown = legal.length > 40 ? [...legal.slice(0, 40).map(String), '…'] : legal.map(String);
  return fail('E603', { reuse: r, node: node.name, nIn, nOut, legal: shown.join(', ') }, { node: node.name, opType: node.source.opType, keyPath: `HLSConfig.LayerName.${node.name}.ReuseFactor` });
}
