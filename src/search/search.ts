/**
 * Exhaustive search for the fastest configurations that fit in HBM (the reference's `execute_1d`,
 * `execute_2d`, `execute_seqp`), restructured for speed: each block (MLP + attention for one micro-batch
 * and tensor layout) is evaluated once per sweep and reused by every pipeline / data-parallel choice and
 * GPU count that shares it; the inner loop over candidates only does the step arithmetic and allocates
 * nothing unless a candidate is kept.
 */
import { evaluate, stepLayout, tensorLayout, type Evaluation, type Scenario } from '../model/evaluate.ts';
import { mfu, tokensPerSecondPerGpu } from '../model/metrics.ts';
import { ModelPlan } from '../model/plan.ts';
import { DIM } from '../model/dims.ts';
import {
  PAPER_TRAINING,
  type ModelOptions,
  type ModelSpec,
  type ParallelConfig,
  type Precision,
  type Recompute,
  type Strategy,
  type TrainingSpec,
  type ZeroStage,
} from '../model/spec.ts';
import {
  DEFAULT_OPTIMIZER_BYTES,
  isPaperChoice,
  trainingValues,
  virtualStages,
  type TrainingChoice,
} from '../model/training.ts';
import {
  evaluateStep,
  newStepScratch,
  stepMemory,
  stepSeconds,
  stepTimeFloor,
  stepTotals,
  type ModelSummary,
  type StepLayout,
  type StepTotals,
} from '../model/step.ts';
import { architecture, headSharesEmbedding, leadingLayers } from '../model/spec.ts';
import {
  dpGroupOf,
  edpFastOf,
  epFastOf,
  m2Of,
  seqReplicasOf,
  STRATEGY_RULES,
  type StrategyRules,
} from '../model/strategy.ts';
import { frameworkMemory, prepareMachine, type Machine, type SystemSpec } from '../model/system.ts';
import {
  Accumulator,
  newConfigBuffer,
  type ConfigBuffer,
  type AccumulatorState,
  type CloudPoint,
  type Point,
} from './accumulator.ts';
import { diagnose, type Diagnosis } from './diagnose.ts';
import {
  countCandidates,
  divisors,
  forEachLayout,
  tensorGrids,
  type SpaceSpec,
  type TensorGrid,
  type Placement,
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
  /** Whether to evaluate the fastest configuration layer by layer (default yes; sweeps skip it). */
  readonly withBest?: boolean;
  /**
   * Whether to keep the Pareto front (default yes). Sweeps that chart only the best skip it: with only
   * the top-k to fill, the search can skip far more candidates.
   */
  readonly front?: boolean;
  /** Whether to say why nothing fits at a GPU count (`GpuResult.why`; default yes; the CLI prints none). */
  readonly diagnose?: boolean;
  /**
   * How the model is trained: each setting pinned or searched per configuration (training.ts); absent =
   * the paper's (`PAPER_CHOICE`), the reference's search exactly.
   */
  readonly training?: TrainingChoice;
}

export interface RankedConfig {
  readonly throughput: number;
  readonly mem: number;
  readonly config: ParallelConfig;
  readonly totals: StepTotals;
  readonly tokensPerSecondPerGpu: number;
  /** Model FLOPs utilisation, a fraction of the peak matrix rate. */
  readonly mfu: number;
  /** The training settings chosen for it; absent when the request pins the paper's. */
  readonly training?: TrainingSpec;
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
  /** Why nothing fits (diagnose.ts), or null when something does or the request asks for no diagnosis. */
  readonly why: Diagnosis | null;
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

/** Writes one (tp1, tp2, pp, dp) layout into the step layout and the candidate buffer, once per layout. */
function enterLayout(
  layout: MutableLayout,
  buf: ConfigBuffer,
  rules: StrategyRules,
  tp1: number,
  tp2: number,
  pp: number,
  dp: number,
): void {
  layout.pp = pp;
  layout.dp = dp;
  layout.dpGroup = dpGroupOf(rules, dp, tp2);
  layout.seqp = seqReplicasOf(rules, tp2);
  buf[DIM.dp] = dp;
  buf[DIM.tp1] = tp1;
  buf[DIM.tp2] = tp2;
  buf[DIM.pp] = pp;
}

/**
 * The step layout a sweep rewrites per candidate, at its starting values; `optimizer` is the optimizer's
 * bytes per parameter over the bf16 element's 2 (6: the paper's 12 bytes).
 */
function startLayout(space: SpaceSpec, optimizer: number): MutableLayout {
  return {
    globalBatchSize: space.globalBatchSize,
    depth: space.model.depth,
    pp: 1,
    dp: 1,
    mbs: 1,
    dpGroup: 1,
    dpFast: 1,
    ppFast: 1,
    seqp: 1,
    denseLayers: leadingLayers(space.model),
    ep: 1,
    edpFast: 1,
    tied: headSharesEmbedding(space.model),
    zero: 1,
    optimizer,
    v: 1,
  };
}

/**
 * Model plans made so far in a sweep, one per (tp1, tp2, micro-batch, panels, ep); each caches its
 * summaries per NVLink placement. Shared by every GPU count of the sweep.
 */
class PlanCache {
  private readonly plans = new Map<number, Map<number, ModelPlan>>();
  private readonly mbsIndex: Map<number, number>;
  private readonly nbSpan: number;
  private readonly epSpan: number;
  count = 0;

  constructor(
    private readonly machine: Machine,
    private readonly scenario: Scenario,
  ) {
    this.mbsIndex = new Map(divisors(scenario.globalBatchSize).map((d, i) => [d, i]));
    this.nbSpan = scenario.model.e + 1;
    this.epSpan = (architecture(scenario.model).moe?.experts ?? 1) + 1;
  }

  get(grid: TensorGrid, mbs: number, nb: number | null, ep = 1): ModelPlan {
    const gridKey = grid.tp1 * 0x100000 + grid.tp2;
    let byGrid = this.plans.get(gridKey);
    if (!byGrid) this.plans.set(gridKey, (byGrid = new Map()));
    // Slot 0 of a micro-batch (panels and ep are never 0) holds its first plan, which the micro-batch's
    // other panel counts and expert degrees share their common blocks with.
    const first = (this.mbsIndex.get(mbs) as number) * this.nbSpan * this.epSpan;
    const key = first + (nb ?? 1) * this.epSpan + ep;
    let plan = byGrid.get(key);
    if (!plan) {
      const s = this.scenario;
      const share = byGrid.get(first);
      plan = new ModelPlan(
        this.machine,
        s,
        mbs,
        grid.tp1,
        m2Of(STRATEGY_RULES[s.strategy], grid.tp2),
        nb ?? 1,
        ep,
        share,
      );
      byGrid.set(key, plan);
      if (!share) byGrid.set(first, plan);
      this.count++;
    }
    return plan;
  }
}

/**
 * What a sweep's block plans depend on: the request without its GPU counts, what it keeps, and the HBM
 * capacity, which only decides which candidates fit (the memory check reads the request, not a plan).
 */
export function plansKey(r: SearchRequest): string {
  return JSON.stringify([
    r.model,
    { ...r.system, hbm_capacity: 0 },
    r.strategy,
    r.globalBatchSize,
    r.options,
  ]);
}

/** Reused per sweep: machine, blocks, scratch buffers. */
export class SweepContext {
  readonly machine: Machine;
  readonly scenario: Scenario;
  readonly space: SpaceSpec;
  /** The paper's layers' plans (no recomputation, bf16). */
  readonly plans: PlanCache;
  /** Plans of the layers under other recomputation and precision settings, by `${recompute} ${precision}`. */
  private readonly trained: Map<string, PlanCache>;

  /**
   * @param sharePlans a context whose block plans this one may use, when `plansKey` says they are the
   *   same (a new HBM capacity then times no block again)
   */
  constructor(
    readonly request: SearchRequest,
    sharePlans?: SweepContext,
  ) {
    this.machine = prepareMachine(request.system);
    this.scenario = scenarioOf(request);
    this.space = spaceOf(request);
    const share = sharePlans && plansKey(sharePlans.request) === plansKey(request);
    this.plans = share ? sharePlans.plans : new PlanCache(this.machine, this.scenario);
    // The other settings' plans too: a searched recomputation built two thirds of its plans again on
    // every capacity change.
    this.trained = share ? sharePlans.trained : new Map();
  }

  /** The plans of the layers under one recomputation and precision (the ZeRO stage is the step's). */
  plansFor(recompute: Recompute, precision: Precision): PlanCache {
    if (recompute === 'none' && precision === 'bf16') return this.plans;
    const key = `${recompute} ${precision}`;
    let plans = this.trained.get(key);
    if (!plans) {
      const training: TrainingSpec = { ...PAPER_TRAINING, recompute, precision };
      plans = new PlanCache(this.machine, { ...this.scenario, training });
      this.trained.set(key, plans);
    }
    return plans;
  }

  /** Block plans made so far (each one count of the MLP and attention layers). */
  get blocksEvaluated(): number {
    let n = this.plans.count;
    for (const p of this.trained.values()) n += p.count;
    return n;
  }
}

export interface ProgressSink {
  /** Called with the number of candidates evaluated since the last call. */
  (delta: number): void;
}

/** How often (in candidates) the inner loop reports progress. */
const PROGRESS_EVERY = 8192;

/**
 * A layout's micro-batch whose candidates fit in HBM, waiting to be timed: `searchInto` lists them all,
 * then times them best bound first.
 */
interface FitGroup {
  readonly grid: TensorGrid;
  readonly pp: number;
  readonly dp: number;
  readonly ep: number;
  readonly mbs: number;
  readonly mem: number;
  readonly microBatches: number;
  readonly nbList: readonly (number | null)[];
  readonly places: readonly Placement[];
  /** The first panel count's plan, which the memory check built. */
  readonly first: ModelPlan;
  /** No candidate of the group is faster (samples/s): `stepTimeFloor` over the first plan's `panelFloors`. */
  readonly bound: number;
  /**
   * The first panel count's bound (over its `floors`), which orders the groups: tighter than `bound`, it
   * puts the fast candidates first more often (a sweep of the reference's 2D space times a third fewer).
   */
  readonly promise: number;
}

/** Most promising first; the order changes no result (the accumulator's is its own), only what is skipped. */
const byPromise = (x: FitGroup, y: FitGroup): number =>
  x.promise > y.promise ? -1 : x.promise < y.promise ? 1 : 0;

/**
 * Searches one GPU count, optionally only the tensor grids `grids` (a chunk of the space, for splitting
 * work between workers), into `acc`.
 *
 * In two passes: the first checks each layout's micro-batches against HBM (one block plan each) and
 * bounds the throughput of each that fits; the second times them most promising first. The top-k then
 * fills with fast candidates early, and the bar it sets leaves most of the rest untimed and most of their
 * other panel counts' plans unbuilt: the reference's 2D sweep on NVLink 64 for the top 10 alone (the CLI's
 * search) builds 375 block plans instead of 775 and times 14,766 candidates instead of 50,253.
 */
export function searchInto(
  ctx: SweepContext,
  n: number,
  acc: Accumulator,
  grids: readonly TensorGrid[] = tensorGrids(ctx.space, n),
  progress?: ProgressSink,
): void {
  const choice = ctx.request.training;
  if (choice && !isPaperChoice(choice)) {
    searchTrainingInto(ctx, choice, n, acc, grids, progress);
    return;
  }
  const { machine, space, plans } = ctx;
  const { strategy, globalBatchSize: gbs } = space;
  const capacity = ctx.request.system.hbm_capacity;
  const rules = STRATEGY_RULES[strategy];
  // Read once: the loop below runs per candidate, and plain booleans keep it free of calls.
  const replicas = rules.contextReplicas;
  const usesTp2 = rules.usesTp2;
  const sampling = acc.cloudSize > 0;
  const a = architecture(space.model);
  const experts = a.moe !== null;
  const out = newStepScratch();
  const buf = newConfigBuffer();
  // The paper's search: one expert group, no virtual stages (searchTrainingInto searches v).
  buf[DIM.ep] = 1;
  buf[DIM.v] = 1;
  const layout = startLayout(space, 6);
  const fit: FitGroup[] = [];
  let pending = 0;

  forEachLayout(
    space,
    n,
    (grid, pp, dp, mbsList, nbList, places, epList) => {
      enterLayout(layout, buf, rules, grid.tp1, grid.tp2, pp, dp);
      const count = nbList.length * places.length;
      // Indexed loops, no destructuring: array iterators would allocate.
      for (let e = 0; e < epList.length; e++) {
        const ep = epList[e] as number;
        layout.ep = ep;
        for (let i = 0; i < mbsList.length; i++) {
          const mbs = mbsList[i] as number;
          layout.mbs = mbs;
          // Memory per GPU depends on neither the NVLink placement nor the SUMMA panels: one check, on
          // the first panel count's plan, covers every candidate of this micro-batch.
          const first = plans.get(grid, mbs, nbList[0] as number | null, ep);
          const mem = frameworkMemory(machine, stepMemory(first, layout, out));
          if (mem < acc.minMem) acc.minMem = mem;
          acc.candidates += count;
          if (mem > capacity) {
            pending += count;
            // Activations grow with the micro-batch (b x min(m, pp - s) <= local batch when b divides
            // it), so every larger micro-batch overflows too: count their candidates, skip building their
            // plans. The margin keeps rounding from ever deciding it.
            if (mem > capacity * (1 + 1e-9)) {
              const rest = (mbsList.length - i - 1) * count;
              acc.candidates += rest;
              pending += rest;
              break;
            }
            continue;
          }
          const microBatches = out.microBatches;
          // The margin covers rounding in the step arithmetic, as for each panel count's bound below.
          const bound = (gbs / stepTimeFloor(first.panelFloors, layout, microBatches)) * (1 + 1e-9);
          const promise = gbs / stepTimeFloor(first.floors, layout, microBatches);
          fit.push({ grid, pp, dp, ep, mbs, mem, microBatches, nbList, places, first, bound, promise });
        }
      }
      if (progress && pending >= PROGRESS_EVERY) {
        progress(pending);
        pending = 0;
      }
    },
    grids,
  );

  fit.sort(byPromise);
  for (let g = 0; g < fit.length; g++) {
    const group = fit[g] as FitGroup;
    const { grid, mbs, ep, mem, nbList, places } = group;
    const count = nbList.length * places.length;
    pending += count;
    if (progress && pending >= PROGRESS_EVERY) {
      progress(pending);
      pending = 0;
    }
    // Below the bar a candidate can enter neither the top-k nor the front (it is only counted and
    // sampled); the bar moves only when a candidate is kept.
    let bar = acc.bar(mem);
    // No candidate of the group can matter: count them without building a plan.
    const groupBelow = group.bound < bar;
    if (groupBelow && !sampling) {
      acc.feasible += count;
      continue;
    }
    enterLayout(layout, buf, rules, grid.tp1, grid.tp2, group.pp, group.dp);
    layout.ep = ep;
    buf[DIM.ep] = ep;
    layout.mbs = mbs;
    buf[DIM.mbs] = mbs;
    const nmb = group.microBatches;
    for (let j = 0; j < nbList.length; j++) {
      const nb = nbList[j] as number | null;
      buf[DIM.nb] = nb ?? 0;
      let plan: ModelPlan | null = j === 0 ? group.first : null;
      let below = groupBelow;
      if (!below) {
        plan ??= plans.get(grid, mbs, nb, ep);
        // No placement is faster than the step's floor (step.ts `stepTimeFloor`: rooflines plus a floor
        // under each collective, the slowest stage, the bubble). When even that misses the bar, only the
        // cloud can want these candidates. The margin covers rounding in the step arithmetic.
        below = (gbs / stepTimeFloor(plan.floors, layout, nmb)) * (1 + 1e-9) < bar;
      }
      if (below && !sampling) {
        acc.feasible += places.length;
        continue;
      }
      // Placements come grouped by (n1, n2), which with the expert group's share pick the summary.
      let block: ModelSummary | null = null;
      let blockN1 = 0;
      let blockN2 = 0;
      let blockEp = 0;
      for (let k = 0; k < places.length; k++) {
        const place = places[k] as Placement;
        const n1 = place[0];
        const n2 = place[1];
        const n3 = place[2];
        const n4 = place[3];
        buf[DIM.nvTp1] = n1;
        buf[DIM.nvTp2] = n2;
        buf[DIM.nvDp] = n3;
        buf[DIM.nvPp] = n4;
        if (below && !acc.samples(buf)) {
          acc.feasible++;
          continue;
        }
        plan ??= plans.get(grid, mbs, nb, ep);
        // dpFastOf, m2Of (strategy.ts), written out for the inner loop.
        const dpFast = replicas ? n3 * n2 : n3;
        const nEp = experts ? epFastOf(ep, dpFast) : 1;
        if (block === null || n1 !== blockN1 || n2 !== blockN2 || nEp !== blockEp) {
          block = plan.summary(n1, usesTp2 ? n2 : 1, nEp);
          blockN1 = n1;
          blockN2 = n2;
          blockEp = nEp;
        }
        layout.dpFast = dpFast;
        if (experts) layout.edpFast = edpFastOf(ep, dpFast);
        layout.ppFast = n4;
        const throughput = gbs / stepSeconds(machine, block, layout, nmb);
        if (throughput < bar) acc.pass(throughput, mem, buf);
        else {
          acc.offer(throughput, mem, buf);
          bar = acc.bar(mem);
        }
      }
    }
  }
  if (progress && pending > 0) progress(pending);
}

/** One training option of a layout: its settings, plans and memory, and per panel count its bound. */
interface TrainingOption {
  readonly plans: PlanCache;
  readonly zero: ZeroStage;
  readonly v: number;
  readonly spec: TrainingSpec;
  /** Position in the tie-break order (training.ts `trainingValues`, then v ascending). */
  readonly order: number;
  mem: number;
  plan: ModelPlan | null;
  bound: number;
}

/**
 * `searchInto` when training settings are searched (or pinned off the paper's). Each candidate is a
 * layout and placement with one training option (recomputation x precision x ZeRO stage x v); a
 * configuration is reported once, with its best option: the fastest that fits, then the least memory,
 * then the first in `trainingValues` order. The same result as trying every option (test/search/
 * bruteforce.test.ts), with less work:
 * - memory depends on the option and micro-batch, not the placement: options that overflow are dropped
 *   once per micro-batch;
 * - per panel count each option has a floor under its step time (`stepTimeFloor`): options are tried
 *   best bound first, and once a bound is below the best throughput found for the placement, no later
 *   option can win (a setting that fits and is no slower makes the more memory-saving ones pointless);
 * - when every option's bound misses the top-k and front bar, the placement only counts (as the paper's
 *   search does).
 */
function searchTrainingInto(
  ctx: SweepContext,
  choice: TrainingChoice,
  n: number,
  acc: Accumulator,
  grids: readonly TensorGrid[],
  progress?: ProgressSink,
): void {
  const { machine, space } = ctx;
  const { strategy, globalBatchSize: gbs } = space;
  const capacity = ctx.request.system.hbm_capacity;
  const rules = STRATEGY_RULES[strategy];
  const replicas = rules.contextReplicas;
  const usesTp2 = rules.usesTp2;
  const a = architecture(space.model);
  const experts = a.moe !== null;
  const values = trainingValues(choice, ctx.request.system.matrix_flops_fp8 !== undefined);
  const bytes = choice.optimizerBytes;
  // Each variant's settings per ZeRO stage (values.zero's order), made once: a key string per fitting
  // option was a tenth of this search's time.
  const variants: { plans: PlanCache; specs: readonly TrainingSpec[] }[] = [];
  for (const recompute of values.recompute)
    for (const precision of values.precision)
      variants.push({
        plans: ctx.plansFor(recompute, precision),
        specs: values.zero.map((zero) =>
          bytes === DEFAULT_OPTIMIZER_BYTES
            ? { recompute, zero, precision }
            : { recompute, zero, precision, optimizerBytes: bytes },
        ),
      });
  const out = newStepScratch();
  const buf = newConfigBuffer();
  const layout = startLayout(space, bytes / 2);
  const fitting: TrainingOption[] = [];
  const byBound = (x: TrainingOption, y: TrainingOption) => y.bound - x.bound || x.order - y.order;
  let pending = 0;

  forEachLayout(
    space,
    n,
    (grid, pp, dp, mbsList, nbList, places, epList) => {
      const { tp1, tp2 } = grid;
      const vs = virtualStages(choice.v, pp, Math.floor(space.model.depth / pp));
      const perLayout = variants.length * values.zero.length * vs.length;
      if (perLayout === 0) return;
      enterLayout(layout, buf, rules, tp1, tp2, pp, dp);
      const count = nbList.length * places.length * perLayout;
      for (let e = 0; e < epList.length; e++) {
        const ep = epList[e] as number;
        layout.ep = ep;
        buf[DIM.ep] = ep;
        for (let i = 0; i < mbsList.length; i++) {
          const mbs = mbsList[i] as number;
          layout.mbs = mbs;
          buf[DIM.mbs] = mbs;
          acc.candidates += count;
          pending += count;
          if (progress && pending >= PROGRESS_EVERY) {
            progress(pending);
            pending = 0;
          }
          fitting.length = 0;
          let least = Infinity;
          let order = 0;
          let nmb = 0;
          for (const variant of variants) {
            const footprint = variant.plans.get(grid, mbs, nbList[0] as number | null, ep);
            for (let z = 0; z < values.zero.length; z++) {
              const zero = values.zero[z] as ZeroStage;
              layout.zero = zero;
              for (const v of vs) {
                layout.v = v;
                const mem = stepMemory(footprint, layout, out);
                nmb = out.microBatches;
                if (mem < least) least = mem;
                if (mem <= capacity) {
                  const spec = variant.specs[z] as TrainingSpec;
                  fitting.push({ plans: variant.plans, zero, v, spec, order, mem, plan: null, bound: 0 });
                }
                order++;
              }
            }
          }
          if (fitting.length === 0) {
            // As in `searchInto`: larger micro-batches overflow too, whatever the option.
            if (least > capacity * (1 + 1e-9)) {
              const rest = (mbsList.length - i - 1) * count;
              acc.candidates += rest;
              pending += rest;
              break;
            }
            continue;
          }
          for (let j = 0; j < nbList.length; j++) {
            const nb = nbList[j] as number | null;
            buf[DIM.nb] = nb ?? 0;
            for (const o of fitting) {
              o.plan = o.plans.get(grid, mbs, nb, ep);
              layout.v = o.v;
              o.bound = (gbs / stepTimeFloor(o.plan.floors, layout, nmb)) * (1 + 1e-9);
            }
            fitting.sort(byBound);
            const allBelow = () => fitting.every((o) => o.bound < acc.bar(o.mem));
            let below = allBelow();
            for (let k = 0; k < places.length; k++) {
              const place = places[k] as Placement;
              const n1 = place[0];
              const n2 = place[1];
              const n3 = place[2];
              buf[DIM.nvTp1] = n1;
              buf[DIM.nvTp2] = n2;
              buf[DIM.nvDp] = n3;
              buf[DIM.nvPp] = place[3];
              buf[DIM.v] = 1;
              if (below && !acc.samples(buf)) {
                acc.feasible += fitting.length;
                continue;
              }
              const dpFast = replicas ? n3 * n2 : n3;
              const nEp = experts ? epFastOf(ep, dpFast) : 1;
              layout.dpFast = dpFast;
              if (experts) layout.edpFast = edpFastOf(ep, dpFast);
              layout.ppFast = place[3];
              let best = -1;
              let bestOf = fitting[0] as TrainingOption;
              for (const o of fitting) {
                if (o.bound < best) break;
                const block = (o.plan as ModelPlan).summary(n1, usesTp2 ? n2 : 1, nEp);
                layout.zero = o.zero;
                layout.v = o.v;
                const throughput = gbs / stepSeconds(machine, block, layout, nmb);
                if (
                  throughput > best ||
                  (throughput === best &&
                    (o.mem < bestOf.mem || (o.mem === bestOf.mem && o.order < bestOf.order)))
                ) {
                  best = throughput;
                  bestOf = o;
                }
              }
              acc.feasible += fitting.length - 1;
              buf[DIM.v] = bestOf.v;
              acc.training = bestOf.spec;
              if (best < acc.bar(bestOf.mem)) acc.pass(best, bestOf.mem, buf);
              else {
                acc.offer(best, bestOf.mem, buf);
                below = allBelow();
              }
            }
          }
        }
      }
    },
    grids,
  );
  acc.training = null;
  if (progress && pending > 0) progress(pending);
}

/**
 * Attaches the reference's totals to the kept points and evaluates the best in full (`withBest`: by
 * default as the context's request says; a worker shares one context between requests that differ in it).
 */
export function finishGpuResult(
  ctx: SweepContext,
  n: number,
  s: AccumulatorState,
  withBest = ctx.request.withBest !== false,
): GpuResult {
  const { model, system } = ctx.scenario;
  const top = s.top.map((p) => ({
    ...p,
    totals: totalsOf(ctx, p.config, p.training),
    tokensPerSecondPerGpu: tokensPerSecondPerGpu(p.throughput, model.l, n),
    mfu: mfu(model, system, p.throughput, n),
  }));
  const first = s.top[0];
  return {
    gpus: n,
    candidates: s.candidates,
    feasible: s.feasible,
    top,
    front: s.front,
    cloud: s.cloud,
    best:
      first && withBest
        ? evaluate(trainedScenario(ctx.scenario, first.training), first.config, ctx.machine)
        : null,
    why:
      first || ctx.request.diagnose === false
        ? null
        : diagnose(ctx.space, n, s.candidates, s.minMem, system.hbm_capacity),
  };
}

/**
 * The reference's totals of one kept configuration, from the sweep's cached block plan and the same step
 * arithmetic the search used (so they are bit-identical to a full evaluation, without building rows).
 */
function totalsOf(ctx: SweepContext, c: ParallelConfig, training?: TrainingSpec): StepTotals {
  const s = trainedScenario(ctx.scenario, training);
  const x = tensorLayout(s.strategy, c);
  const plans = training ? ctx.plansFor(training.recompute, training.precision) : ctx.plans;
  const plan = plans.get({ tp1: c.tp1, tp2: c.tp2 }, c.mbs, c.nb, c.ep ?? 1);
  const out = newStepScratch();
  evaluateStep(ctx.machine, plan.summary(x.t1, x.t2, x.tEp), stepLayout(s, c), out);
  return stepTotals(out);
}

/** The scenario under a kept point's training settings (unchanged when it has none). */
const trainedScenario = (s: Scenario, training: TrainingSpec | undefined): Scenario =>
  training ? { ...s, training } : s;

export function newAccumulator(r: SearchRequest): Accumulator {
  return new Accumulator(r.top, r.cloudSize ?? 0, r.front !== false);
}

/** Searches one GPU count from scratch. */
export function searchGpuCount(
  ctx: SweepContext,
  n: number,
  progress?: ProgressSink,
  withBest?: boolean,
): GpuResult {
  const acc = newAccumulator(ctx.request);
  searchInto(ctx, n, acc, undefined, progress);
  return finishGpuResult(ctx, n, acc.state(), withBest);
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
