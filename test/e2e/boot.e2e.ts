// The boot is spread over several main-thread tasks: React, the input schemas and the explorer are each
// evaluated in a task of their own (evaluated together they were one task of 90-160 ms). How long each
// task takes is for `npm run bench:browser` to report, not for a test to assert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './browser.ts';
import { waitForResults } from './app.ts';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args: { name?: string };
}

describe('boot', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('evaluates React, the schemas and the explorer in separate tasks', async () => {
    const page = await browser.newPage();
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
    await page.goto(baseUrl());
    await waitForResults(page);
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: TraceEvent[];
    };
    await page.close();

    const mains = new Set(
      traceEvents
        .filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    const onMain = traceEvents.filter((e) => mains.has(`${e.pid}:${e.tid}`));
    const evaluations = onMain.filter((e) => e.name === 'v8.evaluateModule');
    const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X');
    const taskOf = (e: TraceEvent) => tasks.find((t) => t.ts <= e.ts && e.ts <= t.ts + (t.dur ?? 0));
    const evaluatingTasks = new Set(evaluations.map(taskOf).filter((t) => t !== undefined));
    // The entry, React, the schemas and the explorer.
    expect(evaluatingTasks.size).toBeGreaterThanOrEqual(4);
  });

  it('starts the first search after the first paint, so the workers leave the boot its cores', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl());
    await waitForResults(page);
    const [painted, start, contentful] = await page.evaluate(() => [
      performance.getEntriesByName('parallax:first-paint')[0]?.startTime ?? Infinity,
      performance.getEntriesByName('parallax:run-start')[0]?.startTime ?? -Infinity,
      performance.getEntriesByName('first-contentful-paint').length,
    ]);
    await page.close();
    // The main thread had laid out and painted the app's first frame (the task after it) when the search
    // started. (first-contentful-paint is when the compositor showed it, later on a loaded machine.)
    expect(contentful).toBe(1);
    expect(start).toBeGreaterThanOrEqual(painted);
  });

  it("wraps React's CommonJS code in function expressions, which V8 compiles off the main thread", async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl());
    await waitForResults(page);
    const scripts = await page.evaluate(() =>
      Promise.all(
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((url) => url.endsWith('.js'))
          .map((url) => fetch(url).then((r) => r.text())),
      ),
    );
    await page.close();
    // react-dom's production build links its error codes to react.dev.
    const react = scripts.filter((code) => code.includes('react.dev/errors/'));
    expect(react.length).toBeGreaterThan(0);
    for (const code of react) {
      // The bundler's wrapper call: `=e(((e,t)=>{` as an arrow, `=e((function(e,t){` eager.
      expect(code).not.toMatch(/=[\w$]+\(\((\([\w$,]*\)|[\w$]+)=>\{/);
      expect(code).toMatch(/=[\w$]+\(\(function\([\w$,]*\)\{/);
    }
  });

  it('draws the first results over several frames, the scaling chart first and the tables last', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    // Counts animation frames from the first instant and notes the frame in which each chart's drawing
    // surface and the top-10 table first appear.
    await page.addInitScript(() => {
      const w = window as unknown as { __frame: number; __seen: Record<string, number> };
      w.__frame = 0;
      w.__seen = {};
      const tick = () => {
        w.__frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new MutationObserver(() => {
        for (const figure of document.querySelectorAll('figure.chart')) {
          const title = figure.querySelector('h3')?.textContent ?? '';
          if (figure.querySelector('svg.chart-surface')) w.__seen[title.split(' at ')[0] ?? ''] ??= w.__frame;
        }
        if (document.querySelector('table')) w.__seen.table ??= w.__frame;
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(baseUrl());
    await waitForResults(page);
    await page.getByRole('heading', { name: /^Top 10 configurations/ }).waitFor();
    const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    await page.close();
    const scaling = seen['Throughput vs GPU count'] ?? NaN;
    const time = seen['Step time breakdown'] ?? NaN;
    const memory = seen['Memory per GPU'] ?? NaN;
    const scatter = seen['Throughput vs memory'] ?? NaN;
    const table = seen.table ?? NaN;
    // Each later than the one before: never all four charts and the tables in one task and one frame.
    expect(time, JSON.stringify(seen)).toBeGreaterThan(scaling);
    expect(memory, JSON.stringify(seen)).toBeGreaterThan(time);
    expect(scatter, JSON.stringify(seen)).toBeGreaterThan(memory);
    expect(table, JSON.stringify(seen)).toBeGreaterThan(scatter);
  });
});
