// Hardware presets and the planner's numbers in the browser: choosing GB200 NVL72 brings its 72-GPU
// NVLink domain, and the headline prices the run (time to train, cost, energy from its 1,200 W).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, editAndWait, waitForResults, waitForUrl } from './app.ts';

const number = (page: Page, label: string) => page.getByRole('spinbutton', { name: label, exact: true });

describe('hardware presets and planner numbers', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('gb200-nvl72 brings its 72-GPU domain; the headline shows time to train, cost and energy', async () => {
    // GPT-3 175B over 8 to 64 GPUs: every count fits inside one 72-GPU domain.
    const { page, errors } = await openPage(browser, '?model=gpt3-175b&b=1024&gmin=8&gmax=64');
    await waitForResults(page);
    expect(await number(page, 'NVLink domain size (GPUs)').inputValue()).toBe('4');
    expect(await page.getByTestId('best-cost').textContent()).toMatch(/energy unknown/);

    await editAndWait(page, () =>
      page
        .getByRole('combobox', { name: 'System preset' })
        .selectOption('gb200-nvl72')
        .then(() => undefined),
    );
    expect(await number(page, 'NVLink domain size (GPUs)').inputValue()).toBe('72');
    expect(await number(page, 'Power per GPU (W)').inputValue()).toBe('1200');
    expect(await number(page, 'FP8 matrix rate, dense (TFLOP/s)').inputValue()).toBe('5000');
    await expect
      .poll(() => page.locator('#summary-heading').textContent(), { timeout: TIMEOUT })
      .toMatch(/on gb200-nvl72 NVS72$/);
    const cost = page.getByTestId('best-cost');
    await expect
      .poll(() => cost.textContent(), { timeout: TIMEOUT })
      .toMatch(
        /^1 T tokens in [\d.,]+ (h|days): [\d.,]+ [kMB]? ?GPU-hours, \$[\d.,]+ [kMB], [\d.,]+ (M|G)Wh$/,
      );
    // The link names the preset alone: its domain is its own.
    await waitForUrl(page, (u) => u.searchParams.get('sys') === 'gb200-nvl72');

    // Doubling the price doubles the cost shown; the link carries it.
    const before = (await cost.textContent()) ?? '';
    await number(page, 'Price per GPU-hour ($)').fill('4');
    await expect.poll(() => cost.textContent(), { timeout: TIMEOUT }).not.toBe(before);
    const dollars = (t: string | null) => {
      const m = /\$([\d.,]+) ([kMB])/.exec(t ?? '');
      return Number(m?.[1]?.replace(/,/g, '')) * { k: 1e3, M: 1e6, B: 1e9 }[m?.[2] as 'k' | 'M' | 'B'];
    };
    expect(dollars(await cost.textContent()) / dollars(before)).toBeCloseTo(2, 1);
    await waitForUrl(page, (u) => u.searchParams.get('price') === '4');
    expect(errors).toEqual([]);
    await page.close();
  });
});
