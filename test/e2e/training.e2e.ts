// The Training group: leaving recomputation to the search shows, per ranked configuration, the setting it
// chose in the top-10 table, and the link keeps the choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, editAndWait, waitForResults, waitForUrl } from './app.ts';

describe('training settings', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('recompute "search" reports the chosen recomputation per configuration', async () => {
    // One GPU count keeps the search short.
    const { page, errors } = await openPage(browser, '?v=1&gmin=512&gmax=512');
    await waitForResults(page);
    const top = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: 'Bottleneck' }) });
    expect(await top.getByRole('columnheader', { name: 'Training' }).count()).toBe(0);

    await editAndWait(page, () =>
      page
        .getByLabel('Activation recomputation')
        .selectOption('search')
        .then(() => undefined),
    );
    await top.getByRole('columnheader', { name: 'Training' }).waitFor({ timeout: TIMEOUT });
    const cells = await top.locator('tbody tr td:last-child').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c).toMatch(/^(no|selective|full) recompute · ZeRO 1 · bf16$/);
    const url = await waitForUrl(page, (u) => u.search.includes('tr='));
    expect(url.search).toContain('tr=s.1.bf16.12.1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
