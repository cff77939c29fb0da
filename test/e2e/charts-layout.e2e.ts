// Layout a user sees rather than data: labels that fit and do not overlap, a tooltip that leaves the
// axis readable, a paper figure that opens in sight. Boxes are measured in Chromium's own layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, chart, waitForResults } from './app.ts';

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Client boxes of the elements `selector` finds inside `root`, with their text. */
function boxes(root: Locator, selector: string): Promise<(Box & { text: string })[]> {
  return root.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent ?? '' };
    }),
  );
}

/** Pairs of boxes that overlap, by text. */
function collisions(list: readonly (Box & { text: string })[]): string[] {
  const out: string[] = [];
  list.forEach((a, i) =>
    list.slice(i + 1).forEach((b) => overlaps(a, b) && out.push(`${a.text} / ${b.text}`)),
  );
  return out;
}

async function figureSet(page: Page): Promise<Locator> {
  const figure = chart(page, 'Every scaling figure at a glance');
  await figure.locator('rect[data-status="ok"]').first().waitFor({ timeout: TIMEOUT });
  return figure;
}

describe('layout', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the figure-set heatmap shows every row label whole, clear of the axis title, and a legend that does not collide', async () => {
    const { page, errors } = await openPage(browser, '?tab=design&design=figures');
    const figure = await figureSet(page);
    const svg = (await boxes(figure, 'svg.heatmap'))[0]!;
    const rows = await boxes(figure, '.heatmap-y-ticks text');
    expect(rows).toHaveLength(54);
    expect(rows.map((r) => r.text)).toContain('GPT3-1T · 2D-SEQP · A100 NVS64');
    for (const r of rows) expect(r.left, r.text).toBeGreaterThanOrEqual(svg.left);
    const title = (await boxes(figure, '.heatmap-y-title'))[0]!;
    expect(rows.filter((r) => overlaps(r, title)).map((r) => r.text)).toEqual([]);
    expect(collisions(rows)).toEqual([]);
    expect(collisions(await boxes(figure, '.heatmap-legend text'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a chart tooltip never covers the y axis', async () => {
    const { page, errors } = await openPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await waitForResults(page);
    const covered: string[] = [];
    /** Hovers each point, where a tooltip shows, and notes the y-axis texts it covers. */
    const hoverAll = async (figure: Locator, points: Locator, name: string) => {
      await figure.scrollIntoViewIfNeeded();
      // Its tick labels and its title.
      const axis = await boxes(figure, '.plot-y-axis text');
      const n = await points.count();
      expect(n, name).toBeGreaterThan(3);
      for (let i = 0; i < n; i++) {
        const p = (await points.nth(i).boundingBox())!;
        await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2, { steps: 2 });
        await figure.locator('.chart-tooltip').waitFor({ timeout: TIMEOUT });
        const tip = (await boxes(figure, '.chart-tooltip'))[0]!;
        for (const a of axis) if (overlaps(tip, a)) covered.push(`${name} ${i}: ${a.text}`);
      }
    };
    const time = chart(page, 'Step time breakdown');
    await time.locator('.plot-bar').first().waitFor({ timeout: TIMEOUT });
    await hoverAll(time, time.locator('.plot-column rect:first-child'), 'time');
    // The scatter's tooltips spell a configuration out: the widest, over a chart 400 px wide.
    const scatter = chart(page, /^Throughput vs memory/);
    await hoverAll(scatter, scatter.locator('.pareto-top .plot-point'), 'scatter');
    expect(covered).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opening a paper figure from the bottom of the list brings the figure into sight', async () => {
    const { page, errors } = await openPage(browser, '?tab=design&design=figures');
    await figureSet(page);
    const buttons = page.getByRole('button', { name: /^Open / });
    const last = buttons.last();
    await last.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await last.click();
    const caption = page.getByTestId('figure-caption');
    await caption.waitFor({ timeout: TIMEOUT });
    // The scroll position is whole pixels and the caption's top may not be: within a pixel is in sight.
    await expect
      .poll(async () => (await caption.boundingBox())?.y ?? -1, { timeout: TIMEOUT })
      .toBeGreaterThan(-1);
    const box = (await caption.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    expect(errors).toEqual([]);
    await page.close();
  });
});
