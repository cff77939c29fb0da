// Sharing: a non-default view survives its link opened in a fresh browser context, and "Copy link"
// hands out that same link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MODEL_PRESET_IDS } from '../../src/presets/models.ts';
import { baseUrl, launchBrowser, openPage } from './browser.ts';
import {
  TIMEOUT,
  chart,
  clickScalingAt,
  editAndWait,
  layerConfigLine,
  queryOf,
  waitForResults,
  waitForUrl,
} from './app.ts';

const MODEL = 'vit-era5';
const STRATEGY = '2D SUMMA tensor parallel';
const GPUS = 4096;

/** What the page shows about the scenario: controls, summary, selection. */
async function visibleState(page: Page) {
  const checked = page.getByRole('radio', { checked: true });
  return {
    model: await page.getByRole('combobox', { name: 'Model preset' }).inputValue(),
    system: await page.getByRole('combobox', { name: 'System preset' }).inputValue(),
    strategy: await checked.getAttribute('value'),
    strategyLabel: (await page.locator('label.radio', { has: checked }).textContent())?.trim(),
    nvlink: await page.getByRole('spinbutton', { name: 'NVLink domain size (GPUs)' }).inputValue(),
    hbm: await page.getByRole('spinbutton', { name: 'HBM capacity (GB)' }).inputValue(),
    embedding: await page.getByRole('spinbutton', { name: 'Embedding dimension (e)' }).inputValue(),
    heads: await page.getByRole('spinbutton', { name: 'Attention heads (h)' }).inputValue(),
    fewest: await page.getByRole('spinbutton', { name: 'Fewest GPUs' }).inputValue(),
    most: await page.getByRole('spinbutton', { name: 'Most GPUs' }).inputValue(),
    heading: await page.locator('#summary-heading').textContent(),
    bestConfig: await page.getByTestId('best-config').textContent(),
    bestThroughput: await page.getByTestId('best-throughput').textContent(),
    detailed: await layerConfigLine(page).textContent(),
    pressedRow: await page
      .locator('section[aria-labelledby="top-heading"] button[aria-pressed="true"]')
      .getAttribute('aria-label'),
  };
}

describe('share', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('restores a non-default view from its link in a fresh context, and Copy link gives that link', async () => {
    const { page, errors } = await openPage(browser);
    await waitForResults(page);

    await editAndWait(page, () =>
      page
        .getByRole('combobox', { name: 'Model preset' })
        .selectOption(MODEL)
        .then(() => undefined),
    );
    await editAndWait(page, () => page.getByRole('radio', { name: STRATEGY }).check());
    const best = await editAndWait(page, () =>
      page.getByRole('spinbutton', { name: 'NVLink domain size (GPUs)' }).fill('8'),
    );
    expect(best.config).toMatch(/^dp \d+ × tp \d+×\d+ × pp \d+, micro-batch \d+, \d+ SUMMA panels/);

    // Detail 4,096 GPUs from the chart, then the second-fastest configuration there.
    await expect
      .poll(() => chart(page, 'Throughput vs GPU count').locator('.plot-dot').count(), {
        timeout: TIMEOUT,
      })
      .toBeGreaterThan(0);
    await clickScalingAt(page, GPUS);
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: /^Top 10 configurations at/ }).textContent(), {
        timeout: TIMEOUT,
      })
      .toBe(`Top 10 configurations at ${GPUS.toLocaleString('en-US')} GPUs`);
    await page.getByRole('button', { name: 'Detail configuration 2', exact: true }).click();
    const url = await waitForUrl(
      page,
      (u) =>
        u.searchParams.get('model') === MODEL &&
        u.searchParams.get('s') === '2d' &&
        u.searchParams.get('sys') === 'A100_nvs8' &&
        u.searchParams.get('n') === String(GPUS) &&
        /^dp\d+_tpa\d+_tpb\d+_pp\d+_mbs\d+_nb\d+_nva\d+_nvb\d+_nvd\d+_nvp\d+$/.test(
          u.searchParams.get('cfg') ?? '',
        ),
    );
    await expect
      .poll(() => layerConfigLine(page).textContent(), { timeout: TIMEOUT })
      .not.toBe(await page.getByTestId('best-config').textContent());
    await expect
      .poll(() => page.locator('table.layers tbody tr').count(), { timeout: TIMEOUT })
      .toBeGreaterThan(4);
    const shown = await visibleState(page);
    expect(shown).toMatchObject({
      model: MODEL,
      strategy: '2d',
      strategyLabel: STRATEGY,
      nvlink: '8',
      heading: `Fastest configuration at ${GPUS.toLocaleString('en-US')} GPUs on A100 NVS8`,
      pressedRow: 'Detail configuration 2',
    });
    expect(shown.bestThroughput).toMatch(/^[\d,.]+$/);
    expect(url.href).toBe(page.url());

    // The same link, opened where nothing is shared with the first page.
    const fresh = await openPage(browser, url.search);
    await waitForResults(fresh.page);
    await expect
      .poll(() => layerConfigLine(fresh.page).textContent(), { timeout: TIMEOUT })
      .toBe(shown.detailed);
    await expect.poll(() => visibleState(fresh.page), { timeout: TIMEOUT }).toEqual(shown);
    expect(await fresh.page.getByRole('list', { name: 'Messages' }).count()).toBe(0);
    expect(queryOf(fresh.page.url())).toEqual(queryOf(url.href));
    expect(fresh.errors).toEqual([]);

    // Copy link, with the clipboard allowed.
    await fresh.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(baseUrl()).origin,
    });
    await fresh.page.getByRole('button', { name: 'Copy link' }).click();
    await expect
      .poll(() => fresh.page.locator('.copy-link button').textContent(), { timeout: TIMEOUT })
      .toBe('Link copied');
    const copied = await fresh.page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).pathname).toBe(new URL(fresh.page.url()).pathname);
    expect(queryOf(copied)).toEqual(queryOf(fresh.page.url()));
    expect(queryOf(copied)).toEqual(queryOf(url.href));
    expect(
      await fresh.page.getByRole('status').filter({ hasText: 'Link copied to the clipboard' }).count(),
    ).toBe(1);

    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.page.close();
    await page.close();
  });

  it("offers every model preset, and a preset sharing the paper model's layers keeps its own link", async () => {
    const { page, errors } = await openPage(browser, '?v=1&gmin=64&gmax=256');
    await waitForResults(page);
    const select = page.getByRole('combobox', { name: 'Model preset' });
    const options = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([...MODEL_PRESET_IDS, 'custom']);

    // GPT-3 175B with its vocabulary has the paper preset's five figures; only the vocabulary differs.
    await editAndWait(page, () => select.selectOption('gpt3-175b-vocab').then(() => undefined));
    const url = await waitForUrl(page, (u) => u.searchParams.get('model') === 'gpt3-175b-vocab');
    expect(await select.inputValue()).toBe('gpt3-175b-vocab');

    const fresh = await openPage(browser, url.search);
    await waitForResults(fresh.page);
    const freshSelect = fresh.page.getByRole('combobox', { name: 'Model preset' });
    await expect.poll(() => freshSelect.inputValue(), { timeout: TIMEOUT }).toBe('gpt3-175b-vocab');
    expect(queryOf(fresh.page.url())).toEqual(queryOf(url.href));
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.page.close();
    await page.close();
  });

  it('Copy link puts the current link in the clipboard or, failing that, in a field to copy by hand', async () => {
    const { page, errors } = await openPage(browser, '?v=1&b=2048&s=2d-seqp&gmin=64&gmax=2048&bd=fraction');
    await waitForResults(page);
    await page.getByRole('spinbutton', { name: 'HBM capacity (GB)' }).fill('96');
    const url = await waitForUrl(page, (u) => u.searchParams.get('sys') === 'A100_hbm96');

    // No clipboard permission granted: the browser may refuse the write.
    await page.getByRole('button', { name: /^(Copy link|Link copied)$/ }).click();
    const fallback = page.getByRole('textbox', { name: 'Link to this view' });
    await expect
      .poll(
        async () =>
          (await fallback.count()) > 0 ||
          (await page.locator('.copy-link button').textContent()) === 'Link copied',
        { timeout: TIMEOUT },
      )
      .toBe(true);
    let link: string;
    if ((await fallback.count()) > 0) {
      link = await fallback.inputValue();
    } else {
      await page.context().grantPermissions(['clipboard-read'], { origin: new URL(baseUrl()).origin });
      link = await page.evaluate(() => navigator.clipboard.readText());
    }
    expect(queryOf(link)).toEqual(queryOf(url.href));
    expect(queryOf(link)).toEqual([
      'b=2048',
      'bd=fraction',
      'gmax=2048',
      'gmin=64',
      's=2d-seqp',
      'sys=A100_hbm96',
      'v=1',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
