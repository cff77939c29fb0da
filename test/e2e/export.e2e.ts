// Exports: the scenario JSON reads back into the CLI, which computes the very numbers the page shows;
// charts download as SVG and PNG; the top-10 table as CSV.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import {
  TIMEOUT,
  chart,
  formatThroughput,
  messages,
  queryOf,
  runsStarted,
  waitForResults,
  waitForUrl,
} from './app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

interface Ranked {
  throughput: number;
  mem: number;
  config: Record<string, number | null>;
  totals: Record<string, number>;
}
interface Sweep {
  results: { gpus: number; top: Ranked[] }[];
}

/** Clicks `button` and saves the download it starts; returns the file's path and suggested name. */
async function download(page: Page, click: () => Promise<void>, dir: string) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), click()]);
  const name = file.suggestedFilename();
  const saved = path.join(dir, name);
  await file.saveAs(saved);
  expect(await file.failure()).toBeNull();
  return { saved, name };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe('export', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'parallax-e2e-export-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a scenario whose numbers the CLI reproduces exactly', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    const best = await waitForResults(page);
    const heading = (await page.locator('#summary-heading').textContent()) ?? '';
    const gpus = Number(/at ([\d,]+) GPUs/.exec(heading)?.[1]?.replace(/,/g, ''));
    expect(gpus).toBe(1024);

    const { saved, name } = await download(
      page,
      () => page.getByRole('button', { name: 'Export JSON' }).click(),
      dir,
    );
    expect(name).toBe('parallax-scenario.json');
    const exported = JSON.parse(readFileSync(saved, 'utf8')) as Sweep & {
      gpusSearched: number[];
      strategy: string;
      globalBatchSize: number;
    };
    expect(exported.gpusSearched).toEqual([256, 512, 1024]);
    expect(exported.strategy).toBe('1d');
    expect(exported.globalBatchSize).toBe(4096);
    expect(exported.results.length).toBeGreaterThan(0);

    const { stdout, stderr } = await run(
      'npm',
      ['run', '--silent', 'cli', '--', 'search', '--input', saved],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        timeout: TIMEOUT,
      },
    );
    expect(stderr).toBe('');
    const cli = JSON.parse(stdout) as Sweep;

    // The summary's figure is the CLI's best at the detailed GPU count, formatted as the UI does.
    const cliBest = cli.results.find((r) => r.gpus === gpus)?.top[0];
    expect(cliBest).toBeDefined();
    expect(formatThroughput(cliBest?.throughput ?? NaN)).toBe(best.throughput);

    // Every exported result equals the CLI's: same GPU counts, same ranking, throughputs to 1e-9.
    expect(exported.results.map((r) => r.gpus)).toEqual(cli.results.map((r) => r.gpus));
    let compared = 0;
    exported.results.forEach((r, i) => {
      const other = cli.results[i];
      expect(r.top.map((t) => t.config)).toEqual(other?.top.map((t) => t.config));
      r.top.forEach((t, j) => {
        const c = other?.top[j];
        expect(relative(t.throughput, c?.throughput ?? NaN)).toBeLessThanOrEqual(1e-9);
        expect(relative(t.mem, c?.mem ?? NaN)).toBeLessThanOrEqual(1e-9);
        expect(relative(t.totals['t'] ?? NaN, c?.totals['t'] ?? NaN)).toBeLessThanOrEqual(1e-9);
        compared++;
      });
    });
    expect(compared).toBeGreaterThanOrEqual(10);

    // The top-10 table shows the same throughputs.
    const shown = await page
      .locator('section[aria-labelledby="top-heading"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[8]?.textContent ?? ''));
    expect(shown).toEqual(
      cli.results.find((r) => r.gpus === gpus)?.top.map((t) => formatThroughput(t.throughput)),
    );
    expect(errors).toEqual([]);
    await page.close();

    // "Open JSON" reads the export back into a default page: same scenario, same answer.
    const other = await openPage(browser);
    await waitForResults(other.page);
    const before = await runsStarted(other.page);
    await other.page.getByLabel('Open a scenario file').setInputFiles(saved);
    const reopened = await waitForResults(other.page, before);
    expect(reopened).toEqual(best);
    await waitForUrl(other.page, (u) => u.search === '?v=1&gmin=256&gmax=1024');
    expect(await messages(other.page)).toEqual(['Opened parallax-scenario.json.']);
    expect(other.errors).toEqual([]);
    await other.page.close();
  });

  // An export reopened at 16,384 GPUs when 512 were selected: the file keeps what the link keeps.
  it('reopens an export with the selected GPU count and every other field the link keeps', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024&n=512&bd=fraction&b=2048');
    await waitForResults(page);
    // Detail the third-best configuration too, so the link carries one.
    await page.getByRole('button', { name: 'Detail configuration 3' }).click();
    const link = await waitForUrl(page, (u) => u.searchParams.has('cfg'));
    const { saved } = await download(
      page,
      () => page.getByRole('button', { name: 'Export JSON' }).click(),
      dir,
    );
    await page.close();

    const other = await openPage(browser);
    await waitForResults(other.page);
    const before = await runsStarted(other.page);
    await other.page.getByLabel('Open a scenario file').setInputFiles(saved);
    await waitForResults(other.page, before);
    const reopened = await waitForUrl(other.page, (u) => u.searchParams.has('cfg'));
    expect(queryOf(reopened.href)).toEqual(queryOf(link.href));
    expect(queryOf(link.href)).toEqual(expect.arrayContaining(['n=512', 'bd=fraction', 'b=2048']));
    expect(await other.page.locator('#summary-heading').textContent()).toMatch(
      /^Fastest configuration at 512 GPUs/,
    );
    expect(
      await other.page.getByRole('button', { name: 'Detail configuration 3' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await messages(other.page)).toEqual(['Opened parallax-scenario.json.']);

    // A file that does not open replaces the message of the one opened before, not stacks under it.
    await other.page.getByLabel('Open a scenario file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ not json'),
    });
    await expect
      .poll(() => messages(other.page), { timeout: TIMEOUT })
      .toEqual([expect.stringMatching(/^broken\.json: The file is not valid JSON/)]);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.page.close();
  });

  it('downloads a chart as SVG and as PNG, and the top-10 table as CSV', async () => {
    const { page, errors } = await openPage(browser, '?gmin=256&gmax=1024');
    await waitForResults(page);
    const scaling = chart(page, 'Throughput vs GPU count');
    await expect.poll(() => scaling.locator('.plot-dot').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);

    const svg = await download(
      page,
      () => page.getByRole('button', { name: 'Download Throughput vs GPU count as SVG' }).click(),
      dir,
    );
    expect(svg.name).toBe('parallax-scaling.svg');
    const svgText = readFileSync(svg.saved, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toMatch(/^<svg[^>]*\sxmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain('<title>Throughput vs GPU count</title>');
    expect(svgText).toContain('1. A100 NVS4');
    expect(svgText.trimEnd().endsWith('</svg>')).toBe(true);

    const png = await download(
      page,
      () => page.getByRole('button', { name: 'Download Step time breakdown as PNG' }).click(),
      dir,
    );
    expect(png.name).toBe('parallax-step-time.png');
    const pngBytes = readFileSync(png.saved);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, at twice the figure's size on screen.
    const figure = await chart(page, 'Step time breakdown').boundingBox();
    expect(pngBytes.readUInt32BE(16)).toBeGreaterThan((figure?.width ?? 0) * 1.5);
    expect(pngBytes.readUInt32BE(20)).toBeGreaterThan(100);
    expect(await chart(page, 'Step time breakdown').getByRole('alert').count()).toBe(0);

    const csv = await download(
      page,
      () =>
        page
          .locator('section[aria-labelledby="top-heading"]')
          .getByRole('button', { name: 'Download CSV' })
          .click(),
      dir,
    );
    expect(csv.name).toBe('parallax-top-1024-gpus.csv');
    const lines = readFileSync(csv.saved, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(
      'rank,dp,tp1,tp2,pp,mbs,nb,nv_tp1,nv_tp2,nv_dp,nv_pp,throughput_samples_per_s,mem_gb,step_s,bottleneck,' +
        'tokens_per_s_per_gpu,mfu,time_to_train_s,gpu_hours,cost,energy_mwh',
    );
    const data = lines.slice(1);
    expect(data).toHaveLength(10);
    data.forEach((line, i) => {
      const cells = line.split(',');
      expect(cells).toHaveLength(21);
      expect(cells[0]).toBe(String(i + 1));
      expect(Number(cells[1]) * Number(cells[2]) * Number(cells[3]) * Number(cells[4])).toBe(1024);
      expect(Number(cells[11])).toBeGreaterThan(0);
    });
    // Ranked by throughput, as on the page.
    const throughputs = data.map((line) => Number(line.split(',')[11]));
    expect([...throughputs].sort((a, b) => b - a)).toEqual(throughputs);
    expect(errors).toEqual([]);
    await page.close();
  });
});
