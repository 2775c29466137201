// Progress output: one plain line per step when not interactive; nothing when disabled; errors propagate.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { configureProgress, progress, resetProgress, step } from '../../src/io/progress.js';

function capture(interactive = false): { text: () => string } {
  let buf = '';
  const stream = new Writable({ write: (chunk, _enc, cb) => ((buf += String(chunk)), cb()) });
  // cli-progress draws only on a terminal stream: make the fake one look like a terminal.
  Object.assign(stream, { isTTY: interactive, columns: 100 });
  configureProgress({ stream, interactive, enabled: true });
  return { text: () => buf };
}

afterEach(() => resetProgress());

describe('progress (non-interactive)', () => {
  it('prints exactly one line per finished step, with the summary', () => {
    const out = capture();
    const p = progress('emulating', 3);
    p.tick();
    p.tick(2);
    p.done('3 samples');
    p.done('again'); // a second done is ignored
    const s = progress('yosys');
    s.skip('yosys not installed');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^✓ emulating — 3 samples \(\d+ ms\)$/);
    expect(lines[1]).toBe('– yosys — skipped: yosys not installed');
  });

  it('step returns the result and summarizes it; a failing step prints ✗ and rethrows', async () => {
    const out = capture();
    expect(await step('build', async () => 41 + 1, (r) => `got ${r}`)).toBe(42);
    await expect(step('csim', () => Promise.reject(new Error('g++ failed\nmore')))).rejects.toThrow('g++ failed');
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✓ build — got 42/);
    expect(lines[1]).toMatch(/^✗ csim — g\+\+ failed \(/);
  });

  it('prints nothing when disabled', () => {
    const out = capture();
    configureProgress({ enabled: false });
    progress('quiet').done('x');
    expect(out.text()).toBe('');
  });
});

describe('progress (interactive)', () => {
  it('draws a bar on the stream and ends with the summary line', () => {
    const out = capture(true);
    const p = progress('synthesis', 2);
    p.tick();
    p.tick();
    p.done('ok');
    expect(out.text()).toMatch(/✓ synthesis — ok/);
    expect(out.text().length).toBeGreaterThan('✓ synthesis — ok'.length + 10);
  });
});
