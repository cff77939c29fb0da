/**
 * Runs the system-design views' searches: every variant of a hardware sweep or a sensitivity study is
 * one more system searched through the worker pool (in its own lane, behind the explorer's work), a
 * design-space map is one worker call. Results land in `AppState.design`.
 */
import type { SystemSpec } from '../model/system.ts';
import type { GpuResult, SearchRequest } from '../search/search.ts';
import { SENSITIVITY_FIGURES, improved, sweepGrid } from '../search/sweeps.ts';
import type { BridgeUpdate, SearchBridge, SeriesJob } from '../worker/bridge.ts';
import { FIGURE_SET } from '../presets/figures.ts';
import { MODEL_PRESETS, PAPER_GLOBAL_BATCH, PAPER_GPU_COUNTS } from '../presets/models.ts';
import { systemWithDomain } from '../presets/systems.ts';
import type { Best, DesignState, FigureSetResult, SensitivityResult, SweepResult } from './design.ts';
import { gpuCounts, inputIssues, searchRequest, searchedGpus, type Inputs } from './inputs.ts';
import { setDesign, type AppState, type AppStore } from './store.ts';

/**
 * Results are folded in at most this often (ms). Each fold re-renders a heatmap of up to 700 cells, main-
 * thread work that on two cores comes out of the search workers' time: against 100 ms, 250 ms took the
 * paper's figure set from 2.45 to 2.2 s (median of 12 alternating runs in Chromium) and its main-thread
 * tasks over 50 ms from 8 of 12 runs to 2, while still filling in four times a second.
 */
const UPDATE_MS = 250;

/** The GPU count a design view studies: the selected one if in range, else the range's nearest to 1024. */
export function designGpus(s: AppState): number {
  const gpus = searchedGpus(s.inputs);
  const chosen = s.view.selectedGpus;
  if (chosen !== null && gpus.includes(chosen)) return chosen;
  return gpus.reduce(
    (best, n) => (Math.abs(Math.log2(n / 1024)) < Math.abs(Math.log2(best / 1024)) ? n : best),
    gpus[0] ?? 1024,
  );
}

/** What a design view depends on; null when there is nothing to compute. */
export function designKey(s: AppState): string | null {
  const v = s.view;
  if (v.tab !== 'design') return null;
  // The figure set is the paper's own scenarios: it does not depend on the inputs.
  if (v.designMode === 'figures') return 'figures';
  if (inputIssues(s.inputs).length > 0) return null;
  const system = s.inputs.systems[v.activeSystem]?.spec;
  const i = s.inputs;
  const what = v.designMode === 'sweep' ? [v.sweepKind, v.sweepResolution] : [];
  return JSON.stringify([
    v.designMode,
    ...what,
    designGpus(s),
    i.model,
    i.strategy,
    i.globalBatchSize,
    i.flashAttention,
    i.gpuMin,
    i.gpuMax,
    system,
  ]);
}

/** A search that only needs the best configuration: no sample, no front, no per-layer evaluation. */
function cheap(i: Inputs, k: number, system: SystemSpec, gpus: readonly number[]): SearchRequest {
  return { ...searchRequest(i, k), system, gpus, top: 1, cloudSize: 0, withBest: false, front: false };
}

const bestOf = (r: GpuResult): Best | null => {
  const t = r.top[0];
  return t ? { throughput: t.throughput, mem: t.mem, config: t.config } : null;
};

/**
 * The paper's figure set as the design view searches it (and the benchmark times it): one best-only
 * series per row, named `f<row>`, over `gpus`.
 */
export function figureSetJobs(gpus: readonly number[]): SeriesJob[] {
  return FIGURE_SET.map((row, n) => ({
    series: `f${n}`,
    request: {
      model: MODEL_PRESETS[row.model].spec,
      system: systemWithDomain(row.system, row.nvlinkSize),
      strategy: row.strategy,
      globalBatchSize: PAPER_GLOBAL_BATCH,
      gpus,
      top: 1,
      options: { flashAttention: true },
      cloudSize: 0,
      withBest: false,
      front: false,
    },
  }));
}

export type DesignBridge = Pick<SearchBridge, 'run' | 'designMap' | 'cancel'>;

/** Starts the computation for `key` (from `designKey(s)`), superseding any other. */
export function runDesign(
  store: AppStore,
  bridge: DesignBridge,
  s: AppState,
  key: string,
  now: number,
  mark?: (name: 'parallax:design-done') => void,
): void {
  const i = s.inputs;
  const k = s.view.activeSystem;
  const base = i.systems[k]?.spec;
  if (!base) return;
  const gpus = designGpus(s);
  const begin = (patch: Partial<DesignState>) =>
    setDesign(store, () => ({
      key,
      status: 'running',
      done: 0,
      total: 0,
      startedAt: now,
      sweep: null,
      sensitivity: null,
      map: null,
      figureSet: null,
      error: null,
      ...patch,
    }));
  // Results are folded in at most every UPDATE_MS (and at once when the run ends): a sweep has hundreds
  // of variants, and each store change re-renders its heatmap.
  let pending: ((d: DesignState) => DesignState)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const fs = pending;
    pending = [];
    if (fs.length) setDesign(store, (d) => (d.key === key ? fs.reduce((acc, f) => f(acc), d) : d));
  };
  const update = (f: (d: DesignState) => DesignState, now = false) => {
    pending.push(f);
    if (now) flush();
    else timer ??= setTimeout(flush, UPDATE_MS);
  };
  const common = (u: BridgeUpdate, onResult: (series: string, r: GpuResult, d: DesignState) => DesignState) =>
    update((d) => {
      switch (u.kind) {
        case 'progress':
          return { ...d, done: u.done, total: u.total };
        case 'result':
          return onResult(u.series, u.result, d);
        case 'error':
          return { ...d, error: `The search at ${u.gpus} GPUs failed: ${u.message}` };
        case 'done':
          if (!u.cancelled) mark?.('parallax:design-done');
          return { ...d, status: u.cancelled ? 'cancelled' : 'done' };
      }
    }, u.kind === 'done');

  if (s.view.designMode === 'sweep') {
    const grid = sweepGrid(
      s.view.sweepKind,
      base,
      gpus,
      gpuCounts(i.gpuMin, i.gpuMax),
      s.view.sweepResolution,
    );
    const columnsAreGpus = grid.kind === 'domain-gpus';
    const sweep: SweepResult = {
      kind: grid.kind,
      title: grid.title,
      x: grid.x,
      y: grid.y,
      gpus,
      cells: grid.cells.map(() => undefined),
      baseline: grid.x.values.map(() => undefined),
    };
    begin({ sweep });
    const jobs = [
      { series: 'base', request: cheap(i, k, base, columnsAreGpus ? grid.x.values : [gpus]) },
      ...grid.cells.map((c, n) => ({ series: `c${n}`, request: cheap(i, k, c.system, [c.gpus]) })),
    ];
    bridge.run(jobs, (u) =>
      common(u, (series, r, d) => {
        const sw = d.sweep;
        if (!sw) return d;
        if (series === 'base') {
          const baseline = sw.baseline.map((b, col) =>
            !columnsAreGpus || sw.x.values[col] === r.gpus ? bestOf(r) : b,
          );
          return { ...d, sweep: { ...sw, baseline } };
        }
        const n = Number(series.slice(1));
        return { ...d, sweep: { ...sw, cells: sw.cells.map((c, j) => (j === n ? bestOf(r) : c)) } };
      }),
    );
    return;
  }

  if (s.view.designMode === 'sensitivity') {
    const list = searchedGpus(i);
    const variants = SENSITIVITY_FIGURES.flatMap((f) =>
      f.factors.map((factor) => ({ f, factor, system: improved(base, f, factor) })),
    );
    const sensitivity: SensitivityResult = {
      gpus: list,
      baseline: list.map(() => undefined),
      rows: variants.map((v) => ({
        field: v.f.field,
        label: v.f.label,
        factor: v.factor,
        best: list.map(() => undefined),
      })),
    };
    begin({ sensitivity });
    const jobs = [
      { series: 'base', request: cheap(i, k, base, list) },
      ...variants.map((v, n) => ({ series: `v${n}`, request: cheap(i, k, v.system, list) })),
    ];
    bridge.run(jobs, (u) =>
      common(u, (series, r, d) => {
        const sens = d.sensitivity;
        if (!sens) return d;
        const col = sens.gpus.indexOf(r.gpus);
        const put = (xs: readonly (Best | null | undefined)[]) =>
          xs.map((x, j) => (j === col ? bestOf(r) : x));
        if (series === 'base') return { ...d, sensitivity: { ...sens, baseline: put(sens.baseline) } };
        const n = Number(series.slice(1));
        return {
          ...d,
          sensitivity: {
            ...sens,
            rows: sens.rows.map((row, j) => (j === n ? { ...row, best: put(row.best) } : row)),
          },
        };
      }),
    );
    return;
  }

  if (s.view.designMode === 'figures') {
    const gpuList = [...PAPER_GPU_COUNTS];
    const figureSet: FigureSetResult = {
      rows: FIGURE_SET.map((r) => r.label),
      gpus: gpuList,
      cells: FIGURE_SET.flatMap(() => gpuList.map(() => undefined)),
    };
    begin({ figureSet });
    const jobs = figureSetJobs(gpuList);
    bridge.run(jobs, (u) =>
      common(u, (series, r, d) => {
        const fs = d.figureSet;
        if (!fs) return d;
        const at = Number(series.slice(1)) * fs.gpus.length + fs.gpus.indexOf(r.gpus);
        return { ...d, figureSet: { ...fs, cells: fs.cells.map((c, j) => (j === at ? bestOf(r) : c)) } };
      }),
    );
    return;
  }

  // Design-space map: one worker call, after superseding whatever this lane was doing.
  begin({});
  bridge.run([], () => undefined);
  bridge
    .designMap(searchRequest(i, k), gpus)
    .then((map) => update((d) => ({ ...d, map, status: 'done' }), true))
    .catch((e: unknown) => {
      if (e instanceof Error && e.name === 'Cancelled') return;
      update((d) => ({ ...d, status: 'done', error: e instanceof Error ? e.message : String(e) }), true);
    });
}
