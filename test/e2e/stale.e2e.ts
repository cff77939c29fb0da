// Invalid inputs: the last results stay on screen only dimmed, never as the current answer, and the
// message sits under the field the user changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { TIMEOUT, editAndWait, waitForResults } from './app.ts';

/** The control of a labelled field (its visible label, exactly). */
const field = (page: Page, label: string) =>
  page.locator('.field').filter({ has: page.getByText(label, { exact: true }) });

/** What the page shows as the answer: the headline's number (null without one) and the view's state. */
async function headline(page: Page) {
  const number = page.getByTestId('best-throughput');
  return {
    throughput: (await number.count()) ? await number.textContent() : null,
    stale: await page.locator('.view').getAttribute('data-stale'),
  };
}

describe('stale results', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('an HBM capacity of 0 leaves no number in the headline and the charts dimmed', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    const before = await waitForResults(page);
    expect(before.throughput).not.toBe('');
    expect(await headline(page)).toEqual({ throughput: before.throughput, stale: null });

    const hbm = field(page, 'HBM capacity (GB)');
    await hbm.getByRole('spinbutton').fill('0');
    await expect
      .poll(() => headline(page), { timeout: TIMEOUT })
      .toEqual({ throughput: null, stale: 'true' });
    expect(await page.getByText(/ of 0 GB HBM per GPU/).count()).toBe(0);
    expect(await hbm.locator('.field-error').textContent()).toMatch(/\(got 0\)/);
    // The charts are still there, dimmed.
    expect(await page.locator('.charts').evaluate((e) => Number(getComputedStyle(e).opacity))).toBeLessThan(
      1,
    );
    await screenshot(page, 'stale-hbm-0');

    const after = await editAndWait(page, () => hbm.getByRole('spinbutton').fill('80'));
    expect(after).toEqual(before);
    expect(await headline(page)).toEqual({ throughput: before.throughput, stale: null });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('one arrow step on the embedding puts the heads rule under the embedding', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    await waitForResults(page);
    const embedding = field(page, 'Embedding dimension (e)');
    await embedding.getByRole('slider').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => embedding.getByRole('spinbutton').inputValue(), { timeout: TIMEOUT })
      .toBe('25728');
    await expect
      .poll(() => embedding.locator('.field-error').textContent(), { timeout: TIMEOUT })
      .toBe('heads (160) must divide embedding (25728)');
    expect(await field(page, 'Attention heads (h)').locator('.field-error').count()).toBe(0);
    expect(await headline(page)).toEqual({ throughput: null, stale: 'true' });
    await screenshot(page, 'stale-embedding');
    expect(errors).toEqual([]);
    await page.close();
  });
});
