// What a keyboard or screen-reader user meets first: every slider's arrow keys move it to the next valid
// value (Chromium's own step on a log scale rounds back to where it started), and no two buttons on a
// view share a name while doing different things.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, waitForResults } from './app.ts';

/** The values a field's number input shows after each key is pressed on its slider. */
async function press(page: Page, label: string, keys: string[]): Promise<string[]> {
  const slider = page.getByRole('slider', { name: label, exact: true });
  const number = page.getByRole('spinbutton', { name: label, exact: true });
  await slider.focus();
  const seen: string[] = [];
  for (const key of keys) {
    const before = await number.inputValue();
    await page.keyboard.press(key);
    await expect.poll(() => number.inputValue(), { timeout: TIMEOUT }).not.toBe(before);
    seen.push(await number.inputValue());
  }
  return seen;
}

/** Accessible names of the buttons on the page that more than one button has, with their counts. */
async function sharedButtonNames(page: Page): Promise<[string, number][]> {
  const tree = await page.locator('body').ariaSnapshot();
  const counts = new Map<string, number>();
  for (const m of tree.matchAll(/- button "((?:[^"\\]|\\.)*)"/g)) {
    const name = m[1] ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1);
}

describe('keyboard and names', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('arrow keys move each slider to the next valid value; Page Up/Down take bigger valid steps', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);
    // GPT3-1T on A100: sequence 2048, embedding 25600 (heads 160), one NIC per GPU.
    expect(await press(page, 'Sequence length (tokens)', ['ArrowRight', 'ArrowLeft', 'ArrowLeft'])).toEqual([
      '2112',
      '2048',
      '1984',
    ]);
    const [paged] = await press(page, 'Sequence length (tokens)', ['PageUp']);
    expect(Number(paged) % 64).toBe(0);
    expect(Number(paged)).toBeGreaterThan(1984 * 1.5);
    expect(await press(page, 'Attention heads (h)', ['ArrowRight', 'ArrowLeft', 'ArrowLeft'])).toEqual([
      '200',
      '160',
      '128',
    ]);
    expect(await press(page, 'NICs per GPU', ['ArrowRight', 'ArrowLeft', 'ArrowLeft'])).toEqual([
      '2',
      '1',
      '0.5',
    ]);
    expect(await press(page, 'Layers (depth)', ['ArrowUp', 'PageDown'])).toEqual(['129', '78']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no two buttons share a name on any view', async () => {
    const views: [string, (page: Page) => Promise<unknown>][] = [
      ['', (page) => waitForResults(page)],
      [
        '?tab=compare&sys=A100_nvs8,H200_nvs8',
        (page) => page.getByRole('button', { name: 'Edit system 2' }).waitFor({ timeout: TIMEOUT }),
      ],
      [
        '?tab=design&design=figures',
        (page) =>
          page
            .getByRole('heading', { name: 'Every scaling figure at a glance' })
            .waitFor({ timeout: TIMEOUT }),
      ],
    ];
    for (const [path, ready] of views) {
      const { page, errors } = await openPage(browser, path);
      await ready(page);
      expect(await sharedButtonNames(page), path || 'explore').toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
