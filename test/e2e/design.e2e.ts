// The system-design views in the built app: a hardware sweep's heatmap fills in cell by cell, the other
// views draw, a paper figure opens as a captioned view, and every choice lands in the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT } from './app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** Cell counts of a heatmap by status. */
function cellStatus(page: Page, testId: string) {
  return page.evaluate((id) => {
    const root = document.querySelector(`[data-testid="${id}"]`);
    const n = (s: string) => root?.querySelectorAll(`[data-status="${s}"]`).length ?? 0;
    return { pending: n('pending'), ok: n('ok'), noFit: n('no-fit') };
  }, testId);
}

describe('system design', () => {
  it('a hardware sweep heatmap fills in, then another sweep chosen from the menu', async () => {
    // The paper's 32 x 28 grid: 896 searches, long enough to watch it fill in.
    const { page, errors } = await openPage(browser, '?tab=design&grid=paper&n=1024');
    await page
      .getByRole('heading', { name: /HBM capacity × HBM bandwidth at 1,024 GPUs/ })
      .waitFor({ timeout: TIMEOUT });
    // Watch it fill in: cells still pending while it runs, none at the end.
    const pending: number[] = [];
    await expect
      .poll(
        async () => {
          const s = await cellStatus(page, 'sweep-heatmap');
          pending.push(s.pending);
          return s.pending === 0 && s.ok + s.noFit === 32 * 28;
        },
        { timeout: TIMEOUT, interval: 20 },
      )
      .toBe(true);
    expect(pending.some((n) => n > 0)).toBe(true);
    expect(await page.getByTestId('sweep-best').textContent()).toMatch(/^Best: [\d.]+× at /);

    await page.getByRole('combobox', { name: 'Sweep' }).selectOption('nvlink-ib');
    await expect.poll(() => page.url(), { timeout: TIMEOUT }).toMatch(/sweep=nvlink-ib/);
    await expect
      .poll(async () => (await cellStatus(page, 'sweep-heatmap')).pending === 0, { timeout: TIMEOUT })
      .toBe(true);
    expect((await cellStatus(page, 'sweep-heatmap')).ok).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sensitivities and the design-space map draw for the studied GPU count', async () => {
    const { page, errors } = await openPage(browser, '?tab=design&design=sensitivity&n=1024');
    await page.getByRole('heading', { name: /What to buy next at 1,024 GPUs/ }).waitFor({ timeout: TIMEOUT });
    await expect
      .poll(() => page.locator('table').first().locator('tbody tr').count(), { timeout: TIMEOUT })
      .toBeGreaterThanOrEqual(10);
    await page.getByRole('button', { name: 'Design-space map' }).click();
    await expect.poll(() => page.url(), { timeout: TIMEOUT }).toMatch(/design=map/);
    await expect
      .poll(async () => (await cellStatus(page, 'map-heatmap')).ok, { timeout: TIMEOUT })
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a paper figure opens as a view with its caption, and the figure set fills in', async () => {
    const { page, errors } = await openPage(browser, '?tab=design&design=figures');
    await expect
      .poll(async () => (await cellStatus(page, 'figures-overview')).ok, { timeout: TIMEOUT })
      .toBeGreaterThan(0);
    const item = page.locator('li', {
      hasText: 'GPT3-1T, 2D SUMMA: A100, H200 and B200 with NVLink domains of 8',
    });
    await item.getByRole('button', { name: 'Open' }).click();
    const caption = page.getByTestId('figure-caption');
    await caption.waitFor({ timeout: TIMEOUT });
    expect(await caption.textContent()).toMatch(/Paper figure: GPT3-1T, 2D SUMMA/);
    await expect.poll(() => page.url(), { timeout: TIMEOUT }).toMatch(/fig=generations-gpt3-1t-2d/);
    expect(page.url()).toMatch(/tab=compare/);
    expect(page.url()).toMatch(/sys=A100_nvs8,H200_nvs8,B200_nvs8/);
    await caption.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.url(), { timeout: TIMEOUT }).not.toMatch(/fig=/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
