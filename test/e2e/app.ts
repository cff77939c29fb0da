// What the end-to-end specs need to know about Parallax's page: when a search run has finished, the
// summary's answer, the charts by title, the URL once its debounced write lands. Every wait here watches
// visible state or the app's performance marks; none sleeps for a fixed time.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Longest wait for anything the app does (a cold 2D sweep on two cores takes a few seconds). */
export const TIMEOUT = 60_000;

/** Number of searches the page has started ('parallax:run-start' marks). */
export function runsStarted(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('parallax:run-start').length);
}

/**
 * Waits until the page has started more than `after` searches and the latest one has finished (its
 * 'parallax:run-done' mark, whose detail is the run id, is recorded; superseded runs never finish), the
 * progress bar is gone and the summary has stopped changing. Returns the summary's text.
 */
export async function waitForResults(page: Page, after = 0): Promise<{ config: string; throughput: string }> {
  await page.waitForFunction(
    (after) => {
      const starts = performance.getEntriesByName('parallax:run-start') as PerformanceMark[];
      const last = starts.at(-1);
      if (!last || starts.length <= after) return false;
      const done = performance.getEntriesByName('parallax:run-done') as PerformanceMark[];
      return (
        done.some((d) => d.detail === last.detail) &&
        document.querySelector('[data-testid="search-progress"]') === null
      );
    },
    after,
    { timeout: TIMEOUT, polling: 50 },
  );
  return settledSummary(page);
}

/**
 * The summary's best configuration and throughput once two reads 150 ms apart agree; empty strings where
 * the view shows no summary (Compare, About) or no best configuration.
 */
export async function settledSummary(page: Page): Promise<{ config: string; throughput: string }> {
  const text = async (testId: string) => {
    const node = page.getByTestId(testId);
    return (await node.count()) ? ((await node.textContent()) ?? '') : '';
  };
  const read = async () => ({ config: await text('best-config'), throughput: await text('best-throughput') });
  let previous = await read();
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    await page.waitForTimeout(150);
    const current = await read();
    if (current.config === previous.config && current.throughput === previous.throughput) return current;
    previous = current;
  }
  throw new Error(`the summary never settled (last: ${JSON.stringify(previous)})`);
}

/** Runs `action` (an edit of the inputs) and waits for the search it starts to finish. */
export async function editAndWait(
  page: Page,
  action: () => Promise<void>,
): Promise<{ config: string; throughput: string }> {
  const before = await runsStarted(page);
  await action();
  return waitForResults(page, before);
}

/** The chart figure whose <h3> title matches. */
export function chart(page: Page, title: string | RegExp): Locator {
  return page.locator('figure.chart').filter({ has: page.getByRole('heading', { level: 3, name: title }) });
}

/** The drawing surface of a chart, plain SVG or recharts (not its legend icons, which are SVG too). */
export const SURFACE = '.chart-plot > svg.chart-surface, .recharts-wrapper > svg.recharts-surface';

export function surface(figure: Locator): Locator {
  return figure.locator(SURFACE);
}

/** Waits for the debounced URL write (history.replaceState ~120 ms after the last edit) to satisfy `test`. */
export async function waitForUrl(page: Page, test: RegExp | ((url: URL) => boolean)): Promise<URL> {
  const ok = (u: string) => (test instanceof RegExp ? test.test(u) : test(new URL(u)));
  await expect.poll(() => page.url(), { timeout: TIMEOUT, interval: 50 }).toSatisfy(ok);
  return new URL(page.url());
}

/** The query of a URL as sorted `key=value` pairs, for comparing links regardless of origin. */
export function queryOf(url: string): string[] {
  return [...new URL(url).searchParams].map(([k, v]) => `${k}=${v}`).sort();
}

/** The texts of the "Messages" list (empty when there is none), without the dismiss buttons' "×". */
export async function messages(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Messages' });
  if ((await list.count()) === 0) return [];
  return list.locator('li > span').allTextContents();
}

/** Throughput as the UI prints it: 4 significant digits, en-US separators. */
export const formatThroughput = (v: number): string =>
  new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(v);

/** The config line of the per-layer table ("dp 2 × tp 8 × pp 64, micro-batch 1; NVLink domain: ..."). */
export function layerConfigLine(page: Page): Locator {
  return page.locator('section[aria-labelledby="layers-heading"] > p.muted');
}

/**
 * Clicks the scaling chart above the tick of `gpus`, hovering first as a hand does and waiting for the
 * tooltip to name that count. Its tick mark is found by value: labels are thinned out on narrow charts.
 */
export async function clickScalingAt(page: Page, gpus: number) {
  const label = gpus.toLocaleString('en-US');
  const scaling = chart(page, 'Throughput vs GPU count');
  const tick = scaling.locator(`.plot-x-axis [data-value="${gpus}"] line`);
  const tickBox = await tick.boundingBox();
  const plot = await surface(scaling).boundingBox();
  if (!tickBox || !plot) throw new Error('the scaling chart has no box');
  await page.mouse.move(tickBox.x + tickBox.width / 2, plot.y + plot.height * 0.4, { steps: 4 });
  await expect
    .poll(() => scaling.locator('.chart-tooltip-label').textContent(), { timeout: TIMEOUT })
    .toBe(`${label} GPUs`);
  await page.mouse.down();
  await page.mouse.up();
}
