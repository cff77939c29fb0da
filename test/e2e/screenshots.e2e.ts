// The README's screenshots, taken from the built app at 1440×1000 once results have settled:
// explore.png (the default view, full page), compare.png (A100, H200, B200), models.png (Llama 3.1 8B, 70B,
// 405B compared), calibration.png (predicted vs measured runs), design.png (the paper's capacity x bandwidth
// sweep) and about.png (the top of the About page). `npm run screenshots` writes them to docs/screenshots; test runs to the artifacts.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOT_DIR, launchBrowser, openPage, screenshot } from './browser.ts';
import { SURFACE, TIMEOUT, chart, waitForResults } from './app.ts';

const DIR = SCREENSHOT_DIR;
const VIEWPORT = { width: 1440, height: 1000 };
/** Keeps the README light; a larger full-page capture is cut to its top part. */
const MAX_BYTES = 600 * 1024;

/** Opens `search` at the screenshot viewport, with no pointer over a chart. */
async function open(browser: Browser, search: string) {
  const opened = await openPage(browser, search);
  await opened.page.setViewportSize(VIEWPORT);
  await opened.page.mouse.move(0, 0);
  return opened;
}

/** Waits until every chart surface fills its container's width (charts resize after the viewport) and no
 * chart still says it is waiting. */
async function chartsSettled(page: Page, count: number) {
  await expect
    .poll(
      () =>
        page.locator('figure.chart').evaluateAll(
          (figures, selector) =>
            figures.map((f) => {
              const svg = f.querySelector(selector);
              const body = f.querySelector('.chart-body');
              return !!svg && !!body && Math.abs(svg.getBoundingClientRect().width - body.clientWidth) < 2;
            }),
          SURFACE,
        ),
      { timeout: TIMEOUT },
    )
    .toEqual(Array.from({ length: count }, () => true));
  expect(await page.locator('.chart-empty').count()).toBe(0);
  // Two frames, so the last layout is painted.
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/** The whole page, or only the viewport where the whole page would make the README heavy. */
async function wholePage(page: Page, name: string) {
  const file = path.join(DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  if (statSync(file).size > MAX_BYTES) await page.screenshot({ path: file });
  expect(statSync(file).size).toBeLessThan(MAX_BYTES);
}

describe('screenshots', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    mkdirSync(DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('explore.png: the default view, full page', async () => {
    const { page, errors } = await open(browser, '');
    await waitForResults(page);
    await expect
      .poll(() => page.locator('table.layers tbody tr').count(), { timeout: TIMEOUT })
      .toBeGreaterThan(4);
    await chartsSettled(page, 4);
    expect(
      await chart(page, /^Throughput vs memory/)
        .locator('.plot-point')
        .count(),
    ).toBeGreaterThan(0);

    const file = path.join(DIR, 'explore.png');
    await page.screenshot({ path: file, fullPage: true });
    if (statSync(file).size > MAX_BYTES) {
      // Keep the summary, charts and top table: the first 2,000 px.
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: VIEWPORT.width, height: 2000 },
      });
    }
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compare.png: A100, H200 and B200', async () => {
    const { page, errors } = await open(browser, '?v=1&sys=A100,H200_nvs4,B200&tab=compare');
    await waitForResults(page);
    const scaling = chart(page, 'Throughput vs GPU count');
    await expect.poll(() => scaling.locator('.plot-dot').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
    await chartsSettled(page, 3);
    expect(await scaling.locator('.chart-legend-text').allTextContents()).toEqual([
      '1. A100 NVS4',
      '1. A100 NVS4, ideal',
      '2. H200 NVS4',
      '2. H200 NVS4, ideal',
      '3. B200 NVS4',
      '3. B200 NVS4, ideal',
    ]);
    expect(await page.locator('section[aria-labelledby="speedup-heading"] tbody tr').count()).toBe(3);

    await wholePage(page, 'compare.png');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('models.png: Llama 3.1 8B, 70B and 405B side by side on h100-sxm, training searched', async () => {
    const { page, errors } = await open(
      browser,
      '?v=1&tab=models&cm=llama3.1-8b,llama3.1-70b,llama3.1-405b&sys=h100-sxm&b=1024&gmin=8&gmax=16384&tr=s.s.bf16.12.s',
    );
    await waitForResults(page);
    const scaling = chart(page, 'Throughput vs GPU count');
    await expect.poll(() => scaling.locator('.plot-dot').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
    await chartsSettled(page, 3);
    await wholePage(page, 'models.png');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('calibration.png: predicted against measured throughput of the published runs', async () => {
    const { page, errors } = await open(browser, '?v=1&tab=calibration');
    const table = page.getByTestId('calibration-residuals');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: TIMEOUT }).toBeGreaterThan(10);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const file = await screenshot(page, 'calibration');
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("design.png: the paper's capacity x bandwidth sweep, filled in", async () => {
    const { page, errors } = await open(browser, '?v=1&tab=design&grid=paper&n=2048&sys=B200_nvs8');
    const heatmap = page.getByTestId('sweep-heatmap');
    await heatmap.waitFor({ timeout: TIMEOUT });
    await expect.poll(() => heatmap.locator('[data-status="pending"]').count(), { timeout: TIMEOUT }).toBe(0);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const file = await screenshot(page, 'design');
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('about.png: the top of the About page', async () => {
    const { page, errors } = await open(browser, '?v=1&tab=about');
    await page.getByRole('heading', { level: 2 }).first().waitFor({ timeout: TIMEOUT });
    expect(await page.getByRole('button', { name: 'About the model' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const file = await screenshot(page, 'about');
    expect(file).toBe(path.join(DIR, 'about.png'));
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    expect(errors).toEqual([]);
    await page.close();
  });
});
