import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { searchSweep } from '../../src/search/search.ts';
import { DEFAULT_INPUTS } from '../../src/state/inputs.ts';
import { effectiveConfig, effectiveGpus } from '../../src/state/selectors.ts';
import {
  createAppStore,
  selectConfig,
  setBreakdown,
  setComparedSource,
  setModelField,
  setModelPreset,
  setSystemField,
  setTab,
  type AppStore,
} from '../../src/state/store.ts';
import { startSync, type SyncEnv } from '../../src/state/sync.ts';
import { searchApi } from '../../src/worker/api.ts';
import type { BridgeUpdate, SeriesJob } from '../../src/worker/bridge.ts';

/** A bridge that answers each run from the real engine, synchronously on demand. */
function fakeBridge() {
  let run = 0;
  const runs: { run: number; jobs: readonly SeriesJob[]; onUpdate: (u: BridgeUpdate) => void }[] = [];
  return {
    runs,
    run(jobs: readonly SeriesJob[], onUpdate: (u: BridgeUpdate) => void) {
      runs.push({ run: ++run, jobs, onUpdate });
      return run;
    },
    evaluate: vi.fn(async (r, c) => searchApi.evaluate(r, c)),
    cancel: vi.fn(() => {
      const last = runs.at(-1);
      if (last) last.onUpdate({ kind: 'done', run: last.run, ms: 1, cancelled: true });
    }),
    /** Completes run i with real results. */
    finish(i: number) {
      const { run: id, jobs, onUpdate } = runs[i]!;
      for (const j of jobs)
        for (const g of searchSweep(j.request))
          onUpdate({
            kind: 'result',
            run: id,
            series: j.series,
            // As the real bridge: the best evaluated in full only where the job asks for it.
            result: j.bestAt === undefined || j.bestAt === g.gpus ? g : { ...g, best: null },
          });
      onUpdate({ kind: 'done', run: id, ms: 1 });
    },
  };
}

function env(search: string, bridge: ReturnType<typeof fakeBridge>) {
  const history = { replaceState: vi.fn() };
  const e: SyncEnv = {
    location: { origin: 'https://parallax.test', pathname: '/app/', search, hash: '' },
    history,
    bridge,
    now: () => 0,
    urlDelayMs: 10,
  };
  return { e, history };
}

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const small = '?gmin=256&gmax=1024';

describe('sync: the first search', () => {
  it('waits for `firstSearch` (the first paint); an edit before it searches at once, and only once', async () => {
    const bridge = fakeBridge();
    let painted = () => {};
    const firstSearch = new Promise<void>((resolve) => (painted = resolve));
    startSync(store, { ...env(small, bridge).e, firstSearch });
    expect(bridge.runs).toHaveLength(0);
    painted();
    await firstSearch;
    expect(bridge.runs).toHaveLength(1);

    const other = fakeBridge();
    let painted2 = () => {};
    const late = new Promise<void>((resolve) => (painted2 = resolve));
    const s2 = createAppStore();
    startSync(s2, { ...env(small, other).e, firstSearch: late });
    setModelField(s2, 'depth', 64);
    expect(other.runs).toHaveLength(1);
    painted2();
    await late;
    expect(other.runs).toHaveLength(1);
  });
});

describe('sync: URL, searches and details', () => {
  it('reads the link, searches, and shows the best at the largest feasible GPU count', () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    expect(store.getState().inputs.gpuMin).toBe(256);
    expect(bridge.runs).toHaveLength(1);
    expect(bridge.runs[0]!.jobs[0]!.request.gpus).toEqual([256, 512, 1024]);
    bridge.finish(0);
    const s = store.getState();
    expect(s.results.status).toBe('done');
    expect(effectiveGpus(s)).toBe(1024);
    expect(s.detail.evaluation).toBe(s.results.series[0]!.byGpus[1024]!.best);
  });

  it('asks for the best in full at the chosen GPU count, else the largest', () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    expect(bridge.runs[0]!.jobs[0]!.bestAt).toBe(1024);
    bridge.finish(0);
    selectConfig(store, 512, null);
    setSystemField(store, 0, 'hbm_capacity', 70);
    expect(bridge.runs[1]!.jobs[0]!.bestAt).toBe(512);
  });

  it('a GPU count that came without its best is evaluated on demand, and again after an input changes', async () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    bridge.finish(0);
    selectConfig(store, 512, null);
    await vi.runAllTimersAsync();
    const at512 = store.getState().results.series[0]!.byGpus[512]!;
    expect(at512.best).toBeNull();
    expect(store.getState().detail.config).toEqual(at512.top[0]!.config);
    const before = store.getState().detail.evaluation!;
    expect(before.totals.t).toBe(at512.top[0]!.totals.t);
    // Faster memory: the configuration shown is evaluated again under the new inputs, while they search.
    setSystemField(store, 0, 'hbm_bandwidth', 2000);
    await vi.runAllTimersAsync();
    expect(store.getState().detail.config).toEqual(at512.top[0]!.config);
    const after = store.getState().detail.evaluation!;
    expect(after.totals.t).toBeLessThan(before.totals.t);
  });

  it('names link values it replaced', () => {
    const bridge = fakeBridge();
    startSync(store, env('?b=zero&s=4d', bridge).e);
    const texts = store.getState().notices.map((n) => n.text);
    expect(texts.some((t) => /global batch "b=zero" is not valid/.test(t))).toBe(true);
    expect(texts.some((t) => /strategy "s=4d" is not valid/.test(t))).toBe(true);
    expect(store.getState().inputs.globalBatchSize).toBe(DEFAULT_INPUTS.globalBatchSize);
  });

  it("keeps one message for a run's failures and drops it when the next run starts", () => {
    const bridge = fakeBridge();
    startSync(store, env('?b=zero', bridge).e);
    const texts = () => store.getState().notices.map((n) => n.text);
    expect(texts()).toEqual([expect.stringMatching(/global batch "b=zero" is not valid/)]);
    const { run, onUpdate } = bridge.runs[0]!;
    onUpdate({ kind: 'error', run, series: '0', gpus: 64, message: 'out of memory' });
    onUpdate({ kind: 'error', run, series: '0', gpus: 128, message: 'out of memory' });
    expect(texts()).toEqual([
      expect.stringMatching(/global batch "b=zero" is not valid/),
      'The search at 64 GPUs failed: out of memory; at 128 GPUs failed: out of memory. The last good results stay on screen.',
    ]);
    setModelField(store, 'depth', 48);
    expect(bridge.runs).toHaveLength(2);
    expect(texts()).toEqual([expect.stringMatching(/global batch "b=zero" is not valid/)]);
  });

  it('writes the URL with replaceState after edits settle, never pushing history', () => {
    const bridge = fakeBridge();
    const { e, history } = env(small, bridge);
    startSync(store, e);
    setModelPreset(store, 'gpt3-175b');
    setModelField(store, 'depth', 48);
    expect(history.replaceState).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(history.replaceState).toHaveBeenCalledTimes(1);
    expect(history.replaceState.mock.calls[0]![2]).toBe(
      '/app/?v=1&model=l2048_e12288_f49152_h96_d48&gmin=256&gmax=1024',
    );
  });

  it('each edit supersedes the previous search; stale results are dropped', () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    setSystemField(store, 0, 'hbm_capacity', 70);
    expect(bridge.runs).toHaveLength(2);
    bridge.finish(0); // the old run's results arrive late
    expect(store.getState().results.series[0]!.fresh).toEqual([]);
    bridge.finish(1);
    const s = store.getState();
    expect(s.results.series[0]!.byGpus[1024]!.top[0]!.mem).toBeLessThanOrEqual(70);
    expect(s.results.series[0]!.fresh).toHaveLength(3);
  });

  it('invalid inputs do not search and keep the last good results', () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    bridge.finish(0);
    const shown = store.getState().results.series;
    setModelField(store, 'h', 7); // does not divide 25600
    expect(bridge.runs).toHaveLength(1);
    expect(store.getState().results.status).toBe('invalid');
    expect(store.getState().results.series).toBe(shown);
  });

  it('a selected configuration other than the best is evaluated in the worker', async () => {
    const bridge = fakeBridge();
    startSync(store, env(small, bridge).e);
    bridge.finish(0);
    const second = store.getState().results.series[0]!.byGpus[512]!.top[1]!;
    selectConfig(store, 512, second.config);
    expect(effectiveConfig(store.getState())).toEqual(second.config);
    expect(store.getState().detail.pending).toBe(true);
    await vi.runAllTimersAsync();
    const d = store.getState().detail;
    expect(d.pending).toBe(false);
    expect(d.evaluation?.totals.t).toBe(second.totals.t);
    expect(bridge.evaluate).toHaveBeenCalledTimes(1);
  });

  it('stopping a search keeps what it found and says so', () => {
    const bridge = fakeBridge();
    const sync = startSync(store, env(small, bridge).e);
    bridge.finish(0);
    setSystemField(store, 0, 'hbm_capacity', 70);
    sync.cancel();
    const s = store.getState();
    expect(s.results.status).toBe('cancelled');
    expect(Object.keys(s.results.series[0]!.byGpus)).toHaveLength(3);
  });

  it('design searches start on the design tab, stop on demand and resume', () => {
    const bridge = fakeBridge();
    const runs: number[] = [];
    const designBridge = {
      run: vi.fn((_jobs: readonly SeriesJob[], _onUpdate: (u: BridgeUpdate) => void) => {
        runs.push(runs.length + 1);
        return runs.length;
      }),
      designMap: vi.fn(async () => {
        throw new Error('not used');
      }),
      cancel: vi.fn(),
    };
    const sync = startSync(store, { ...env(`${small}&tab=design`, bridge).e, designBridge });
    expect(designBridge.run).toHaveBeenCalledTimes(1);
    sync.cancelDesign();
    expect(designBridge.cancel).toHaveBeenCalledTimes(1);
    sync.resumeDesign();
    expect(designBridge.run).toHaveBeenCalledTimes(2);
  });

  it('after an input, the design run starts in the next task, once, from the state then current', () => {
    const bridge = fakeBridge();
    const designBridge = {
      run: vi.fn((_jobs: readonly SeriesJob[], _onUpdate: (u: BridgeUpdate) => void) => 1),
      designMap: vi.fn(async () => {
        throw new Error('not used');
      }),
      cancel: vi.fn(),
    };
    const sync = startSync(store, { ...env(small, bridge).e, designBridge });
    expect(designBridge.run).not.toHaveBeenCalled();
    // Two inputs in one task: the tab, then a model change.
    setTab(store, 'design');
    setModelPreset(store, 'vit-era5');
    expect(designBridge.run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(designBridge.run).toHaveBeenCalledTimes(1);
    const [jobs] = designBridge.run.mock.calls[0]!;
    expect(jobs[0]!.request.model).toEqual(MODEL_PRESETS['vit-era5'].spec);
    // Leaving the tab before a scheduled run fires starts nothing.
    setModelPreset(store, 'gpt3-1t');
    setTab(store, 'explore');
    vi.advanceTimersByTime(0);
    expect(designBridge.run).toHaveBeenCalledTimes(1);
    sync.stop();
  });

  it('compare-models searches start on its tab, once per change of a model, and stop when it is left', () => {
    const bridge = fakeBridge();
    const modelsBridge = {
      run: vi.fn((_jobs: readonly SeriesJob[], _onUpdate: (u: BridgeUpdate) => void) => 1),
      cancel: vi.fn(),
    };
    const sync = startSync(store, {
      ...env(`${small}&tab=models&cm=current,llama3.1-8b`, bridge).e,
      modelsBridge,
    });
    expect(modelsBridge.run).toHaveBeenCalledTimes(1);
    const [jobs] = modelsBridge.run.mock.calls[0]!;
    expect(jobs.map((j) => j.request.model)).toEqual([
      store.getState().inputs.model,
      MODEL_PRESETS['llama3.1-8b'].spec,
    ]);
    // A view change that leaves the models alone starts nothing; a model change does.
    setBreakdown(store, 'fraction');
    vi.advanceTimersByTime(0);
    expect(modelsBridge.run).toHaveBeenCalledTimes(1);
    setComparedSource(store, 1, 'llama3.1-70b');
    vi.advanceTimersByTime(0);
    expect(modelsBridge.run).toHaveBeenCalledTimes(2);
    setTab(store, 'explore');
    vi.advanceTimersByTime(0);
    expect(modelsBridge.cancel).toHaveBeenCalledTimes(1);
    expect(modelsBridge.run).toHaveBeenCalledTimes(2);
    sync.stop();
  });

  it('link() gives the full shareable URL', () => {
    const bridge = fakeBridge();
    const sync = startSync(store, env('', bridge).e);
    setModelPreset(store, 'vit-era5');
    expect(sync.link()).toBe('https://parallax.test/app/?v=1&model=vit-era5');
    expect(MODEL_PRESETS['vit-era5'].spec.l).toBe(64800);
  });
});
