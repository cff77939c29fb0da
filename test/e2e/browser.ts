// Helpers for the end-to-end specs (test/e2e/*.e2e.ts). They run under `npm run test:e2e`, which
// builds the app, serves it and sets PARALLAX_URL; see test/e2e/run.mjs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; no browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Where screenshots go: the ignored artifacts folder, unless PARALLAX_SCREENSHOTS names another (the
 * `npm run screenshots` script points it at docs/screenshots to refresh the README's images).
 */
export const SCREENSHOT_DIR = process.env['PARALLAX_SCREENSHOTS']
  ? path.resolve(process.env['PARALLAX_SCREENSHOTS'])
  : fileURLToPath(new URL('./artifacts/screenshots/', import.meta.url));

/** The served app's URL (always ending in `/`), from PARALLAX_URL. */
export function baseUrl(): string {
  const url = process.env['PARALLAX_URL'];
  if (!url) {
    throw new Error(
      'PARALLAX_URL is not set: run the e2e specs with `npm run test:e2e` (it builds and serves the app), ' +
        'or set PARALLAX_URL to a running Parallax, e.g. http://127.0.0.1:4173/',
    );
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** Headless Chromium with the flags that work on this machine (no sandbox, no GPU, no network chatter). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Console errors (`console: ...`) and uncaught page errors (`pageerror: ...`), in order. */
  errors: string[];
}

/**
 * Opens a new page at PARALLAX_URL + `path` (e.g. `''`, `'#state'`, `'?preset=gpt3'`) and waits for
 * `load`. Console errors and uncaught exceptions are recorded from before navigation starts.
 */
export async function openPage(browser: Browser, path = ''): Promise<OpenedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const location = message.location();
      const where = location.url ? ` (${location.url}:${location.lineNumber})` : '';
      errors.push(`console: ${message.text()}${where}`);
    }
  });
  page.on('pageerror', (error) => {
    errors.push(`pageerror: ${error.stack ?? error.message}`);
  });
  const response = await page.goto(new URL(path, baseUrl()).href, { waitUntil: 'load' });
  if (response && !response.ok()) {
    errors.push(`http: ${response.status()} ${response.url()}`);
  }
  return { page, errors };
}

/** Saves a PNG of the page's viewport to the screenshot folder (see SCREENSHOT_DIR) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
