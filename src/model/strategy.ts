/**
 * One definition per tensor-parallel strategy (§3.2): which degrees it uses and how its groups map onto
 * the block's tensor layout and the step's data-parallel group. Used by evaluation, the search and the
 * validation of configurations alike, so they cannot disagree.
 */
import type { Strategy } from './spec.ts';

export interface StrategyRules {
  /** Whether the second tensor degree tp2 exists (1d: it is 1). */
  readonly usesTp2: boolean;
  /** Whether matmuls run in SUMMA panels (nb). */
  readonly panels: boolean;
  /**
   * Whether tp2 shards the sequence with whole weights (context parallelism): its GPUs then hold
   * replicas of every weight shard, so they join the data-parallel group and shard the optimizer.
   */
  readonly contextReplicas: boolean;
  /** GPUs that shard one micro-batch's tokens: mbs * l must divide over them. */
  tokenShard(tp1: number, tp2: number): number;
}

export const STRATEGY_RULES: Readonly<Record<Strategy, StrategyRules>> = {
  '1d': { usesTp2: false, panels: false, contextReplicas: false, tokenShard: (tp1) => tp1 },
  '2d': { usesTp2: true, panels: true, contextReplicas: false, tokenShard: (_tp1, tp2) => tp2 },
  '2d-seqp': {
    usesTp2: true,
    panels: false,
    contextReplicas: true,
    tokenShard: (tp1, tp2) => tp1 * tp2,
  },
};

/** GPUs holding replicas of one weight shard: dp, times tp2 under context parallelism. */
export const dpGroupOf = (r: StrategyRules, dp: number, tp2: number): number =>
  r.contextReplicas ? dp * tp2 : dp;

/** Of those, inside one NVLink domain, from the placement's dp and tp2 shares. */
export const dpFastOf = (r: StrategyRules, nvDp: number, nvTp2: number): number =>
  r.contextReplicas ? nvDp * nvTp2 : nvDp;

/** The optimizer's divisor besides dp (the sequence replicas under context parallelism). */
export const seqReplicasOf = (r: StrategyRules, tp2: number): number => (r.contextReplicas ? tp2 : 1);

/** The degree the block sees as m2 (sequence / SUMMA rows): tp2, or 1 for 1d. */
export const m2Of = (r: StrategyRules, tp2: number): number => (r.usesTp2 ? tp2 : 1);

/** Greatest common divisor of two positive integers. */
export function gcd(x: number, y: number): number {
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/**
 * The expert-parallel group (not in the paper) lies inside the data-parallel group, its GPUs adjacent
 * (Megatron-Core's order: tp, cp, ep, dp): of its ep GPUs, gcd(ep, dpFast) share an NVLink domain; the
 * expert-data-parallel group (same expert shard, dpGroup/ep GPUs) keeps the rest of the domain.
 */
export const epFastOf = (ep: number, dpFast: number): number => gcd(ep, dpFast);
export const edpFastOf = (ep: number, dpFast: number): number => dpFast / gcd(ep, dpFast);
