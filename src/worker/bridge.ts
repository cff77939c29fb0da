/**
 * The main side of the search: turns "search these series over these GPU counts" into worker tasks, keeps
 * finished GPU counts (so a change of GPU range or of compared systems only computes what is new), and
 * streams results and progress back. A new run supersedes the previous one: its queued work is dropped and
 * anything that still arrives from it is ignored.
 */
import * as Comlink from 'comlink';
import type { ParallelConfig } from '../model/spec.ts';
import { packedBuffers, type PackedState } from '../search/accumulator.ts';
import type { DesignMap } from '../search/designMap.ts';
import type { GpuResult, SearchRequest } from '../search/search.ts';
import {
  fromWire,
  requestAt,
  requestKey,
  type EvaluateReply,
  type ManyReply,
  type PlanReply,
  type SearchApi,
  type WireResult,
} from './api.ts';
import { Cancelled, type PoolWorker, type WorkerPool } from './pool.ts';

/** One curve: a request (one system) over its GPU counts. */
export interface SeriesJob {
  readonly series: string;
  readonly request: SearchRequest;
  /**
   * The one GPU count whose fastest configuration comes evaluated layer by layer (`GpuResult.best`), when
   * the request asks for it; the others come without (null), which the per-layer view evaluates on
   * demand. Evaluating every count's best was half of a modern model's search after a slider change.
   */
  readonly bestAt?: number;
}

export type BridgeUpdate =
  | { readonly kind: 'result'; readonly run: number; readonly series: string; readonly result: GpuResult }
  | { readonly kind: 'progress'; readonly run: number; readonly done: number; readonly total: number }
  | {
      readonly kind: 'error';
      readonly run: number;
      readonly series: string;
      readonly gpus: number;
      readonly message: string;
    }
  | { readonly kind: 'done'; readonly run: number; readonly ms: number; readonly cancelled?: boolean };

const CACHE_ENTRIES = 240;
const PROGRESS_INTERVAL_MS = 50;
const PRIORITY = { finish: 0, plan: 1, chunk: 2 } as const;
/**
 * Pool weights (a chunk of work is 1): planning is quick and most GPU counts searched whole are small,
 * so a planning call weighs `plan` per GPU count it carries (an idle worker takes any call); a finish
 * merges chunks already computed.
 */
const WEIGHT = { finish: 0.25, plan: 0.4, chunk: 1 } as const;
/**
 * With at least this many series per worker, each series keeps to one worker (its home): there is
 * enough to go round, and every worker that searched a series would build its block plans again.
 */
const SERIES_PER_WORKER_FOR_HOMES = 2;

export function browserWorker(): PoolWorker {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), {
    type: 'module',
    name: 'parallax-search',
  });
  const api = Comlink.wrap<SearchApi>(worker);
  let terminated = false;
  return {
    api,
    onCrash: (listener) => {
      worker.addEventListener('error', (e) => listener(e.message || 'the worker failed to run'));
      worker.addEventListener('messageerror', () => listener('a message could not be read'));
    },
    terminate: () => {
      if (terminated) return;
      terminated = true;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

interface GpuHandlers {
  readonly planned: (candidates: number) => void;
  readonly chunkDone: (candidates: number) => void;
  readonly result: (r: GpuResult) => void;
  readonly failed: (e: unknown) => void;
}

export class SearchBridge {
  private readonly cache = new Map<string, GpuResult>();
  private generation = 0;
  private cancelCurrent: (() => void) | undefined;

  /**
   * `lane` names this bridge's work in a shared pool; `priority` is added to its tasks' priorities so a
   * background lane yields to the explorer's.
   */
  constructor(
    readonly pool: WorkerPool,
    private readonly lane = '',
    private readonly priority = 0,
  ) {}

  /** Starts a run; returns its id. Updates for older runs stop as soon as this is called. */
  run(jobs: readonly SeriesJob[], onUpdate: (u: BridgeUpdate) => void): number {
    const run = ++this.generation;
    this.pool.dropBefore(run, this.lane);
    const started = now();
    let cancelled = false;
    const live = () => run === this.generation && !cancelled;
    this.cancelCurrent = () => {
      if (!live()) return;
      cancelled = true;
      // Work already in a worker finishes within one chunk; everything queued is dropped now.
      this.pool.dropBefore(run + 1, this.lane);
      onUpdate({ kind: 'done', run, ms: now() - started, cancelled: true });
    };
    let total = 0;
    let done = 0;
    let outstanding = 0;
    let lastProgress = 0;
    const progress = (force = false) => {
      if (!live()) return;
      const t = now();
      if (!force && t - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = t;
      onUpdate({ kind: 'progress', run, done, total });
    };
    const finishOne = () => {
      if (--outstanding === 0 && live()) {
        progress(true);
        onUpdate({ kind: 'done', run, ms: now() - started });
      }
    };
    const fail = (series: string, gpus: number) => (e: unknown) => {
      if (!live() || e instanceof Cancelled) return;
      onUpdate({ kind: 'error', run, series, gpus, message: e instanceof Error ? e.message : String(e) });
      finishOne();
    };

    const cachedResults: { series: string; result: GpuResult }[] = [];
    const homes = jobs.length >= SERIES_PER_WORKER_FOR_HOMES * this.pool.size;
    for (const [index, job] of jobs.entries()) {
      const key = requestKey(job.request);
      const missing: number[] = [];
      for (const gpus of job.request.gpus) {
        const hit = this.cache.get(`${key}|${gpus}`);
        if (hit) cachedResults.push({ series: job.series, result: hit });
        else missing.push(gpus);
      }
      outstanding += missing.length;
      const handlers = (gpus: number): GpuHandlers => ({
        planned: (n) => {
          total += n;
        },
        chunkDone: (n) => {
          done += n;
          progress();
        },
        result: (result) => {
          if (!live()) return;
          onUpdate({ kind: 'result', run, series: job.series, result });
          finishOne();
        },
        failed: fail(job.series, gpus),
      });
      // A series kept on its home worker goes there whole; otherwise its counts are dealt out in turn,
      // one batch per worker (a sweep's counts grow and shrink along the list, so turns even them out).
      const batches = homes ? 1 : Math.min(this.pool.size, missing.length);
      for (let b = 0; b < batches; b++)
        this.searchBatch(
          job,
          key,
          missing.filter((_, i) => i % batches === b),
          run,
          homes ? index : undefined,
          handlers,
        );
    }
    // Cached results first, synchronously after the caller has recorded the run id.
    queueMicrotask(() => {
      if (!live()) return;
      for (const c of cachedResults) onUpdate({ kind: 'result', run, series: c.series, result: c.result });
      if (outstanding === 0) onUpdate({ kind: 'done', run, ms: now() - started });
    });
    return run;
  }

  /** Plans (or searches whole) several GPU counts of one series in one task, then runs their chunks. */
  private searchBatch(
    job: SeriesJob,
    key: string,
    batch: readonly number[],
    run: number,
    home: number | undefined,
    handlers: (gpus: number) => GpuHandlers,
  ): void {
    const opts = (kind: keyof typeof PRIORITY, count = 1) => ({
      priority: PRIORITY[kind] + this.priority,
      weight: WEIGHT[kind] * count,
      generation: run,
      lane: this.lane,
      ...(home === undefined ? {} : { home }),
    });
    this.pool
      .submit<ManyReply[]>(
        (api) => api.planOrSearchMany(job.request, batch, job.bestAt) as Promise<ManyReply[]>,
        opts('plan', batch.length),
      )
      .then(
        (replies) =>
          replies.forEach((reply, i) => {
            const on = handlers(batch[i] as number);
            try {
              if ('error' in reply) on.failed(new Error(reply.error));
              else this.searchGpuCount(job, key, batch[i] as number, reply, opts, on);
            } catch (e) {
              on.failed(e);
            }
          }),
        (e: unknown) => batch.forEach((gpus) => handlers(gpus).failed(e)),
      );
  }

  /** One GPU count after its plan: its result, or its chunks searched and finished. */
  private searchGpuCount(
    job: SeriesJob,
    key: string,
    gpus: number,
    reply: PlanReply,
    opts: (kind: keyof typeof PRIORITY) => Parameters<WorkerPool['submit']>[1],
    on: GpuHandlers,
  ): void {
    const finished = (result: GpuResult) => {
      this.remember(`${key}|${gpus}`, result);
      on.result(result);
    };
    if ('result' in reply) {
      on.planned(reply.result.candidates);
      on.chunkDone(reply.result.candidates);
      finished(fromWire(reply.result));
      return;
    }
    const r = requestAt(job.request, gpus, job.bestAt);
    const plan = reply.plan;
    on.planned(plan.total);
    Promise.all(
      plan.chunks.map(([start, end, count]) =>
        this.pool
          .submit((api) => api.searchChunk(r, gpus, start, end), opts('chunk'))
          .then((state: PackedState) => {
            on.chunkDone(count);
            return state;
          }),
      ),
    )
      .then((parts) =>
        this.pool.submit(
          // Handed over, not copied: the main thread never unpacks a chunk.
          (api) => api.finish(r, gpus, Comlink.transfer(parts, parts.flatMap(packedBuffers))),
          opts('finish'),
        ),
      )
      .then((wire: WireResult) => finished(fromWire(wire)))
      .catch(on.failed);
  }

  private remember(key: string, result: GpuResult): void {
    this.cache.delete(key);
    this.cache.set(key, result);
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Stops the current run: queued work is dropped, what finished stays. */
  cancel(): void {
    this.cancelCurrent?.();
  }

  /** Per-layer evaluation of one configuration, ahead of any queued search work. */
  evaluate(request: SearchRequest, config: ParallelConfig): Promise<EvaluateReply> {
    return this.pool.submit<EvaluateReply>((api) => api.evaluate(request, config) as Promise<EvaluateReply>, {
      priority: PRIORITY.finish + this.priority,
      generation: Infinity,
      lane: this.lane,
    });
  }

  /** A design-space map of one GPU count, as part of this bridge's current run (superseded with it). */
  designMap(request: SearchRequest, gpus: number): Promise<DesignMap> {
    return this.pool.submit((api) => api.designMap(request, gpus), {
      priority: PRIORITY.chunk + this.priority,
      generation: this.generation,
      lane: this.lane,
    });
  }

  /** Forgets cached results (e.g. after an engine error). */
  clear(): void {
    this.cache.clear();
  }
}

function now(): number {
  return globalThis.performance?.now() ?? 0;
}
