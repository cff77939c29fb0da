// Modern models in the explorer: a preset link opens with its architecture on screen and its parameter
// count and MFU in the headline; an edited architecture field reaches the link, which reopens to the
// same model; a version 1 link of the paper's model still opens collapsed, as the paper's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { editAndWait, messages, waitForResults, waitForUrl } from './app.ts';
import { slimVariant } from '../../src/model/anthe.ts';
import { modelParams } from '../../src/model/params.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { bigCount } from '../../src/ui/format.ts';

/** Llama 3.1 8B on a small GPU range, so the search is quick. */
const LLAMA = '?v=1&model=llama3.1-8b&gmin=8&gmax=64';

const toggle = (page: Page) => page.getByRole('button', { name: /^Architecture/ });

/** The model as the panel shows it. */
async function shownModel(page: Page) {
  const value = (name: string) => page.getByRole('spinbutton', { name, exact: true }).inputValue();
  return {
    preset: await page.getByRole('combobox', { name: 'Model preset' }).inputValue(),
    layers: await value('Layers (depth)'),
    kvHeads: await value('Key/value heads'),
    headWidth: await value('Head width (dimensions per head)'),
    mlp: await page.getByRole('combobox', { name: 'MLP activation' }).inputValue(),
    norm: await page.getByRole('combobox', { name: 'Normalization' }).inputValue(),
    bias: await page.getByRole('checkbox', { name: 'Bias vectors (MLP and attention output)' }).isChecked(),
    vocab: await value('Vocabulary (tokens, 0 = none)'),
    params: await page.getByTestId('model-params').textContent(),
    mfu: await page.getByTestId('best-mfu').textContent(),
  };
}

describe('modern models', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens a Llama 3.1 8B link with its architecture, 8.03 B parameters and an MFU', async () => {
    const { page, errors } = await openPage(browser, LLAMA);
    await waitForResults(page);
    expect(await toggle(page).getAttribute('aria-expanded')).toBe('true');
    const shown = await shownModel(page);
    expect(shown).toMatchObject({
      preset: 'llama3.1-8b',
      layers: '32',
      kvHeads: '8',
      headWidth: '128',
      mlp: 'swiglu',
      norm: 'rmsnorm',
      bias: false,
      vocab: '128256',
      params: '8.03 B parameters',
    });
    expect(shown.mfu).toMatch(/^\d+(\.\d+)?% MFU$/);
    expect(await messages(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('writes an edited architecture field to the link, which reopens to the same model', async () => {
    const { page, errors } = await openPage(browser, LLAMA);
    await waitForResults(page);
    await editAndWait(page, () => page.getByRole('spinbutton', { name: 'Key/value heads' }).fill('4'));
    const url = await waitForUrl(page, (u) => /_kv4_/.test(u.searchParams.get('model') ?? ''));
    expect(url.searchParams.get('model')).toBe(
      'l8192_e4096_f14336_h32_d32_kv4_swiglu_rmsnorm_nobias_nodropout_voc128256_untied',
    );
    const before = await shownModel(page);
    expect(before.preset).toBe('custom');
    expect(before.kvHeads).toBe('4');

    const again = await openPage(browser, url.search);
    await waitForResults(again.page);
    expect(await shownModel(again.page)).toEqual(before);
    expect(await messages(again.page)).toEqual([]);
    expect([...errors, ...again.errors]).toEqual([]);
  });

  it('opens anthe-wmt14 with its parameter count; the slim switch makes the baseline Anthe-style', async () => {
    const shown = (spec: Parameters<typeof modelParams>[0]) =>
      `${bigCount(modelParams(spec).total)} parameters`;
    const anthe = await openPage(browser, '?v=1&model=anthe-wmt14&gmin=4&gmax=16');
    await waitForResults(anthe.page);
    expect(await anthe.page.getByRole('combobox', { name: 'Model preset' }).inputValue()).toBe('anthe-wmt14');
    expect(await anthe.page.getByTestId('model-params').textContent()).toBe(
      shown(MODEL_PRESETS['anthe-wmt14'].spec),
    );
    expect(await anthe.page.getByRole('checkbox', { name: 'Anthe-style (slim)' }).isChecked()).toBe(true);

    const base = await openPage(browser, '?v=1&model=transformer-wmt14&gmin=4&gmax=16');
    await waitForResults(base.page);
    const baseline = MODEL_PRESETS['transformer-wmt14'].spec;
    expect(await base.page.getByTestId('model-params').textContent()).toBe(shown(baseline));
    await editAndWait(base.page, () =>
      base.page.getByRole('checkbox', { name: 'Anthe-style (slim)' }).check(),
    );
    await waitForUrl(base.page, (u) => /_kgv_/.test(u.searchParams.get('model') ?? ''));
    expect(await base.page.getByTestId('model-params').textContent()).toBe(shown(slimVariant(baseline)));
    expect(await messages(base.page)).toEqual([]);
    expect([...anthe.errors, ...base.errors]).toEqual([]);
  });

  it("a tensor chain on the baseline's MLP shrinks its parameters by the engine's count; the link keeps it", async () => {
    const shown = (spec: Parameters<typeof modelParams>[0]) =>
      `${bigCount(modelParams(spec).total)} parameters`;
    const { page, errors } = await openPage(browser, '?v=1&model=transformer-wmt14&gmin=4&gmax=16');
    await waitForResults(page);
    const baseline = MODEL_PRESETS['transformer-wmt14'].spec;
    await editAndWait(page, () =>
      page.getByRole('spinbutton', { name: 'Tensor chain, MLP (ratio, 0 = dense)' }).fill('0.07'),
    );
    await editAndWait(page, () =>
      page
        .getByRole('combobox', { name: 'Tensor chain length, MLP' })
        .selectOption('3')
        .then(() => undefined),
    );
    const chained = { ...baseline, tc: { ffn: { ratio: 0.07, length: 3 as const } } };
    expect(modelParams(chained).total).toBeLessThan(modelParams(baseline).total);
    expect(await page.getByTestId('model-params').textContent()).toBe(shown(chained));
    const url = await waitForUrl(page, (u) => /tcffn0\.07l3/.test(u.searchParams.get('model') ?? ''));
    const again = await openPage(browser, url.search);
    await waitForResults(again.page);
    expect(await again.page.getByTestId('model-params').textContent()).toBe(shown(chained));
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
    await page.close();
  });

  it('opens a version 1 link of the paper’s figures as the paper’s model, architecture collapsed', async () => {
    const { page, errors } = await openPage(
      browser,
      '?v=1&model=l2048_e12288_f49152_h96_d96&gmin=512&gmax=1024',
    );
    await waitForResults(page);
    expect(await page.getByRole('combobox', { name: 'Model preset' }).inputValue()).toBe('gpt3-175b');
    expect(await toggle(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('model-params').textContent()).toMatch(/^17\d B parameters$/);
    expect(await messages(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
