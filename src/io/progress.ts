/**
 * Progress for long operations (synthesis, builds, large emulation runs). On a terminal: a bar (known total) or a
 * spinner, drawn with cli-progress on stderr. Not on a terminal, or under CI=true: no animation, exactly one plain line
 * per finished step, so logs stay readable. stdout is never touched (it carries `--json` output).
 *
 *   const p = progress('emulating', n); for (...) p.tick(); p.done('10000 samples');
 *   const r = await step('C simulation', () => runCsim(dir), (r) => `${r.mismatches} mismatches`);
 */
import cliProgress from 'cli-progress';

/** Where and how progress is shown; tests and `--json` change it with configureProgress. */
export interface ProgressSettings {
  /** Stream for progress output (stderr by default). */
  readonly stream: NodeJS.WritableStream;
  /** false: print nothing at all. */
  readonly enabled: boolean;
  /** Animate (bar/spinner). Default: stream is a TTY and CI is not 'true'. */
  readonly interactive: boolean;
}

function defaults(): ProgressSettings {
  const stream = process.stderr;
  return { stream, enabled: true, interactive: stream.isTTY === true && process.env.CI !== 'true' };
}

let settings: ProgressSettings = defaults();

/** Change progress settings (e.g. silence it for `--json`, or capture it in tests); returns the previous ones. */
export function configureProgress(next: Partial<ProgressSettings>): ProgressSettings {
  const prev = settings;
  settings = { ...settings, ...next };
  return prev;
}

/** Restore the default settings (TTY detection, stderr). */
export function resetProgress(): void {
  settings = defaults();
}

/** One running operation. */
export interface Progress {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Set the absolute count. */
  set(value: number): void;
  /** Finish successfully; prints one line `✓ label — summary (time)`. */
  done(summary?: string): void;
  /** Finish as skipped (a tool is missing, a step does not apply); prints `– label — reason`. */
  skip(reason: string): void;
  /** Finish with a failure; prints `✗ label — message`. */
  fail(message?: string): void;
}

function elapsed(start: number): string {
  const ms = performance.now() - start;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The animated part of a Progress on a terminal: a cli-progress bar, or a spinner when the total is unknown. */
function animation(label: string, total: number | undefined, stream: NodeJS.WritableStream): { update(v: number): void; stop(): void } {
  if (total !== undefined && total > 0) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `  {bar} {percentage}% | ${label} | {value}/{total} | {duration_formatted}`, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (v) => bar.update(v), stop: () => bar.stop() };
  }
  let frame = 0;
  const draw = (): void => void stream.write(`\r\x1b[2K  ${SPIN[frame++ % SPIN.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 100);
  timer.unref();
  return { update: () => undefined, stop: () => (clearInterval(timer), void stream.write('\r\x1b[2K')) };
}

/** Start showing progress of an operation; `total` gives a bar, no total a spinner. */
export function progress(label: string, total?: number): Progress {
  const { stream, enabled, interactive } = settings;
  const start = performance.now();
  const anim = enabled && interactive ? animation(label, total, stream) : null;
  let value = 0;
  let finished = false;
  const finish = (line: string): void => {
    if (finished) return;
    finished = true;
    anim?.stop();
    if (enabled) stream.write(line + '\n');
  };
  return {
    tick: (n = 1) => anim?.update((value += n)),
    set: (v) => anim?.update((value = v)),
    done: (summary) => finish(`✓ ${label}${summary ? ` — ${summary}` : ''} (${elapsed(start)})`),
    skip: (reason) => finish(`– ${label} — skipped: ${reason}`),
    fail: (message) => finish(`✗ ${label}${message ? ` — ${message}` : ''} (${elapsed(start)})`),
  };
}

/**
 * Run one step with a spinner; prints one line when it ends. `summarize` turns the result into the line's summary.
 * Errors propagate unchanged after the ✗ line.
 */
export async function step<T>(label: string, fn: () => Promise<T> | T, summarize?: (result: T) => string): Promise<T> {
  const p = progress(label);
  try {
    const result = await fn();
    p.done(summarize ? summarize(result) : undefined);
    return result;
  } catch (err) {
    p.fail(err instanceof Error ? err.message.split('\n')[0] : String(err));
    throw err;
  }
}
