// Smoke test: the built app loads in a real browser, renders a heading and logs no errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';

describe('smoke', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads the app with a title, a visible heading and no errors', async () => {
    const { page, errors } = await openPage(browser);

    expect(await page.title()).toContain('Parallax');
    const heading = page.getByRole('heading').first();
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await heading.isVisible()).toBe(true);
    expect(await heading.textContent()).toBeTruthy();

    expect(errors).toEqual([]);
    await page.close();
  });
});
