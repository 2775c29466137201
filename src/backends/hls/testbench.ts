/** <project>_test.cpp: reads one sample per line (all inputs concatenated), writes one line of outputs per sample. */
import type { IoMode } from './layer-plan.js';
import type { PlannedGraph, ValueNames } from './top.js';

function offsets(list: readonly ValueNames[]): number[] {
  let o = 0;
  return list.map((n) => {
    const r = o;
    o += n.size;
    return r;
  });
}

/** Lines that load the inputs of one sample from v[] and call the top function. */
function callLines(pg: PlannedGraph, project: string, mode: IoMode): string[] {
  const ins = pg.graph.inputs.map((n) => pg.names.get(n)!);
  const outs = pg.graph.outputs.map((n) => pg.names.get(n)!);
  const inOff = offsets(ins);
  const lines: string[] = [];
  ins.forEach((nm, j) => {
    if (mode === 'io_parallel') {
      lines.push(`    ${nm.t} ${nm.v}[${nm.size}];`, `    for (int i = 0; i < ${nm.size}; i++) ${nm.v}[i] = v[${inOff[j]} + i];`);
    } else {
      lines.push(
        `    hls::stream<${nm.pkt}> ${nm.v}("${nm.v}");`,
        `    for (int p = 0; p < ${nm.size / nm.c}; p++) {`,
        `      ${nm.pkt} pk;`,
        `      for (int c = 0; c < ${nm.c}; c++) pk[c] = v[${inOff[j]} + p * ${nm.c} + c];`,
        `      ${nm.v}.write(pk);`,
        '    }',
      );
    }
  });
  for (const nm of outs) lines.push(mode === 'io_parallel' ? `    ${nm.t} ${nm.v}[${nm.size}];` : `    hls::stream<${nm.pkt}> ${nm.v}("${nm.v}");`);
  lines.push(`    ${project}(${[...ins, ...outs].map((n) => n.v).join(', ')});`);
  outs.forEach((nm, j) => {
    if (mode === 'io_parallel') {
      lines.push(`    for (int i = 0; i < ${nm.size}; i++) put(fout, ${nm.v}[i].to_double(), ${j === 0 ? 'i == 0' : 'false'});`);
    } else {
      lines.push(
        `    for (int p = 0; p < ${nm.size / nm.c}; p++) {`,
        `      const ${nm.pkt} pk = ${nm.v}.read();`,
        `      for (int c = 0; c < ${nm.c}; c++) put(fout, pk[c].to_double(), ${j === 0 ? 'p == 0 && c == 0' : 'false'});`,
        '    }',
      );
    }
  });
  return lines;
}

/** The testbench source. */
export function testbenchCpp(pg: PlannedGraph, project: string, mode: IoMode): string {
  const total = pg.graph.inputs.reduce((s, n) => s + pg.names.get(n)!.size, 0);
  // every layer buffer (at most 16 bytes per value in nnfab's header), twice for io_stream copies, plus 64 MB
  const values = [...pg.names.values()].reduce((s, n) => s + n.size, 0);
  const stackBytes = values * 16 * (mode === 'io_stream' ? 3 : 1) + (64 << 20);
  return `// Testbench written by nnfab: one sample per line of the input file (all model inputs, concatenated),
// one line of predictions per sample in the output file (17 significant digits: exact for these types).
// Usage: ${project}_test [input.dat] [output.log]   (defaults: tb_data/tb_input_features.dat, tb_data/csim_results.log)
#include <pthread.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "firmware/${project}.h"

static void put(std::ofstream &out, double x, bool first) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  if (!first) out << ' ';
  out << buf;
}

static int run(int argc, char **argv) {
  const char *in_path = argc > 1 ? argv[1] : "tb_data/tb_input_features.dat";
  const char *out_path = argc > 2 ? argv[2] : "tb_data/csim_results.log";
  std::ifstream fin(in_path);
  if (!fin) {
    std::fprintf(stderr, "cannot open %s\\n", in_path);
    return 2;
  }
  std::ofstream fout(out_path);
  std::string line;
  long sample = 0;
  while (std::getline(fin, line)) {
    std::istringstream ss(line);
    std::vector<double> v;
    std::string tok;
    while (ss >> tok) v.push_back(std::strtod(tok.c_str(), nullptr));
    if (v.empty()) continue;
    if (v.size() != ${total}u) {
      std::fprintf(stderr, "sample %ld has %zu values, the model expects ${total}\\n", sample + 1, v.size());
      return 3;
    }
${callLines(pg, project, mode).join('\n')}
    fout << '\\n';
    sample++;
  }
  std::printf("INFO: %ld samples\\n", sample);
  return 0;
}

// The layer buffers of the top function live on the stack: run it on a thread with a stack that holds them.
struct Args {
  int argc;
  char **argv;
  int status;
};

static void *run_thread(void *p) {
  Args *a = static_cast<Args *>(p);
  a->status = run(a->argc, a->argv);
  return nullptr;
}

int main(int argc, char **argv) {
  Args a = {argc, argv, 1};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t)${stackBytes}ull);
  pthread_t t;
  if (pthread_create(&t, &attr, run_thread, &a) != 0) return run(argc, argv);
  pthread_join(t, nullptr);
  return a.status;
}
`;
}
