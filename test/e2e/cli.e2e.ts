// The page and the CLI run one engine: a scenario given by a link shows, in the summary, the number the
// CLI prints for the same scenario written out by hand (not exported by the page, so the link's
// decoding and the page's request are checked too).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { launchBrowser, openPage } from './browser.ts';
import { TIMEOUT, formatThroughput, waitForResults } from './app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** A scenario far from the defaults in every input the link carries. */
const LINK =
  '?v=1&model=l2048_e12288_f49152_h96_d96&s=2d&fa=0&b=1024&sys=H200_nvs8_hbm100&gmin=64&gmax=512&n=256';
const SCENARIO = {
  model: { l: 2048, e: 12288, f: 49152, h: 96, depth: 96 },
  system: { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8, hbm_capacity: 100 },
  strategy: '2d',
  flashAttention: false,
  globalBatchSize: 1024,
  gpusSearched: [64, 128, 256, 512],
};
const GPUS = 256;

interface Sweep {
  results: { gpus: number; top: { throughput: number; config: Record<string, number | null> }[] }[];
}

describe('the page and the CLI agree', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'parallax-e2e-cli-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the CLI's best throughput and configuration for a linked scenario", async () => {
    const input = path.join(dir, 'scenario.json');
    writeFileSync(input, JSON.stringify(SCENARIO));
    const cli = run('node', ['src/cli/launch.mjs', 'src/cli/main.ts', 'search', '--input', input], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      timeout: TIMEOUT,
    });

    const { page, errors } = await openPage(browser, LINK);
    const shown = await waitForResults(page);
    expect(await page.locator('#summary-heading').textContent()).toMatch(/at 256 GPUs on H200/);

    const { stdout, stderr } = await cli;
    expect(stderr).toBe('');
    const best = (JSON.parse(stdout) as Sweep).results.find((r) => r.gpus === GPUS)?.top[0];
    expect(best).toBeDefined();
    expect(shown.throughput).toBe(formatThroughput(best?.throughput ?? NaN));
    const c = best?.config ?? {};
    expect(shown.config).toMatch(
      new RegExp(`^dp ${c['dp']} × tp ${c['tp1']}×${c['tp2']} × pp ${c['pp']}, micro-batch ${c['mbs']}, `),
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
