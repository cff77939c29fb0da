/**
 * Exhaustive search for the fastest configurations that fit in HBM (the reference's `execute_1d`,
 * `execute_2d`, `execute_seqp`), restructured for speed: each block (MLP + attention for one micro-batch
 * and tensor layout) is evaluated once per sweep and reused by every pipeline / data-parallel choice and
 * GPU count that shares it; the inner loop over candidates only does the step arithmetic and allocates
 * nothing unless a candidate is kept.
 */
import type { TensorLayout } from '../model/blocks.ts';
import { evaluate, evaluateBlock, type Evaluation, type Scenario } from '../model/evaluate.ts';
import type { ModelOptions, ModelSpec, ParallelConfig, Strategy } from '../model/spec.ts';
import {
  newStepScratch,
  stepMemory,
  stepTime,
  type BlockSummary,
  type StepLayout,
  type StepTotals,
} from '../model/step.ts';
import { prepareMachine, type Machine, type SystemSpec } from '../model/system.ts';
import {
  Accumulator,
  newConfigBuffer,
  type AccumulatorState,
  type CloudPoint,
  type Point,
} from './accumulator.ts';
import {
  countCandidates,
  divisors,
  forEachLayout,
  tensorGrids,
  type SpaceSpec,
  type TensorGrid,
} from './enumerate.ts';

export interface SearchRequest {
  readonly model: ModelSpec;
  readonly system: SystemSpec;
  readonly strategy: Strategy;
  readonly globalBatchSize: number;
  /** GPU counts to search, each independently. */
  readonly gpus: readonly number[];
  /** How many of the fastest configurations to keep per GPU count (the reference's `nlargest`). */
  readonly top: number;
  readonly options: ModelOptions;
  /** Size of the uniform sample of feasible candidates kept for scatter plots (0: none). */
  readonly cloudSize?: number;
}

export interface RankedConfig {
  readonly throughput: number;
  readonly mem: number;
  readonly config: ParallelConfig;
  readonly totals: StepTotals;
}

/** The outcome for one GPU count. Plain data. */
export interface GpuResult {
  readonly gpus: number;
  /** Candidates evaluated (feasible or not). */
  readonly candidates: number;
  /** Candidates that fit in HBM. */
  readonly feasible: number;
  /** Fastest first; empty when nothing fits. */
  readonly top: readonly RankedConfig[];
  /** Pareto front of throughput vs memory per GPU, memory ascending. */
  readonly front: readonly Point[];
  /** Uniform sample of feasible candidates. */
  readonly cloud: readonly CloudPoint[];
  /** Full per-layer evaluation of the fastest configuration, or null when nothing fits. */
  readonly best: Evaluation | null;
}

export function scenarioOf(r: SearchRequest): Scenario {
  return {
    model: r.model,
    system: r.system,
    strategy: r.strategy,
    globalBatchSize: r.globalBatchSize,
    options: r.options,
  };
}

export function spaceOf(
  r: Pick<SearchRequest, 'model' | 'strategy' | 'globalBatchSize' | 'system'>,
): SpaceSpec {
  return {
    model: r.model,
    strategy: r.strategy,
    globalBatchSize: r.globalBatchSize,
    nvlinkSize: r.system.nvlink_size,
  };
}

type MutableLayout = { -readonly [K in keyof StepLayout]: StepLayout[K] };

/**
 * Blocks evaluated so far in a sweep, keyed by tensor layout. The key packs (micro-batch index among the
 * divisors of the global batch, panels) and then (t1, t2); both parts stay far below 2^53.
 */
class BlockCache {
  private readonly grids = new Map<number, Map<number, Map<number, BlockSummary>>>();
  private readonly mbsIndex: Map<number, number>;
  private readonly nvSpan: number;
  private readonly nbSpan: number;

  constructor(
    private readonly machine: Machine,
    private readonly scenario: Scenario,
  ) {
    this.mbsIndex = new Map(divisors(scenario.globalBatchSize).map((d, i) => [d, i]));
    this.nvSpan = scenario.system.nvlink_size + 1;
    this.nbSpan = scenario.model.e + 1;
  }

  /** The blocks of one (tp1, tp2, mbs, nb), keyed by t1 * (nvs + 1) + t2. */
  slot(grid: TensorGrid, mbs: number, nb: number | null): Map<number, BlockSummary> {
    const gridKey = grid.tp1 * 0x100000 + grid.tp2;
    let byLayout = this.grids.get(gridKey);
    if (!byLayout) this.grids.set(gridKey, (byLayout = new Map()));
    const key = (this.mbsIndex.get(mbs) as number) * this.nbSpan + (nb ?? 0);
    let slot = byLayout.get(key);
    if (!slot) byLayout.set(key, (slot = new Map()));
    return slot;
  }

  get(slot: Map<number, BlockSummary>, x: TensorLayout): BlockSummary {
    const key = x.t1 * this.nvSpan + x.t2;
    let block = slot.get(key);
    if (!block) {
      block = evaluateBlock(this.machine, this.scenario, x).summary;
      slot.set(key, block);
    }
    return block;
  }

  get size(): number {
    let n = 0;
    for (const g of this.grids.values()) for (const s of g.values()) n += s.size;
    return n;
  }
}

/** Reused per sweep: machine, blocks, scratch buffers. */
export class SweepContext {
  readonly machine: Machine;
  readonly scenario: Scenario;
  readonly space: SpaceSpec;
  readonly blocks: BlockCache;

  constructor(readonly request: SearchRequest) {
    this.machine = prepareMachine(request.system);
    this.scenario = scenarioOf(request);
    this.space = spaceOf(request);
    this.blocks = new BlockCache(this.machine, this.scenario);
  }

  /** Blocks evaluated so far (each one MLP + attention evaluation). */
  get blocksEvaluated(): number {
    return this.blocks.size;
  }
}

export interface ProgressSink {
  /** Called with the number of candidates evaluated since the last call. */
  (delta: number): void;
}

/** How often (in candidates) the inner loop reports progress. */
const PROGRESS_EVERY = 8192;

/**
 * Searches one GPU count, optionally only the tensor grids `grids` (a chunk of the space, for splitting
 * work between workers), into `acc`.
 */
export function searchInto(
  ctx: SweepContext,
  n: number,
  acc: Accumulator,
  grids: readonly TensorGrid[] = tensorGrids(ctx.space, n),
  progress?: ProgressSink,
): void {
  const { machine, space, blocks } = ctx;
  const { strategy, globalBatchSize: gbs } = space;
  const capacity = ctx.request.system.hbm_capacity;
  const seqp = strategy === '2d-seqp';
  const out = newStepScratch();
  const buf = newConfigBuffer();
  const layout: MutableLayout = {
    globalBatchSize: gbs,
    depth: space.model.depth,
    pp: 1,
    dp: 1,
    mbs: 1,
    dpGroup: 1,
    dpFast: 1,
    ppFast: 1,
    seqp: 1,
  };
  const x = { b: 1, m1: 1, m2: 1, t1: 1, t2: 1, nb: 1 };
  let pending = 0;

  forEachLayout(
    space,
    n,
    (grid, pp, dp, mbsList, nbList, places) => {
      const { tp1, tp2 } = grid;
      layout.pp = pp;
      layout.dp = dp;
      layout.dpGroup = seqp ? dp * tp2 : dp;
      layout.seqp = seqp ? tp2 : 1;
      x.m1 = tp1;
      x.m2 = strategy === '1d' ? 1 : tp2;
      buf[0] = dp;
      buf[1] = tp1;
      buf[2] = tp2;
      buf[3] = pp;
      for (const mbs of mbsList) {
        layout.mbs = mbs;
        x.b = mbs;
        buf[4] = mbs;
        for (const nb of nbList) {
          x.nb = nb ?? 1;
          buf[5] = nb ?? 0;
          const slot = blocks.slot(grid, mbs, nb);
          for (const place of places) {
            const [n1, n2, n3, n4] = place;
            x.t1 = n1;
            x.t2 = strategy === '1d' ? 1 : n2;
            const block = blocks.get(slot, x);
            layout.dpFast = seqp ? n3 * n2 : n3;
            layout.ppFast = n4;
            acc.candidates++;
            if (++pending === PROGRESS_EVERY && progress) {
              progress(pending);
              pending = 0;
            }
            const mem = stepMemory(block, layout, out);
            if (mem > capacity) continue;
            const t = stepTime(machine, block, layout, out);
            buf[6] = n1;
            buf[7] = n2;
            buf[8] = n3;
            buf[9] = n4;
            acc.offer(gbs / t, mem, buf);
          }
        }
      }
    },
    grids,
  );
  if (progress && pending > 0) progress(pending);
}

/** Attaches the reference's totals to the kept points and evaluates the best in full. */
export function finishGpuResult(ctx: SweepContext, n: number, s: AccumulatorState): GpuResult {
  const top = s.top.map((p) => ({ ...p, totals: totalsOf(ctx, p.config) }));
  const first = s.top[0];
  return {
    gpus: n,
    candidates: s.candidates,
    feasible: s.feasible,
    top,
    front: s.front,
    cloud: s.cloud,
    best: first ? evaluate(ctx.scenario, first.config, ctx.machine) : null,
  };
}

function totalsOf(ctx: SweepContext, c: ParallelConfig): StepTotals {
  return evaluate(ctx.scenario, c, ctx.machine).totals;
}

export function newAccumulator(r: SearchRequest): Accumulator {
  return new Accumulator(r.top, r.cloudSize ?? 0);
}

/** Searches one GPU count from scratch. */
export function searchGpuCount(ctx: SweepContext, n: number, progress?: ProgressSink): GpuResult {
  const acc = newAccumulator(ctx.request);
  searchInto(ctx, n, acc, undefined, progress);
  return finishGpuResult(ctx, n, acc.state());
}

/** Candidates per GPU count of a request, counted without evaluating them. */
export function candidateCounts(r: SearchRequest): number[] {
  const space = spaceOf(r);
  return r.gpus.map((n) => countCandidates(space, n));
}

/**
 * The whole sweep, one GPU count after another, calling `onResult` as each finishes (for streaming).
 */
export function searchSweep(
  r: SearchRequest,
  hooks: { onResult?: (g: GpuResult) => void; onProgress?: ProgressSink } = {},
): GpuResult[] {
  const ctx = new SweepContext(r);
  return r.gpus.map((n) => {
    const g = searchGpuCount(ctx, n, hooks.onProgress);
    hooks.onResult?.(g);
    return g;
  });
}
