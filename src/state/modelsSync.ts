/**
 * Runs the compare-models view's searches: one series per compared model, on the edited system, over the
 * GPU range, through the worker pool in a lane of its own (behind the explorer's work). Results land in
 * `AppState.models`; nothing here computes a figure, the worker's results are stored as they come.
 */
import { formatIssue, modelSchema, parseWith } from '../model/schema.ts';
import type { GpuResult, SearchRequest } from '../search/search.ts';
import { requestKey } from '../worker/api.ts';
import type { BridgeUpdate, SearchBridge } from '../worker/bridge.ts';
import { inputIssues, searchRequest } from './inputs.ts';
import { resolveModel, type ModelSeriesState, type ModelsState } from './models.ts';
import { selectGpuList } from './selectors.ts';
import type { AppState, AppStore } from './store.ts';

/**
 * Results are folded in at most this often (ms): as for the design views, each fold re-renders the
 * view's charts, and a render per streamed GPU count would take main-thread time from the search.
 */
const UPDATE_MS = 250;

/**
 * Each compared model's search, or why its figures cannot run. Only the fastest configuration is kept
 * and evaluated in full (for its memory by kind and its parameters): no sample, no front.
 */
export function modelsRequests(s: AppState): ({ request: SearchRequest } | { invalid: string })[] {
  const base = searchRequest(s.inputs, s.view.activeSystem);
  return s.view.compareModels.map((m) => {
    const model = resolveModel(m, s.inputs.model);
    const r = parseWith(modelSchema, model, 'model');
    if (!r.ok) return { invalid: formatIssue(r.issues[0]!) };
    return { request: { ...base, model, top: 1, cloudSize: 0, front: false, withBest: true } };
  });
}

/** What the compare-models view depends on; null when it is not shown or the scenario cannot run. */
export function modelsKey(s: AppState): string | null {
  if (s.view.tab !== 'models') return null;
  // The edited model may be invalid while it is not compared; the rest of the scenario must run.
  const issues = inputIssues(s.inputs).filter((i) => !i.path.startsWith('model'));
  if (issues.length > 0) return null;
  return JSON.stringify(
    modelsRequests(s).map((r) => ('request' in r ? [requestKey(r.request), r.request.gpus] : r.invalid)),
  );
}

export type ModelsBridge = Pick<SearchBridge, 'run' | 'cancel'>;

/** Replaces the models slice (a no-op when `f` returns it unchanged). */
export function setModels(store: AppStore, f: (m: ModelsState) => ModelsState): void {
  store.setState((s) => {
    const models = f(s.models);
    return models === s.models ? {} : { models };
  });
}

/** Folds one worker update into the models' results. Pure. */
export function reduceModels(m: ModelsState, u: BridgeUpdate): ModelsState {
  const at = (k: number, f: (x: ModelSeriesState) => ModelSeriesState) => ({
    ...m,
    series: m.series.map((x, j) => (j === k ? f(x) : x)),
  });
  switch (u.kind) {
    case 'progress':
      return m;
    case 'result':
      return at(Number(u.series), (x) => ({ ...x, byGpus: { ...x.byGpus, [u.result.gpus]: u.result } }));
    case 'error':
      return at(Number(u.series), (x) => ({ ...x, errors: { ...x.errors, [u.gpus]: u.message } }));
    case 'done':
      return { ...m, status: u.cancelled ? 'cancelled' : 'done' };
  }
}

/** Starts the run for `key` (from `modelsKey(s)`), superseding any other. */
export function runModels(store: AppStore, bridge: ModelsBridge, s: AppState, key: string): void {
  const requests = modelsRequests(s);
  const gpus = selectGpuList(s.inputs);
  setModels(store, (old) => ({
    key,
    status: 'running',
    series: requests.map((r, k) => {
      if ('invalid' in r) return { key: '', byGpus: {}, errors: {}, invalid: r.invalid };
      const rk = requestKey(r.request);
      const prev = old.series[k];
      // The same model as before keeps what it had in range until the new results replace it.
      const byGpus: Record<number, GpuResult> = {};
      if (prev?.key === rk) for (const n of gpus) if (prev.byGpus[n]) byGpus[n] = prev.byGpus[n];
      return { key: rk, byGpus, errors: {}, invalid: null };
    }),
  }));
  let pending: BridgeUpdate[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const us = pending;
    pending = [];
    if (us.length) setModels(store, (m) => (m.key === key ? us.reduce(reduceModels, m) : m));
  };
  const jobs = requests.flatMap((r, k) =>
    'request' in r ? [{ series: String(k), request: r.request }] : [],
  );
  bridge.run(jobs, (u) => {
    pending.push(u);
    if (u.kind === 'done') flush();
    else timer ??= setTimeout(flush, UPDATE_MS);
  });
}

/**
 * The GPU count the view details: the selected one if in range, else the largest at which every model
 * with results fits (the one where all can be compared), else the largest at which any fits; null when
 * nothing fits yet.
 */
export function modelsGpus(s: AppState): number | null {
  const gpus = selectGpuList(s.inputs);
  if (s.view.selectedGpus !== null && gpus.includes(s.view.selectedGpus)) return s.view.selectedGpus;
  const searched = s.models.series.filter((x) => x.invalid === null);
  const fits = (x: (typeof searched)[number], n: number) => (x.byGpus[n]?.top.length ?? 0) > 0;
  let any: number | null = null;
  for (let i = gpus.length - 1; i >= 0; i--) {
    const n = gpus[i] as number;
    if (searched.length > 0 && searched.every((x) => fits(x, n))) return n;
    if (any === null && searched.some((x) => fits(x, n))) any = n;
  }
  return any;
}
