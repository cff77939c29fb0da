// Compare systems: adding H200 to the default A100 overlays both curves, lists both in the speed-up table
// (H200 at least as fast) and puts both into the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, chart, clickScalingAt, editAndWait, waitForResults, waitForUrl } from './app.ts';

const number = (text: string | null | undefined) => Number((text ?? '').replace(/[,×]/g, ''));

/** The speed-up table's rows: system label, throughput, speed-up, as shown. */
async function speedupRows(page: Page) {
  const rows = page.locator('section[aria-labelledby="speedup-heading"] tbody tr');
  const out: { system: string; throughput: string; speedup: string }[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    out.push({
      system: (await row.locator('th').textContent()) ?? '',
      throughput: cells[0] ?? '',
      speedup: cells[1] ?? '',
    });
  }
  return out;
}

describe('compare', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('overlays A100 and H200, with H200 at least as fast and both in the link', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    const tab = page.getByRole('button', { name: 'Compare systems' });
    await tab.click();
    expect(await tab.getAttribute('aria-current')).toBe('page');
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'compare');
    expect(await page.locator('ol.systems > li').count()).toBe(1);

    await editAndWait(page, () =>
      page
        .getByRole('combobox', { name: 'Add a system' })
        .selectOption('H200')
        .then(() => undefined),
    );
    expect(await page.locator('ol.systems .system-label').allTextContents()).toEqual([
      'A100 NVS4',
      'H200 NVS4',
    ]);
    expect(await page.getByRole('combobox', { name: 'System 2 preset' }).inputValue()).toBe('H200');

    // Two solid series and their two dashed ideals, each with a drawn path.
    const scaling = chart(page, 'Throughput vs GPU count');
    await expect.poll(() => scaling.locator('.plot-line[d^="M"]').count(), { timeout: TIMEOUT }).toBe(4);
    const curves = await scaling.locator('.plot-line').evaluateAll((ps) =>
      ps.map((p) => ({
        name: p.getAttribute('data-series'),
        dashed: p.hasAttribute('stroke-dasharray'),
        stroke: p.getAttribute('stroke'),
      })),
    );
    expect(curves.filter((c) => !c.dashed).map((c) => c.name)).toEqual(['1. A100 NVS4', '2. H200 NVS4']);
    expect(curves.filter((c) => c.dashed).map((c) => c.name)).toEqual([
      '1. A100 NVS4, ideal',
      '2. H200 NVS4, ideal',
    ]);
    expect(new Set(curves.filter((c) => !c.dashed).map((c) => c.stroke)).size).toBe(2);
    expect(await scaling.locator('.chart-legend-text').allTextContents()).toEqual([
      '1. A100 NVS4',
      '1. A100 NVS4, ideal',
      '2. H200 NVS4',
      '2. H200 NVS4, ideal',
    ]);
    // The speed-up chart draws the two systems too, and the breakdown one bar group per system.
    await expect
      .poll(() => chart(page, 'Speed-up over the first system').locator('.plot-line').count(), {
        timeout: TIMEOUT,
      })
      .toBe(2);
    expect(
      await chart(page, /^Step time by system at/)
        .locator('.plot-bar')
        .count(),
    ).toBeGreaterThan(0);

    // The speed-up table at the detailed GPU count.
    expect(await page.locator('#speedup-heading').textContent()).toBe('At 16,384 GPUs');
    const rows = await speedupRows(page);
    expect(rows.map((r) => r.system)).toEqual(['1. A100 NVS4', '2. H200 NVS4']);
    expect(rows[0]?.speedup).toBe('1×');
    const speedup = number(rows[1]?.speedup);
    expect(speedup).toBeGreaterThanOrEqual(1);
    // The speed-up is the ratio of the throughputs shown (3 significant digits of 4-digit figures).
    const ratio = number(rows[1]?.throughput) / number(rows[0]?.throughput);
    expect(Math.abs(speedup - ratio) / ratio).toBeLessThan(0.01);

    // Both systems in the link; the added one keeps the first one's NVLink domain.
    const url = await waitForUrl(page, (u) => /^A100,H200(_|$)/.test(u.searchParams.get('sys') ?? ''));
    expect(url.searchParams.get('sys')).toBe('A100,H200_nvs4');
    expect(url.searchParams.get('tab')).toBe('compare');

    // At another GPU count, chosen on the chart, H200 is still at least as fast.
    await clickScalingAt(page, 1024);
    await expect
      .poll(() => page.locator('#speedup-heading').textContent(), { timeout: TIMEOUT })
      .toBe('At 1,024 GPUs');
    await waitForUrl(page, (u) => u.searchParams.get('n') === '1024');
    const at1024 = await speedupRows(page);
    expect(at1024.map((r) => r.system)).toEqual(['1. A100 NVS4', '2. H200 NVS4']);
    expect(at1024[0]?.speedup).toBe('1×');
    expect(number(at1024[1]?.speedup)).toBeGreaterThanOrEqual(1);

    // Removing H200 goes back to one system, in the page and in the link.
    await page.getByRole('button', { name: 'Remove system 2' }).click();
    await expect.poll(() => page.locator('ol.systems > li').count(), { timeout: TIMEOUT }).toBe(1);
    await waitForUrl(page, (u) => !u.searchParams.has('sys'));
    await expect.poll(() => scaling.locator('.plot-line').count(), { timeout: TIMEOUT }).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });
});
