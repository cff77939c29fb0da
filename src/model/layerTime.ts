/**
 * Turns a layer's counts into times: roofline for compute vs HBM traffic, plus the collectives either
 * after the compute (`serial`) or pipelined under it (`summa`). Reference: `Estimates.get_time`,
 * `LinearSumma.compute_time_summa`, `FusedLASeqp.compute_times`.
 */
import type { Collective, CommOverlap, LayerCounts } from './layers.ts';
import type { Machine } from './system.ts';
import { collectiveFloor, commTime, computeTime, memoryTime } from './time.ts';
import type { Seconds, TFLOP, GB } from './units.ts';

export interface PassTime {
  /** Roofline time plus exposed communication. */
  readonly t: Seconds;
  readonly comm: Seconds;
  readonly comp: Seconds;
  /** Memory time not hidden under compute: max(t_mem - t_comp, 0). */
  readonly mem: Seconds;
  /** t_comp / t_mem: above 1 compute-bound, below memory-bound. */
  readonly intensity: number;
}

/** A layer's counts with its times for one micro-batch. */
export interface LayerRow extends LayerCounts {
  readonly fwd: PassTime;
  readonly bwd: PassTime;
  /** fwd.t + bwd.t */
  readonly t: Seconds;
}

/**
 * Stand-ins for the NVLink shares t1 and t2 while a block is counted once for every placement (plan.ts):
 * the estimators only pass these through to their collectives' `fast`, resolved here when timing.
 */
export const FAST_T1 = -1;
export const FAST_T2 = -2;
/** The same for the expert-parallel group's share (not in the paper). */
export const FAST_EP = -3;

const resolveFast = (fast: number, t1: number, t2: number, tEp: number): number =>
  fast === FAST_T1 ? t1 : fast === FAST_T2 ? t2 : fast === FAST_EP ? tEp : fast;

/**
 * Exposed communication of one pass: collectives after the roofline part (`serial`), or SUMMA's one
 * panel exposed with the other nb-1 hidden under the compute when it is longer. Placeholders resolve to
 * t1, t2; concrete shares pass through. Indexed loops: this runs per placement in the search.
 */
export function exposedComm(
  m: Machine,
  list: readonly Collective[],
  overlap: CommOverlap,
  roofline: number,
  t1: number,
  t2: number,
  tEp: number = FAST_EP,
): Seconds {
  const n = list.length;
  if (n === 0) return 0;
  if (overlap.kind === 'summa') {
    const nb = overlap.nb;
    let panel = 0;
    for (let i = 0; i < n; i++) {
      const c = list[i] as Collective;
      panel += commTime(m, c.volume / nb, c.group, c.type, resolveFast(c.fast, t1, t2, tEp));
    }
    return (panel + Math.max(panel * nb - roofline, 0)) * m.tpExposed;
  }
  let comm = 0;
  for (let i = 0; i < n; i++) {
    const c = list[i] as Collective;
    comm += commTime(m, c.volume, c.group, c.type, resolveFast(c.fast, t1, t2, tEp));
  }
  // Beyond the paper, recipes hide part of it under compute (tpExposed = 1 in the paper).
  return comm * m.tpExposed;
}

/**
 * A floor under `exposedComm` for any placement: each collective's `collectiveFloor` (SUMMA's panels
 * counted once, the hidden ones as nothing). For the search's pruning bound.
 */
export function exposedCommFloor(m: Machine, list: readonly Collective[], overlap: CommOverlap): Seconds {
  const nb = overlap.kind === 'summa' ? overlap.nb : 1;
  let floor = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as Collective;
    floor += collectiveFloor(m, c.volume / nb, c.group, c.type);
  }
  return floor * m.tpExposed;
}

function passTime(
  m: Machine,
  flops: TFLOP,
  bytes: GB,
  collectives: readonly Collective[],
  layer: LayerCounts,
): PassTime {
  const comp = computeTime(m, flops, layer.tensorCores, bytes);
  const tMem = memoryTime(m, bytes);
  const compute = Math.max(comp, tMem);
  const intensity = comp / tMem;
  const mem = Math.max(tMem - comp, 0);
  const comm = exposedComm(m, collectives, layer.overlap, compute, FAST_T1, FAST_T2);
  return { t: compute + comm, comm, comp, mem, intensity };
}

/** Times one layer for one micro-batch, forward and backward. */
export function timeLayer(m: Machine, layer: LayerCounts): LayerRow {
  const fwd = passTime(m, layer.flopsFwd, layer.memFwd, layer.commFwd, layer);
  const bwd = passTime(m, layer.flopsBwd, layer.memBwd, layer.commBwd, layer);
  // Listed field by field rather than spread: every row then has one shape, which keeps V8 on its fast
  // path (a spread of the estimators' differently-shaped objects was most of the search's time).
  return {
    name: layer.name,
    tensorCores: layer.tensorCores,
    flopsFwd: layer.flopsFwd,
    flopsBwd: layer.flopsBwd,
    memFwd: layer.memFwd,
    memBwd: layer.memBwd,
    activationBuffer: layer.activationBuffer,
    weightsMem: layer.weightsMem,
    weightsGradMem: layer.weightsGradMem,
    commFwd: layer.commFwd,
    commBwd: layer.commBwd,
    overlap: layer.overlap,
    fwd,
    bwd,
    t: fwd.t + bwd.t,
  };
}
