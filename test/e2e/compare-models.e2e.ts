// Compare models: Llama 3.1 8B against 70B on one H200 system. The view shows, for each, the parameters
// and the fewest GPUs that fit that the engine computes for the same scenario in this process; the
// curves overlay; the link reopens the view with the same models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { slimVariant } from '../../src/model/anthe.ts';
import { modelParams } from '../../src/model/params.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, chart, clickScalingAt, waitForResults, waitForUrl } from './app.ts';

/** The scenario of the link, as the engine takes it. */
const GPUS = [1, 2, 4, 8, 16, 32, 64];
const LINK = '?b=256&sys=H200_nvs8&gmin=1&gmax=64';
const MODELS = ['llama3.1-8b', 'llama3.1-70b'] as const;

function engine(id: (typeof MODELS)[number]) {
  const results = searchSweep({
    model: MODEL_PRESETS[id].spec,
    system: { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 },
    strategy: '1d',
    globalBatchSize: 256,
    gpus: GPUS,
    top: 1,
    options: { flashAttention: true },
    cloudSize: 0,
    withBest: false,
  });
  return {
    params: modelParams(MODEL_PRESETS[id].spec).total,
    fewest: results.find((r) => r.top.length > 0)?.gpus ?? null,
  };
}

/** The value a table cell carries, once it has one. */
async function cellValue(page: Page, id: string): Promise<number> {
  const cell = page.getByTestId(id);
  await expect.poll(() => cell.getAttribute('data-value'), { timeout: TIMEOUT }).not.toBeNull();
  return Number(await cell.getAttribute('data-value'));
}

describe('compare models', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the engine's parameters and fewest GPUs for Llama 3.1 8B and 70B, and the link keeps them", async () => {
    const expected = MODELS.map(engine);
    // 70B needs more GPUs than 8B here, so the check can tell the models apart.
    expect(expected[1]!.fewest).toBeGreaterThan(expected[0]!.fewest!);

    const { page, errors } = await openPage(browser, LINK);
    await waitForResults(page);
    const tab = page.getByRole('button', { name: 'Compare models' });
    await tab.click();
    expect(await tab.getAttribute('aria-current')).toBe('page');
    for (const [k, id] of MODELS.entries())
      await page.getByRole('combobox', { name: `Model ${k + 1}`, exact: true }).selectOption(id);
    const url = await waitForUrl(page, (u) => u.searchParams.get('cm') === MODELS.join(','));
    expect(url.searchParams.get('tab')).toBe('models');

    for (const [k, e] of expected.entries()) {
      expect(await cellValue(page, `params-${k}`)).toBe(e.params);
      expect(await cellValue(page, `fewest-${k}`)).toBe(e.fewest);
    }
    await expect
      .poll(() => page.getByTestId('params-0').textContent(), { timeout: TIMEOUT })
      .toBe(`${(expected[0]!.params / 1e9).toPrecision(3)} B`);

    // Two solid curves and their ideals, one per model.
    const scaling = chart(page, 'Throughput vs GPU count');
    await expect.poll(() => scaling.locator('.plot-line[d^="M"]').count(), { timeout: TIMEOUT }).toBe(4);
    expect(await scaling.locator('.chart-legend-text').allTextContents()).toEqual([
      '1. llama3.1-8b',
      '1. llama3.1-8b, ideal',
      '2. llama3.1-70b',
      '2. llama3.1-70b, ideal',
    ]);
    // Clicking a count details it: the table's heading and both charts at that count.
    await clickScalingAt(page, 16);
    await page.getByRole('heading', { name: 'At 16 GPUs', exact: true }).waitFor({ timeout: TIMEOUT });
    const memory = chart(page, 'Memory per GPU by model at 16 GPUs');
    await expect.poll(() => memory.locator('.plot-column').count(), { timeout: TIMEOUT }).toBe(2);
    await expect
      .poll(() => chart(page, 'Step time by model at 16 GPUs').locator('.plot-column').count(), {
        timeout: TIMEOUT,
      })
      .toBe(2);
    const linked = await waitForUrl(page, (u) => u.searchParams.get('n') === '16');

    // The link reopens the view with the same models and figures.
    const again = await openPage(browser, linked.search);
    await again.page.getByRole('heading', { name: 'Models compared' }).waitFor({ timeout: TIMEOUT });
    for (const [k, id] of MODELS.entries())
      expect(
        await again.page.getByRole('combobox', { name: `Model ${k + 1}`, exact: true }).inputValue(),
      ).toBe(id);
    expect(await cellValue(again.page, 'fewest-1')).toBe(expected[1]!.fewest);
    expect(again.errors).toEqual([]);
    await again.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('puts a model beside its slim (Anthe-style) variant, with the parameters the engine counts', async () => {
    const spec = MODEL_PRESETS['llama3.1-8b'].spec;
    const full = modelParams(spec).total;
    const slim = modelParams(slimVariant(spec)).total;
    expect(slim).toBeLessThan(full / 3);

    const { page, errors } = await openPage(browser, LINK);
    await waitForResults(page);
    await page.getByRole('button', { name: 'Compare models' }).click();
    for (const k of [0, 1])
      await page.getByRole('combobox', { name: `Model ${k + 1}`, exact: true }).selectOption('llama3.1-8b');
    await page.getByRole('combobox', { name: 'Model 2 variant' }).selectOption('slim');
    await waitForUrl(page, (u) => u.searchParams.get('cm') === 'llama3.1-8b,llama3.1-8b_var-slim');
    expect(await cellValue(page, 'params-0')).toBe(full);
    expect(await cellValue(page, 'params-1')).toBe(slim);
    expect(errors).toEqual([]);
    await page.close();
  });
});
