/**
 * Worker thread running Yosys (WebAssembly, @yowasp/yosys): a run blocks its thread and ignores signals, so it lives
 * here; the parent gets log lines for progress and the output files at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runYosys, Exit } from '@yowasp/yosys';

interface Job {
  readonly args: string[];
  readonly files: Record<string, string>;
}

async function main(): Promise<void> {
  const job = workerData as Job;
  const dec = new TextDecoder();
  let buf = '';
  const stdout = (bytes: Uint8Array | null): void => {
    if (bytes === null) return;
    buf += dec.decode(bytes, { stream: true });
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) parentPort?.postMessage({ kind: 'log', line: l });
  };
  try {
    const out = (await runYosys(job.args, { ...job.files }, { stdout, stderr: stdout })) ?? {};
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries(out)) if (typeof v === 'string') files[k] = v;
    else if (v instanceof Uint8Array) files[k] = dec.decode(v);
    parentPort?.postMessage({ kind: 'done', files });
  } catch (e) {
    const code = e instanceof Exit ? e.code : -1;
    parentPort?.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e), code });
  }
}

void main();
