// The Explore view: the default answer, its four charts, sliders and number inputs that re-run the search
// and rewrite the link, a real mouse drag, the top-10 table and the time-breakdown units toggle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import {
  TIMEOUT,
  chart,
  clickScalingAt,
  editAndWait,
  layerConfigLine,
  runsStarted,
  surface,
  waitForResults,
  waitForUrl,
} from './app.ts';

const CONFIG = /dp \d+ × tp \d+ × pp \d+/;

/** Counts of drawn marks in each of the Explore view's four charts. */
async function chartMarks(page: Page) {
  const scaling = chart(page, 'Throughput vs GPU count');
  return {
    titles: await page.locator('figure.chart h3').allTextContents(),
    scalingLines: await scaling.locator('.plot-line[d^="M"]').count(),
    scalingDots: await scaling.locator('.plot-dot').count(),
    timeBars: await chart(page, 'Step time breakdown').locator('.plot-bar').count(),
    memoryBars: await chart(page, 'Memory per GPU').locator('.plot-bar').count(),
    points: await chart(page, /^Throughput vs memory/)
      .locator('.plot-point')
      .count(),
  };
}

/** Waits until every chart has drawn something (charts render from deferred values, after the summary). */
async function expectChartsDrawn(page: Page) {
  await expect
    .poll(() => chartMarks(page), { timeout: TIMEOUT })
    .toSatisfy(
      (m: Awaited<ReturnType<typeof chartMarks>>) =>
        m.scalingLines >= 2 && m.scalingDots > 0 && m.timeBars > 0 && m.memoryBars > 0 && m.points > 0,
    );
  return chartMarks(page);
}

/** The x-axis tick labels of the scaling chart ("4", ..., "16,384"). */
function scalingTicks(page: Page): Promise<string[]> {
  return chart(page, 'Throughput vs GPU count')
    .locator('.plot-x-axis .plot-tick-labels text')
    .allTextContents();
}

describe('explore', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the best configuration of the default view within seconds, with no errors', async () => {
    const started = Date.now();
    const { page, errors } = await openPage(browser);
    await expect
      .poll(() => page.getByTestId('best-throughput').count(), { timeout: 10_000, interval: 50 })
      .toBe(1);
    const firstMs = Date.now() - started;
    const best = await waitForResults(page);

    expect(best.config).toMatch(CONFIG);
    expect(best.config).toMatch(/micro-batch \d+; NVLink domain: /);
    const throughput = Number(best.throughput.replace(/,/g, ''));
    expect(throughput).toBeGreaterThan(0);
    expect(best.throughput).toMatch(/^[\d,]+(\.\d+)?$/);
    expect(firstMs).toBeLessThan(10_000);
    expect(await page.locator('#summary-heading').textContent()).toBe(
      'Fastest configuration at 16,384 GPUs on A100 NVS4',
    );
    // The default view writes no settings into the link.
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the four charts with data', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    const marks = await expectChartsDrawn(page);

    expect(marks.titles).toEqual([
      'Throughput vs GPU count',
      'Step time breakdown',
      'Memory per GPU',
      'Throughput vs memory at 16,384 GPUs',
    ]);
    const scaling = chart(page, 'Throughput vs GPU count');
    // One solid series and its dashed ideal.
    expect(await scaling.locator('.plot-line').count()).toBe(2);
    expect(await scaling.locator('.plot-line[stroke-dasharray]').count()).toBe(1);
    for (const d of await scaling
      .locator('.plot-line')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d'))))
      expect(d).toMatch(/^M[\d.]+ [\d.]+L/);
    // Six stacked parts for each GPU count that fits; five memory parts likewise.
    expect(marks.timeBars).toBeGreaterThanOrEqual(6);
    expect(marks.memoryBars).toBeGreaterThanOrEqual(5);
    expect(marks.points).toBeGreaterThan(10);
    expect(await scalingTicks(page)).toContain('16,384');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('re-searches and rewrites the link when the HBM capacity changes', async () => {
    const { page, errors } = await openPage(browser);
    const before = await waitForResults(page);
    await expectChartsDrawn(page);
    const memory = chart(page, 'Memory per GPU');
    const capacityLabel = memory.locator('.plot-capacity text').filter({ hasText: /^HBM capacity/ });
    expect(await capacityLabel.textContent()).toBe('HBM capacity (80 GB)');

    const spin = page.getByRole('spinbutton', { name: 'HBM capacity (GB)' });
    expect(await spin.inputValue()).toBe('80');
    const after = await editAndWait(page, () => spin.fill('40'));

    expect(after.config).toMatch(CONFIG);
    expect(after.throughput !== before.throughput || after.config !== before.config).toBe(true);
    // Less memory can never make the fastest configuration faster.
    expect(Number(after.throughput.replace(/,/g, ''))).toBeLessThanOrEqual(
      Number(before.throughput.replace(/,/g, '')),
    );
    const url = await waitForUrl(page, (u) => u.searchParams.get('sys') === 'A100_hbm40');
    expect(url.searchParams.get('v')).toBe('1');
    // The memory chart's capacity line follows, and the slider shows the same value.
    await expect.poll(() => capacityLabel.textContent(), { timeout: TIMEOUT }).toBe('HBM capacity (40 GB)');
    expect(await page.getByRole('slider', { name: 'HBM capacity (GB)' }).getAttribute('aria-valuetext')).toBe(
      '40',
    );
    // The summary names the edited system.
    expect(await page.locator('#summary-heading').textContent()).toContain('A100* NVS4');

    // The slider itself (log scale: the range value is a position 0..1000) takes it back up.
    const slider = page.getByRole('slider', { name: 'HBM capacity (GB)' });
    const raised = await editAndWait(page, () => slider.fill('800'));
    const shown = Number(await page.getByRole('spinbutton', { name: 'HBM capacity (GB)' }).inputValue());
    // Position 800 of 8..4096 GB on a log scale, to 3 significant digits.
    expect(shown).toBe(Number((8 * 512 ** 0.8).toPrecision(3)));
    expect(raised.config).toMatch(CONFIG);
    await waitForUrl(page, (u) => u.searchParams.get('sys') === `A100_hbm${shown}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows a real mouse drag of the "Most GPUs" slider', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    await expectChartsDrawn(page);
    const slider = page.getByRole('slider', { name: 'Most GPUs' });
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    if (!box) throw new Error('the "Most GPUs" slider has no box');
    const min = Number(await slider.getAttribute('min'));
    const max = Number(await slider.getAttribute('max'));
    const at = Number(await slider.inputValue());
    const count = page.getByRole('spinbutton', { name: 'Most GPUs' });
    expect(await count.inputValue()).toBe('16384');
    // Chromium's thumb is 16 px wide and travels the track less its width.
    const thumbX = (pos: number) => box.x + 8 + ((box.width - 16) * (pos - min)) / (max - min);
    const y = box.y + box.height / 2;
    const startRuns = await runsStarted(page);

    await page.mouse.move(thumbX(at), y);
    await page.mouse.down();
    const target = at - 4; // 1,024 GPUs
    const steps = 12;
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(thumbX(at + ((target - at) * i) / steps), y, { steps: 2 });
    }
    await page.mouse.up();

    const gmax = Number(await count.inputValue());
    expect(gmax).toBeLessThan(16384);
    expect(gmax).toBeGreaterThanOrEqual(512);
    expect(Math.log2(gmax) % 1).toBe(0);
    expect(await runsStarted(page)).toBeGreaterThan(startRuns);
    const best = await waitForResults(page, startRuns);
    expect(best.config).toMatch(CONFIG);
    await waitForUrl(page, (u) => u.searchParams.get('gmax') === String(gmax));
    expect(await page.locator('#summary-heading').textContent()).toContain(
      `at ${gmax.toLocaleString('en-US')} GPUs`,
    );
    // The charts kept drawing, now ending at the new largest count.
    await expect
      .poll(async () => (await scalingTicks(page)).at(-1), { timeout: TIMEOUT })
      .toBe(gmax.toLocaleString('en-US'));
    await expectChartsDrawn(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('steps a slider with the keyboard', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    const slider = page.getByRole('slider', { name: 'NVLink domain size (GPUs)' });
    const spin = page.getByRole('spinbutton', { name: 'NVLink domain size (GPUs)' });
    expect(await spin.inputValue()).toBe('4');
    await slider.focus();
    const next = await editAndWait(page, () => page.keyboard.press('ArrowRight'));
    expect(await spin.inputValue()).toBe('8');
    expect(await slider.getAttribute('aria-valuetext')).toBe('8');
    expect(next.config).toMatch(CONFIG);
    await waitForUrl(page, (u) => u.searchParams.get('sys') === 'A100_nvs8');
    expect(await page.locator('#summary-heading').textContent()).toBe(
      'Fastest configuration at 16,384 GPUs on A100 NVS8',
    );
    await editAndWait(page, () => page.keyboard.press('ArrowLeft'));
    await waitForUrl(page, (u) => u.search === '?v=1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('details the configuration chosen in the top-10 table', async () => {
    const { page, errors } = await openPage(browser);
    const best = await waitForResults(page);
    const line = layerConfigLine(page);
    await expect.poll(() => line.textContent(), { timeout: TIMEOUT }).toBe(best.config);
    expect(await page.getByRole('heading', { name: 'Top 10 configurations at 16,384 GPUs' }).count()).toBe(1);
    const rows = page.locator('section[aria-labelledby="top-heading"] tbody tr');
    expect(await rows.count()).toBe(10);
    const first = page.getByRole('button', { name: 'Detail configuration 1', exact: true });
    expect(await first.getAttribute('aria-pressed')).toBe('true');

    const third = page.getByRole('button', { name: 'Detail configuration 3', exact: true });
    await third.click();
    await expect.poll(() => line.textContent(), { timeout: TIMEOUT }).not.toBe(best.config);
    const detailed = (await line.textContent()) ?? '';
    expect(detailed).toMatch(CONFIG);
    // The third row's dp, tp and pp cells are the ones the per-layer table now details.
    const cells = await rows.nth(2).locator('td').allTextContents();
    expect(detailed).toContain(`dp ${cells[1]} × tp ${cells[2]} × pp ${cells[4]}, micro-batch ${cells[5]}`);
    expect(await third.getAttribute('aria-pressed')).toBe('true');
    expect(await first.getAttribute('aria-pressed')).toBe('false');
    expect(await rows.nth(2).getAttribute('aria-selected')).toBe('true');
    // The per-layer rows were evaluated for it (no error, not pending).
    await expect
      .poll(() => page.locator('table.layers tbody tr').count(), { timeout: TIMEOUT })
      .toBeGreaterThan(4);
    expect(await page.locator('section[aria-labelledby="layers-heading"] [role="alert"]').count()).toBe(0);
    // The best stays the best; the selection goes into the link.
    expect(await page.getByTestId('best-config').textContent()).toBe(best.config);
    await waitForUrl(
      page,
      (u) => u.searchParams.get('n') === '16384' && /^dp\d+_tpa/.test(u.searchParams.get('cfg') ?? ''),
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches the time breakdown to fractions', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    await expectChartsDrawn(page);
    const time = chart(page, 'Step time breakdown');
    const seconds = time.getByRole('button', { name: 'Seconds' });
    const fraction = time.getByRole('button', { name: 'Fraction' });
    expect(await seconds.getAttribute('aria-pressed')).toBe('true');
    const axisTitles = () => time.locator('text.plot-axis-title').allTextContents();
    expect(await axisTitles()).toContain('Step time (s, log scale)');

    await fraction.click();
    expect(await fraction.getAttribute('aria-pressed')).toBe('true');
    expect(await seconds.getAttribute('aria-pressed')).toBe('false');
    await waitForUrl(page, (u) => u.searchParams.get('bd') === 'fraction');
    await expect.poll(axisTitles, { timeout: TIMEOUT }).toContain('Share of step time (%)');
    expect(await time.locator('.plot-y-axis .plot-tick-labels text').allTextContents()).toEqual([
      '0%',
      '25%',
      '50%',
      '75%',
      '100%',
    ]);
    expect(await time.locator('.plot-bar').count()).toBeGreaterThan(0);

    await seconds.click();
    await waitForUrl(page, (u) => !u.searchParams.has('bd'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('selects a GPU count by clicking the scaling chart', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    await expectChartsDrawn(page);
    await clickScalingAt(page, 1024);

    await expect
      .poll(() => page.locator('#summary-heading').textContent(), { timeout: TIMEOUT })
      .toBe('Fastest configuration at 1,024 GPUs on A100 NVS4');
    await waitForUrl(page, (u) => u.searchParams.get('n') === '1024');
    await expect
      .poll(
        () =>
          chart(page, /^Throughput vs memory/)
            .locator('h3')
            .textContent(),
        { timeout: TIMEOUT },
      )
      .toBe('Throughput vs memory at 1,024 GPUs');
    expect(await page.getByTestId('best-config').textContent()).toMatch(CONFIG);
    expect(errors).toEqual([]);
    await page.close();
  });

  // A screen reader announces the count the number input, the summary and the link show, not a rounding.
  it('announces the exact GPU count on the "Most GPUs" slider', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    const valueText = await page.getByRole('slider', { name: 'Most GPUs' }).getAttribute('aria-valuetext');
    expect(await page.getByRole('spinbutton', { name: 'Most GPUs' }).inputValue()).toBe('16384');
    expect(errors).toEqual([]);
    await page.close();
    expect(valueText).toBe('16,384');
  });

  // The tables are ~1,280 px wide at their narrowest; they scroll inside their panels, never the page.
  it('fits a 1440-px-wide window without horizontal scrolling once results are in', async () => {
    const { page, errors } = await openPage(browser);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await waitForResults(page);
    await expectChartsDrawn(page);
    await expect
      .poll(() => page.locator('table.layers tbody tr').count(), { timeout: TIMEOUT })
      .toBeGreaterThan(4);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: document.documentElement.clientWidth,
      memoryChartRight: [...document.querySelectorAll('figure.chart')][2]?.getBoundingClientRect().right ?? 0,
    }));
    expect(errors).toEqual([]);
    await page.close();
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(widths.memoryChartRight).toBeLessThanOrEqual(widths.window);
  });

  // The preset menus would size to their longest option; the sidebar must still fit its column.
  it('shows the scenario controls whole, without a sideways scroll in the sidebar', async () => {
    const { page, errors } = await openPage(browser);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await waitForResults(page);
    const sidebar = page.getByRole('complementary', { name: 'Scenario' });
    const box = await sidebar.boundingBox();
    const spin = await page.getByRole('spinbutton', { name: 'Sequence length (tokens)' }).boundingBox();
    const overflow = await sidebar.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(errors).toEqual([]);
    await page.close();
    expect(overflow).toBeLessThanOrEqual(0);
    expect((spin?.x ?? 0) + (spin?.width ?? 0)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));
  });

  // At the largest count (the default selection) the marker's label must not run off the chart's edge.
  it('draws the selected-GPU label of the scaling chart inside the chart', async () => {
    const { page, errors } = await openPage(browser);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await waitForResults(page);
    await expectChartsDrawn(page);
    const scaling = surface(chart(page, 'Throughput vs GPU count'));
    const label = scaling.locator('.plot-selected text');
    await expect.poll(() => label.textContent(), { timeout: TIMEOUT }).toBe('16,384 GPUs');
    // How far the label's box reaches past the surface's right edge, in SVG units (px).
    const overhang = await label.evaluate((t: SVGTextElement) => {
      const box = t.getBBox();
      return box.x + box.width - Number(t.ownerSVGElement?.getAttribute('width'));
    });
    expect(errors).toEqual([]);
    await page.close();
    expect(overhang).toBeLessThanOrEqual(0);
  });

  // When nothing fits at any GPU count there is no detailed result; the summary must still say so once
  // the search is done, not keep saying "Searching…".
  it('says nothing fits, not "Searching…", once a search that found nothing is done', async () => {
    // ViT-ERA5 with 1D tensor parallelism on A100 NVLink-4 fits at no GPU count from 4 to 16,384.
    const { page, errors } = await openPage(browser, '?model=vit-era5');
    await waitForResults(page);
    await expect
      .poll(() => chart(page, 'Step time breakdown').locator('.chart-empty').textContent(), {
        timeout: TIMEOUT,
      })
      .toBe('Nothing fits in HBM at any GPU count');
    await expect
      .poll(() => page.getByTestId('best-config').textContent(), { timeout: 10_000 })
      .toMatch(
        /^Nothing fits at any GPU count from 4 to 16,384\. Every configuration at 16,384 GPUs needs more than 80 GB per GPU: the smallest needs \d+ GB/,
      );
    expect(await page.getByTestId('best-throughput').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
