/**
 * Runs fuzz cases in a worker thread with a time limit and a memory limit per case. A worker that hangs or runs out of
 * memory is terminated and replaced; the case is recorded as a finding.
 */
import { Worker } from 'node:worker_threads';
import type { CaseFiles, Outcome } from './types.js';

/** Limits for one case. */
export interface RunnerLimits {
  readonly timeoutMs: number;
  /** V8 heap limit of the worker, and the RSS above which a case counts as a memory blow-up. */
  readonly memoryMb: number;
}

type Reply = Outcome & { rss: number };

/** A worker that runs one case at a time and is respawned after a hang or crash. */
export class CaseRunner {
  private worker: Worker | null = null;
  constructor(private readonly limits: RunnerLimits) {}

  private spawn(): Worker {
    return new Worker(new URL('./worker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      stdout: true,
      stderr: true,
    });
  }

  /** Run one case and classify it. */
  async run(c: CaseFiles): Promise<Outcome> {
    const worker = (this.worker ??= this.spawn());
    return new Promise<Outcome>((resolvePromise) => {
      let settled = false;
      const finish = (o: Outcome, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          void worker.terminate();
          this.worker = null;
        }
        resolvePromise(o);
      };
      const onMessage = (r: Reply) => {
        const { rss, ...outcome } = r;
        if (rss > this.limits.memoryMb * 3 * 1024 * 1024) finish({ status: 'memory', message: `worker RSS ${Math.round(rss / 2 ** 20)} MB` }, true);
        else finish(outcome as Outcome, false);
      };
      const onError = (err: Error) => {
        const oom = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${(err as { code?: string }).code ?? ''} ${err.message}`);
        finish(oom ? { status: 'memory', message: err.message } : { status: 'bug', message: `worker crashed: ${err.message}`, stack: err.stack ?? '' }, true);
      };
      const onExit = (code: number) => finish({ status: 'bug', message: `worker exited with code ${code}`, stack: '' }, true);
      const timer = setTimeout(() => finish({ status: 'hang', message: `no result within ${this.limits.timeoutMs} ms` }, true), this.limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(c);
    });
  }

  /** Stop the worker. */
  async close(): Promise<void> {
    if (this.worker) {
      this.worker.postMessage('exit');
      await new Promise((r) => setTimeout(r, 50));
      await this.worker.terminate();
      this.worker = null;
    }
  }
}
