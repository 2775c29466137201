// Launch the system Chromium through playwright-core (never a browser download), offline and with a fresh profile.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Path of the system chromium, or null when absent. */
export function chromiumPath(): string | null {
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  try {
    const p = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * Launch arguments: no sandbox (containers), no GPU, no background network. The fresh profile directory comes from
 * playwright itself: `chromium.launch` always starts with a new temporary --user-data-dir (and refuses one in args).
 */
export function chromiumArgs(): string[] {
  return ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
}
