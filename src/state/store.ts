/**
 * The explorer's state in one vanilla zustand store (testable without React): `inputs` (the scenario),
 * `view` (what is selected and shown), `results` (what the worker sent back), `notices` (messages the
 * user should read). Actions are plain functions over the store; only `sync.ts` talks to the URL and the
 * worker.
 */
import type { TrainingChoice } from '../model/training.ts';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { slimVariant, withoutSlim } from '../model/anthe.ts';
import type { Evaluation } from '../model/evaluate.ts';
import { DEFAULT_PLANNER, type PlannerAssumptions } from '../model/metrics.ts';
import type { ModelSpec, ParallelConfig, Strategy } from '../model/spec.ts';
import type { FigureKey } from '../model/system.ts';
import type { EfficiencyKey } from '../model/efficiency.ts';
import { MODEL_PRESETS, type ModelPresetId } from '../presets/models.ts';
import { PAPER_SYSTEM_IDS, SYSTEM_PRESETS, type SystemPresetId } from '../presets/systems.ts';
import type { GpuResult } from '../search/search.ts';
import type { BridgeUpdate } from '../worker/bridge.ts';
import type { SweepKind, SweepResolution } from '../search/sweeps.ts';
import { EMPTY_DESIGN, type DesignMode, type DesignState } from './design.ts';
import { DEFAULT_INPUTS, MAX_SYSTEMS, searchedGpus, systemEntry, type Inputs } from './inputs.ts';
import {
  DEFAULT_COMPARED_MODELS,
  EMPTY_MODELS,
  MAX_MODELS,
  MIN_MODELS,
  comparedModel,
  type ComparedModel,
  type ModelSource,
  type ModelsState,
} from './models.ts';

export type Tab = 'explore' | 'compare' | 'models' | 'design' | 'calibration' | 'about';
export const TABS = [
  'explore',
  'compare',
  'models',
  'design',
  'calibration',
  'about',
] as const satisfies readonly Tab[];
export type BreakdownMode = 'absolute' | 'fraction';

export interface ViewState {
  readonly tab: Tab;
  /** The system the system panel edits. */
  readonly activeSystem: number;
  /** GPU count whose configurations are detailed; null: the largest with a feasible configuration. */
  readonly selectedGpus: number | null;
  /** Configuration detailed in the per-layer table; null: the best at the selected GPU count. */
  readonly selectedConfig: ParallelConfig | null;
  readonly breakdown: BreakdownMode;
  /** Which system-design view the design tab shows. */
  readonly designMode: DesignMode;
  readonly sweepKind: SweepKind;
  readonly sweepResolution: SweepResolution;
  /** The paper figure this view reproduces (its caption is shown), or null. */
  readonly figure: string | null;
  /**
   * The planner's assumptions (tokens; $ per GPU-hour; PUE). View, not inputs: they change what is shown
   * of the results, not the search. As typed: `plannerIssues` says which are not valid.
   */
  readonly tokenBudget: number;
  readonly pricePerGpuHour: number;
  readonly pue: number;
  /** The models the compare-models view puts side by side (two to four), on the edited system. */
  readonly compareModels: readonly ComparedModel[];
}

export const DEFAULT_VIEW: ViewState = {
  tab: 'explore',
  activeSystem: 0,
  selectedGpus: null,
  selectedConfig: null,
  breakdown: 'absolute',
  designMode: 'sweep',
  sweepKind: 'cap-bw',
  sweepResolution: 'coarse',
  figure: null,
  ...DEFAULT_PLANNER,
  compareModels: DEFAULT_COMPARED_MODELS,
};

/** Results of one compared system. `key` identifies the request they were computed for. */
export interface SeriesState {
  readonly key: string;
  /** By GPU count. Entries from an older key are shown until the new ones arrive. */
  readonly byGpus: Readonly<Record<number, GpuResult>>;
  /** GPU counts whose entry matches `key`. */
  readonly fresh: readonly number[];
  readonly errors: Readonly<Record<number, string>>;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'invalid';

export interface ResultsState {
  readonly run: number;
  readonly status: RunStatus;
  readonly done: number;
  readonly total: number;
  /** performance.now() when the run started, for showing progress only on slow runs. */
  readonly startedAt: number;
  /** Duration of the last completed run, ms. */
  readonly lastMs: number | null;
  readonly series: readonly SeriesState[];
}

export interface DetailState {
  /** The configuration evaluated (the selected one, or the best). */
  readonly config: ParallelConfig | null;
  readonly evaluation: Evaluation | null;
  readonly error: string | null;
  readonly pending: boolean;
}

/**
 * What a notice is about; a newer notice of a kind replaces the older ones. `scenario`: loading a
 * scenario (from the link, a file, a paper figure) and what was replaced while doing so; `search`: a
 * search run's failures; `other`: notices that stand alone (replaced only by the same text).
 */
export type NoticeKind = 'scenario' | 'search' | 'other';

export interface Notice {
  readonly id: number;
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly kind: NoticeKind;
}

export interface AppState {
  readonly inputs: Inputs;
  readonly view: ViewState;
  readonly results: ResultsState;
  readonly detail: DetailState;
  readonly design: DesignState;
  /** The compare-models view's results. */
  readonly models: ModelsState;
  readonly notices: readonly Notice[];
}

export const EMPTY_RESULTS: ResultsState = {
  run: 0,
  status: 'idle',
  done: 0,
  total: 0,
  startedAt: 0,
  lastMs: null,
  series: [],
};

const EMPTY_DETAIL: DetailState = { config: null, evaluation: null, error: null, pending: false };

export function initialState(inputs: Inputs = DEFAULT_INPUTS, view: ViewState = DEFAULT_VIEW): AppState {
  return {
    inputs,
    view,
    results: EMPTY_RESULTS,
    detail: EMPTY_DETAIL,
    design: EMPTY_DESIGN,
    models: EMPTY_MODELS,
    notices: [],
  };
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(state: AppState = initialState()): AppStore {
  return createStore<AppState>()(() => state);
}

// ---- actions: each a pure update of the store -------------------------------------------------------

// The view is kept as it is when no configuration was chosen: every component that reads the view (the
// top-10 table, the planner) would otherwise re-render on each step of a dragged slider.
const setInputs = (store: AppStore, f: (i: Inputs) => Inputs) =>
  store.setState((s) => ({
    inputs: f(s.inputs),
    view: s.view.selectedConfig === null ? s.view : { ...s.view, selectedConfig: null },
  }));

/** Sets one field of the model; `undefined` removes an optional field (the paper's default again). */
export function setModelField<K extends keyof ModelSpec>(
  store: AppStore,
  field: K,
  value: ModelSpec[K],
): void {
  setInputs(store, (i) => {
    const model: Record<string, unknown> = { ...i.model, [field]: value };
    if (value === undefined) delete model[field];
    return { ...i, model: model as unknown as ModelSpec };
  });
}

export function setModelPreset(store: AppStore, id: ModelPresetId): void {
  setInputs(store, (i) => ({ ...i, model: MODEL_PRESETS[id].spec }));
}

/** Makes the model Anthe-style (slim), or takes those options off it again (anthe.ts). */
export function setSlim(store: AppStore, on: boolean): void {
  setInputs(store, (i) => ({ ...i, model: on ? slimVariant(i.model) : withoutSlim(i.model) }));
}

export function setGlobalBatch(store: AppStore, value: number): void {
  setInputs(store, (i) => ({ ...i, globalBatchSize: value }));
}

export function setStrategy(store: AppStore, strategy: Strategy): void {
  setInputs(store, (i) => ({ ...i, strategy }));
}

export function setFlashAttention(store: AppStore, on: boolean): void {
  setInputs(store, (i) => ({ ...i, flashAttention: on }));
}

/** Pins one training setting or leaves it to the search. */
export function setTraining(store: AppStore, patch: Partial<TrainingChoice>): void {
  setInputs(store, (i) => ({ ...i, training: { ...i.training, ...patch } }));
}

/** Sets the GPU range as given: a range that runs backwards is shown as an error, not silently reordered. */
export function setGpuRange(store: AppStore, min: number, max: number): void {
  setInputs(store, (i) => ({ ...i, gpuMin: min, gpuMax: max }));
}

/**
 * Details `gpus` GPUs: selects it, and searches it too (`Inputs.gpuCount`) when the range's own counts
 * do not include it.
 */
export function setGpuCount(store: AppStore, gpus: number): void {
  const i = store.getState().inputs;
  if (!searchedGpus({ ...i, gpuCount: null }).includes(gpus))
    setInputs(store, (x) => ({ ...x, gpuCount: gpus }));
  selectGpus(store, gpus);
}

/**
 * Switches system k to a preset with the preset's own domain size: a product's domain is part of the
 * product (GB200 NVL72 is 72 GPUs; no B200 server has 4).
 */
export function setSystemPreset(store: AppStore, k: number, id: SystemPresetId): void {
  setInputs(store, (i) => ({
    ...i,
    systems: i.systems.map((s, j) => (j === k ? systemEntry(id) : s)),
  }));
}

export function setSystemField(store: AppStore, k: number, field: FigureKey, value: number): void {
  setInputs(store, (i) => ({
    ...i,
    systems: i.systems.map((s, j) => (j === k ? { ...s, spec: { ...s.spec, [field]: value } } : s)),
  }));
}

/** Restores system k's figures to its preset's (keeping the NVLink domain size). */
/**
 * Sets one efficiency field of system k (efficiency.ts); `undefined` takes it back to its preset's value
 * (the calibrated one, or the paper's constant where the preset has none).
 */
export function setSystemEfficiency(
  store: AppStore,
  k: number,
  key: EfficiencyKey,
  value: number | undefined,
): void {
  setInputs(store, (i) => ({
    ...i,
    systems: i.systems.map((s, j) => {
      if (j !== k) return s;
      const efficiency: Record<string, number> = { ...s.spec.efficiency };
      const v = value ?? SYSTEM_PRESETS[s.preset].spec.efficiency?.[key];
      if (v === undefined) delete efficiency[key];
      else efficiency[key] = v;
      const { efficiency: _old, ...figures } = s.spec;
      return { ...s, spec: Object.keys(efficiency).length ? { ...figures, efficiency } : figures };
    }),
  }));
}

export function resetSystem(store: AppStore, k: number): void {
  setInputs(store, (i) => ({
    ...i,
    systems: i.systems.map((s, j) => (j === k ? systemEntry(s.preset, s.spec.nvlink_size) : s)),
  }));
}

/**
 * Adds a system. A product comes with its own domain; one of the paper's generations takes the first
 * system's, as the paper compares generations at equal domain sizes (its domain is a parameter).
 */
export function addSystem(store: AppStore, id: SystemPresetId): void {
  const { inputs } = store.getState();
  if (inputs.systems.length >= MAX_SYSTEMS) return;
  const paper = (PAPER_SYSTEM_IDS as readonly string[]).includes(id);
  const nvs = paper ? inputs.systems[0]?.spec.nvlink_size : undefined;
  setInputs(store, (i) => ({ ...i, systems: [...i.systems, systemEntry(id, nvs)] }));
  store.setState((s) => ({ view: { ...s.view, activeSystem: s.inputs.systems.length - 1 } }));
}

export function removeSystem(store: AppStore, k: number): void {
  const { inputs } = store.getState();
  if (inputs.systems.length <= 1) return;
  setInputs(store, (i) => ({ ...i, systems: i.systems.filter((_, j) => j !== k) }));
  // Keep editing the same system: those after the removed one move up a place.
  store.setState((s) => {
    const a = s.view.activeSystem;
    const activeSystem = Math.min(a > k ? a - 1 : a, s.inputs.systems.length - 1);
    return {
      view: { ...s.view, activeSystem },
      results: { ...s.results, series: s.results.series.filter((_, j) => j !== k) },
    };
  });
}

export function setActiveSystem(store: AppStore, k: number): void {
  store.setState((s) => ({
    view: { ...s.view, activeSystem: Math.max(0, Math.min(k, s.inputs.systems.length - 1)) },
  }));
}

export function setTab(store: AppStore, tab: Tab): void {
  store.setState((s) => ({ view: { ...s.view, tab } }));
}

const setComparedModels = (store: AppStore, f: (ms: readonly ComparedModel[]) => readonly ComparedModel[]) =>
  store.setState((s) => ({ view: { ...s.view, compareModels: f(s.view.compareModels) } }));

/** Model k of the compare-models view starts from another source (its overrides and variant are dropped). */
export function setComparedSource(store: AppStore, k: number, source: ModelSource): void {
  setComparedModels(store, (ms) => ms.map((m, j) => (j === k ? comparedModel(source) : m)));
}

/** Applies a named variant to model k, or none (null). */
export function setComparedVariant(store: AppStore, k: number, variant: string | null): void {
  setComparedModels(store, (ms) => ms.map((m, j) => (j === k ? { ...m, variant } : m)));
}

export function addComparedModel(store: AppStore, source: ModelSource): void {
  setComparedModels(store, (ms) => (ms.length >= MAX_MODELS ? ms : [...ms, comparedModel(source)]));
}

export function removeComparedModel(store: AppStore, k: number): void {
  setComparedModels(store, (ms) => (ms.length <= MIN_MODELS ? ms : ms.filter((_, j) => j !== k)));
}

export function setDesignMode(store: AppStore, designMode: DesignMode): void {
  store.setState((s) => ({ view: { ...s.view, designMode } }));
}

export function setSweep(store: AppStore, sweepKind: SweepKind, sweepResolution?: SweepResolution): void {
  store.setState((s) => ({
    view: { ...s.view, sweepKind, sweepResolution: sweepResolution ?? s.view.sweepResolution },
  }));
}

/** Marks the view as reproducing a paper figure (its caption shows), or clears it. */
export function setFigure(store: AppStore, figure: string | null): void {
  store.setState((s) => ({ view: { ...s.view, figure } }));
}

export function setDesign(store: AppStore, f: (d: DesignState) => DesignState): void {
  store.setState((s) => {
    const design = f(s.design);
    return design === s.design ? {} : { design };
  });
}

/** Sets one of the planner's assumptions (token budget, price per GPU-hour, PUE). */
export function setPlanner(store: AppStore, field: keyof PlannerAssumptions, value: number): void {
  store.setState((s) => ({ view: { ...s.view, [field]: value } }));
}

export function setBreakdown(store: AppStore, breakdown: BreakdownMode): void {
  store.setState((s) => ({ view: { ...s.view, breakdown } }));
}

export function selectGpus(store: AppStore, gpus: number | null): void {
  store.setState((s) => ({ view: { ...s.view, selectedGpus: gpus, selectedConfig: null } }));
}

/** Selects a configuration (at a GPU count) everywhere: charts, tables, per-layer view. */
export function selectConfig(store: AppStore, gpus: number, config: ParallelConfig | null): void {
  store.setState((s) => ({ view: { ...s.view, selectedGpus: gpus, selectedConfig: config } }));
}

/** Replaces inputs and view at once (from a URL or an imported file). */
export function replaceState(store: AppStore, inputs: Inputs, view: ViewState): void {
  store.setState({ inputs, view });
}

let noticeId = 0;
/** Shows a message; one of kind `scenario` or `search` replaces the older ones of its kind. */
export function notify(
  store: AppStore,
  level: Notice['level'],
  text: string,
  kind: NoticeKind = 'other',
): void {
  notifyAll(store, level, [text], kind);
}

/**
 * Shows messages that belong together (what one link or file replaced), replacing the older ones of
 * their kind (unless `other`); no messages clears the kind.
 */
export function notifyAll(
  store: AppStore,
  level: Notice['level'],
  texts: readonly string[],
  kind: NoticeKind,
): void {
  store.setState((s) => {
    const kept = s.notices.filter((n) => (kind === 'other' || n.kind !== kind) && !texts.includes(n.text));
    // Nothing to clear or add (every search starts by clearing its errors): the same state, so no
    // listener runs; an empty patch would have made a new state and run them all.
    if (texts.length === 0 && kept.length === s.notices.length) return s;
    return { notices: [...kept, ...texts.map((text) => ({ id: ++noticeId, level, text, kind }))] };
  });
}

export function dismissNotice(store: AppStore, id: number): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

// ---- results ------------------------------------------------------------------------------------------

/** Marks a new run: keeps what is shown, so charts never blank while new results stream in. */
export function startRun(store: AppStore, run: number, keys: readonly string[], startedAt: number): void {
  store.setState((s) => ({
    results: {
      ...s.results,
      run,
      status: 'running',
      done: 0,
      total: 0,
      startedAt,
      series: keys.map((key, k) => {
        const old = s.results.series[k];
        if (old && old.key === key) return old;
        return { key, byGpus: old?.byGpus ?? {}, fresh: [], errors: {} };
      }),
    },
  }));
}

/** The inputs cannot run: keep the last good results on screen. */
export function markInvalid(store: AppStore): void {
  store.setState((s) => ({ results: { ...s.results, status: 'invalid' } }));
}

/** Folds one worker update into the results; updates of superseded runs are dropped. Pure. */
export function reduceResults(r: ResultsState, u: BridgeUpdate, gpus: readonly number[]): ResultsState {
  if (u.run !== r.run) return r;
  switch (u.kind) {
    case 'progress':
      return { ...r, done: u.done, total: u.total };
    case 'result': {
      const k = Number(u.series);
      const series = r.series.map((x, j) =>
        j === k
          ? {
              ...x,
              byGpus: { ...x.byGpus, [u.result.gpus]: u.result },
              fresh: x.fresh.includes(u.result.gpus) ? x.fresh : [...x.fresh, u.result.gpus],
            }
          : x,
      );
      return { ...r, series };
    }
    case 'error': {
      const k = Number(u.series);
      const series = r.series.map((x, j) =>
        j === k ? { ...x, errors: { ...x.errors, [u.gpus]: u.message } } : x,
      );
      return { ...r, series };
    }
    case 'done': {
      // A cancelled run keeps everything on screen, its new results and the older ones it did not reach.
      if (u.cancelled) return { ...r, status: 'cancelled', lastMs: u.ms };
      // Drop what the finished run no longer covers (outside the GPU range, or from an older request).
      const series = r.series.map((x) => {
        const byGpus: Record<number, GpuResult> = {};
        for (const n of gpus) {
          const res = x.byGpus[n];
          if (res && (x.fresh.includes(n) || n in x.errors)) byGpus[n] = res;
        }
        return { ...x, byGpus };
      });
      return { ...r, status: 'done', lastMs: u.ms, series };
    }
  }
}

/** Applies worker updates in one store change (one render however many arrived together). */
export function applyUpdates(
  store: AppStore,
  updates: readonly BridgeUpdate[],
  gpus: readonly number[],
): void {
  store.setState((s) => {
    const results = updates.reduce((r, u) => reduceResults(r, u, gpus), s.results);
    return results === s.results ? {} : { results };
  });
}

export function applyUpdate(store: AppStore, u: BridgeUpdate, gpus: readonly number[]): void {
  applyUpdates(store, [u], gpus);
}

export function setDetail(store: AppStore, detail: DetailState): void {
  store.setState({ detail });
}
