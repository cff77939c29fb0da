// The system panel's Efficiency group in the browser: an edit of a calibrated preset's efficiency changes
// the engine's answer, marks the system as edited, goes into the link, and the link reopens the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, editAndWait, waitForResults, waitForUrl } from './app.ts';

describe('efficiency in the system panel', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a lower matmul efficiency slows the best configuration, is marked, linked and reopened', async () => {
    const { page, errors } = await openPage(browser, '?model=gpt3-175b&sys=h100-sxm&b=1024&gmin=64&gmax=256');
    const calibrated = await waitForResults(page);
    await expect
      .poll(() => page.locator('#summary-heading').textContent(), { timeout: TIMEOUT })
      .toMatch(/on h100-sxm NVS8$/);

    await page.getByRole('button', { name: /^Efficiency \(calibrated\)/ }).click();
    const matmul = page.getByRole('spinbutton', { name: /^Matmul efficiency/ });
    const preset = Number(await matmul.inputValue());
    expect(preset).toBeGreaterThan(0.3);
    const edited = await editAndWait(page, () => matmul.fill('0.3'));
    const rate = (t: string) => Number(t.replace(/[^\d.]/g, ''));
    // Matmuls at 0.3 of peak instead of the calibrated fraction: the best throughput falls.
    expect(rate(edited.throughput)).toBeLessThan(rate(calibrated.throughput));
    expect(await page.getByRole('button', { name: /^Efficiency \(edited\)/ }).count()).toBe(1);
    expect(await page.locator('#summary-heading').textContent()).toMatch(/on h100-sxm\* NVS8$/);
    const url = await waitForUrl(page, (u) => /xmm0\.3\b/.test(u.searchParams.get('sys') ?? ''));

    // The link alone reopens the same system and the same answer.
    const again = await openPage(browser, url.search);
    const reopened = await waitForResults(again.page);
    expect(reopened).toEqual(edited);
    await again.page.getByRole('button', { name: /^Efficiency \(edited\)/ }).click();
    expect(await again.page.getByRole('spinbutton', { name: /^Matmul efficiency/ }).inputValue()).toBe('0.3');
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
    await page.close();
  });
});
