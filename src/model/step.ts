/**
 * One training step of the global batch: data-parallel and pipeline-parallel communication, the
 * pipeline bubble, 1F1B activation memory and the distributed optimizer. Reference: `DataParallel`,
 * `PipelineParallel` (layers.py) and `totals` (execution.py); arXiv 2410.00273 §3.4.
 *
 * `evaluateStep` is the search's inner loop: it reads a pre-summed block and writes into a reused
 * output object, so it allocates nothing.
 */
import type { LayerRow } from './layerTime.ts';
import { columnSum } from './sum.ts';
import type { Machine } from './system.ts';
import { collectiveTime } from './time.ts';
import type { GB, Seconds, TFLOP } from './units.ts';

/** Sums over the layers of one transformer layer for one micro-batch, in the reference's order. */
export interface BlockSummary {
  /** Forward time of both blocks (also the compute the DP all-gather hides behind). */
  readonly tFwd: Seconds;
  readonly tBwd: Seconds;
  readonly flops: TFLOP;
  readonly weights: GB;
  readonly activations: GB;
  readonly tComm: Seconds;
  readonly tComp: Seconds;
  readonly tMem: Seconds;
  /** Activation sent between pipeline stages: the input buffer of `ln1`. */
  readonly p2pVolume: GB;
}

export function summariseBlock(mlp: readonly LayerRow[], sa: readonly LayerRow[]): BlockSummary {
  const sum = (pick: (r: LayerRow) => number) => [columnSum(mlp, pick), columnSum(sa, pick)] as const;
  const [mlpFlopsFwd, saFlopsFwd] = sum((r) => r.flopsFwd);
  const [mlpFlopsBwd, saFlopsBwd] = sum((r) => r.flopsBwd);
  const [mlpTFwd, saTFwd] = sum((r) => r.fwd.t);
  const [mlpTBwd, saTBwd] = sum((r) => r.bwd.t);
  const [mlpW, saW] = sum((r) => r.weightsMem);
  const [mlpA, saA] = sum((r) => r.activationBuffer);
  const [mlpCF, saCF] = sum((r) => r.fwd.comm);
  const [mlpCB, saCB] = sum((r) => r.bwd.comm);
  const [mlpPF, saPF] = sum((r) => r.fwd.comp);
  const [mlpPB, saPB] = sum((r) => r.bwd.comp);
  const [mlpMF, saMF] = sum((r) => r.fwd.mem);
  const [mlpMB, saMB] = sum((r) => r.bwd.mem);
  const ln1 = mlp.find((r) => r.name === 'ln1');
  if (!ln1) throw new Error('summariseBlock: the MLP block has no ln1 layer');
  return {
    tFwd: mlpTFwd + saTFwd,
    tBwd: mlpTBwd + saTBwd,
    flops: mlpFlopsFwd + mlpFlopsBwd + saFlopsFwd + saFlopsBwd,
    weights: mlpW + saW,
    activations: mlpA + saA,
    tComm: mlpCF + mlpCB + saCF + saCB,
    tComp: mlpPF + mlpPB + saPF + saPB,
    tMem: mlpMF + mlpMB + saMF + saMB,
    p2pVolume: ln1.activationBuffer,
  };
}

/** How one candidate lays the step out around a block. */
export interface StepLayout {
  readonly globalBatchSize: number;
  readonly depth: number;
  readonly pp: number;
  readonly dp: number;
  readonly mbs: number;
  /** GPUs that hold replicas of a weight shard: dp, times tp2 under context parallelism. */
  readonly dpGroup: number;
  /** Of those, inside one NVLink domain. */
  readonly dpFast: number;
  /** Pipeline neighbours inside one NVLink domain. */
  readonly ppFast: number;
  /** Divisor of the optimizer states besides dp: tp2 for `2d-seqp` (sequence replicas), else 1. */
  readonly seqp: number;
}

/** Everything a step produces, written in place by `evaluateStep`. */
export interface StepScratch {
  /** Step time of the global batch. */
  t: Seconds;
  /** Memory per GPU. */
  mem: GB;
  flopsPerGpu: TFLOP;
  tComp: Seconds;
  tMem: Seconds;
  tTpComm: Seconds;
  tDpComm: Seconds;
  tPpComm: Seconds;
  tBubble: Seconds;
  wts: GB;
  wtsGrad: GB;
  optimizerStates: GB;
  acts: GB;
  /** The DP collective's time, once (all-gather and reduce-scatter cost the same). */
  dpCollective: Seconds;
  dpFwd: Seconds;
  dpBwd: Seconds;
  /** Pipeline p2p time per pass, for all micro-batches. */
  ppPass: Seconds;
  microBatches: number;
}

export function newStepScratch(): StepScratch {
  return {
    t: 0,
    mem: 0,
    flopsPerGpu: 0,
    tComp: 0,
    tMem: 0,
    tTpComm: 0,
    tDpComm: 0,
    tPpComm: 0,
    tBubble: 0,
    wts: 0,
    wtsGrad: 0,
    optimizerStates: 0,
    acts: 0,
    dpCollective: 0,
    dpFwd: 0,
    dpBwd: 0,
    ppPass: 0,
    microBatches: 0,
  };
}

/**
 * Memory per GPU (§3.4): weights and their gradients for the local layers, Adam's fp32 copy, momentum
 * and variance sharded over the data-parallel replicas (distributed optimizer), and under 1F1B at most
 * `pp` micro-batches of activations in flight.
 */
export function stepMemory(
  block: Pick<BlockSummary, 'weights' | 'activations'>,
  layout: StepLayout,
  out: StepScratch,
): GB {
  const nl = Math.floor(layout.depth / layout.pp);
  const nmb = Math.floor(Math.floor(layout.globalBatchSize / layout.dp) / layout.mbs);
  const wts = block.weights * nl;
  const optimizerStates = 6 * (wts / (layout.dp * layout.seqp));
  let acts = block.activations * nl;
  acts *= nmb >= layout.pp ? layout.pp : nmb;
  out.wts = wts;
  out.wtsGrad = wts;
  out.optimizerStates = optimizerStates;
  out.acts = acts;
  out.microBatches = nmb;
  out.mem = wts + wts + optimizerStates + acts;
  return out.mem;
}

/**
 * Pipeline p2p time for one micro-batch boundary (§3.4): a stage sends its activation to the next.
 * With `ppFast` stages per NVLink domain, that fraction of the pp-1 links is fast. The reference charges
 * the remaining (slow) links nothing: it times them as a one-GPU collective. Kept for parity.
 */
function p2pTime(m: Machine, volume: GB, pp: number, ppFast: number): Seconds {
  if (pp === 1) return 0;
  if (ppFast > 1) {
    const total = pp - 1;
    const slow = Math.trunc(pp / ppFast - 1);
    const fast = total - slow;
    const tFast = collectiveTime(m, volume, 2, 'p2p', ppFast);
    const tSlow = collectiveTime(m, volume, 1, 'p2p', 1);
    return (fast / total) * tFast + (slow / total) * tSlow;
  }
  return collectiveTime(m, volume, 2, 'p2p', ppFast);
}

/**
 * Step time of one candidate (§3.4, the reference's `totals`), after `stepMemory` filled `out`:
 *   t = (t_fwd + t_bwd) * m * L/pp + t_pp;  bubble = (pp - 1) * t / m;  t += bubble + t_dp
 * where m is the number of micro-batches. Data-parallel all-gather (fwd) and reduce-scatter (bwd) of one
 * layer's weights overlap the previous layer's compute: one is exposed, the rest only where longer.
 */
export function stepTime(m: Machine, block: BlockSummary, layout: StepLayout, out: StepScratch): Seconds {
  return timeStep(m, block, layout, out.microBatches, out);
}

/**
 * The step time alone, for the search's inner loop: the same arithmetic as `stepTime` without writing
 * the breakdown (the search recomputes that for the configurations it keeps).
 */
export function stepSeconds(
  m: Machine,
  block: BlockSummary,
  layout: StepLayout,
  microBatches: number,
): Seconds {
  return timeStep(m, block, layout, microBatches, null);
}

function timeStep(
  m: Machine,
  block: BlockSummary,
  layout: StepLayout,
  nmb: number,
  out: StepScratch | null,
): Seconds {
  const nl = Math.floor(layout.depth / layout.pp);

  const dpCollective = collectiveTime(m, block.weights, layout.dpGroup, 'allgather', layout.dpFast);
  const dpFwd = dpCollective + Math.max(dpCollective - block.tFwd, 0) * (nl - 1);
  const dpBwd = dpCollective + Math.max(dpCollective - block.tBwd, 0) * (nl - 1);
  const tDp = dpFwd + dpBwd;

  const ppPass = p2pTime(m, block.p2pVolume, layout.pp, layout.ppFast) * nmb;
  const tPp = ppPass + ppPass;

  let t = (block.tFwd + block.tBwd) * nmb;
  t *= nl;
  t += tPp;
  const bubble = (layout.pp - 1) * (t / nmb);
  t += bubble;
  t += tDp;

  if (out) {
    out.t = t;
    out.flopsPerGpu = block.flops * nl * nmb;
    out.tComp = block.tComp * nmb * nl;
    out.tMem = block.tMem * nmb * nl;
    out.tTpComm = block.tComm * nmb * nl;
    out.tDpComm = tDp;
    out.tPpComm = tPp;
    out.tBubble = bubble;
    out.dpCollective = dpCollective;
    out.dpFwd = dpFwd;
    out.dpBwd = dpBwd;
    out.ppPass = ppPass;
  }
  return t;
}

/** Memory and time of one candidate, written into `out`; returns the step time. */
export function evaluateStep(m: Machine, block: BlockSummary, layout: StepLayout, out: StepScratch): Seconds {
  stepMemory(block, layout, out);
  return stepTime(m, block, layout, out);
}

/** The reference's `totals` record for one step (its key names), fractions of the step time included. */
export interface StepTotals {
  readonly t: Seconds;
  readonly flops_per_gpu: TFLOP;
  readonly mem: GB;
  readonly t_comp: Seconds;
  readonly t_mem: Seconds;
  readonly t_tp_comm: Seconds;
  readonly t_dp_comm: Seconds;
  readonly t_pp_comm: Seconds;
  readonly t_bubble: Seconds;
  readonly comp_frac: number;
  readonly tp_comm_frac: number;
  readonly dp_comm_frac: number;
  readonly pp_comm_frac: number;
  readonly bubble_frac: number;
  readonly mem_frac: number;
  readonly wts_mem: GB;
  readonly wts_grad_mem: GB;
  readonly wts_optimizer_states_mem: GB;
  readonly acts_mem: GB;
}

export function stepTotals(s: StepScratch): StepTotals {
  const t = s.t;
  return {
    t,
    flops_per_gpu: s.flopsPerGpu,
    mem: s.mem,
    t_comp: s.tComp,
    t_mem: s.tMem,
    t_tp_comm: s.tTpComm,
    t_dp_comm: s.tDpComm,
    t_pp_comm: s.tPpComm,
    t_bubble: s.tBubble,
    comp_frac: s.tComp / t,
    tp_comm_frac: s.tTpComm / t,
    dp_comm_frac: s.tDpComm / t,
    pp_comm_frac: s.tPpComm / t,
    bubble_frac: s.tBubble / t,
    mem_frac: s.tMem / t,
    wts_mem: s.wts,
    wts_grad_mem: s.wtsGrad,
    wts_optimizer_states_mem: s.optimizerStates,
    acts_mem: s.acts,
  };
}
