// Any GPU count, and why nothing fits: a typed count off the chart's is searched and detailed, and a GPU
// count without a configuration says which rule removed every candidate instead of a bare "nothing fits".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { editAndWait, waitForResults } from './app.ts';

const field = (page: Page, label: string) =>
  page.locator('.field').filter({ has: page.getByText(label, { exact: true }) });

describe('why nothing fits', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('details 1,000 GPUs: no split divides the batch, and the summary says so', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    await waitForResults(page);
    const typed = field(page, 'GPU count detailed').getByRole('spinbutton');
    const after = await editAndWait(page, () => typed.fill('1000'));
    // GPT3-1T's 160 heads take one factor 5 at most, its 128 layers none, the batch of 4,096 none.
    expect(after.config).toMatch(
      /^1,000 GPUs: no split of 1,000 into dp × tp × pp works \(\d+ tried: .*\d+ have a data-parallel degree that does not divide the batch of 4,096\); try a GPU count that shares more factors with the batch of 4,096, or another batch\.$/,
    );
    expect(await page.getByRole('heading', { name: /Fastest configuration at 1,000 GPUs/ }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('gn')).toBe('1000');
    await screenshot(page, 'why-nothing-fits-1000');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches a 72-GPU NVLink domain past 64 GPUs, at whole racks and powers of two', async () => {
    // A batch of 4,608 = 512 x 9 lets dp take the racks' factor 9 (GPT3-1T's heads and layers cannot).
    const { page, errors } = await openPage(browser, '?sys=B200_nvs72&b=4608&gmin=64&gmax=576');
    const best = await waitForResults(page);
    // The largest count where the model fits is detailed by default: 576 GPUs, eight whole racks.
    expect(best.throughput).not.toBe('');
    expect(await page.getByRole('heading', { name: /Fastest configuration at 576 GPUs/ }).count()).toBe(1);
    const typed = field(page, 'GPU count detailed').getByRole('spinbutton');
    // 128 GPUs fill 64 of each rack's 72 (searched before: the range holds the powers of two).
    await typed.fill('128');
    await expect
      .poll(() => page.getByRole('heading', { name: /Fastest configuration at 128 GPUs/ }).count())
      .toBe(1);
    expect(await page.getByTestId('best-throughput').textContent()).toMatch(/^[\d.]+$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says how much memory the smallest configuration needs when none fits in HBM', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    await waitForResults(page);
    const hbm = field(page, 'HBM capacity (GB)').getByRole('spinbutton');
    const after = await editAndWait(page, () => hbm.fill('10'));
    expect(after.config).toMatch(
      /^Nothing fits at any GPU count from 256 to 1,024\. Every configuration at 1,024 GPUs needs more than 10 GB per GPU: the smallest needs [\d.]+ GB; try more GPUs or a larger HBM\.$/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
