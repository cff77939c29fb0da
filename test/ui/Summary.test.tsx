// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bottleneck } from '../../src/charts/rows.ts';
import { DEFAULT_INPUTS, searchRequest, systemEntry } from '../../src/state/inputs.ts';
import { presetCalibration } from '../../src/presets/calibrated.ts';
import {
  applyUpdates,
  createAppStore,
  markInvalid,
  selectGpus,
  setDetail,
  setPlanner,
  setSystemField,
  startRun,
  type AppStore,
} from '../../src/state/store.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { configText } from '../../src/ui/describe.ts';
import { bigCount, dollars, energy, percent, sig, trainingTime } from '../../src/ui/format.ts';
import { Summary } from '../../src/ui/Summary.tsx';
import { requestKey } from '../../src/worker/api.ts';
import { fakeServices, INPUTS, renderWithStore, resultsFor, storeWithResults } from './harness.tsx';

let clock = 10_000;

beforeEach(() => {
  clock = 10_000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const text = (testId: string) => screen.getByTestId(testId).textContent;

/** A store whose run started at `startedAt` and has reported progress, with no results yet. */
function runningStore(startedAt: number): AppStore {
  const store = createAppStore();
  startRun(store, 1, [requestKey(searchRequest(store.getState().inputs, 0))], startedAt);
  applyUpdates(store, [{ kind: 'progress', run: 1, done: 1200, total: 4800 }], []);
  return store;
}

describe('Summary', () => {
  it('shows the fastest configuration at the largest GPU count where something fits', () => {
    renderWithStore(<Summary />, storeWithResults());
    const best = resultsFor(INPUTS).find((r) => r.gpus === 1024)?.top[0];
    expect(best).toBeDefined();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      'Fastest configuration at 1,024 GPUs on A100 NVS4',
    );
    expect(text('best-config')).toBe(configText(best!.config, '1d'));
    expect(text('best-config')).toMatch(/^dp \d+ × tp \d+ × pp \d+, micro-batch \d+; NVLink domain: /);
    expect(text('best-throughput')).toBe('15.73');
    expect(screen.getByText(/^bound by /).textContent).toBe(`bound by ${bottleneck(best!.totals)}`);
    expect(screen.getByText(/candidates fit$/).textContent).toMatch(/^42 of 1,818 candidates fit$/);
    expect(screen.getByText(/HBM per GPU$/).textContent).toMatch(/ of 80 GB HBM per GPU$/);
  });

  it('reads parameters, tokens per second and MFU of the best configuration from the engine', () => {
    renderWithStore(<Summary />, storeWithResults());
    const result = resultsFor(INPUTS).find((r) => r.gpus === 1024)!;
    const best = result.top[0]!;
    const params = result.best!.params;
    // GPT3-1T is dense: one count, about a trillion.
    expect(params.active).toBe(params.total);
    expect(text('model-params')).toBe(`${bigCount(params.total)} parameters`);
    expect(text('model-params')).toMatch(/^1\.\d\d T parameters$/);
    expect(text('best-tokens')).toBe(
      `${bigCount(best.tokensPerSecondPerGpu * 1024)} tokens/s, ${sig(best.tokensPerSecondPerGpu)} per GPU`,
    );
    expect(text('best-mfu')).toBe(`${percent(best.mfu)} MFU`);
    expect(best.mfu).toBeGreaterThan(0);
    expect(best.mfu).toBeLessThan(1);
  });

  it('reads the parameters from the per-layer evaluation when the GPU count came without its best', () => {
    const store = storeWithResults(INPUTS, {}, (r) => ({ ...r, best: null }));
    renderWithStore(<Summary />, store);
    expect(screen.queryByTestId('model-params')).toBeNull();
    const full = resultsFor(INPUTS).find((r) => r.gpus === 1024)!;
    act(() =>
      setDetail(store, { config: full.top[0]!.config, evaluation: full.best, error: null, pending: false }),
    );
    expect(text('model-params')).toBe(`${bigCount(full.best!.params.total)} parameters`);
  });

  it('gives an expert model’s active parameters beside its total', () => {
    const inputs = { ...INPUTS, model: MODEL_PRESETS['mixtral-8x7b'].spec, gpuMin: 64, gpuMax: 64 };
    renderWithStore(<Summary />, storeWithResults(inputs));
    // Mixtral 8x7B: 46.70 B parameters, 12.88 B active (Jiang et al. 2024).
    expect(text('model-params')).toBe('46.7 B parameters, 12.9 B active per token');
  });

  it('details the GPU count the user chose', () => {
    const store = storeWithResults();
    renderWithStore(<Summary />, store);
    act(() => selectGpus(store, 512));
    const best = resultsFor(INPUTS).find((r) => r.gpus === 512)?.top[0];
    expect(screen.getByRole('heading', { level: 2 }).textContent).toMatch(
      /^Fastest configuration at 512 GPUs/,
    );
    expect(text('best-config')).toBe(configText(best!.config, '1d'));
    expect(text('best-throughput')).toBe('6.669');
  });

  it('says nothing fits at a GPU count without a feasible configuration', () => {
    const store = storeWithResults();
    act(() => selectGpus(store, 256));
    renderWithStore(<Summary />, store);
    expect(screen.queryByTestId('best-throughput')).toBeNull();
    // The search's diagnosis: memory removed every candidate, and by how much.
    expect(text('best-config')).toMatch(
      /^Every configuration at 256 GPUs needs more than 80 GB per GPU: the smallest needs [\d.]+ GB; try more GPUs or a larger HBM\.$/,
    );
  });

  // With nothing feasible at any GPU count no count is detailed; the summary says so, not 'Searching…'.
  it('says nothing fits when the finished run found room at no GPU count', () => {
    const store = storeWithResults({ ...DEFAULT_INPUTS, gpuMin: 4, gpuMax: 8 });
    expect(store.getState().results.status).toBe('done');
    expect(store.getState().results.series[0]?.byGpus[8]?.top).toEqual([]);
    renderWithStore(<Summary />, store);
    expect(screen.queryByTestId('best-throughput')).toBeNull();
    expect(text('best-config')).not.toBe('Searching…');
    expect(text('best-config')).toMatch(
      /^Nothing fits at any GPU count from 4 to 8\. Every configuration at 8 GPUs needs more than 80 GB/,
    );
  });

  it('asks for valid inputs when the search cannot run', () => {
    const store = createAppStore();
    markInvalid(store);
    renderWithStore(<Summary />, store);
    expect(text('best-config')).toBe('Fix the highlighted inputs to search.');
    expect(screen.queryByTestId('search-progress')).toBeNull();
  });

  // HBM capacity 0 used to leave "65.7 GB of 0 GB" and the old throughput up as if they were current.
  it('shows no figure from the last results while the inputs are invalid', () => {
    const store = storeWithResults();
    renderWithStore(<Summary />, store);
    expect(screen.queryByTestId('best-throughput')).not.toBeNull();
    act(() => markInvalid(store));
    expect(screen.queryByTestId('best-throughput')).toBeNull();
    expect(screen.queryByText(/HBM per GPU$/)).toBeNull();
    expect(text('best-config')).toBe('Fix the highlighted inputs to search.');
    expect(text('stale-note')).toBe('The charts and tables below, dimmed, are of the last valid inputs.');
  });

  it('says it is searching before the first result', () => {
    renderWithStore(<Summary />, runningStore(clock));
    expect(text('best-config')).toBe('Searching…');
  });

  it('shows progress only once a run has lasted more than 200 ms', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    renderWithStore(<Summary />, runningStore(clock));
    expect(screen.queryByTestId('search-progress')).toBeNull();
    clock += 150;
    act(() => vi.advanceTimersByTime(150));
    expect(screen.queryByTestId('search-progress')).toBeNull();
    clock += 150;
    act(() => vi.advanceTimersByTime(150));
    const progress = screen.getByTestId('search-progress');
    expect(progress.textContent).toMatch(/^1,200 \/ 4,800 candidates/);
    const bar = screen.getByRole('progressbar', { name: 'Search progress' }) as HTMLProgressElement;
    expect(bar.getAttribute('max')).toBe('4800');
    expect(bar.getAttribute('value')).toBe('1200');
  });

  it('shows progress at once for a run that started long ago', () => {
    renderWithStore(<Summary />, runningStore(clock - 5000));
    expect(screen.getByTestId('search-progress')).toBeTruthy();
  });

  it('hides progress when the run is done', () => {
    const store = runningStore(clock - 5000);
    renderWithStore(<Summary />, store);
    expect(screen.getByTestId('search-progress')).toBeTruthy();
    act(() => applyUpdates(store, [{ kind: 'done', run: 1, ms: 5000 }], []));
    expect(screen.queryByTestId('search-progress')).toBeNull();
  });

  it('estimates the time left at the rate seen so far', () => {
    // 1,200 of 4,800 in 5 s: 3,600 more take 15 s.
    renderWithStore(<Summary />, runningStore(clock - 5000));
    expect(screen.getByTestId('search-progress').textContent).toMatch(
      /^1,200 \/ 4,800 candidates, about 15 s left/,
    );
  });

  it('stops the search on request', async () => {
    const services = fakeServices();
    renderWithStore(<Summary />, runningStore(clock - 5000), services);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Stop search' }));
    expect(services.cancelSearch).toHaveBeenCalledTimes(1);
  });

  it('says a stopped search kept what it found', () => {
    const store = storeWithResults();
    startRun(
      store,
      2,
      store.getState().results.series.map((x) => x.key),
      clock - 5000,
    );
    applyUpdates(store, [{ kind: 'progress', run: 2, done: 10, total: 100 }], []);
    renderWithStore(<Summary />, store);
    expect(screen.getByTestId('search-progress')).toBeTruthy();
    act(() => applyUpdates(store, [{ kind: 'done', run: 2, ms: 5000, cancelled: true }], []));
    expect(screen.queryByTestId('search-progress')).toBeNull();
    expect(screen.getByText(/^Search stopped: /)).toBeTruthy();
    expect(text('best-throughput')).toBe('15.73');
  });

  // The fallback text follows the run's status: a stopped search is not 'Searching…'.
  it('does not claim to be searching after the search was stopped', () => {
    const store = runningStore(clock - 5000);
    applyUpdates(store, [{ kind: 'done', run: 1, ms: 5000, cancelled: true }], []);
    renderWithStore(<Summary />, store);
    expect(screen.getByText(/^Search stopped: /)).toBeTruthy();
    expect(text('best-config')).not.toBe('Searching…');
  });

  it('prices the training run: time to train, GPU-hours, cost and energy from the planner and the power', () => {
    const store = storeWithResults();
    renderWithStore(<Summary />, store);
    const best = resultsFor(INPUTS).find((r) => r.gpus === 1024)!.top[0]!;
    const seconds = 1e12 / (best.throughput * 2048);
    expect(text('best-time-to-train')).toBe(trainingTime(seconds));
    expect(text('best-cost')).toBe(
      `1 T tokens in ${trainingTime(seconds)}: ${bigCount((1024 * seconds) / 3600)} GPU-hours, ` +
        `${dollars((2 * 1024 * seconds) / 3600)}, energy unknown (set the power per GPU)`,
    );
    act(() => {
      setSystemField(store, 0, 'gpu_power', 400);
      setPlanner(store, 'pricePerGpuHour', 3);
      setPlanner(store, 'pue', 1.5);
    });
    expect(text('best-cost')).toContain(
      `, ${dollars((3 * 1024 * seconds) / 3600)}, ${energy((1024 * 400 * 1.5 * seconds) / 3.6e9)}`,
    );
    act(() => setPlanner(store, 'pue', 0.5));
    expect(screen.queryByTestId('best-cost')).toBeNull();
  });
});

describe('Summary: calibration', () => {
  it('says how many runs a calibrated system was fitted on and the error to expect; nothing for the paper presets', () => {
    const calibrated = { ...INPUTS, systems: [systemEntry('h100-sxm')] };
    renderWithStore(<Summary />, storeWithResults(calibrated));
    const c = presetCalibration('h100-sxm');
    if (!c) throw new Error('h100-sxm is not calibrated');
    expect(text('calibration-note')).toBe(
      `calibrated on ${c.runs} runs, typical error ${percent(c.typicalError)}${c.outOfSample ? ' on runs the fit never saw' : ' (in sample)'}`,
    );
    cleanup();
    renderWithStore(<Summary />, storeWithResults(INPUTS));
    expect(screen.queryByTestId('calibration-note')).toBeNull();
  });
});
