/**
 * What the search worker offers, as a plain object over the pure engine: tests call it directly, the
 * worker exposes it through comlink. Arguments and results are structured-cloneable data.
 *
 * A GPU count's search is split into chunks (contiguous runs of its tensor grids) so that no single call
 * runs long: a new input never waits more than one chunk, and chunks spread over a pool of workers.
 * Each worker keeps the sweep context (machine, evaluated blocks) of its recent requests.
 */
import { pinnedTraining } from '../model/training.ts';
import { evaluate, type Evaluation } from '../model/evaluate.ts';
import { configIssues, formatIssue } from '../model/schema.ts';
import type { ParallelConfig } from '../model/spec.ts';
import * as Comlink from 'comlink';
import {
  packPoints,
  packState,
  packedBuffers,
  unpackPoints,
  unpackState,
  type CloudPoint,
  type PackedState,
} from '../search/accumulator.ts';
import { designMap, type DesignMap } from '../search/designMap.ts';
import { countCandidates, tensorGrids } from '../search/enumerate.ts';
import {
  SweepContext,
  finishGpuResult,
  newAccumulator,
  plansKey,
  scenarioOf,
  searchGpuCount,
  searchInto,
  type GpuResult,
  type SearchRequest,
} from '../search/search.ts';

/** Candidates per chunk: about 10 ms of work once the engine is warm. */
export const CHUNK_CANDIDATES = 32_000;
const CONTEXTS_KEPT = 8;

export interface ChunkPlan {
  readonly gpus: number;
  /** Candidates in all chunks. */
  readonly total: number;
  /** [first grid, end grid, candidates] of each chunk, in order. */
  readonly chunks: readonly (readonly [number, number, number])[];
}

/** Identity of a request apart from its GPU list: what a sweep context and cached results depend on. */
export function requestKey(r: SearchRequest): string {
  return JSON.stringify([
    r.model,
    r.system,
    r.strategy,
    r.globalBatchSize,
    r.top,
    r.options,
    r.cloudSize ?? 0,
    r.front !== false,
    // A sweep context answers for one training choice: its results carry the chosen settings.
    r.training ?? null,
  ]);
}

const contexts = new Map<string, SweepContext>();
/** The newest context per `plansKey`: a request that differs only in HBM capacity reuses its plans. */
const plansOf = new Map<string, SweepContext>();

function contextFor(r: SearchRequest): SweepContext {
  const key = requestKey(r);
  let ctx = contexts.get(key);
  if (ctx) {
    contexts.delete(key); // re-insert: most recently used last
  } else {
    const pk = plansKey(r);
    ctx = new SweepContext(r, plansOf.get(pk));
    plansOf.delete(pk);
    plansOf.set(pk, ctx);
    if (plansOf.size > CONTEXTS_KEPT) plansOf.delete(plansOf.keys().next().value as string);
    if (contexts.size >= CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value as string);
  }
  contexts.set(key, ctx);
  return ctx;
}

/**
 * A finished result as it crosses the worker boundary: the cloud (most of a result's size: 400 points
 * with their configurations) packed in one transferred buffer. Structured clone rebuilds every point
 * object on the receiving thread, the main thread, several times slower than unpacking the buffer (a
 * 2D sweep's 13 results: 9.4 ms against 2 ms in Node, more in a busy page).
 */
export interface WireResult extends Omit<GpuResult, 'cloud'> {
  readonly cloud: Float64Array;
}

function toWire(r: GpuResult): WireResult {
  return { ...r, cloud: packPoints(r.cloud) };
}

/**
 * The cloud is unpacked when first read: the explorer draws the cloud of one GPU count of the thirteen or
 * more a sweep returns; unpacking them all (5,200 configurations, most never drawn) cost the main thread
 * 3-6 ms of each slider change, and the garbage they left.
 */
export function fromWire(w: WireResult): GpuResult {
  const { cloud: packed, ...rest } = w;
  let cloud: readonly CloudPoint[] | undefined;
  return {
    ...rest,
    get cloud() {
      return (cloud ??= unpackPoints(packed));
    },
  };
}

/** A small GPU count comes back searched in one call; a large one as a plan of chunks. */
export type PlanReply = { readonly plan: ChunkPlan } | { readonly result: WireResult };

/** One GPU count of `planOrSearchMany`: as `planOrSearch`, or why it failed. */
export type ManyReply = PlanReply | { readonly error: string };

/**
 * The request for GPU count `n` of a series whose best configuration is wanted evaluated in full only at
 * `bestAt` (absent: at every count, as `r` says).
 */
export function requestAt(r: SearchRequest, n: number, bestAt: number | undefined): SearchRequest {
  return bestAt === undefined || n === bestAt || r.withBest === false ? r : { ...r, withBest: false };
}

/** A single chunk's GPU count searched and finished at once, else its plan of chunks. */
function planReply(r: SearchRequest, gpus: number, target: number): PlanReply {
  const plan = searchApi.plan(r, gpus, target);
  if (plan.chunks.length > 1) return { plan };
  return { result: toWire(searchGpuCount(contextFor(r), gpus, undefined, r.withBest !== false)) };
}

export type EvaluateReply =
  { readonly ok: true; readonly evaluation: Evaluation } | { readonly ok: false; readonly error: string };

export const searchApi = {
  /** Splits one GPU count into chunks of about `target` candidates. */
  plan(r: SearchRequest, gpus: number, target: number = CHUNK_CANDIDATES): ChunkPlan {
    const ctx = contextFor(r);
    const grids = tensorGrids(ctx.space, gpus);
    const chunks: [number, number, number][] = [];
    let start = 0;
    let count = 0;
    let total = 0;
    grids.forEach((g, i) => {
      const c = countCandidates(ctx.space, gpus, [g]);
      count += c;
      total += c;
      if (count >= target) {
        chunks.push([start, i + 1, count]);
        start = i + 1;
        count = 0;
      }
    });
    if (start < grids.length && count > 0) chunks.push([start, grids.length, count]);
    return { gpus, total, chunks };
  },

  /**
   * Plans one GPU count and, when it is a single chunk, searches and finishes it at once: one round trip
   * instead of three for the many small counts of a sweep.
   */
  planOrSearch(r: SearchRequest, gpus: number, target: number = CHUNK_CANDIDATES): PlanReply {
    const reply = planReply(r, gpus, target);
    return 'result' in reply ? Comlink.transfer(reply, [reply.result.cloud.buffer as ArrayBuffer]) : reply;
  },

  /**
   * `planOrSearch` of several GPU counts of one request, in one message each way: a sweep's dozen small
   * counts as a dozen messages cost both threads more than searching most of them (each a structured
   * clone of the request, comlink's bookkeeping, a task on the main thread per answer). Only `bestAt`'s
   * best comes evaluated in full (absent: every count's, as the request says). A count that throws
   * comes back as its error; the others are unaffected.
   */
  planOrSearchMany(
    r: SearchRequest,
    gpus: readonly number[],
    bestAt?: number,
    target: number = CHUNK_CANDIDATES,
  ): ManyReply[] {
    const replies = gpus.map((n): ManyReply => {
      try {
        return planReply(requestAt(r, n, bestAt), n, target);
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    });
    const buffers: ArrayBuffer[] = [];
    for (const reply of replies)
      if ('result' in reply) buffers.push(reply.result.cloud.buffer as ArrayBuffer);
    return Comlink.transfer(replies, buffers);
  },

  /** Searches grids [start, end) of one GPU count; the state comes back packed in transferable buffers. */
  searchChunk(r: SearchRequest, gpus: number, start: number, end: number): PackedState {
    const ctx = contextFor(r);
    const acc = newAccumulator(r);
    searchInto(ctx, gpus, acc, tensorGrids(ctx.space, gpus).slice(start, end));
    const packed = packState(acc.state());
    return Comlink.transfer(packed, packedBuffers(packed));
  },

  /** Merges the chunks of one GPU count and finishes it (totals of the kept, the best in full). */
  finish(r: SearchRequest, gpus: number, parts: readonly PackedState[]): WireResult {
    const ctx = contextFor(r);
    const acc = newAccumulator(r);
    for (const p of parts) acc.merge(unpackState(p));
    const result = toWire(finishGpuResult(ctx, gpus, acc.state(), r.withBest !== false));
    return Comlink.transfer(result, [result.cloud.buffer as ArrayBuffer]);
  },

  /** The design-space map of one GPU count (best per pair of parallel degrees). */
  designMap(r: SearchRequest, gpus: number): DesignMap {
    return designMap(contextFor(r), gpus);
  },

  /** Full per-layer evaluation of one configuration, or why it cannot run. */
  evaluate(r: SearchRequest, config: ParallelConfig): EvaluateReply {
    const issues = configIssues(r.model, r.system, r.strategy, r.globalBatchSize, config);
    if (issues.length) return { ok: false, error: issues.map(formatIssue).join('; ') };
    // The request's pinned training settings (the search's choice for a ranked configuration).
    const s = scenarioOf(r);
    const scenario = r.training ? { ...s, training: pinnedTraining(r.training) } : s;
    return { ok: true, evaluation: evaluate(scenario, config) };
  },
};

export type SearchApi = typeof searchApi;
