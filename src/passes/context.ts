/**
 * What every pass receives besides the graph: the typed configuration and the pipeline's running record
 * (which types are still 'auto', the decisions taken, the warnings found).
 */
import type { Diagnostic } from '../diagnostics/errors.js';
import type { FixedType } from '../ir/fixed-type.js';
import type { PrecisionSource, ProjectConfig } from '../ir/config.js';
import { defaultProjectConfig } from '../ir/config.js';
import type { Graph, NodeTypes } from '../ir/graph.js';

/** One type chosen by a pass, with why; `nnfab config --explain`, `--safe-types` and reports print these. */
export interface TypeDecision {
  readonly pass: string;
  readonly node: string;
  readonly variable: keyof NodeTypes;
  readonly type: FixedType;
  readonly source: PrecisionSource;
  readonly reason: string;
}

/** The mutable record of one pipeline run (passes add to it; the graph itself stays immutable). */
export interface PassContext {
  /** Replaced once by applyConfig when LayerName keys use hls4ml's names of ONNX layers (see layer-aliases.ts). */
  config: ProjectConfig;
  /** Per node, the NodeTypes variables the configuration left 'auto' (filled by inferPrecision). */
  readonly auto: Map<string, Set<keyof NodeTypes>>;
  readonly decisions: TypeDecision[];
  readonly warnings: Diagnostic[];
}

/** A fresh context for one pipeline run (hls4ml's model-granularity default config when none is given). */
export function createContext(config: ProjectConfig = defaultProjectConfig()): PassContext {
  return { config, auto: new Map(), decisions: [], warnings: [] };
}

/** True when the configuration left `variable` of `node` as 'auto'. */
export function isAuto(ctx: PassContext, node: string, variable: keyof NodeTypes): boolean {
  return ctx.auto.get(node)?.has(variable) ?? false;
}

/** A pass: a pure function from graph to graph; it may record decisions and warnings in the context. */
export type Pass = (graph: Graph, ctx: PassContext) => Graph;
