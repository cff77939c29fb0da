// @vitest-environment happy-dom
/**
 * The design tab end to end in Node: the real sync, the real sweep grid and the real engine behind a
 * bridge that runs the worker API in-process, then the view drawing what arrived.
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchRequest } from '../../../src/search/search.ts';
import type { DesignBridge } from '../../../src/state/designSync.ts';
import { createAppStore, setTab } from '../../../src/state/store.ts';
import { startSync, type SyncHandle } from '../../../src/state/sync.ts';
import { DesignView } from '../../../src/ui/design/DesignView.tsx';
import { fromWire, searchApi } from '../../../src/worker/api.ts';
import type { BridgeUpdate, SeriesJob } from '../../../src/worker/bridge.ts';
import { renderWithStore } from '../harness.tsx';

vi.mock('html-to-image', () => ({ toPng: vi.fn(async () => 'data:image/png;base64,AAAA') }));

let handle: SyncHandle | undefined;
afterEach(() => {
  handle?.stop();
  handle = undefined;
  cleanup();
});

/**
 * A bridge over the worker API, run in-process: each run waits until `flush`, which plans, searches
 * and finishes every GPU count of every job, as the pool would, and streams results and progress.
 * Only the latest run is computed; earlier ones were superseded.
 */
function inProcessBridge() {
  let generation = 0;
  let pending: (() => void) | null = null;
  const bridge: DesignBridge & { flush(): void } = {
    run(jobs: readonly SeriesJob[], onUpdate: (u: BridgeUpdate) => void) {
      const run = ++generation;
      pending = () => {
        let done = 0;
        let total = 0;
        for (const j of jobs)
          for (const gpus of j.request.gpus) {
            const plan = searchApi.plan(j.request, gpus);
            total += plan.total;
            const parts = plan.chunks.map(([start, end, n]) => {
              done += n;
              return searchApi.searchChunk(j.request, gpus, start, end);
            });
            onUpdate({ kind: 'progress', run, done, total });
            onUpdate({
              kind: 'result',
              run,
              series: j.series,
              result: fromWire(searchApi.finish(j.request, gpus, parts)),
            });
          }
        onUpdate({ kind: 'done', run, ms: 1 });
      };
      return run;
    },
    designMap: async (r: SearchRequest, gpus: number) => searchApi.designMap(r, gpus),
    cancel: vi.fn(),
    flush() {
      const work = pending;
      pending = null;
      work?.();
    },
  };
  return bridge;
}

/** The explorer's bridge: its searches are not what this test is about, so they never finish. */
const idleBridge = () => ({ run: vi.fn(() => 1), evaluate: vi.fn(), cancel: vi.fn() });

/** Starts the app's sync on `search`, shows the design view, switches to the design tab and runs its search. */
async function runDesignTab(search: string) {
  const store = createAppStore();
  const design = inProcessBridge();
  handle = startSync(store, {
    location: { origin: 'https://parallax.test', pathname: '/', search, hash: '' },
    history: { replaceState: vi.fn() },
    bridge: idleBridge(),
    designBridge: design,
    now: () => 0,
    urlDelayMs: 10_000,
  });
  renderWithStore(<DesignView />, store);
  // The design run starts in the task after the input that asked for it.
  await act(async () => {
    setTab(store, 'design');
    await new Promise((r) => setTimeout(r, 0));
  });
  const before = store.getState();
  const heatmap = screen.getByTestId('sweep-heatmap');
  const pendingBefore = count(heatmap, 'pending');
  const progressShown = screen.queryByTestId('design-progress') !== null;
  await act(async () => design.flush());
  await waitFor(() => expect(count(heatmap, 'pending')).toBe(0));
  return { store, before, heatmap, pendingBefore, progressShown };
}

const count = (root: ParentNode, status: string) =>
  root.querySelectorAll(`rect[data-status="${status}"]`).length;

describe('design tab, end to end', () => {
  it('fills the coarse capacity × bandwidth sweep in from the real engine', async () => {
    // GPT3-1T on A100 at 64 GPUs: nothing fits in 80 GB, more HBM makes it fit.
    const r = await runDesignTab('?gmin=64&gmax=64');
    expect(r.before.view).toMatchObject({
      designMode: 'sweep',
      sweepKind: 'cap-bw',
      sweepResolution: 'coarse',
    });
    expect(r.before.design.status).toBe('running');
    expect(r.before.design.sweep?.gpus).toBe(64);
    expect(r.pendingBefore).toBe(72);
    expect(r.progressShown).toBe(true);

    const d = r.store.getState().design;
    expect(d.status).toBe('done');
    expect(d.total).toBeGreaterThan(0);
    expect(d.sweep!.cells.every((c) => c !== undefined)).toBe(true);
    expect(d.sweep!.baseline).toEqual(d.sweep!.baseline.map(() => null));
    const ok = count(r.heatmap, 'ok');
    const noFit = count(r.heatmap, 'no-fit');
    expect(ok + noFit).toBe(72);
    expect(ok).toBeGreaterThan(0);
    expect(noFit).toBeGreaterThan(0);
    expect(screen.queryByTestId('design-progress')).toBeNull();
    expect(screen.getByTestId('sweep-best').textContent).toBe(
      'A100 NVS4 has nothing that fits in HBM at 64 GPUs: cells show their throughput without a ratio.',
    );
    expect(screen.getByText('no baseline fit')).toBeTruthy();
  });

  it('colours the sweep relative to a baseline that fits', async () => {
    const r = await runDesignTab('?gmin=512&gmax=512');
    expect(count(r.heatmap, 'ok')).toBe(72);
    const sweep = r.store.getState().design.sweep!;
    expect(sweep.baseline.every((b) => b !== null && b !== undefined)).toBe(true);
    expect(screen.getByTestId('sweep-best').textContent).toMatch(/^Best: [\d.]+× at HBM capacity/);
    expect(screen.queryByText('no baseline fit')).toBeNull();
    const fills = [...r.heatmap.querySelectorAll('rect[data-status="ok"]')].map((e) =>
      e.getAttribute('fill'),
    );
    expect(fills.every((f) => /^#[0-9a-f]{6}$/.test(f ?? ''))).toBe(true);
  });
});
