// The calibration view in Chromium: open its tab, filter to h100-sxm, see one point and one table row per
// h100-sxm run with the engine's generated residuals, then click a run and land in the explorer with its
// model, system and GPU count, in the URL too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CALIBRATION_ROWS } from '../../src/presets/calibrationRuns.ts';
import { architecture, type ModelSpec } from '../../src/model/spec.ts';
import { decodeState } from '../../src/url/codec.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { TIMEOUT, waitForUrl } from './app.ts';

const engineView = (m: ModelSpec) => ({
  ...architecture(m),
  l: m.l,
  e: m.e,
  f: m.f,
  h: m.h,
  depth: m.depth,
});

const H100 = CALIBRATION_ROWS.runs.filter((r) => r.systemId === 'h100-sxm');

describe('calibration view', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('filters to h100-sxm, shows its points and residuals, and opens a run in the explorer', async () => {
    expect(H100.length).toBeGreaterThan(1);
    const { page, errors } = await openPage(browser, '');
    await page.getByRole('button', { name: 'Calibration', exact: true }).click();
    const table = page.getByTestId('calibration-residuals');
    await expect
      .poll(() => table.locator('tbody tr').count(), { timeout: TIMEOUT })
      .toBe(CALIBRATION_ROWS.runs.length);
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'calibration');

    await page.getByLabel('Filter by system').selectOption('h100-sxm');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: TIMEOUT }).toBe(H100.length);
    const chart = page.getByTestId('calibration-chart');
    expect(await chart.locator('circle[data-testid^="calibration-point-"]').count()).toBe(H100.length);
    expect(await page.getByTestId('calibration-band').count()).toBe(1);
    for (const r of H100.slice(0, 3)) {
      const cell = page.getByTestId(`calibration-row-${r.id}`).locator('td[data-value]');
      expect(Number(await cell.getAttribute('data-value'))).toBe(r.residual);
    }
    await screenshot(page, 'calibration-h100');

    // Click the point drawn last (on top where points overlap: runs of one model can share a prediction).
    const run = H100[H100.length - 1]!;
    await page.getByTestId(`calibration-point-${run.id}`).click();
    const url = await waitForUrl(
      page,
      (u) => u.searchParams.get('tab') === null && u.searchParams.get('n') !== null,
    );
    const { inputs, view } = decodeState(url.search);
    expect(view.tab).toBe('explore');
    expect(view.selectedGpus).toBe(run.gpus);
    // The link leaves out fields at their defaults (head dimension e / h): compare the models as the engine
    // reads them.
    expect(engineView(inputs.model)).toEqual(engineView(run.spec));
    expect(inputs.systems.map((s) => s.preset)).toEqual(['h100-sxm']);
    expect(inputs.globalBatchSize).toBe(run.globalBatchSize);
    await expect
      .poll(() => page.getByRole('button', { name: 'Explore', exact: true }).getAttribute('aria-current'))
      .toBe('page');
    expect(errors).toEqual([]);
    await page.close();
  });
});
