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
  if (overlap.kind === 'ring') {
    // Each step's kernel is 1/steps of the roofline; what a step's transfer takes beyond it is exposed.
    const steps = overlap.steps;
    const step = roofline / steps;
    let exposed = 0;
    for (let i = 0; i < n; i++) {
      const c = list[i] as Collective;
      const fast = resolveFast(c.fast, t1, t2, tEp);
      if (c.type === 'p2p') {
        const one = commTime(m, c.volume / (steps - 1), c.group, c.type, fast);
        exposed += (steps - 1) * Math.max(one - step, 0);
      } else exposed += Math.max(commTime(m, c.volume, c.group, c.type, fast) - step, 0);
    }
    return exposed;
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
  // A ring's transfers can all hide under its steps.
  if (overlap.kind === 'ring') return 0;
  const nb = overlap.kind === 'summa' ? overlap.nb : 1;
  let floor = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as Collective;
    floor += collectiveFloor(m, c.volume / nb, c.group, c.type);
  }
  return floor * m.tpExposed;
}

/** The roofline of a backward pass: compute time, HBM time and the pass's roofline time. */
export interface Roofline {
  readonly comp: Seconds;
  readonly tMem: Seconds;
  readonly roofline: Seconds;
}

/**
 * The backward roofline of a recomputed layer (training.ts: its backward counts include its forward's):
 * the forward's kernels run again, then the backward's, each its own roofline, so the redone forward
 * costs what it did the first time (its HBM time does not hide under the backward's compute).
 */
export function recomputedRoofline(m: Machine, l: LayerCounts): Roofline {
  const compF = computeTime(m, l.flopsFwd, l.tensorCores, l.memFwd, l.fp8);
  const compB = computeTime(m, l.flopsBwd - l.flopsFwd, l.tensorCores, l.memBwd - l.memFwd, l.fp8);
  const memF = memoryTime(m, l.memFwd);
  const memB = memoryTime(m, l.memBwd - l.memFwd);
  return {
    comp: compF + compB,
    tMem: memF + memB,
    roofline: Math.max(compF, memF) + Math.max(compB, memB),
  };
}

function passTime(
  m: Machine,
  flops: TFLOP,
  bytes: GB,
  collectives: readonly Collective[],
  layer: LayerCounts,
  redone: Roofline | null = null,
): PassTime {
  const comp = redone ? redone.comp : computeTime(m, flops, layer.tensorCores, bytes, layer.fp8);
  const tMem = redone ? redone.tMem : memoryTime(m, bytes);
  const compute = redone ? redone.roofline : Math.max(comp, tMem);
  const intensity = comp / tMem;
  const mem = redone ? compute - comp : Math.max(tMem - comp, 0);
  const comm = exposedComm(m, collectives, layer.overlap, compute, FAST_T1, FAST_T2);
  return { t: compute + comm, comm, comp, mem, intensity };
}

/** Times one layer for one micro-batch, forward and backward. */
export function timeLayer(m: Machine, layer: LayerCounts): LayerRow {
  const fwd = passTime(m, layer.flopsFwd, layer.memFwd, layer.commFwd, layer);
  const redone = layer.recomputed ? recomputedRoofline(m, layer) : null;
  const bwd = passTime(m, layer.flopsBwd, layer.memBwd, layer.commBwd, layer, redone);
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
    fp8: layer.fp8 === true,
    recomputed: layer.recomputed === true,
    fwd,
    bwd,
    t: fwd.t + bwd.t,
  };
}
