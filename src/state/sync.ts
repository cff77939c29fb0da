/**
 * The one place that touches the outside world: reads the URL once, writes it back (debounced,
 * replaceState, so editing never floods history), and runs searches in the worker pool whenever the
 * inputs change. Everything is passed in, so tests drive it with fakes.
 */
import { choiceOf } from '../model/training.ts';
import { requestKey } from '../worker/api.ts';
import { designKey, runDesign, type DesignBridge } from './designSync.ts';
import { modelsKey, runModels, type ModelsBridge } from './modelsSync.ts';
import type { BridgeUpdate, SearchBridge } from '../worker/bridge.ts';
import { decodeState, encodeState } from '../url/codec.ts';
import { inputIssues, searchRequest, type Inputs } from './inputs.ts';
import { effectiveConfig, effectiveGpus, effectiveResult, selectGpuList, sameConfig } from './selectors.ts';
import {
  applyUpdates,
  markInvalid,
  notify,
  notifyAll,
  replaceState,
  setDetail,
  startRun,
  type AppState,
  type AppStore,
  type ViewState,
} from './store.ts';

/** How long the first result of a run may wait for others to arrive with it, ms. */
const FIRST_FLUSH_MS = 80;

export interface SyncEnv {
  readonly location: {
    readonly origin: string;
    readonly search: string;
    readonly pathname: string;
    readonly hash: string;
  };
  readonly history: { replaceState(data: unknown, unused: string, url: string): void };
  readonly bridge: Pick<SearchBridge, 'run' | 'evaluate' | 'cancel'>;
  /** The design views' bridge: a lane of the same pool that yields to the explorer's work. */
  readonly designBridge?: DesignBridge;
  /** The compare-models view's bridge: another such lane. */
  readonly modelsBridge?: ModelsBridge;
  readonly now: () => number;
  /** Delay of URL writes after the last edit, ms. */
  readonly urlDelayMs?: number;
  /**
   * Results after a run's first are applied at most this often (ms): each application re-renders the
   * charts, and a render per streamed GPU count would hold the main thread for most of a sweep. 400 ms
   * still shows a long sweep filling in; against 200 ms it cut the main thread's long-task time of a 2D
   * sweep by about a quarter (A/B in Chromium on 2 cores).
   */
  readonly coalesceMs?: number;
  /**
   * When given, the first search waits for it (the app's first paint): the workers' search then does not
   * take the cores the boot's own tasks need. An edit before it searches at once.
   */
  readonly firstSearch?: Promise<unknown>;
  /** Records a timing mark (performance.mark in the browser), for benchmarks that drive the real app. */
  readonly mark?: (
    name:
      | 'parallax:run-start'
      | 'parallax:first-result'
      | 'parallax:run-done'
      | 'parallax:design-start'
      | 'parallax:design-done',
    run: number,
  ) => void;
}

export interface SyncHandle {
  /** The shareable link of the current state. */
  readonly link: () => string;
  /** Stops the search in progress, keeping what it found so far. */
  readonly cancel: () => void;
  /** Stops the design view's searches, keeping what they found so far. */
  readonly cancelDesign: () => void;
  /** Resumes a stopped design computation (what was finished is cached). */
  readonly resumeDesign: () => void;
  readonly stop: () => void;
}

/** Reads the URL into the store and keeps URL, searches and details in step. */
export function startSync(store: AppStore, env: SyncEnv): SyncHandle {
  const decoded = decodeState(env.location.search);
  replaceState(store, decoded.inputs, decoded.view);
  notifyAll(store, 'warning', decoded.messages, 'scenario');

  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  const writeUrl = (s: AppState) => {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      env.history.replaceState(
        null,
        '',
        `${env.location.pathname}${encodeState(s.inputs, s.view)}${env.location.hash}`,
      );
    }, env.urlDelayMs ?? 120);
  };

  const runSearch = (inputs: Inputs) => {
    // A previous run's failures are of inputs no longer shown.
    notifyAll(store, 'error', [], 'search');
    if (inputIssues(inputs).length > 0) {
      markInvalid(store);
      return;
    }
    const gpus = selectGpuList(inputs);
    // The GPU count the per-layer view will most likely show (the chosen one, else the largest, where the
    // most fits) comes with its best evaluated in full; the detail evaluates any other on demand.
    const selected = store.getState().view.selectedGpus;
    const bestAt = selected !== null && gpus.includes(selected) ? selected : gpus[gpus.length - 1];
    const jobs = inputs.systems.map((_, k) => ({
      series: String(k),
      request: searchRequest(inputs, k),
      ...(bestAt === undefined ? {} : { bestAt }),
    }));
    const started = env.now();
    let first = true;
    let buffered: BridgeUpdate[] = [];
    const failures: string[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      const updates = buffered;
      buffered = [];
      if (updates.length) applyUpdates(store, updates, gpus);
    };
    const onUpdate = (u: BridgeUpdate) => {
      buffered.push(u);
      if (u.kind === 'done') {
        flush();
        env.mark?.('parallax:run-done', u.run);
      } else if (flushTimer === undefined) {
        // The first result waits a little too: a quick sweep then lands in one render, not three.
        flushTimer = setTimeout(flush, first ? FIRST_FLUSH_MS : (env.coalesceMs ?? 400));
      }
      if (u.kind === 'result' && first) {
        first = false;
        env.mark?.('parallax:first-result', u.run);
      }
      if (u.kind === 'error') {
        // One message per run, naming every GPU count that failed.
        failures.push(`${u.gpus} GPUs failed: ${u.message}`);
        notify(
          store,
          'error',
          `The search at ${failures.join('; at ')}. The last good results stay on screen.`,
          'search',
        );
      }
    };
    const run = env.bridge.run(jobs, onUpdate);
    env.mark?.('parallax:run-start', run);
    startRun(
      store,
      run,
      jobs.map((j) => requestKey(j.request)),
      started,
    );
  };

  // The configuration detailed in the per-layer view: the best comes with the results; any other is
  // evaluated in the worker.
  let detailSeq = 0;
  // The inputs the detail was evaluated with: the same configuration under other inputs is evaluated again.
  let detailInputs: Inputs | null = null;
  const updateDetail = (s: AppState) => {
    const config = effectiveConfig(s);
    const result = effectiveResult(s);
    const current = store.getState().detail;
    if (!config) {
      if (current.config !== null || current.evaluation !== null)
        setDetail(store, { config: null, evaluation: null, error: null, pending: false });
      return;
    }
    const best = result?.top[0];
    if (best && sameConfig(best.config, config) && result?.best) {
      // A result's own evaluation, of whichever inputs it was searched with.
      detailInputs = null;
      if (current.evaluation !== result.best)
        setDetail(store, { config, evaluation: result.best, error: null, pending: false });
      return;
    }
    if (
      sameConfig(current.config, config) &&
      s.inputs === detailInputs &&
      (current.evaluation || current.pending || current.error)
    )
      return;
    detailInputs = s.inputs;
    const seq = ++detailSeq;
    setDetail(store, { config, evaluation: null, error: null, pending: true });
    // A ranked configuration is evaluated under the training settings the search chose for it.
    const chosen = result?.top.find((t) => sameConfig(t.config, config))?.training;
    const request = searchRequest(s.inputs, s.view.activeSystem);
    env.bridge
      .evaluate(chosen ? { ...request, training: choiceOf(chosen, config.v ?? 1) } : request, config)
      .then((reply) => {
        if (seq !== detailSeq) return;
        setDetail(
          store,
          reply.ok
            ? { config, evaluation: reply.evaluation, error: null, pending: false }
            : { config, evaluation: null, error: reply.error, pending: false },
        );
      })
      .catch((e: unknown) => {
        if (seq !== detailSeq) return;
        setDetail(store, {
          config,
          evaluation: null,
          error: e instanceof Error ? e.message : String(e),
          pending: false,
        });
      });
  };

  const updateDesign = (s: AppState, force = false) => {
    if (!env.designBridge) return;
    const key = designKey(s);
    if (key === null) {
      // Leaving the design tab stops its work (what it found stays); the explorer gets the workers back.
      if (s.design.status === 'running') env.designBridge.cancel();
      return;
    }
    // Coming back to a run that was stopped on leaving the tab resumes it (finished variants are cached).
    if (force || key !== s.design.key) {
      env.mark?.('parallax:design-start', 0);
      runDesign(store, env.designBridge, s, key, env.now(), (name) => env.mark?.(name, 0));
    }
  };

  // After an input, the design view's run starts in a task of its own, from the state then current: the
  // input's own task (the click, the render it causes) is not lengthened by submitting the hundreds of
  // tasks of a figure set, and a burst of changes starts one run.
  let designTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleDesign = () => {
    if (!env.designBridge || designTimer !== undefined) return;
    designTimer = setTimeout(() => {
      designTimer = undefined;
      updateDesign(store.getState());
    }, 0);
  };

  const updateModels = (s: AppState) => {
    if (!env.modelsBridge) return;
    const key = modelsKey(s);
    if (key === null) {
      // Leaving the view stops its work (what it found stays, and the bridge caches it for a return).
      if (s.models.status === 'running') env.modelsBridge.cancel();
      return;
    }
    if (key !== s.models.key || s.models.status === 'cancelled') runModels(store, env.modelsBridge, s, key);
  };
  // As for the design view: in a task of its own, once per burst of changes.
  let modelsTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleModels = () => {
    if (!env.modelsBridge || modelsTimer !== undefined) return;
    modelsTimer = setTimeout(() => {
      modelsTimer = undefined;
      updateModels(store.getState());
    }, 0);
  };

  let searched = false;
  let stopped = false;
  const search = (inputs: Inputs) => {
    searched = true;
    runSearch(inputs);
  };
  let last = store.getState();
  if (env.firstSearch)
    void env.firstSearch.then(() => {
      if (!searched && !stopped) search(store.getState().inputs);
    });
  else search(last.inputs);
  updateDetail(last);
  updateDesign(last);
  updateModels(last);
  const unsubscribe = store.subscribe((s) => {
    const prev = last;
    last = s;
    if (s.inputs !== prev.inputs) search(s.inputs);
    if (s.inputs !== prev.inputs || !sameView(s.view, prev.view)) writeUrl(s);
    if (s.results !== prev.results || s.view !== prev.view || effectiveGpus(s) !== effectiveGpus(prev))
      updateDetail(s);
    if (s.inputs !== prev.inputs || s.view !== prev.view) {
      scheduleDesign();
      scheduleModels();
    }
  });
  return {
    link: () => {
      const s = store.getState();
      return `${env.location.origin}${env.location.pathname}${encodeState(s.inputs, s.view)}`;
    },
    cancel: () => env.bridge.cancel(),
    cancelDesign: () => env.designBridge?.cancel(),
    resumeDesign: () => updateDesign(store.getState(), true),
    stop: () => {
      stopped = true;
      unsubscribe();
      clearTimeout(urlTimer);
      clearTimeout(designTimer);
      clearTimeout(modelsTimer);
    },
  };
}

function sameView(a: ViewState, b: ViewState): boolean {
  return a === b;
}
