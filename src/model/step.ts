/**
 * One training step of the global batch: data-parallel and pipeline-parallel communication, the
 * pipeline bubble, 1F1B activation memory and the distributed optimizer. Reference: `DataParallel`,
 * `PipelineParallel` (layers.py) and `totals` (execution.py); arXiv 2410.00273 §3.4.
 *
 * The paper's model repeats one layer on every stage; with a vocabulary, experts or leading dense layers
 * the stages differ (the first carries the embedding, the last the head and loss), so the general path
 * times and sizes each kind of stage and the slowest sets the pace: every micro-batch waits for it, and
 * so does the bubble. With one kind of layer and nothing else it is the paper's arithmetic, kept as it is
 * (bit for bit).
 *
 * `evaluateStep` is the search's inner loop: it reads a pre-summed block and writes into a reused
 * output object, so it allocates nothing.
 */
import type { LayerRow } from './layerTime.ts';
import { columnSum } from './sum.ts';
import type { Machine } from './system.ts';
import { collectiveTime } from './time.ts';
import type { Framework, ZeroStage } from './spec.ts';
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
  /** Activation sent between pipeline stages, as the block declares it. */
  readonly p2pVolume: GB;
  /** Of `weights`, the expert weights (sharded over ep; their data-parallel group is dpGroup/ep). */
  readonly expertWeights: GB;
  /** Activations one layer rebuilds during its recomputed backward (training.ts); 0 without. */
  readonly rebuilt: GB;
}

/** What memory needs of one block, before any placement is known. */
export interface BlockFootprint {
  readonly weights: GB;
  readonly activations: GB;
  readonly expertWeights: GB;
  readonly rebuilt: GB;
}

/**
 * The blocks of a model's stages (see blocks.ts `ModelLayers`): each repeated layer kind per micro-batch
 * and layer, the embedding and head once per micro-batch on their stage.
 */
export interface ModelBlocks<B> {
  readonly dense: B | null;
  readonly moe: B | null;
  readonly embed: B | null;
  readonly head: B | null;
}
export type ModelSummary = ModelBlocks<BlockSummary>;
export type ModelFootprint = ModelBlocks<BlockFootprint>;

/** The paper's model: one kind of layer, nothing else; its arithmetic is the reference's. */
export const isUniform = <B>(x: ModelBlocks<B>): boolean =>
  x.moe === null && x.embed === null && x.head === null && x.dense !== null;

export function summariseBlock(
  mlp: readonly LayerRow[],
  sa: readonly LayerRow[],
  p2pVolume: GB,
  expertWeights: GB = 0,
  rebuilt: GB = 0,
): BlockSummary {
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
  return {
    tFwd: mlpTFwd + saTFwd,
    tBwd: mlpTBwd + saTBwd,
    flops: mlpFlopsFwd + mlpFlopsBwd + saFlopsFwd + saFlopsBwd,
    weights: mlpW + saW,
    activations: mlpA + saA,
    tComm: mlpCF + mlpCB + saCF + saCB,
    tComp: mlpPF + mlpPB + saPF + saPB,
    tMem: mlpMF + mlpMB + saMF + saMB,
    p2pVolume,
    expertWeights,
    rebuilt,
  };
}

/**
 * Sums over one extra block (embedding, head): the same columns as a layer's; `rebuilt`: what it holds
 * beyond its kept activations at its peak (training.ts `trainHead`).
 */
export function summariseExtra(rows: readonly LayerRow[], rebuilt: GB = 0): BlockSummary {
  return summariseBlock(rows, [], 0, 0, rebuilt);
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
  /** Layers with the dense MLP (the first ones); depth for dense models. */
  readonly denseLayers: number;
  /** Expert parallelism (1 for dense models) and the expert-data-parallel group's domain share. */
  readonly ep: number;
  readonly edpFast: number;
  /** Whether the LM head shares the embedding's weights (one copy when both sit on one stage). */
  readonly tied: boolean;
  /** ZeRO stage (training.ts; the paper's distributed optimizer is 1). */
  readonly zero: ZeroStage;
  /** Optimizer state per bf16 weight byte (`optimizerFactor`: 6, the paper's, for 12 bytes). */
  readonly optimizer: number;
  /** Virtual pipeline stages per GPU (interleaved 1F1B); 1 = the paper's 1F1B. */
  readonly v: number;
  /** Whose recipe shards the parameters (spec.ts `Framework`); absent = Megatron's / DeepSpeed's. */
  readonly framework?: Framework;
}

/**
 * Interleaved 1F1B's activation memory relative to 1F1B's on the first stage: 1 + (pp - 1)/(pp v)
 * (Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM",
 * SC21, §2.2.2; Korthikanti et al. 2022, §4.2.3, state the factor). 1 when v = 1.
 */
export const interleavedActivations = (pp: number, v: number): number =>
  v > 1 ? 1 + (pp - 1) / (pp * v) : 1;

/**
 * Memory of the weights, gradients and optimizer states for `wts` GB of the stage's bf16 weights, `shards`
 * GPUs sharding them under ZeRO, and `gathered` GB a ZeRO-3 step gathers at once (one layer's weights).
 * ZeRO 0 shards nothing; 1 the optimizer states (the paper's distributed optimizer); 2 also the gradients;
 * 3 also the parameters. Written for stage 1 as the reference writes it.
 */
function zeroParams(zero: ZeroStage, wts: GB, shards: number, gathered: GB): GB {
  return zero === 3 ? wts / shards + gathered : wts;
}
const zeroGrads = (zero: ZeroStage, wts: GB, shards: number): GB => (zero >= 2 ? wts / shards : wts);

/**
 * The data-parallel collectives of one step under each ZeRO stage, as multiples of the weights' all-gather
 * `c`, by pass: how many such collectives each layer issues per pass (`fwd`, `bwd`) and how many times per
 * step (`times`: once, or once per micro-batch). The paper's exposure rule applies to each: one layer's
 * exposed, the others where longer than a layer's compute.
 * - 0: a gradient all-reduce (ring: reduce-scatter + all-gather, 2c) at the end of the accumulation;
 * - 1: the paper's: all-gather of the updated weights (forward), reduce-scatter of the gradients (backward),
 *   once per step;
 * - 2: gradients are sharded, so they are reduce-scattered after every micro-batch's backward (DeepSpeed
 *   ZeRO-2 and FSDP `SHARD_GRAD_OP` reduce each micro-batch; holding full gradients across the
 *   accumulation would undo the stage's saving); the weights' all-gather stays once per step;
 * - 3: parameters are sharded too, so every micro-batch all-gathers each layer's weights before its forward
 *   and again before its backward (FSDP `FULL_SHARD`, reshard after forward), and reduce-scatters its
 *   gradients (2c per layer in the backward).
 */
const ZERO_COMM: Readonly<
  Record<ZeroStage, { fwd: number; bwd: number; fwdEach: boolean; bwdEach: boolean }>
> = {
  0: { fwd: 0, bwd: 2, fwdEach: false, bwdEach: false },
  1: { fwd: 1, bwd: 1, fwdEach: false, bwdEach: false },
  2: { fwd: 1, bwd: 1, fwdEach: false, bwdEach: true },
  3: { fwd: 1, bwd: 2, fwdEach: true, bwdEach: true },
};

/**
 * Data-parallel collectives per layer in the backward (`ZERO_COMM`'s `bwd`), with a framework's gradient
 * precision: torchtitan's FSDP2 reduce-scatters the gradients in fp32, `MixedPrecisionPolicy(param_dtype =
 * bf16, reduce_dtype = float32)` from its `training.mixed_precision_reduce`, whose only choice is "float32"
 * (torchtitan/parallelisms/parallelize_llama.py `apply_fsdp` and config_manager.py at 3faaa1a0d and 9dec370;
 * models/llama3/parallelize_llama.py at 820504e): twice the bf16 weights' bytes, one more all-gather's worth.
 * Without a framework the paper's bf16.
 */
export const dpBwdCollectives = (layout: StepLayout): number =>
  ZERO_COMM[layout.zero].bwd + (layout.framework !== undefined && layout.zero >= 2 ? 1 : 0);

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
export function stepMemory(blocks: ModelFootprint, layout: StepLayout, out: StepScratch): GB {
  if (!isUniform(blocks)) return stagedMemory(blocks, layout, out);
  const block = blocks.dense as BlockFootprint;
  const nl = Math.floor(layout.depth / layout.pp);
  const nmb = Math.floor(Math.floor(layout.globalBatchSize / layout.dp) / layout.mbs);
  const wts = block.weights * nl;
  const shards = layout.dp * layout.seqp;
  const { zero } = layout;
  const optimizerStates = zero === 0 ? layout.optimizer * wts : layout.optimizer * (wts / shards);
  let acts = block.activations * nl;
  acts *= nmb >= layout.pp ? layout.pp : nmb;
  if (layout.v > 1) acts *= interleavedActivations(layout.pp, layout.v);
  // One layer's activations rebuilt during its recomputed backward, once.
  if (block.rebuilt > 0) acts += block.rebuilt;
  const gathered =
    layout.framework !== undefined ? (layout.pp > 1 ? wts : Math.min(2, nl) * block.weights) : block.weights;
  const params = zeroParams(zero, wts, shards, gathered);
  const grads = zeroGrads(zero, wts, shards);
  out.wts = params;
  out.wtsGrad = grads;
  out.optimizerStates = optimizerStates;
  out.acts = acts;
  out.microBatches = nmb;
  out.mem = params + grads + optimizerStates + acts;
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
export function stepTime(m: Machine, blocks: ModelSummary, layout: StepLayout, out: StepScratch): Seconds {
  if (!isUniform(blocks)) return stagedTime(m, blocks, layout, out.microBatches, out);
  return timeStep(m, blocks.dense as BlockSummary, layout, out.microBatches, out);
}

/**
 * The step time alone, for the search's inner loop: the same arithmetic as `stepTime` without writing
 * the breakdown (the search recomputes that for the configurations it keeps).
 */
export function stepSeconds(
  m: Machine,
  blocks: ModelSummary,
  layout: StepLayout,
  microBatches: number,
): Seconds {
  if (isUniform(blocks)) return timeStep(m, blocks.dense as BlockSummary, layout, microBatches, null);
  return stagedTime(m, blocks, layout, microBatches, null);
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
  let dpFwd: Seconds;
  let dpBwd: Seconds;
  if (layout.zero === 1) {
    dpFwd = dpCollective + Math.max(dpCollective - block.tFwd, 0) * (nl - 1);
    dpBwd = dpCollective + Math.max(dpCollective - block.tBwd, 0) * (nl - 1);
  } else {
    const z = ZERO_COMM[layout.zero];
    dpFwd = exposedDp(z.fwd * dpCollective, block.tFwd, 1, nl) * (z.fwdEach ? nmb : 1);
    dpBwd = exposedDp(dpBwdCollectives(layout) * dpCollective, block.tBwd, 1, nl) * (z.bwdEach ? nmb : 1);
  }
  // Beyond the paper, a fraction of it hides under compute (dpExposed = 1 in the paper).
  dpFwd *= m.dpExposed;
  dpBwd *= m.dpExposed;
  const tDp = dpFwd + dpBwd;

  let ppPass = p2pTime(m, block.p2pVolume, layout.pp, layout.ppFast) * nmb;
  // Interleaving: each micro-batch crosses v times as many stage boundaries.
  if (layout.v > 1) ppPass *= layout.v;
  const tPp = ppPass + ppPass;

  let t = (block.tFwd + block.tBwd) * nmb;
  t *= nl;
  t += tPp;
  let bubble = (layout.pp - 1) * (t / nmb);
  // Interleaved 1F1B: the bubble is (pp - 1)/(v m) of the pipeline time (Narayanan et al. SC21, §2.2).
  if (layout.v > 1) bubble /= layout.v;
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

/**
 * The paper's exposure rule for `count` layers' data-parallel collectives of `c` seconds each, behind
 * layers of `t` seconds of compute: `exposed` of them (the stage's first layer) whole, the others where
 * longer than the compute.
 */
function exposedDp(c: Seconds, t: Seconds, exposed: number, count: number): Seconds {
  return exposed * c + Math.max(c - t, 0) * (count - exposed);
}

/** Memory and time of one candidate, written into `out`; returns the step time. */
export function evaluateStep(
  m: Machine,
  blocks: ModelSummary,
  layout: StepLayout,
  out: StepScratch,
): Seconds {
  stepMemory(blocks, layout, out);
  return stepTime(m, blocks, layout, out);
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

/**
 * The stages whose cost can be the largest: the first and last (they carry the embedding and the head),
 * and the second and second-to-last (among the middle stages, the ones with the most and the fewest
 * leading dense layers; a stage's cost is linear in that count, so the extremes bound the rest). Memory
 * also peaks there: in-flight micro-batches fall from pp on the first stage by one per stage.
 */
const stageCount = (pp: number): number => (pp < 4 ? pp : 4);
/** The i-th of those stages (no array: this runs for every candidate of a staged model). */
const stageAt = (pp: number, i: number): number => (pp <= 4 || i < 2 ? i : pp - 4 + i);

/** Dense layers on stage s when the first `dense` of the model's layers are dense, nl per stage. */
const denseOnStage = (dense: number, nl: number, s: number): number =>
  Math.min(Math.max(dense - s * nl, 0), nl);

/**
 * Memory per GPU when stages differ: the largest stage's weights, gradients, optimizer states and
 * activations. Stage s keeps min(m, pp - s) micro-batches in flight under 1F1B; expert weights' optimizer
 * states shard over the expert-data-parallel group (dp x seq / ep); tied embeddings on one stage are one
 * copy.
 */
function stagedMemory(blocks: ModelFootprint, layout: StepLayout, out: StepScratch): GB {
  const { pp } = layout;
  const nl = Math.floor(layout.depth / pp);
  const nmb = Math.floor(Math.floor(layout.globalBatchSize / layout.dp) / layout.mbs);
  const shards = layout.dp * layout.seqp;
  const { dense, moe, embed, head } = blocks;
  out.microBatches = nmb;
  out.mem = -1;
  for (let i = 0; i < stageCount(pp); i++) {
    const s = stageAt(pp, i);
    const d = moe === null ? nl : denseOnStage(layout.denseLayers, nl, s);
    const k = nl - d;
    let wts = 0;
    let experts = 0;
    let acts = 0;
    if (d > 0 && dense) {
      wts += dense.weights * d;
      acts += dense.activations * d;
    }
    if (k > 0 && moe) {
      wts += moe.weights * k;
      experts += moe.expertWeights * k;
      acts += moe.activations * k;
    }
    if (s === 0 && embed) {
      wts += embed.weights;
      acts += embed.activations;
    }
    if (s === pp - 1 && head) {
      wts += layout.tied && pp === 1 && embed ? head.weights - embed.weights : head.weights;
      acts += head.activations;
    }
    acts *= Math.min(nmb, pp - s);
    if (layout.v > 1) acts *= interleavedActivations(pp, layout.v);
    // What one layer holds only while it runs (recomputed activations, a tensor chain's rebuilt shard),
    // the embedding and head included on their stages: the stage's largest, once.
    let rebuilt = 0;
    if (d > 0 && dense) rebuilt = dense.rebuilt;
    if (k > 0 && moe && moe.rebuilt > rebuilt) rebuilt = moe.rebuilt;
    // The loss's peak and a layer's recomputation come at different times: the larger counts.
    if (s === 0 && embed && embed.rebuilt > rebuilt) rebuilt = embed.rebuilt;
    if (s === pp - 1 && head && head.rebuilt > rebuilt) rebuilt = head.rebuilt;
    if (rebuilt > 0) acts += rebuilt;
    const k6 = layout.optimizer;
    const { zero } = layout;
    const optimizerStates =
      zero === 0 ? k6 * wts : k6 * ((wts - experts) / shards) + k6 * (experts / (shards / layout.ep));
    let params = wts;
    let grads = wts;
    if (zero >= 2) {
      // Sharded like the optimizer states: dense weights over the data-parallel group, experts over dp / ep.
      const sharded = (wts - experts) / shards + experts / (shards / layout.ep);
      grads = sharded;
      if (zero === 3)
        params =
          sharded +
          (layout.framework !== undefined
            ? fsdp2Gathered(blocks, d, k, s, pp, shards / layout.ep, layout.tied)
            : largestLayer(blocks, d, k, s, pp, shards / layout.ep));
    }
    const mem = params + grads + optimizerStates + acts;
    if (mem > out.mem) {
      out.mem = mem;
      out.wts = params;
      out.wtsGrad = grads;
      out.optimizerStates = optimizerStates;
      out.acts = acts;
    }
  }
  return out.mem;
}

/**
 * ZeRO-3's gathered weights on stage s: the largest of its layers' (and its embedding's or head's), held
 * whole beside the resident shards while the layer runs (FSDP's unsharded parameters). Expert weights are
 * gathered only over their own data-parallel group (`edp` = shards / ep): with one replica per expert
 * shard there is nothing to gather and they stay as they are.
 */
function largestLayer(blocks: ModelFootprint, d: number, k: number, s: number, pp: number, edp: number): GB {
  let w = 0;
  if (d > 0 && blocks.dense) w = blocks.dense.weights;
  if (k > 0 && blocks.moe) {
    const m = blocks.moe;
    const gathered = edp > 1 ? m.weights : m.weights - m.expertWeights;
    if (gathered > w) w = gathered;
  }
  if (s === 0 && blocks.embed && blocks.embed.weights > w) w = blocks.embed.weights;
  if (s === pp - 1 && blocks.head && blocks.head.weights > w) w = blocks.head.weights;
  return w;
}

/**
 * torchtitan's FSDP2 gathered weights on stage s (torchtitan/parallelisms/parallelize_llama.py `apply_fsdp`
 * at 9dec370): each transformer block is one FSDP unit and the root module (embedding, final norm, head)
 * another. The root is not resharded after the forward (FSDP2 `fully_shard`: the root's
 * reshard_after_forward is False, its parameters being needed again at once by the backward), so its bf16
 * weights stay gathered through the step; a block's are gathered while it runs and the next one's are
 * prefetched (two blocks at once); with pipeline parallelism no block reshards after its forward
 * (`reshard_after_forward = False`: no per-micro-batch all-gathers), so every block of the stage stays
 * gathered. Experts with one replica per shard have nothing to gather (as `largestLayer`).
 */
function fsdp2Gathered(
  blocks: ModelFootprint,
  d: number,
  k: number,
  s: number,
  pp: number,
  edp: number,
  tied: boolean,
): GB {
  const { dense, moe, embed, head } = blocks;
  const moeGathered = moe ? (edp > 1 ? moe.weights : moe.weights - moe.expertWeights) : 0;
  let w = 0;
  if (pp > 1) {
    if (d > 0 && dense) w += dense.weights * d;
    if (k > 0 && moe) w += moeGathered * k;
  } else {
    let largest = 0;
    if (d > 0 && dense) largest = dense.weights;
    if (k > 0 && moe && moeGathered > largest) largest = moeGathered;
    w += largest * Math.min(2, d + k);
  }
  if (s === 0 && embed) w += embed.weights;
  if (s === pp - 1 && head) w += tied && pp === 1 && embed ? head.weights - embed.weights : head.weights;
  return w;
}

/** One pass's data-parallel collective of one layer kind: dense weights over dp, expert weights over dp/ep. */
function layerCollective(m: Machine, b: BlockSummary, layout: StepLayout): Seconds {
  const dense = collectiveTime(m, b.weights - b.expertWeights, layout.dpGroup, 'allgather', layout.dpFast);
  if (b.expertWeights === 0) return dense;
  const edp = layout.dpGroup / layout.ep;
  return dense + collectiveTime(m, b.expertWeights, edp, 'allgather', layout.edpFast);
}

/**
 * Step time when stages differ. Each candidate stage's compute for all micro-batches, T_s = m x (its
 * layers' fwd + bwd, plus the embedding or head on the first or last stage); the slowest, T = max T_s,
 * paces the pipeline: t = T + t_pp, bubble (pp - 1) t / m, as the paper's §3.4 with T in place of the
 * common stage time. Data-parallel traffic as the paper's (one layer's collective exposed, the others
 * where longer than that layer's compute), over each layer kind, with the embedding's and head's
 * collectives exposed; the largest stage's counts. The breakdown is the slowest stage's.
 */
function stagedTime(
  m: Machine,
  blocks: ModelSummary,
  layout: StepLayout,
  nmb: number,
  out: StepScratch | null,
): Seconds {
  const { pp } = layout;
  const nl = Math.floor(layout.depth / pp);
  const { dense, moe, embed, head } = blocks;
  const cDense = dense ? layerCollective(m, dense, layout) : 0;
  const cMoe = moe ? layerCollective(m, moe, layout) : 0;
  let slowest = -1;
  let slowestStage = 0;
  let tDp = 0;
  let dpFwdMax = 0;
  let dpBwdMax = 0;
  const cEmbed = embed ? collectiveTime(m, embed.weights, layout.dpGroup, 'allgather', layout.dpFast) : 0;
  const cHead = head ? collectiveTime(m, head.weights, layout.dpGroup, 'allgather', layout.dpFast) : 0;
  const z = ZERO_COMM[layout.zero];
  const zf = z.fwd;
  const zb = dpBwdCollectives(layout);
  const fwdTimes = z.fwdEach ? nmb : 1;
  const bwdTimes = z.bwdEach ? nmb : 1;
  for (let i = 0; i < stageCount(pp); i++) {
    const s = stageAt(pp, i);
    const d = moe === null ? nl : denseOnStage(layout.denseLayers, nl, s);
    const k = nl - d;
    let t = 0;
    let dpFwd = 0;
    let dpBwd = 0;
    // The stage's first layer is dense when the model's layer s * nl is.
    const firstDense = d > 0;
    if (d > 0 && dense) {
      t += (dense.tFwd + dense.tBwd) * nmb * d;
      const exposed = firstDense ? 1 : 0;
      dpFwd += exposedDp(zf * cDense, dense.tFwd, exposed, d);
      dpBwd += exposedDp(zb * cDense, dense.tBwd, exposed, d);
    }
    if (k > 0 && moe) {
      t += (moe.tFwd + moe.tBwd) * nmb * k;
      const exposed = firstDense ? 0 : 1;
      dpFwd += exposedDp(zf * cMoe, moe.tFwd, exposed, k);
      dpBwd += exposedDp(zb * cMoe, moe.tBwd, exposed, k);
    }
    // The embedding's and head's data-parallel collectives are exposed whole.
    if (s === 0 && embed) {
      t += (embed.tFwd + embed.tBwd) * nmb;
      dpFwd += zf * cEmbed;
      dpBwd += zb * cEmbed;
    }
    if (s === pp - 1 && head) {
      t += (head.tFwd + head.tBwd) * nmb;
      dpFwd += zf * cHead;
      dpBwd += zb * cHead;
    }
    dpFwd *= fwdTimes;
    dpBwd *= bwdTimes;
    if (t > slowest) {
      slowest = t;
      slowestStage = s;
    }
    dpFwd *= m.dpExposed;
    dpBwd *= m.dpExposed;
    if (dpFwd + dpBwd > tDp) {
      tDp = dpFwd + dpBwd;
      dpFwdMax = dpFwd;
      dpBwdMax = dpBwd;
    }
  }
  const p2p = (dense ?? moe) as BlockSummary;
  let ppPass = p2pTime(m, p2p.p2pVolume, pp, layout.ppFast) * nmb;
  if (layout.v > 1) ppPass *= layout.v;
  const tPp = ppPass + ppPass;
  let t = slowest + tPp;
  let bubble = (pp - 1) * (t / nmb);
  if (layout.v > 1) bubble /= layout.v;
  t += bubble;
  t += tDp;
  if (out) {
    const s = slowestStage;
    const d = moe === null ? nl : denseOnStage(layout.denseLayers, nl, s);
    const k = nl - d;
    const sum = (pick: (b: BlockSummary) => number) => {
      let x = 0;
      if (d > 0 && dense) x += pick(dense) * d;
      if (k > 0 && moe) x += pick(moe) * k;
      if (s === 0 && embed) x += pick(embed);
      if (s === pp - 1 && head) x += pick(head);
      return x * nmb;
    };
    out.t = t;
    out.flopsPerGpu = sum((b) => b.flops);
    out.tComp = sum((b) => b.tComp);
    out.tMem = sum((b) => b.tMem);
    out.tTpComm = sum((b) => b.tComm);
    out.tDpComm = tDp;
    out.tPpComm = tPp;
    out.tBubble = bubble;
    out.dpCollective = dense ? cDense : cMoe;
    out.dpFwd = dpFwdMax;
    out.dpBwd = dpBwdMax;
    out.ppPass = ppPass;
  }
  return t;
}

/**
 * A floor under the step time for the search's pruning, beside the formulas it bounds: with F_s a floor
 * under stage s's per-micro-batch time (its blocks' `timeFloor`s), t >= max_s F_s x (m + pp - 1), since
 * t >= T (1 + (pp - 1)/m) with T >= m F_s, and the pipeline and data-parallel terms are >= 0. For the
 * paper's model it is the layer's floor x L/pp x (m + pp - 1).
 */
export function stepTimeFloor(floors: ModelBlocks<number>, layout: StepLayout, nmb: number): Seconds {
  const { pp } = layout;
  const nl = Math.floor(layout.depth / pp);
  // Interleaving divides the bubble by v: t >= T (1 + (pp - 1)/(v m)).
  const fill = layout.v > 1 ? nmb + (pp - 1) / layout.v : nmb + pp - 1;
  if (isUniform(floors)) return (floors.dense as number) * nl * fill;
  let worst = 0;
  for (let i = 0; i < stageCount(pp); i++) {
    const s = stageAt(pp, i);
    const d = floors.moe === null ? nl : denseOnStage(layout.denseLayers, nl, s);
    let f = (floors.dense ?? 0) * d + (floors.moe ?? 0) * (nl - d);
    if (s === 0) f += floors.embed ?? 0;
    if (s === pp - 1) f += floors.head ?? 0;
    if (f > worst) worst = f;
  }
  return worst * fill;
}
