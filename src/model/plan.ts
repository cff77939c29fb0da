/**
 * The block evaluation of `evaluate.ts`, organised for the search. A layer's counts, its compute and HBM
 * times, and the block's weights and activations depend on the micro-batch and tensor grid, not on where
 * the groups sit in the NVLink domain; only the collectives' times do. So a plan is built once per
 * (micro-batch, tp1, tp2, panels) and each placement only times collectives and re-sums, in the
 * reference's order, giving exactly the `BlockSummary` that `summariseBlock(evaluateBlock(...))` gives.
 */
import {
  blockLayers,
  embeddingLayers,
  encoderDecoderLayers,
  headLayers,
  moeLayers,
  type BlockLayers,
  type EncoderDecoderLayers,
} from './blocks.ts';
import type { Scenario } from './evaluate.ts';
import type { Collective, CommOverlap, LayerCounts } from './layers.ts';
import { architecture, PAPER_TRAINING } from './spec.ts';
import { attentionInputs, heldTransient, trainLayer } from './training.ts';
import type { BlockFootprint, BlockSummary, ModelBlocks, ModelFootprint, ModelSummary } from './step.ts';
import { pairwiseSum } from './sum.ts';
import type { Machine } from './system.ts';
import { computeTime, memoryTime } from './time.ts';
import { exposedComm, exposedCommFloor, FAST_EP, FAST_T1, FAST_T2, recomputedRoofline } from './layerTime.ts';

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

function staticLayer(m: Machine, l: LayerCounts): StaticLayer {
  const pass = (flops: number, bytes: number, collectives: readonly Collective[]): StaticPass => ({
    roofline: Math.max(computeTime(m, flops, l.tensorCores, bytes, l.fp8), memoryTime(m, bytes)),
    collectives,
  });
  return {
    overlap: l.overlap,
    fwd: pass(l.flopsFwd, l.memFwd, l.commFwd),
    bwd: l.recomputed
      ? { roofline: recomputedRoofline(m, l).roofline, collectives: l.commBwd }
      : pass(l.flopsBwd, l.memBwd, l.commBwd),
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

/**
 * Read by index, not destructured: array destructuring runs the iterator protocol, which allocates in
 * code V8 has not optimised yet, and most plans are built and timed before it has.
 */
function scratchColumns(n: number): Columns {
  if (columns[0].length < n) columns = newColumns(n);
  return columns;
}

/** The four sums `BlockPlan.sums` leaves for its caller (the first two also `footprintSums`'). */
const blockSums = new Float64Array(4);

/**
 * Pairwise sums of a block's layers' weights and activations, left in `blockSums[0]` and `[1]`: one pass,
 * no field-picking callbacks (every plan of a sweep runs this, most before V8 has optimised it).
 */
function footprintSums(list: readonly LayerCounts[]): void {
  const n = list.length;
  const c = scratchColumns(n);
  const w = c[0];
  const a = c[1];
  for (let i = 0; i < n; i++) {
    const l = list[i] as LayerCounts;
    w[i] = l.weightsMem;
    a[i] = l.activationBuffer;
  }
  blockSums[0] = pairwiseSum(w, n);
  blockSums[1] = pairwiseSum(a, n);
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
  const c = scratchColumns(n);
  const ff = c[0];
  const fb = c[1];
  const pf = c[2];
  const pb = c[3];
  const xf = c[4];
  const xb = c[5];
  const statics: StaticLayer[] = [];
  for (let i = 0; i < n; i++) {
    const l = list[i] as LayerCounts;
    const compF = computeTime(m, l.flopsFwd, l.tensorCores, l.memFwd, l.fp8);
    ff[i] = l.flopsFwd;
    fb[i] = l.flopsBwd;
    pf[i] = compF;
    xf[i] = Math.max(memoryTime(m, l.memFwd) - compF, 0);
    if (l.recomputed) {
      const r = recomputedRoofline(m, l);
      pb[i] = r.comp;
      xb[i] = r.roofline - r.comp;
    } else {
      const compB = computeTime(m, l.flopsBwd, l.tensorCores, l.memBwd, l.fp8);
      pb[i] = compB;
      xb[i] = Math.max(memoryTime(m, l.memBwd) - compB, 0);
    }
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
  /**
   * A floor under the block's time (tFwd + tBwd) for any placement: every layer's roofline time plus a
   * floor under its exposed collectives, forward and backward. For pruning, not one of the reference's
   * sums.
   */
  readonly timeFloor: number;
  /**
   * A floor under the block's time for any placement at this plan's SUMMA panel count or more:
   * `timeFloor` without the SUMMA layers' collective floors. More panels only add HBM traffic to those
   * layers (each panel writes its partial output: `linearSumma`), so their rooflines do not fall, and
   * every other layer is the same at any panel count (blocks.ts `build` shares them); only the panels'
   * collectives shrink, and they count as nothing here. The search bounds a micro-batch's candidates with
   * it before it builds the plans of its other panel counts.
   */
  readonly panelFloor: number;
  /** Per list, its layers' static timing. */
  readonly statics: readonly (readonly StaticLayer[])[];
}

/**
 * One block (lists of layers summed in order: the paper's MLP then attention, or one list for the
 * embedding and head) for one micro-batch and tensor grid, timed per placement on demand.
 */
export class BlockPlan implements BlockFootprint {
  readonly weights: number;
  readonly activations: number;
  /**
   * Built on first use: most plans of a sweep only answer the memory check (their micro-batch
   * overflows HBM) and are never timed.
   */
  private timingOf: PlanTiming | null = null;
  private readonly summaries = new SummaryCache<BlockSummary>();

  /**
   * `sibling`, when given, is the plan of the same block at another SUMMA panel count: the static timing
   * of the layers it shares (the same objects) is taken from it.
   */
  constructor(
    private readonly machine: Machine,
    readonly lists: readonly (readonly LayerCounts[])[],
    readonly p2pVolume: number,
    readonly expertWeights: number,
    private readonly sibling?: BlockPlan,
    readonly rebuilt = 0,
  ) {
    // Summed list by list, then added in order: the reference's MLP sum plus its attention sum.
    let w = 0;
    let a = 0;
    for (let i = 0; i < lists.length; i++) {
      footprintSums(lists[i] as readonly LayerCounts[]);
      const lw = blockSums[0] as number;
      const la = blockSums[1] as number;
      w = i === 0 ? lw : w + lw;
      a = i === 0 ? la : a + la;
    }
    this.weights = w;
    this.activations = a;
  }

  private get timing(): PlanTiming {
    if (this.timingOf) return this.timingOf;
    const { lists, machine, sibling } = this;
    const theirs = sibling?.timingOf;
    // Indexed loops rather than map and reduce callbacks: this runs once per plan, in cold code.
    const statics: (readonly StaticLayer[])[] = [];
    // Each the reference's order: MLP forward, MLP backward, attention forward, attention backward.
    let flops = 0;
    let tComp = 0;
    let tMem = 0;
    let timeFloor = 0;
    let panelFloor = 0;
    for (let j = 0; j < lists.length; j++) {
      const c = blockColumns(
        machine,
        lists[j] as readonly LayerCounts[],
        sibling?.lists[j],
        theirs?.statics[j],
      );
      statics.push(c.statics);
      flops = j === 0 ? c.flopsFwd + c.flopsBwd : flops + c.flopsFwd + c.flopsBwd;
      tComp = j === 0 ? c.compFwd + c.compBwd : tComp + c.compFwd + c.compBwd;
      tMem = j === 0 ? c.memFwd + c.memBwd : tMem + c.memFwd + c.memBwd;
      for (let i = 0; i < c.statics.length; i++) {
        const l = c.statics[i] as StaticLayer;
        const fwd = l.fwd.roofline + exposedCommFloor(machine, l.fwd.collectives, l.overlap);
        const bwd = l.bwd.roofline + exposedCommFloor(machine, l.bwd.collectives, l.overlap);
        timeFloor += fwd;
        timeFloor += bwd;
        // Added as `timeFloor` is, term for term: never above it, even by rounding.
        const summa = l.overlap.kind === 'summa';
        panelFloor += summa ? l.fwd.roofline : fwd;
        panelFloor += summa ? l.bwd.roofline : bwd;
      }
    }
    this.timingOf = { flops, tComp, tMem, timeFloor, panelFloor, statics };
    return this.timingOf;
  }

  /** A floor under the block's time for any placement (see `PlanTiming.timeFloor`). */
  get timeFloor(): number {
    return this.timing.timeFloor;
  }

  /** A floor under the block's time at this panel count or more, any placement (`PlanTiming.panelFloor`). */
  get panelFloor(): number {
    return this.timing.panelFloor;
  }

  /**
   * The block's sums with t1, t2 GPUs of the two tensor groups and tEp of the expert-parallel group in
   * one NVLink domain.
   */
  summary(t1: number, t2: number, tEp = 1): BlockSummary {
    let s = this.summaries.get(t1, t2, tEp);
    if (!s) {
      s = this.compute(t1, t2, tEp);
      this.summaries.set(t1, t2, tEp, s);
    }
    return s;
  }

  /**
   * Fills, per layer of one list, the forward/backward times and exposed communication (in the shared
   * scratch columns) and leaves their four sums in `blockSums`.
   */
  private sums(layers: readonly StaticLayer[], t1: number, t2: number, tEp: number): void {
    const m = this.machine;
    const n = layers.length;
    const c = scratchColumns(n);
    const tf = c[0];
    const tb = c[1];
    const cf = c[2];
    const cb = c[3];
    for (let i = 0; i < n; i++) {
      const l = layers[i] as StaticLayer;
      const commF = exposedComm(m, l.fwd.collectives, l.overlap, l.fwd.roofline, t1, t2, tEp);
      const commB = exposedComm(m, l.bwd.collectives, l.overlap, l.bwd.roofline, t1, t2, tEp);
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

  private compute(t1: number, t2: number, tEp: number): BlockSummary {
    const timing = this.timing;
    let tFwd = 0;
    let tBwd = 0;
    let tComm = 0;
    const lists = timing.statics;
    for (let i = 0; i < lists.length; i++) {
      this.sums(lists[i] as readonly StaticLayer[], t1, t2, tEp);
      const f = blockSums[0] as number;
      const b = blockSums[1] as number;
      const cf = blockSums[2] as number;
      const cb = blockSums[3] as number;
      // The reference's order: MLP fwd + attention fwd; comm MLP fwd + MLP bwd + attention fwd + bwd.
      tFwd = i === 0 ? f : tFwd + f;
      tBwd = i === 0 ? b : tBwd + b;
      tComm = i === 0 ? cf + cb : tComm + cf + cb;
    }
    return {
      tFwd,
      tBwd,
      flops: timing.flops,
      weights: this.weights,
      activations: this.activations,
      tComm,
      tComp: timing.tComp,
      tMem: timing.tMem,
      p2pVolume: this.p2pVolume,
      expertWeights: this.expertWeights,
      rebuilt: this.rebuilt,
    };
  }
}

/** The embedding's or head's plan: one list of layers; a tensor chain's rebuilt shard held while it runs. */
const extraPlan = (machine: Machine, layers: readonly LayerCounts[]): BlockPlan =>
  new BlockPlan(machine, [layers], 0, 0, undefined, heldTransient(layers));

/**
 * Summaries per placement share (t1, t2, tEp). Keys stay small integers (t1, t2 <= 16,384), which V8 hashes
 * fastest; the expert share, 1 for every dense block, gets a map of its own only when it is not 1.
 */
class SummaryCache<S> {
  /** Made on first use: a plan that only answers memory checks and floors never needs one. */
  private one: Map<number, S> | null = null;
  private byEp: Map<number, Map<number, S>> | null = null;

  get(t1: number, t2: number, tEp: number): S | undefined {
    const key = t1 * 65536 + t2;
    return tEp === 1 ? this.one?.get(key) : this.byEp?.get(tEp)?.get(key);
  }

  set(t1: number, t2: number, tEp: number, s: S): void {
    const key = t1 * 65536 + t2;
    if (tEp === 1) {
      (this.one ??= new Map()).set(key, s);
      return;
    }
    this.byEp ??= new Map();
    let m = this.byEp.get(tEp);
    if (!m) this.byEp.set(tEp, (m = new Map()));
    m.set(key, s);
  }
}

/**
 * Every block plan of one candidate's model (dense layer, expert layer, embedding, head) for one
 * micro-batch, tensor grid, SUMMA panel count and expert-parallel degree, timed per placement on demand.
 */
export class ModelPlan implements ModelFootprint {
  readonly dense: BlockPlan | null;
  readonly moe: BlockPlan | null;
  readonly embed: BlockPlan | null;
  readonly head: BlockPlan | null;
  /** The dense layer's blocks (its attention is the expert layer's too); an encoder-decoder's encoder layer. */
  readonly layers: BlockLayers;
  /** An encoder-decoder model's two layers (the encoder's in `dense`, the decoder's in `moe`); else null. */
  readonly pair: EncoderDecoderLayers | null;
  /** SUMMA panels (1 outside the 2d strategy). */
  readonly nb: number;
  private floorsOf: ModelBlocks<number> | null = null;
  private panelFloorsOf: ModelBlocks<number> | null = null;
  private readonly summaries = new SummaryCache<ModelSummary>();

  /**
   * `share`, when given, is the plan of the same (scenario, b, m1, m2) at another panel count or expert
   * degree: the blocks that depend on neither (embedding, head; the dense layer at the same panels) are
   * taken from it, and a dense layer at other panels shares its panel-independent layers.
   */
  constructor(
    machine: Machine,
    scenario: Scenario,
    b: number,
    m1: number,
    m2: number,
    nb: number,
    ep = 1,
    share?: ModelPlan,
  ) {
    const s = scenario.model;
    const a = architecture(s);
    const x = { b, m1, m2, t1: FAST_T1, t2: FAST_T2, nb, ep, tEp: FAST_EP };
    const samePanels = share !== undefined && share.nb === nb;
    this.nb = nb;
    const flash = scenario.options.flashAttention;
    const pair = !a.encoder
      ? null
      : samePanels && share.pair
        ? share.pair
        : encoderDecoderLayers(machine, s, scenario.strategy, x, flash, share?.pair ?? undefined);
    this.pair = pair;
    this.layers = pair
      ? pair.encoder
      : samePanels
        ? share.layers
        : blockLayers(machine, s, scenario.strategy, x, flash, share?.layers);
    const hasDense = !a.moe || a.moe.denseLayers > 0;
    // The sibling at other panels, when the model has a dense layer (null: none).
    const denseShare = share?.dense ?? undefined;
    const training = scenario.training ?? PAPER_TRAINING;
    const qkv = attentionInputs(s, a, b, m1, m2, machine.spec.element_size);
    const trained = (l: BlockLayers) => trainLayer(l.mlp, l.sa, training, qkv);
    if (!hasDense) this.dense = null;
    else if (samePanels && denseShare) this.dense = denseShare;
    else {
      const t = trained(this.layers);
      this.dense = new BlockPlan(machine, [t.mlp, t.sa], this.layers.p2pVolume, 0, denseShare, t.rebuilt);
    }
    if (a.moe) {
      const moe = moeLayers(machine, s, x, this.layers);
      const t = trained(moe);
      this.moe = new BlockPlan(
        machine,
        [t.mlp, t.sa],
        moe.p2pVolume,
        moe.expertWeights,
        undefined,
        t.rebuilt,
      );
    } else if (pair) {
      const decoder = pair.decoder;
      if (samePanels && share.moe) this.moe = share.moe;
      else {
        const t = trained(decoder);
        this.moe = new BlockPlan(
          machine,
          [t.mlp, t.sa],
          decoder.p2pVolume,
          0,
          share?.moe ?? undefined,
          t.rebuilt,
        );
      }
    } else this.moe = null;
    const vocab = a.vocab > 0;
    this.embed = !vocab ? null : (share?.embed ?? extraPlan(machine, embeddingLayers(machine, s, x)));
    this.head = !vocab ? null : (share?.head ?? extraPlan(machine, headLayers(machine, s, x)));
  }

  /** Floors under each block's time for any placement, for the step's pruning floor. */
  get floors(): ModelBlocks<number> {
    if (!this.floorsOf) {
      const f = (p: BlockPlan | null) => (p ? p.timeFloor : null);
      this.floorsOf = { dense: f(this.dense), moe: f(this.moe), embed: f(this.embed), head: f(this.head) };
    }
    return this.floorsOf;
  }

  /**
   * Floors under each block's time for any placement at this plan's panel count or more (a plan of the
   * same micro-batch, grid and expert degree), for a bound before those plans are built.
   */
  get panelFloors(): ModelBlocks<number> {
    if (!this.panelFloorsOf) {
      const f = (p: BlockPlan | null) => (p ? p.panelFloor : null);
      this.panelFloorsOf = {
        dense: f(this.dense),
        moe: f(this.moe),
        embed: f(this.embed),
        head: f(this.head),
      };
    }
    return this.panelFloorsOf;
  }

  /** The blocks' sums at one placement: t1, t2 of the tensor groups, tEp of the expert group in a domain. */
  summary(t1: number, t2: number, tEp = 1): ModelSummary {
    let s = this.summaries.get(t1, t2, tEp);
    if (!s) {
      const { dense, moe, embed, head } = this;
      s = {
        dense: dense ? dense.summary(t1, t2, 1) : null,
        moe: moe ? moe.summary(t1, t2, tEp) : null,
        embed: embed ? embed.summary(t1, t2, 1) : null,
        head: head ? head.summary(t1, t2, 1) : null,
      };
      this.summaries.set(t1, t2, tEp, s);
    }
    return s;
  }
}
