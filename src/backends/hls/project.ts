/**
 * The Vitis/Vivado HLS project of a quantized graph: every file as text (deterministic), and writing it atomically.
 * Layout follows what hls4ml users expect: firmware/<project>.cpp/.h, defines.h, parameters.h, weights/, the kernel
 * library under firmware/nnfab/, <project>_test.cpp with tb_data/, build_prj.tcl, vivado_synth.tcl, hls4ml_config.yml.
 */
import { stringify } from 'yaml';
import { formatFixedType } from '../../ir/fixed-type.js';
import type { Graph } from '../../ir/graph.js';
import { TYPE_VARS } from '../../ir/graph.js';
import { writeOutputDir, type OutputDirResult } from '../../io/output-dir.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kernelLibraryFiles } from './assets.js';
import { planLayer, resultOf, typedef, type IoMode, type LayerPlan } from './layer-plan.js';
import { topFunction, topParams, valueNames, type PlannedGraph } from './top.js';
import { testbenchCpp } from './testbench.js';
import { buildPrjTcl, vivadoSynthTcl } from './tcl.js';

/** Settings of a generated project. */
export interface HlsProjectOptions {
  readonly projectName: string;
  readonly backend: 'vitis' | 'vivado';
  readonly ioType: IoMode;
  readonly part: string;
  readonly clockPeriod: number;
  readonly clockUncertainty?: string;
  /** Test vectors for tb_data/ (inputs as given; outputs = the emulator's predictions). */
  readonly testVectors?: { readonly inputs: readonly Float64Array[]; readonly outputs?: readonly Float64Array[]; readonly batch: number };
  /** Extra top-level keys for hls4ml_config.yml (model paths, ...). */
  readonly configExtra?: Readonly<Record<string, unknown>>;
}

/** Metadata nnfab reads back (csim): ports and sizes. */
export interface ProjectMeta {
  readonly tool: 'nnfab-hls';
  readonly project: string;
  readonly ioType: IoMode;
  readonly backend: 'vitis' | 'vivado';
  readonly inputs: { name: string; size: number; shape: readonly number[] }[];
  readonly outputs: { name: string; size: number; shape: readonly number[] }[];
}

/** File name of the project metadata. */
export const PROJECT_META = 'nnfab-project.json';

/** Plan every node. */
export function planGraph(graph: Graph, mode: IoMode): PlannedGraph {
  const names = valueNames(graph);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const plans = new Map<string, LayerPlan>();
  graph.nodes.forEach((node, idx) => {
    const ins = node.inputs.map((i) => byName.get(i)!);
    plans.set(
      node.name,
      planLayer({ node, k: idx + 1, inTypes: ins.map(resultOf), inShapes: ins.map((n) => n.shape), inNames: ins.map((n) => names.get(n.name)!.t), outName: names.get(node.name)!.t, mode }),
    );
  });
  return { graph, plans, names };
}

function guard(name: string, body: string): string {
  const g = `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  return `#ifndef ${g}\n#define ${g}\n\n${body}\n#endif\n`;
}

function definesH(pg: PlannedGraph, mode: IoMode): string {
  const lines = ['#include "nnfab/nnfab_common.h"', ''];
  for (const node of pg.graph.nodes) {
    const nm = pg.names.get(node.name)!;
    lines.push(`// ${node.name} (${node.op.kind}), shape [${node.shape.join(', ')}]`);
    lines.push(`#define N_${nm.v.toUpperCase()} ${nm.size}`);
    lines.push(typedef(resultOf(node), nm.t));
    if (mode === 'io_stream') lines.push(`typedef nnfab::packet<${nm.t}, ${nm.c}> ${nm.pkt};`);
    lines.push(...pg.plans.get(node.name)!.typedefs, '');
  }
  return guard('defines_h', lines.join('\n'));
}

function parametersH(pg: PlannedGraph): string {
  const lines = ['#include "nnfab/nnfab.h"', '#include "defines.h"', ''];
  for (const plan of pg.plans.values()) for (const a of plan.arrays) lines.push(`#include "weights/${a.name}.h"`);
  lines.push('');
  for (const plan of pg.plans.values()) if (plan.config) lines.push(plan.config);
  return guard('parameters_h', lines.join('\n'));
}

/** hls4ml_config.yml: the configuration written back with every resolved type per layer. */
function configYml(graph: Graph, opts: HlsProjectOptions): string {
  const layerName: Record<string, unknown> = {};
  for (const node of graph.nodes) {
    const prec: Record<string, string> = {};
    for (const [key, v] of Object.entries(node.types ?? {})) {
      if (v !== undefined && !('kind' in v)) prec[TYPE_VARS[key as keyof typeof TYPE_VARS]] = formatFixedType(v);
    }
    const entry: Record<string, unknown> = { Precision: prec };
    if (node.config) {
      entry['ReuseFactor'] = node.config.reuseFactor;
      entry['Strategy'] = node.config.strategy === 'latency' ? 'Latency' : node.config.strategy === 'resource' ? 'Resource' : node.config.strategy;
      if (node.op.kind === 'softmax' && node.config.softmaxImpl) entry['Implementation'] = node.config.softmaxImpl;
    }
    layerName[node.name] = entry;
  }
  const doc = {
    ...(opts.configExtra ?? {}),
    OutputDir: '.',
    ProjectName: opts.projectName,
    Backend: opts.backend === 'vitis' ? 'Vitis' : 'Vivado',
    Part: opts.part,
    ClockPeriod: opts.clockPeriod,
    ClockUncertainty: opts.clockUncertainty ?? '12.5%',
    IOType: opts.ioType,
    HLSConfig: { LayerName: layerName },
  };
  return `# Written by nnfab: the configuration of this project with every type resolved.\n${stringify(doc)}`;
}

/** Text of tb_data rows: one sample per line. */
function rows(arrays: readonly Float64Array[], batch: number): string {
  const lines: string[] = [];
  for (let b = 0; b < batch; b++) {
    const vals: string[] = [];
    for (const a of arrays) {
      const size = a.length / batch;
      for (let i = 0; i < size; i++) vals.push(String(a[b * size + i]));
    }
    lines.push(vals.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Every file of the project, path → text, deterministic. */
export function hlsProjectFiles(graph: Graph, opts: HlsProjectOptions): Map<string, string> {
  const p = opts.projectName;
  const pg = planGraph(graph, opts.ioType);
  const files = new Map<string, string>();
  for (const [name, text] of kernelLibraryFiles()) files.set(`firmware/nnfab/${name}`, text);
  files.set('firmware/defines.h', definesH(pg, opts.ioType));
  files.set('firmware/parameters.h', parametersH(pg));
  for (const plan of pg.plans.values()) for (const a of plan.arrays) files.set(`firmware/weights/${a.name}.h`, guard(`${a.name}_h`, a.text));
  files.set(`firmware/${p}.h`, guard(`${p}_h`, `#include <ap_fixed.h>\n#include <ap_int.h>\n#include <hls_stream.h>\n\n#include "defines.h"\n\n// Top-level function of the ${graph.name} model.\nvoid ${p}(${topParams(pg, opts.ioType)});\n`));
  files.set(`firmware/${p}.cpp`, `// ${graph.name}: top-level function written by nnfab (${opts.ioType}).\n#include "${p}.h"\n#include "parameters.h"\n\n${topFunction(pg, p, opts.ioType)}`);
  files.set(`${p}_test.cpp`, testbenchCpp(pg, p, opts.ioType));
  const tcl = { project: p, backend: opts.backend, part: opts.part, clockPeriod: opts.clockPeriod, clockUncertainty: opts.clockUncertainty ?? '12.5%' };
  files.set('build_prj.tcl', buildPrjTcl(tcl));
  files.set('vivado_synth.tcl', vivadoSynthTcl(tcl));
  files.set('hls4ml_config.yml', configYml(graph, opts));
  const tv = opts.testVectors;
  if (tv) {
    files.set('tb_data/tb_input_features.dat', rows(tv.inputs, tv.batch));
    if (tv.outputs) files.set('tb_data/tb_output_predictions.dat', rows(tv.outputs, tv.batch));
  }
  const port = (n: string): { name: string; size: number; shape: readonly number[] } => ({ name: n, size: pg.names.get(n)!.size, shape: graph.nodes.find((x) => x.name === n)!.shape });
  const meta: ProjectMeta = { tool: 'nnfab-hls', project: p, ioType: opts.ioType, backend: opts.backend, inputs: graph.inputs.map(port), outputs: graph.outputs.map(port) };
  files.set(PROJECT_META, JSON.stringify(meta, null, 2) + '\n');
  return files;
}

/** Write the project into `dir` atomically (refuses a foreign non-empty directory unless force). */
export async function writeHlsProject(graph: Graph, dir: string, opts: HlsProjectOptions, force = false): Promise<OutputDirResult> {
  const files = hlsProjectFiles(graph, opts);
  return writeOutputDir(
    dir,
    (tmp) => {
      for (const [rel, text] of files) {
        const path = join(tmp, rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    },
    { force },
  );
}
