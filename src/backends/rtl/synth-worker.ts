/** Yosys (@yowasp/yosys, WebAssembly) in a worker thread: it blocks its thread and ignores signals while it runs. */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// The worker body (plain JS, so it runs from src/ under tests and from dist/ alike): Yosys blocks its thread and
// ignores signals, so it runs here; the parent gets log lines for progress and the output files at the end.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { runYosys } = await import(workerData.module);
  const dec = new TextDecoder();
  let buf = '';
  const stdout = (bytes) => {
    if (bytes === null || bytes === undefined) return;
    buf += typeof bytes === 'string' ? bytes : dec.decode(bytes, { stream: true });
    const lines = buf.split('\\n');
    buf = lines.pop();
    for (const l of lines) parentPort.postMessage({ kind: 'log', line: l });
  };
  try {
    const out = (await runYosys(workerData.args, { ...workerData.files }, { stdout, stderr: stdout })) || {};
    const files = {};
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'string') files[k] = v;
      else if (ArrayBuffer.isView(v)) files[k] = dec.decode(v);
    }
    parentPort.postMessage({ kind: 'done', files });
  } catch (e) {
    parentPort.postMessage({ kind: 'error', message: String(e && e.message || e) });
  }
})();
`;

/** Run Yosys in a worker; `onLine` sees every log line (for a progress indicator). */
export function runYosysWorker(args: string[], files: Record<string, string>, onLine?: (l: string) => void): Promise<Record<string, string>> {
  return new Promise((resolvePromise, reject) => {
    const module = pathToFileURL(createRequire(import.meta.url).resolve('@yowasp/yosys')).href;
    const w = new Worker(WORKER, { eval: true, workerData: { args, files, module } });
    const log: string[] = [];
    w.on('message', (m: { kind: string; line?: string; files?: Record<string, string>; message?: string }) => {
      if (m.kind === 'log') {
        log.push(m.line!);
        onLine?.(m.line!);
      } else if (m.kind === 'done') {
        void w.terminate();
        resolvePromise(m.files!);
      } else {
        void w.terminate();
        reject(new Error(`${m.message}\n${log.slice(-20).join('\n')}`));
      }
    });
    w.on('error', reject);
  });
}

