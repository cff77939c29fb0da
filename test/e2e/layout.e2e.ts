// The layout at a phone's, a tablet's and a laptop's width: the page never scrolls sideways, the controls
// never cover the results wherever the page is scrolled, and at 1280 px the top-10 table shows every
// column without scrolling. Screenshots of each width go to the artifacts folder for a look.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { TIMEOUT, waitForResults } from './app.ts';

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
] as const;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlap = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0;

/** The on-screen boxes (viewport coordinates) of the controls and the charts, after scrolling to `y`. */
async function boxesAt(page: Page, y: number) {
  return page.evaluate((y) => {
    window.scrollTo(0, y);
    const box = (selector: string): Box | null => {
      const node = document.querySelector(selector);
      if (!node) return null;
      const r = node.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return { controls: box('aside.controls'), charts: box('.charts') };
  }, y);
}

/** Waits until every chart has drawn (the charts take their width after the viewport changes). */
async function chartsDrawn(page: Page) {
  await expect
    .poll(() => page.locator('figure.chart .plot-bar, figure.chart .plot-dot').count(), { timeout: TIMEOUT })
    .toBeGreaterThan(0);
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

describe('layout', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width} px: no sideways scroll, controls never over the charts`, async () => {
      const { page, errors } = await openPage(browser, '');
      await page.setViewportSize(viewport);
      await waitForResults(page);
      await chartsDrawn(page);

      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);

      // Scroll from the top through the charts to the bottom: the controls stay clear of the charts.
      const { chartsTop, pageHeight } = await page.evaluate(() => ({
        chartsTop: (document.querySelector('.charts')?.getBoundingClientRect().top ?? 0) + window.scrollY,
        pageHeight: document.documentElement.scrollHeight,
      }));
      const stops = [0, chartsTop - 100, chartsTop, chartsTop + viewport.height / 2, pageHeight];
      for (const y of stops) {
        const { controls, charts } = await boxesAt(page, y);
        expect(controls).not.toBeNull();
        expect(charts).not.toBeNull();
        if (controls && charts)
          expect({ y, overlap: overlap(controls, charts) }).toEqual({ y, overlap: false });
      }
      await boxesAt(page, chartsTop);
      await screenshot(page, `layout-${viewport.width}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  // The Compare view's table and the design view's longest select used to push a phone's page sideways; the
  // calibration view's plot and residual table, and the Architecture group's long labels, must not either.
  for (const [name, query] of [
    ['compare', '?tab=compare&sys=A100,H200&gmin=256&gmax=1024'],
    ['design', '?tab=design&gmin=256&gmax=1024'],
    ['about', '?tab=about'],
    ['calibration', '?tab=calibration'],
    // A slim model opens the Architecture group with every field, tensor chains included.
    ['slim-model', '?model=anthe-wmt14&gmin=4&gmax=16'],
  ] as const) {
    it(`at 390 px the ${name} view does not scroll sideways`, async () => {
      const { page, errors } = await openPage(browser, query);
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => page.locator('main h2').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
      if (name === 'compare') await waitForResults(page);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
          timeout: TIMEOUT,
        })
        .toBeLessThanOrEqual(0);
      await screenshot(page, `layout-390-${name}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  // The compare-models view at each width, with four models (the most it takes): no sideways scroll, its
  // charts' column labels and legends clear of each other, its table within its panel.
  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width} px the compare-models view does not scroll sideways and its labels do not collide`, async () => {
      const { page, errors } = await openPage(
        browser,
        '?tab=models&cm=llama3.1-8b,llama3.1-70b,mixtral-8x7b,qwen3-30b-a3b&b=256&sys=H200_nvs8&gmin=8&gmax=64',
      );
      await page.setViewportSize(viewport);
      await expect
        .poll(() => page.getByTestId('fewest-3').getAttribute('data-value'), { timeout: TIMEOUT })
        .not.toBeNull();
      await expect
        .poll(() => page.locator('figure.chart .plot-column').count(), { timeout: TIMEOUT })
        .toBeGreaterThanOrEqual(8);
      await page.evaluate(
        () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
      );
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      const collisions = await page.evaluate(() => {
        const out: string[] = [];
        for (const fig of document.querySelectorAll('figure.chart')) {
          const texts = [...fig.querySelectorAll('svg text, .chart-legend-text')]
            .filter((t) => (t.textContent ?? '').trim() !== '')
            .map((t) => ({ t: t.textContent ?? '', r: t.getBoundingClientRect() }));
          texts.forEach((a, i) =>
            texts.slice(i + 1).forEach((b) => {
              const hit =
                a.r.left < b.r.right - 0.5 &&
                b.r.left < a.r.right - 0.5 &&
                a.r.top < b.r.bottom - 0.5 &&
                b.r.top < a.r.bottom - 0.5;
              if (hit) out.push(`${a.t} / ${b.t}`);
            }),
          );
          const box = fig.getBoundingClientRect();
          for (const t of texts)
            if (t.r.left < box.left - 0.5 || t.r.right > box.right + 0.5)
              out.push(`${t.t} outside its chart`);
        }
        return out;
      });
      expect(collisions).toEqual([]);
      const table = page.locator('section[aria-labelledby="models-table-heading"]');
      const fit = await table.evaluate((section) => {
        const panel = section.getBoundingClientRect();
        const scroller = section.querySelector('.table-scroll')!;
        return {
          right: scroller.getBoundingClientRect().right,
          panel: panel.right,
          hidden: scroller.scrollWidth - scroller.clientWidth,
        };
      });
      expect(fit.right).toBeLessThanOrEqual(fit.panel + 0.5);
      // Every model's column in sight: the table wraps rather than scrolls.
      expect(fit.hidden).toBeLessThanOrEqual(0);
      await table.scrollIntoViewIfNeeded();
      await screenshot(page, `layout-${viewport.width}-models`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('at 1280 px the top-10 table shows every column, step time and bottleneck included', async () => {
    const { page, errors } = await openPage(browser, '');
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitForResults(page);
    const top = page.locator('section[aria-labelledby="top-heading"]');
    await expect.poll(() => top.locator('tbody tr').count(), { timeout: TIMEOUT }).toBe(10);
    const fit = await top.evaluate((section) => {
      const scroller = section.querySelector('.table-scroll');
      const clip = scroller?.getBoundingClientRect();
      const heads = [...section.querySelectorAll('thead th')];
      return {
        scroll: scroller?.scrollWidth ?? Infinity,
        client: scroller?.clientWidth ?? 0,
        hidden: heads
          .filter((th) => !clip || th.getBoundingClientRect().right > clip.right + 0.5)
          .map((th) => th.textContent),
        names: heads.map((th) => th.textContent),
      };
    });
    expect(fit.names).toContain('Step time');
    expect(fit.names).toContain('Bottleneck');
    expect(fit.hidden).toEqual([]);
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    await top.scrollIntoViewIfNeeded();
    await screenshot(page, 'layout-1280-top-table');
    expect(errors).toEqual([]);
    await page.close();
  });
});
