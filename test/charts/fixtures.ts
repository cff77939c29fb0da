/** Hand-made search results for chart tests: a GpuResult from a few step totals. */
import type { ParallelConfig } from '../../src/model/spec.ts';
import type { StepTotals } from '../../src/model/step.ts';
import type { CloudPoint, Point } from '../../src/search/accumulator.ts';
import type { GpuResult, RankedConfig } from '../../src/search/search.ts';

export interface TotalsInput {
  readonly comp?: number;
  readonly mem?: number;
  readonly tp?: number;
  readonly dp?: number;
  readonly pp?: number;
  readonly bubble?: number;
  readonly wts?: number;
  readonly grad?: number;
  readonly opt?: number;
  readonly acts?: number;
}

/** Step totals whose time parts and memory parts add up, as the engine's do. */
export function makeTotals(x: TotalsInput): StepTotals {
  const { comp = 1, mem = 0, tp = 0, dp = 0, pp = 0, bubble = 0 } = x;
  const { wts = 10, grad = 10, opt = 30, acts = 5 } = x;
  const t = comp + mem + tp + dp + pp + bubble;
  return {
    t,
    flops_per_gpu: 1,
    mem: wts + grad + opt + acts,
    t_comp: comp,
    t_mem: mem,
    t_tp_comm: tp,
    t_dp_comm: dp,
    t_pp_comm: pp,
    t_bubble: bubble,
    comp_frac: comp / t,
    mem_frac: mem / t,
    tp_comm_frac: tp / t,
    dp_comm_frac: dp / t,
    pp_comm_frac: pp / t,
    bubble_frac: bubble / t,
    wts_mem: wts,
    wts_grad_mem: grad,
    wts_optimizer_states_mem: opt,
    acts_mem: acts,
  };
}

export function makeConfig(c: Partial<ParallelConfig> = {}): ParallelConfig {
  return { dp: 1, tp1: 1, tp2: 1, pp: 1, mbs: 1, nb: null, nvTp1: 1, nvTp2: 1, nvDp: 1, nvPp: 1, ...c };
}

export interface RankedInput {
  readonly throughput: number;
  readonly totals?: TotalsInput;
  readonly config?: Partial<ParallelConfig>;
}

/**
 * A GpuResult with `top` from `ranked` (give them fastest first), the front and cloud from `points`
 * (default: the top itself). `best` stays null: charts read the top's totals.
 */
export function makeResult(
  gpus: number,
  ranked: readonly RankedInput[],
  points: { readonly front?: readonly Point[]; readonly cloud?: readonly Point[] } = {},
): GpuResult {
  const top: RankedConfig[] = ranked.map((r) => {
    const totals = makeTotals(r.totals ?? {});
    const config = makeConfig(r.config);
    // Tokens of an arbitrary 1,000-token sample; MFU a nominal half (charts do not read either yet).
    const tokensPerSecondPerGpu = (r.throughput * 1000) / (config.dp * config.tp1 * config.tp2 * config.pp);
    return { throughput: r.throughput, mem: totals.mem, config, totals, tokensPerSecondPerGpu, mfu: 0.5 };
  });
  const asPoints: Point[] = top.map(({ throughput, mem, config }) => ({ throughput, mem, config }));
  const cloud: CloudPoint[] = (points.cloud ?? asPoints).map((p, key) => ({ ...p, key }));
  return {
    gpus,
    candidates: 100,
    feasible: top.length,
    top,
    front: points.front ?? [...asPoints].sort((a, b) => a.mem - b.mem),
    cloud,
    best: null,
    why: null,
  };
}

/** Nothing fits at this GPU count. */
export function emptyResult(gpus: number): GpuResult {
  return {
    gpus,
    candidates: 100,
    feasible: 0,
    top: [],
    front: [],
    cloud: [],
    best: null,
    why: {
      gpus,
      splits: 10,
      removed: { heads: 0, hidden: 0, shard: 0, panels: 0, layers: 0, batch: 0, tokens: 0, placement: 0 },
      candidates: 100,
      minMem: 93.2,
      capacity: 80,
      heads: 96,
      layers: 96,
      batch: 1536,
      nvlinkSize: 8,
    },
  };
}
