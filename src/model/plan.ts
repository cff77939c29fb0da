/**
 * The block evaluation of `evaluate.ts`, organised for the search. A layer's counts, its compute and HBM
 * times, and the block's weights and activations depend on the micro-batch and tensor grid, not on where
 * the groups sit in the NVLink domain; only the collectives' times do. So a plan is built once per
 * (micro-batch, tp1, tp2, panels) and each placement only times collectives and re-sums, in the
 * reference's order, giving exactly the `BlockSummary` that `summariseBlock(evaluateBlock(...))` gives.
 */
import { blockLayers, type BlockLayers } from './blocks.ts';
import type { Scenario } from './evaluate.ts';
import type { Collective, CommOverlap, LayerCounts } from './layers.ts';
import type { BlockSummary } from './step.ts';
import { pairwiseSum } from './sum.ts';
import type { Machine } from './system.ts';
import { computeTime, memoryTime } from './time.ts';
import { exposedComm, exposedCommFloor, FAST_T1, FAST_T2 } from './layerTime.ts';

export { FAST_T1, FAST_T2 };

interface StaticPass {
  /** max(t_comp, t_mem): the roofline part of the pass. */
  readonly roofline: number;
  readonly collectives: readonly Collective[];
}

interface StaticLayer {
  readonly overlap: CommOverlap;
  readonly fwd: StaticPass;
  readonly bwd: StaticPass;
}

/** What memory feasibility needs, known before any placement is chosen. */
export interface BlockFootprint {
  readonly weights: number;
  readonly activations: number;
}

function staticLayer(m: Machine, l: LayerCounts): StaticLayer {
  const pass = (flops: number, bytes: number, collectives: readonly Collective[]): StaticPass => ({
    roofline: Math.max(computeTime(m, flops, l.tensorCores), memoryTime(m, bytes)),
    collectives,
  });
  return {
    overlap: l.overlap,
    fwd: pass(l.flopsFwd, l.memFwd, l.commFwd),
    bwd: pass(l.flopsBwd, l.memBwd, l.commBwd),
  };
}

/** One block's column sums for timing (each pairwise over its layers, as the reference sums a column). */
interface BlockColumns {
  readonly flopsFwd: number;
  readonly flopsBwd: number;
  readonly compFwd: number;
  readonly compBwd: number;
  /** Exposed memory time: HBM time beyond the compute, per layer. */
  readonly memFwd: number;
  readonly memBwd: number;
  readonly statics: readonly StaticLayer[];
}

/**
 * Scratch columns of one block's per-layer values, shared by every plan (plans are built and summed
 * synchronously, and each call reads its columns back before returning): allocating them per plan
 * cost more than the sums.
 */
type Columns = readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
const newColumns = (n: number): Columns => {
  const c = () => new Float64Array(n);
  return [c(), c(), c(), c(), c(), c()];
};
let columns = newColumns(16);

function scratchColumns(n: number): Columns {
  if (columns[0].length < n) columns = newColumns(n);
  return columns;
}

/** The four sums `BlockPlan.sums` leaves for its caller. */
const blockSums = new Float64Array(4);

/** Pairwise sum of one field over a block's layers. */
function layerSum(list: readonly LayerCounts[], pick: (l: LayerCounts) => number): number {
  const n = list.length;
  const [col] = scratchColumns(n);
  for (let i = 0; i < n; i++) col[i] = pick(list[i] as LayerCounts);
  return pairwiseSum(col, n);
}

/**
 * Per-layer timing values of one block in one pass, then their pairwise sums. Layers shared with a
 * sibling plan (the same object) reuse its static timing.
 */
function blockColumns(
  m: Machine,
  list: readonly LayerCounts[],
  theirs: readonly LayerCounts[] | undefined,
  theirStatics: readonly StaticLayer[] | undefined,
): BlockColumns {
  const n = list.length;
  const [ff, fb, pf, pb, xf, xb] = scratchColumns(n);
  const statics: StaticLayer[] = [];
  for (let i = 0; i < n; i++) {
    const l = list[i] as LayerCounts;
    const compF = computeTime(m, l.flopsFwd, l.tensorCores);
    const compB = computeTime(m, l.flopsBwd, l.tensorCores);
    ff[i] = l.flopsFwd;
    fb[i] = l.flopsBwd;
    pf[i] = compF;
    pb[i] = compB;
    xf[i] = Math.max(memoryTime(m, l.memFwd) - compF, 0);
    xb[i] = Math.max(memoryTime(m, l.memBwd) - compB, 0);
    statics.push(theirs?.[i] === l && theirStatics ? (theirStatics[i] as StaticLayer) : staticLayer(m, l));
  }
  return {
    flopsFwd: pairwiseSum(ff, n),
    flopsBwd: pairwiseSum(fb, n),
    compFwd: pairwiseSum(pf, n),
    compBwd: pairwiseSum(pb, n),
    memFwd: pairwiseSum(xf, n),
    memBwd: pairwiseSum(xb, n),
    statics,
  };
}

/** What timing a block needs beyond its footprint, the same for every placement. */
interface PlanTiming {
  readonly flops: number;
  readonly tComp: number;
  readonly tMem: number;
  readonly p2pVolume: number;
  /**
   * A floor under the block's time (tFwd + tBwd) for any placement: every layer's roofline time plus a
   * floor under its exposed collectives, forward and backward. For pruning, not one of the reference's
   * sums.
   */
  readonly timeFloor: number;
  readonly mlp: readonly StaticLayer[];
  readonly sa: readonly StaticLayer[];
}

export class BlockPlan implements BlockFootprint {
  /** The block's layer counts (for a sibling plan at another panel count to share). */
  readonly layers: BlockLayers;
  readonly weights: number;
  readonly activations: number;
  /**
   * Built on first use: most plans of a sweep only answer the memory check (their micro-batch
   * overflows HBM) and are never timed.
   */
  private timingOf: PlanTiming | null = null;
  private readonly summaries = new Map<number, BlockSummary>();

  /**
   * `sibling`, when given, is the plan of the same block (scenario, b, m1, m2) at another SUMMA panel
   * count: the layers that do not depend on the panels, and their roofline times, are taken from it.
   */
  constructor(
    private readonly machine: Machine,
    scenario: Scenario,
    b: number,
    m1: number,
    m2: number,
    nb: number,
    private readonly sibling?: BlockPlan,
  ) {
    const layers = blockLayers(
      machine,
      scenario.model,
      scenario.strategy,
      { b, m1, m2, t1: FAST_T1, t2: FAST_T2, nb },
      scenario.options.flashAttention,
      sibling?.layers,
    );
    this.layers = layers;
    const weights = (l: LayerCounts) => l.weightsMem;
    const activations = (l: LayerCounts) => l.activationBuffer;
    this.weights = layerSum(layers.mlp, weights) + layerSum(layers.sa, weights);
    this.activations = layerSum(layers.mlp, activations) + layerSum(layers.sa, activations);
  }

  private get timing(): PlanTiming {
    if (this.timingOf) return this.timingOf;
    const { layers, machine, sibling } = this;
    const theirs = sibling?.timingOf;
    const mlp = blockColumns(machine, layers.mlp, sibling?.layers.mlp, theirs?.mlp);
    const sa = blockColumns(machine, layers.sa, sibling?.layers.sa, theirs?.sa);
    const ln1 = layers.mlp.find((l) => l.name === 'ln1');
    if (!ln1) throw new Error('BlockPlan: the MLP block has no ln1 layer');
    let timeFloor = 0;
    for (const list of [mlp.statics, sa.statics])
      for (let i = 0; i < list.length; i++) {
        const l = list[i] as StaticLayer;
        timeFloor += l.fwd.roofline + exposedCommFloor(machine, l.fwd.collectives, l.overlap);
        timeFloor += l.bwd.roofline + exposedCommFloor(machine, l.bwd.collectives, l.overlap);
      }
    this.timingOf = {
      flops: mlp.flopsFwd + mlp.flopsBwd + sa.flopsFwd + sa.flopsBwd,
      tComp: mlp.compFwd + mlp.compBwd + sa.compFwd + sa.compBwd,
      tMem: mlp.memFwd + mlp.memBwd + sa.memFwd + sa.memBwd,
      p2pVolume: ln1.activationBuffer,
      timeFloor,
      mlp: mlp.statics,
      sa: sa.statics,
    };
    return this.timingOf;
  }

  /** A floor under the block's time for any placement (see `PlanTiming.timeFloor`). */
  get timeFloor(): number {
    return this.timing.timeFloor;
  }

  /** The block's sums with t1, t2 GPUs of the two tensor groups in one NVLink domain. */
  summary(t1: number, t2: number): BlockSummary {
    const key = t1 * 65536 + t2;
    let s = this.summaries.get(key);
    if (!s) {
      s = this.compute(t1, t2);
      this.summaries.set(key, s);
    }
    return s;
  }

  /**
   * Fills, per layer of one block, the forward/backward times and exposed communication (in the shared
   * scratch columns) and leaves their four sums in `blockSums`.
   */
  private sums(layers: readonly StaticLayer[], t1: number, t2: number): void {
    const m = this.machine;
    const n = layers.length;
    const [tf, tb, cf, cb] = scratchColumns(n);
    for (let i = 0; i < n; i++) {
      const l = layers[i] as StaticLayer;
      const commF = exposedComm(m, l.fwd.collectives, l.overlap, l.fwd.roofline, t1, t2);
      const commB = exposedComm(m, l.bwd.collectives, l.overlap, l.bwd.roofline, t1, t2);
      tf[i] = l.fwd.roofline + commF;
      tb[i] = l.bwd.roofline + commB;
      cf[i] = commF;
      cb[i] = commB;
    }
    blockSums[0] = pairwiseSum(tf, n);
    blockSums[1] = pairwiseSum(tb, n);
    blockSums[2] = pairwiseSum(cf, n);
    blockSums[3] = pairwiseSum(cb, n);
  }

  private compute(t1: number, t2: number): BlockSummary {
    const timing = this.timing;
    this.sums(timing.mlp, t1, t2);
    const mlpTF = blockSums[0] as number;
    const mlpTB = blockSums[1] as number;
    const mlpCF = blockSums[2] as number;
    const mlpCB = blockSums[3] as number;
    this.sums(timing.sa, t1, t2);
    return {
      tFwd: mlpTF + (blockSums[0] as number),
      tBwd: mlpTB + (blockSums[1] as number),
      flops: timing.flops,
      weights: this.weights,
      activations: this.activations,
      tComm: mlpCF + mlpCB + (blockSums[2] as number) + (blockSums[3] as number),
      tComp: timing.tComp,
      tMem: timing.tMem,
      p2pVolume: timing.p2pVolume,
    };
  }
}
