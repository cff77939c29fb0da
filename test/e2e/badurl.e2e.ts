// Links with bad values: the page still searches with defaults, names every value it could not take in
// the "Messages" list, and hostile links never crash it or run script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, messages, waitForResults } from './app.ts';

const CONFIG = /^dp \d+ × tp \d+ × pp \d+, micro-batch \d+; NVLink domain: /;

interface Watched {
  page: Page;
  errors: string[];
  dialogs: string[];
}

/** Like openPage, but also records (and dismisses) every alert/confirm/prompt, from before navigation. */
async function openWatched(browser: Browser, search: string): Promise<Watched> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  // The query goes to the server as typed (Chromium escapes only what it must).
  const response = await page.goto(`${baseUrl()}${search}`, { waitUntil: 'load' });
  if (response && !response.ok()) errors.push(`http: ${response.status()}`);
  return { page, errors, dialogs };
}

describe('bad links', () => {
  let browser: Browser;
  let defaults: { config: string; throughput: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    const { page } = await openPage(browser);
    defaults = await waitForResults(page);
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('names each bad value and searches the default scenario instead', async () => {
    const { page, errors, dialogs } = await openWatched(
      browser,
      '?v=1&b=abc&model=l2048_e12100_f4_h48_d2&sys=Z9&gmin=64&gmax=8&n=3&zzz=1',
    );
    const best = await waitForResults(page);
    expect(best.config).toMatch(CONFIG);
    expect(best).toEqual(defaults);
    expect(await page.locator('#summary-heading').textContent()).toBe(
      'Fastest configuration at 16,384 GPUs on A100 NVS4',
    );

    const list = await messages(page);
    const named = (pattern: RegExp) => list.filter((m) => pattern.test(m));
    expect(named(/global batch "b=abc"/)).toHaveLength(1);
    expect(named(/model is not valid.*heads \(48\) must divide embedding \(12100\)/)).toHaveLength(1);
    expect(named(/systems "sys=Z9"/)).toHaveLength(1);
    expect(named(/GPU range \(64 to 8\)/)).toHaveLength(1);
    expect(named(/selected GPU count \(3\)/)).toHaveLength(1);
    expect(named(/settings "zzz" are unknown/)).toHaveLength(1);
    expect(list).toHaveLength(6);
    // Each replaced value shows its default in the controls.
    expect(await page.getByRole('spinbutton', { name: 'Global batch (sequences)' }).inputValue()).toBe(
      '4096',
    );
    expect(await page.getByRole('spinbutton', { name: 'Embedding dimension (e)' }).inputValue()).toBe(
      '25600',
    );
    expect(await page.getByRole('spinbutton', { name: 'Attention heads (h)' }).inputValue()).toBe('160');
    expect(await page.getByRole('combobox', { name: 'System preset' }).inputValue()).toBe('A100');
    expect(await page.getByRole('spinbutton', { name: 'Fewest GPUs' }).inputValue()).toBe('4');
    expect(await page.getByRole('spinbutton', { name: 'Most GPUs' }).inputValue()).toBe('16384');

    // Messages can be dismissed one by one.
    await page.getByRole('button', { name: 'Dismiss message' }).first().click();
    await expect.poll(() => messages(page), { timeout: TIMEOUT }).toHaveLength(5);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  const HOSTILE: readonly { name: string; search: string; message: RegExp }[] = [
    {
      name: 'a query over 4096 characters',
      search: `?v=1&model=gpt3-175b&pad=${'a'.repeat(4200)}`,
      message: /over 4096 characters long; they were ignored/,
    },
    { name: 'a broken percent escape', search: '?%E0%A4%A', message: /settings ".*" are unknown/ },
    {
      name: 'an HBM capacity beyond the largest double',
      search: '?sys=A100_hbm-1e309',
      message: /systems "sys=A100_hbm-1e309" is not valid/,
    },
    {
      name: 'an infinite HBM capacity',
      search: '?sys=A100_hbm1e309',
      message: /systems "sys=A100_hbm1e309"/,
    },
    {
      name: 'a negative HBM capacity',
      search: '?sys=A100_hbm-5',
      message: /system 1 is not valid \(system\.hbm_capacity: .*\(got -5\)\)/,
    },
    {
      name: 'a script tag as the model',
      search: '?model=<script>alert(1)</script>',
      message: /model "model=<script>alert\(1\)<\/script>" is not valid/,
    },
    {
      name: 'an escaped script tag as the model',
      search: '?model=%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E',
      message: /model "model=<script>alert\(document\.domain\)<\/script>" is not valid/,
    },
    {
      name: 'an image with an error handler as a key',
      search: '?v=1&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1',
      message: /settings "<img src=x onerror=alert\(1\)>" are unknown/,
    },
    {
      name: 'a javascript: URL and prototype keys',
      search: '?tab=javascript:alert(1)&__proto__=1&constructor=1',
      message: /view "tab=javascript:alert\(1\)" is not valid/,
    },
    {
      name: 'a 20-digit batch and a negative GPU count',
      search: '?b=99999999999999999999&gmin=-4&n=1e3',
      message: /global batch "b=99999999999999999999" is not valid/,
    },
    {
      name: 'an unknown link version',
      search: '?v=999&b=8',
      message: /made by a newer Parallax \(version 999\)/,
    },
  ];

  for (const { name, search, message } of HOSTILE) {
    it(`survives ${name}`, async () => {
      const { page, errors, dialogs } = await openWatched(browser, search);
      const best = await waitForResults(page);
      expect(best.config).toMatch(/^dp \d+ × tp \d+ × pp \d+/);
      expect(Number(best.throughput.replace(/,/g, ''))).toBeGreaterThan(0);
      const list = await messages(page);
      expect(list.length).toBeGreaterThan(0);
      expect(list.some((m) => message.test(m))).toBe(true);
      // Nothing from the link became markup: the app's one module script, no image, no handler ran.
      expect(await page.locator('script:not([type="module"])').count()).toBe(0);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Parallax');
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      await page.close();
    });
  }

  it('keeps the messages of a link out of the link it writes next', async () => {
    const { page, errors } = await openWatched(browser, '?v=1&b=abc&zzz=1');
    await waitForResults(page);
    expect(await messages(page)).toHaveLength(2);
    const before = await page.evaluate(() => performance.getEntriesByName('parallax:run-start').length);
    await page.getByRole('radio', { name: '2D SUMMA tensor parallel' }).check();
    await waitForResults(page, before);
    // The next URL write carries only valid settings.
    await expect.poll(() => new URL(page.url()).search, { timeout: TIMEOUT }).toBe('?v=1&s=2d');
    expect(errors).toEqual([]);
    await page.close();
  });
});
