// Opens the HTML report in real headless Chromium: no console errors, no network, the diagram, the layer table and
// one profiling plot per layer are present; saves a screenshot under test-output/report/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledExample } from '../../src/api/demo.js';
import { reportModel } from '../../src/api/report.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/report.js';
import { chromiumArgs, chromiumPath } from './browser-helpers.js';
import { tinyInput } from './fixture.js';

const OUT = resolve(__dirname, '../../test-output/report');
const exe = chromiumPath();

/** Open a report page; returns the page, its console errors and any non-file request. */
async function open(browser: Browser, html: string, name: string) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors: string[] = [];
  const network: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-rendered]', { timeout: 30_000 });
  return { page, errors, network, file };
}

const suite = exe !== null ? describe : process.env.CI === 'true' ? describe : describe.skip;
if (exe === null && process.env.CI !== 'true') {
  console.warn('browser test skipped: chromium not found — install it with `sudo apt-get install chromium` (or run `npm run setup`)');
}

suite('HTML report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (exe === null) throw new Error('chromium is required under CI: install it with `apt-get install chromium` (scripts/setup-system.sh does)');
    browser = await chromium.launch({ executablePath: exe, args: chromiumArgs(), headless: true });
  });
  afterAll(async () => browser?.close());

  it('renders the diagram, the table and one plot per layer, offline and without console errors', async () => {
    const report = buildReport(tinyInput(300));
    const { page, errors, network } = await open(browser, renderHtml(report), 'tiny');
    expect(await page.getAttribute('body', 'data-rendered')).toBe('true');
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    expect(await page.locator('svg.diagram a.node').count()).toBe(report.layers.length);
    expect(await page.locator('svg.diagram path.e').count()).toBe(report.layers.reduce((a, l) => a + l.inputs.length, 0));
    expect(await page.locator('table.layers tbody tr').count()).toBe(report.layers.length + 1);
    // Plotly marks every chart it drew; each layer card holds one chart with at least one box.
    expect(await page.locator('.layer-plot.js-plotly-plot').count()).toBe(report.layers.length);
    for (const l of report.layers) {
      const boxes = page.locator(`.layer-plot[data-layer="${l.name}"] .boxlayer .trace`);
      expect(await boxes.count(), l.name).toBeGreaterThan(0);
    }
    expect(await page.locator('#overview-weights .boxlayer .trace').count()).toBe(3);
    expect(await page.locator('#error-plot .barlayer .trace').count()).toBe(1);
    expect(await page.locator('.findings li.error').first().textContent()).toContain('relu1');
    await page.screenshot({ path: join(OUT, 'tiny.png'), fullPage: true });
  });

  it('renders the bundled example profiled on its data (real pipeline) with one plot per layer', async () => {
    const dir = bundledExample();
    const report = await reportModel(join(dir, 'model.json'), { data: { path: join(dir, 'test-inputs.npy'), labels: join(dir, 'labels.npy') } });
    const { page, errors, network } = await open(browser, renderHtml(report), 'example');
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    expect(await page.locator('svg.diagram a.node').count()).toBe(report.layers.length);
    expect(await page.locator('.layer-plot.js-plotly-plot').count()).toBe(report.layers.length);
    expect(await page.locator('.card').first().isVisible()).toBe(true);
    await page.screenshot({ path: join(OUT, 'example.png'), fullPage: true });
  });

  it('renders a weights-only report (no --input) without errors', async () => {
    const report = buildReport({ graph: tinyInput().graph });
    const { page, errors } = await open(browser, renderHtml(report), 'tiny-weights');
    expect(errors).toEqual([]);
    expect(await page.locator('.layer-plot.js-plotly-plot').count()).toBe(3);
    expect(await page.locator('#overview-outputs').count()).toBe(0);
    await page.screenshot({ path: join(OUT, 'tiny-weights.png'), fullPage: true });
  });
});
