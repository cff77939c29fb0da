/**
 * The block evaluation of `evaluate.ts`, organised for the search. A layer's counts, its compute and HBM
 * times, and the block's weights and activations depend on the micro-batch and tensor grid, not on where
 * the groups sit in the NVLink domain; only the collectives' times do. So a plan is built once per
 * (micro-batch, tp1, tp2, panels) and each placement only times collectives and re-sums, in the
 * reference's order, giving exactly the `BlockSummary` that `summariseBlock(evaluateBlock(...))` gives.
 */
import { blockLayers } from './blocks.ts';
import type { Scenario } from './evaluate.ts';
import type { Collective, CommOverlap, LayerCounts } from './layers.ts';
import type { BlockSummary } from './step.ts';
import { pairwiseSum } from './sum.ts';
import type { Machine } from './system.ts';
import { computeTime, memoryTime } from './time.ts';
import { exposedComm, FAST_T1, FAST_T2 } from './layerTime.ts';

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

export class BlockPlan implements BlockFootprint {
  readonly weights: number;
  readonly activations: number;
  private readonly flops: number;
  private readonly tComp: number;
  private readonly tMem: number;
  private readonly p2pVolume: number;
  private readonly mlp: readonly StaticLayer[];
  private readonly sa: readonly StaticLayer[];
  private readonly summaries = new Map<number, BlockSummary>();
  /** Scratch columns of one block's per-layer values: times and exposed communication, fwd and bwd. */
  private readonly tf: Float64Array;
  private readonly tb: Float64Array;
  private readonly cf: Float64Array;
  private readonly cb: Float64Array;

  constructor(
    private readonly machine: Machine,
    scenario: Scenario,
    b: number,
    m1: number,
    m2: number,
    nb: number,
  ) {
    const layers = blockLayers(
      machine,
      scenario.model,
      scenario.strategy,
      { b, m1, m2, t1: FAST_T1, t2: FAST_T2, nb },
      scenario.options.flashAttention,
    );
    const sum2 = (pick: (l: LayerCounts) => number) =>
      pairwiseSum(layers.mlp.map(pick)) + pairwiseSum(layers.sa.map(pick));
    this.weights = sum2((l) => l.weightsMem);
    this.activations = sum2((l) => l.activationBuffer);
    this.flops =
      pairwiseSum(layers.mlp.map((l) => l.flopsFwd)) +
      pairwiseSum(layers.mlp.map((l) => l.flopsBwd)) +
      pairwiseSum(layers.sa.map((l) => l.flopsFwd)) +
      pairwiseSum(layers.sa.map((l) => l.flopsBwd));
    const m = machine;
    const comp = (l: LayerCounts, fwd: boolean) =>
      computeTime(m, fwd ? l.flopsFwd : l.flopsBwd, l.tensorCores);
    const exposed = (l: LayerCounts, fwd: boolean) =>
      Math.max(memoryTime(m, fwd ? l.memFwd : l.memBwd) - comp(l, fwd), 0);
    this.tComp =
      pairwiseSum(layers.mlp.map((l) => comp(l, true))) +
      pairwiseSum(layers.mlp.map((l) => comp(l, false))) +
      pairwiseSum(layers.sa.map((l) => comp(l, true))) +
      pairwiseSum(layers.sa.map((l) => comp(l, false)));
    this.tMem =
      pairwiseSum(layers.mlp.map((l) => exposed(l, true))) +
      pairwiseSum(layers.mlp.map((l) => exposed(l, false))) +
      pairwiseSum(layers.sa.map((l) => exposed(l, true))) +
      pairwiseSum(layers.sa.map((l) => exposed(l, false)));
    const ln1 = layers.mlp.find((l) => l.name === 'ln1');
    if (!ln1) throw new Error('BlockPlan: the MLP block has no ln1 layer');
    this.p2pVolume = ln1.activationBuffer;
    this.mlp = layers.mlp.map((l) => staticLayer(m, l));
    this.sa = layers.sa.map((l) => staticLayer(m, l));
    const n = Math.max(this.mlp.length, this.sa.length);
    this.tf = new Float64Array(n);
    this.tb = new Float64Array(n);
    this.cf = new Float64Array(n);
    this.cb = new Float64Array(n);
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

  /** Fills, per layer of one block, the forward/backward times and exposed communication; returns the sums. */
  private sums(layers: readonly StaticLayer[], t1: number, t2: number): [number, number, number, number] {
    const m = this.machine;
    const { tf, tb, cf, cb } = this;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i] as StaticLayer;
      const commF = exposedComm(m, l.fwd.collectives, l.overlap, l.fwd.roofline, t1, t2);
      const commB = exposedComm(m, l.bwd.collectives, l.overlap, l.bwd.roofline, t1, t2);
      tf[i] = l.fwd.roofline + commF;
      tb[i] = l.bwd.roofline + commB;
      cf[i] = commF;
      cb[i] = commB;
    }
    const n = layers.length;
    return [pairwiseSum(tf, n), pairwiseSum(tb, n), pairwiseSum(cf, n), pairwiseSum(cb, n)];
  }

  private compute(t1: number, t2: number): BlockSummary {
    const [mlpTF, mlpTB, mlpCF, mlpCB] = this.sums(this.mlp, t1, t2);
    const [saTF, saTB, saCF, saCB] = this.sums(this.sa, t1, t2);
    return {
      tFwd: mlpTF + saTF,
      tBwd: mlpTB + saTB,
      flops: this.flops,
      weights: this.weights,
      activations: this.activations,
      tComm: mlpCF + mlpCB + saCF + saCB,
      tComp: this.tComp,
      tMem: this.tMem,
      p2pVolume: this.p2pVolume,
    };
  }
}
