/**
 * How a model is trained beyond the paper (issue 13): activation recomputation, mixed precision, the
 * ZeRO stage and interleaved pipeline stages. Each setting at its default (`PAPER_TRAINING`, v = 1) leaves
 * every layer object and every step formula exactly as the reference computes them.
 *
 * Layer-level settings (recomputation, precision) rewrite a transformer layer's counts here, before they
 * are timed or summed, so the search's block plans (plan.ts) and the full evaluation (evaluate.ts) see
 * the same layers. Step-level settings (ZeRO stage, optimizer bytes, v) are read by step.ts.
 */
import { efficiencyOf } from './efficiency.ts';
import { div, type Collective, type LayerCounts } from './layers.ts';
import type { Machine } from './system.ts';
import {
  PRECISIONS,
  RECOMPUTES,
  type Architecture,
  type ModelSpec,
  type Precision,
  type Recompute,
  type TrainingSpec,
  type ZeroStage,
} from './spec.ts';
import type { GB } from './units.ts';

/**
 * Optimizer bytes per parameter by default: an fp32 master copy, Adam's momentum and variance (4 + 4 + 4),
 * the paper's (§3.4: "6 x" the bf16 weights).
 */
export const DEFAULT_OPTIMIZER_BYTES = 12;

/** Bytes of one bf16 weight, the unit the step's weight figures are in. */
const WEIGHT_BYTES = 2;

export const optimizerBytesOf = (t: TrainingSpec): number => t.optimizerBytes ?? DEFAULT_OPTIMIZER_BYTES;

/** Optimizer state per bf16 weight byte: 6 with the default 12 bytes (the reference's factor). */
export const optimizerFactor = (t: TrainingSpec): number => optimizerBytesOf(t) / WEIGHT_BYTES;

/** Whether a training spec is the paper's behaviour exactly. */
export function isPaperTraining(t: TrainingSpec): boolean {
  return (
    t.recompute === 'none' &&
    t.zero === 1 &&
    t.precision === 'bf16' &&
    optimizerBytesOf(t) === DEFAULT_OPTIMIZER_BYTES &&
    t.framework === undefined
  );
}

/**
 * The attention core, the part Megatron's selective recomputation recomputes (`CoreAttention` /
 * `--recompute-granularity selective`): the unfused logits, softmax, attention dropout and attend, or the
 * fused (Flash) kernel that replaces them.
 */
const ATTENTION_CORE: ReadonlySet<string> = new Set(['fusedla', 'logits', 'softmax', 'dpr_at', 'attend']);

/**
 * The GEMMs that run in FP8 under Transformer Engine's common recipe (`te.Linear` / `LayerNormLinear` /
 * `LayerNormMLP` inside `fp8_autocast` with `DelayedScaling`): the transformer layer's projections and
 * MLPs. The router and LM head stay bf16 (Megatron-Core builds them outside TE's FP8 modules), and so does
 * dot-product attention (TE's `fp8_dpa` is off by default), softmax, norms, activations and the embedding.
 */
const FP8_GEMMS: ReadonlySet<string> = new Set([
  'qkv',
  'vproj',
  'fc1',
  'fc2',
  'expert-fc1',
  'expert-fc2',
  'shared-fc1',
  'shared-fc2',
]);

/**
 * Q, K and V of one micro-batch as the attention core receives them (local heads, local sequence shard),
 * what selective recomputation keeps of the core. GB.
 */
export function attentionInputs(
  s: ModelSpec,
  a: Architecture,
  b: number,
  m1: number,
  m2: number,
  es: GB,
): GB {
  return b * div(s.l, m2) * (div(s.h, m1) + 2 * div(a.kvHeads, m1)) * a.headDim * es;
}

/**
 * FP8 under Transformer Engine: the GEMM runs at the FP8 rate and saves its input for the weight gradient
 * as the FP8 copy it cast (1 byte instead of 2). HBM traffic, weights (TE keeps bf16 parameters) and
 * collectives (tensor-parallel activations and data-parallel gradients move in bf16) stay as they are.
 */
function fp8(l: LayerCounts): LayerCounts {
  return { ...l, fp8: true, activationBuffer: l.activationBuffer / 2 };
}

/**
 * FP8 under torchtitan (torchao `Float8Linear`, `matmul_with_hp_or_float8_args` at torchao eab345c): the GEMM
 * runs at the FP8 rate but saves its high-precision (bf16) input and re-casts it in the backward, so the
 * activations stay as in bf16. torchtitan's tables agree: Llama 3.1 8B with torch.compile peaks at 77.0 GiB
 * in bf16 and 76.8 GiB with Float8 (benchmarks/llama3_h100_202412_torchtitan.md, Table 1).
 */
function fp8KeepsInputs(l: LayerCounts): LayerCounts {
  return { ...l, fp8: true };
}

/**
 * A layer whose forward is partly redone during the backward (torchtitan's per-op checkpointing): the
 * backward pays `fraction` of its forward FLOPs and HBM traffic again, its forward collectives again when
 * `regather` (its input is not kept, so the all-gather that made it runs again), and `keep` GB stay stored.
 */
function partlyRecomputed(l: LayerCounts, fraction: number, regather: boolean, keep: GB): LayerCounts {
  return {
    ...l,
    flopsBwd: l.flopsBwd + fraction * l.flopsFwd,
    memBwd: l.memBwd + fraction * l.memFwd,
    commBwd: regather && l.commFwd.length > 0 ? [...l.commFwd, ...l.commBwd] : l.commBwd,
    activationBuffer: keep,
    recomputed: fraction > 0 || regather,
  };
}

/**
 * What torchtitan's per-op selective activation checkpointing keeps of one transformer layer and what it
 * redoes (`activation_checkpoint.mode = "selective"`, `selective_ac_option = "op"`, the toml default;
 * torchtitan/parallelisms/parallelize_llama.py `_save_list` and `_custom_policy` at 9dec370). Inside each
 * block it saves the outputs of every other matmul in forward order (the 1st, 3rd, ... `aten.mm`: Q, V, the
 * gate projection and the down projection of a Llama layer), of the attention kernel (SDPA's output and
 * log-sum-exp) and of the tensor-parallel reduce-scatters, besides the block's input (the checkpoint's);
 * everything else the backward needs is recomputed: K, the up projection, norms, RoPE, the activation, and
 * the all-gathers of the sequence-parallel norm outputs. torch.compile's partitioner recomputes only what
 * the backward needs, so the output projection (whose input is kept) is not redone.
 * Per layer name of the engine's dense lists, for one micro-batch of b sequences of l tokens with m1-way
 * tensor and m2-way context parallelism: GB kept, the fraction of the forward redone, and whether its
 * input's all-gather is redone. Layers not listed (pointwise, experts' grouped GEMMs) are redone whole.
 */
export interface OpCheckpoint {
  readonly keep: Readonly<Record<string, GB>>;
  readonly redo: Readonly<Record<string, number>>;
  readonly regather: ReadonlySet<string>;
}

export function torchtitanSelective(
  s: ModelSpec,
  a: Architecture,
  b: number,
  m1: number,
  m2: number,
  es: GB,
): OpCheckpoint {
  // The matmuls run on the whole local sequence (sequence-parallel inputs are gathered first).
  const tokens = b * div(s.l, m2);
  const gated = a.mlp === 'swiglu' || a.mlp === 'geglu';
  const qkv = [div(s.h, m1) * a.headDim, div(a.kvHeads, m1) * a.headDim, div(a.kvHeads, m1) * a.headDim];
  const fc1 = gated ? [div(s.f, m1), div(s.f, m1)] : [div(s.f, m1)];
  // Output widths of each engine layer's matmuls, in the block's forward order.
  const layers: readonly (readonly [string, readonly number[]])[] = [
    ['qkv', qkv],
    ['vproj', [s.e]],
    ['fc1', fc1],
    ['fc2', [s.e]],
  ];
  const keep: Record<string, GB> = {};
  const redo: Record<string, number> = {};
  let index = 0;
  for (const [name, widths] of layers) {
    let saved = 0;
    let total = 0;
    for (const w of widths) {
      // The policy counts matmuls from 1 and saves the odd ones.
      if (index % 2 === 0) saved += w;
      total += w;
      index++;
    }
    keep[name] = tokens * saved * es;
    redo[name] = name === 'vproj' || name === 'fc2' ? 0 : (total - saved) / total;
  }
  // The row-parallel projections' reduce-scatter outputs (sequence-sharded) are saved too.
  const scattered = m1 > 1 ? div(tokens, m1) * s.e * es : 0;
  keep['vproj'] = (keep['vproj'] ?? 0) + scattered;
  keep['fc2'] = (keep['fc2'] ?? 0) + scattered;
  // SDPA's output and its fp32 log-sum-exp per head and token.
  const heads = div(s.h, m1);
  keep['fusedla'] = tokens * heads * a.headDim * es + tokens * heads * 2 * es;
  redo['fusedla'] = 0;
  return { keep, redo, regather: new Set(['qkv', 'fc1']) };
}

/**
 * What torchtitan's full activation checkpointing does not redo. It wraps each TransformerBlock in PyTorch's
 * non-reentrant checkpoint (`ptd_checkpoint_wrapper`, `CheckpointImpl.NO_REENTRANT`; torchtitan/parallelisms/
 * parallelize_llama.py `_apply_ac_to_transformer_block` at 9dec370), which "stops recomputation as soon as
 * all needed intermediate activations have been recomputed" (torch.utils.checkpoint docs, `early_stop`,
 * on by default); compiled, AOTAutograd's partitioner keeps in the backward graph only the recomputed nodes
 * the backward uses. Either way the block is redone from its input, through its input norm and that norm's
 * sequence-parallel all-gather, up to the last tensor the backward needs, the MLP's activation (the down
 * projection's input): the down projection's output feeds only the residual add, whose gradient needs no
 * tensor, so neither it nor its reduce-scatter is redone (nor, under float8, its casts). Megatron's full
 * recomputation (`tensor_parallel.checkpoint`, reentrant) reruns the whole layer ("reentrant checkpoint
 * always recomputes function in its entirety", the same docs). The engine's layer keeps the input of the
 * MLP list's closing norm (the next block's input norm), so for torchtitan that norm is redone with its
 * collective and the dense down projection (`fc2`) is not. Experts' down projections are redone: the
 * router's weights multiply their outputs, whose gradient needs them.
 */
const NOT_REDONE: ReadonlySet<string> = new Set(['fc2', 'fc2-cast']);

/**
 * A layer whose forward is redone during the backward: the backward pays the forward's FLOPs, HBM traffic
 * and collectives again (tensor-parallel ones included), and only `keep` GB of its activations stay
 * stored between the passes.
 */
function recomputed(l: LayerCounts, keep: GB): LayerCounts {
  return {
    ...l,
    flopsBwd: l.flopsFwd + l.flopsBwd,
    memBwd: l.memFwd + l.memBwd,
    commBwd: l.commFwd.length === 0 ? l.commBwd : [...l.commFwd, ...l.commBwd],
    activationBuffer: keep,
    recomputed: true,
  };
}

/**
 * HBM traffic of torchtitan's eager norms and activations, in bytes per element of the tensor they
 * normalise or gate, forward and backward, against the engine's one fused kernel each (layers.ts
 * `rmsNormCounts`: 4 and 8; `activation`, gated: 6 and 10 per element of one branch). Counted from the
 * eager code at 9dec370, bf16 tensors (2 bytes) and the fp32 ones it makes (4):
 * - RMSNorm (models/norms.py `RMSNorm.forward`: `self._norm(x.float()).type_as(x) * self.weight`, `_norm`
 *   = `x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)`): float() reads 2 and writes 4, pow 4 + 4,
 *   mean reads 4, the multiply 4 + 4, type_as 4 + 2, the gain 2 + 2: 36. Its autograd backward: the
 *   gain's two gradients (6 + 4), type_as's cast (2 + 4), the multiply's two (4 + 4 + 4 + 4 + 4), pow's
 *   (4 + 4 + 4), their sum (4 + 4 + 4) and float()'s cast (4 + 2): 66;
 * - SwiGLU (models/llama/model.py `FeedForward.forward`: `F.silu(self.w1(x)) * self.w3(x)`): silu 2 + 2
 *   and the product 2 + 2 + 2: 10; backward the product's two gradients (3 x 2 each) and silu's (3 x 2): 18.
 * torch.compile fuses each chain into one kernel, as the engine counts it. RoPE (eager: 20 bytes per
 * element of Q and K) and the residual adds have no layer in the engine and are left out.
 */
export const EAGER_BYTES = {
  norm: { fwd: 36, bwd: 66, fusedFwd: 4, fusedBwd: 8 },
  gated: { fwd: 10, bwd: 18, fusedFwd: 6, fusedBwd: 10 },
} as const;

const NORMS: ReadonlySet<string> = new Set(['ln1', 'ln2']);
const ACTIVATIONS: ReadonlySet<string> = new Set(['act1', 'expert-act', 'shared-act']);

/**
 * A layer as torchtitan runs it eager (`compiled: false`): its norm's or gated activation's HBM traffic
 * scaled from the fused kernel's to the eager chain's (`EAGER_BYTES`); other layers as they are. Only RMSNorm
 * and gated activations (the Llama layers torchtitan ships); others stay fused.
 */
export function eagerLayer(l: LayerCounts, rms: boolean, gated: boolean): LayerCounts {
  const c =
    NORMS.has(l.name) && rms ? EAGER_BYTES.norm : ACTIVATIONS.has(l.name) && gated ? EAGER_BYTES.gated : null;
  if (c === null) return l;
  return { ...l, memFwd: (l.memFwd * c.fwd) / c.fusedFwd, memBwd: (l.memBwd * c.bwd) / c.fusedBwd };
}

/**
 * The machine a framework's run sees (`m` itself without a framework: Megatron's recipes overlap their
 * tensor-parallel communication as efficiency's `tpOverlap` says). torchtitan's vanilla TP issues each
 * collective and waits for it before the matmul that needs it (DTensor redistribution), so none of it is
 * hidden; async TP (torch `_micro_pipeline_tp`: the all-gather or reduce-scatter split into chunks
 * pipelined with the matmul's) hides `tpOverlap` of it. FP8 GEMMs with rowwise scales run at the rowwise
 * rate (efficiency's `fp8Rowwise`).
 */
export function recipeMachine(m: Machine, t: TrainingSpec): Machine {
  if (t.framework === undefined) return m;
  const rowwise = t.precision === 'fp8' && t.fp8Scaling === 'rowwise';
  const tpExposed = t.asyncTp === true ? m.tpExposed : 1;
  if (!rowwise && tpExposed === m.tpExposed) return m;
  return { ...m, tpExposed, fp8Rate: rowwise ? m.fp8RowwiseRate : m.fp8Rate };
}

/**
 * torchao float8's dynamic casts around each FP8 GEMM (`hp_tensor_to_float8_dynamic`: an amax reduction
 * reading the bf16 tensor, then a cast reading it again and writing 1-byte elements), memory-bound kernels
 * of their own that the GEMM does not hide: forward the input X and the weight W (2 + 2 + 1 bytes per
 * element: 2.5 x their bf16 bytes); backward the output gradient dY (and its transposed copy: 3 x) and X
 * and W again, re-cast from the bf16 copies torchao keeps (`matmul_with_hp_or_float8_args`). X is the
 * GEMM's input as the engine counts it (gathered under sequence parallelism); the Q, K, V and the gate and
 * up projections share one input, cast once (torch.compile deduplicates the identical casts).
 * `rowwise` (torchao's rowwise recipe, axiswise scales): the backward casts dY twice, along its last axis for
 * dX and along its first for dW (`matmul_with_hp_or_float8_args.backward`, `axiswise_dim` -1 and 0, torchao
 * float8/float8_linear.py at 6243040), two different reductions no compiler merges, where tensorwise's two
 * calls are one identical cast: 5 x dY's bf16 bytes instead of 3.
 */
function float8Cast(l: LayerCounts, rowwise: boolean): LayerCounts {
  const x = l.activationBuffer;
  const w = l.weightsMem;
  const y = l.memFwd - x - w;
  return memoryBoundRow(`${l.name}-cast`, 0, 0, 2.5 * (x + w), 2.5 * (x + w) + (rowwise ? 5 : 3) * y);
}

/**
 * The share of a full attention's l x l work a causal flash kernel does. torchtitan's attention is
 * `F.scaled_dot_product_attention(xq, xk, xv, is_causal=True)` (models/llama/model.py at 9dec370), whose
 * flash backend (FlashAttention-2) skips the key tiles above the diagonal, forward and backward; the engine
 * counts the whole square (the reference's convention). Under ring attention each load-balanced step does
 * half a chunk's tiles (`ringAttention`): the same half.
 */
export const CAUSAL_SHARE = 0.5;

/** torchtitan's attention kernel: the causal half of the engine's attention FLOPs (`CAUSAL_SHARE`). */
export function sdpaAttention(l: LayerCounts): LayerCounts {
  return { ...l, flopsFwd: l.flopsFwd * CAUSAL_SHARE, flopsBwd: l.flopsBwd * CAUSAL_SHARE };
}

/**
 * The machine torchtitan's attention kernel runs on: the matmul rate times efficiency's `attention` (SDPA's
 * FlashAttention-2 on Hopper, far from the GEMMs' rate). `m` itself at the default 1.
 */
export function attentionMachine(m: Machine): Machine {
  const a = efficiencyOf(m.spec.efficiency, 'attention', m.spec);
  return a === 1 ? m : { ...m, tensorRate: m.tensorRate * a };
}

/** A row of element-wise work a framework adds: no weights, nothing kept, no communication, not overlapped. */
function memoryBoundRow(
  name: string,
  flopsFwd: number,
  flopsBwd: number,
  memFwd: number,
  memBwd: number,
): LayerCounts {
  return {
    name,
    tensorCores: false,
    flopsFwd,
    flopsBwd,
    memFwd,
    memBwd,
    activationBuffer: 0,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: { kind: 'serial' },
  };
}

/** A torchtitan FP8 layer list with each FP8 GEMM's casts after it (`float8Cast`), rowwise-scaled or not. */
export function withFloat8Casts(list: readonly LayerCounts[], rowwise = false): LayerCounts[] {
  const out: LayerCounts[] = [];
  for (const l of list) {
    out.push(l);
    if (FP8_GEMMS.has(l.name)) out.push(rewrite(l, `fp8-cast:${rowwise}`, () => float8Cast(l, rowwise)));
  }
  return out;
}

/**
 * torchtitan's tensor parallelism under tensorwise float8 (`apply_tp` with `enable_float8_tensorwise_tp`,
 * torchtitan/models/llama3/parallelize_llama.py at 820504e; `enable_float8` at 3faaa1a0d): the block's
 * inputs are prepared by torchao's `PrepareFloat8ModuleInput` and its linears are `Float8ColwiseParallel` /
 * `Float8RowwiseParallel` (torchao/float8/float8_tensor_parallel.py), which cast to float8 *before* the
 * redistribution: the sequence-parallel norm output is all-gathered in float8 in the forward, and the
 * row-parallel linears' output gradient (cast by `_NoopFwToFloat8BwDynamic` ahead of the reduce-scatter's
 * backward) is all-gathered in float8 in the backward: 1 byte an element instead of bf16's 2. The
 * reduce-scatters (the row-parallel outputs, the column-parallel input gradients) stay bf16. The engine
 * charges a sublayer's forward all-gather and its backward counterpart to the norm (layers.ts `layerNorm`:
 * the paper's conjugate pair), so those two move half their bytes. Rowwise recipes use plain TP (bf16
 * all-gathers; the same file: "float8 all-gather with TP is only supported for tensorwise").
 */
function float8Gathers(l: LayerCounts): LayerCounts {
  const half = (list: readonly Collective[]) => list.map((c) => ({ ...c, volume: c.volume / 2 }));
  return { ...l, commFwd: half(l.commFwd), commBwd: half(l.commBwd) };
}

/** A torchtitan tensorwise-float8 layer list with its norms' collectives in float8 (`float8Gathers`). */
export function withFloat8Gathers(list: readonly LayerCounts[]): LayerCounts[] {
  return list.map((l) =>
    NORMS.has(l.name) && (l.commFwd.length > 0 || l.commBwd.length > 0)
      ? rewrite(l, 'fp8-gather', () => float8Gathers(l))
      : l,
  );
}

/** A transformer layer's two blocks after the training settings, and what its recomputation rebuilds. */
export interface TrainedLayer {
  readonly mlp: readonly LayerCounts[];
  readonly sa: readonly LayerCounts[];
  /**
   * Activations one layer rebuilds during its backward beyond those it keeps (one micro-batch): the peak
   * memory holds them once, for the layer being recomputed (0 without recomputation); plus the largest
   * tensor-chain weight shard a layer rebuilds, held while it runs.
   */
  readonly rebuilt: GB;
}

/** Per layer object, its rewrites (the MLP and attention are shared between plans and layer kinds). */
const rewritten = new WeakMap<LayerCounts, Map<string, LayerCounts>>();

function rewrite(l: LayerCounts, key: string, make: () => LayerCounts): LayerCounts {
  let byKey = rewritten.get(l);
  if (!byKey) rewritten.set(l, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) byKey.set(key, (out = make()));
  return out;
}

/**
 * A transformer layer's MLP and attention lists under `t`:
 * - `fp8`: the GEMMs of `FP8_GEMMS` (see `fp8`);
 * - `selective`: the attention core is recomputed and keeps only Q, K and V (`qkv` GB). Unfused, that
 *   drops the l x l scores, softmax output and dropout mask (Megatron's saving). Fused (Flash) attention
 *   never stores the scores (its backward already recomputes them), so selective then saves only what the
 *   kernel keeps beyond Q, K, V (its output copy, softmax statistics, dropout RNG state) and costs the
 *   fused forward once more;
 * - `full`: every layer is recomputed; the layer keeps only its input, the (b, l, e) tensor the closing
 *   norm of the MLP list holds (the activation pipeline stages send), as Megatron's full/uniform
 *   recomputation with one layer per checkpoint. torchtitan's redoes that norm and not the down
 *   projection (`NOT_REDONE`).
 * Precondition: the MLP list ends with the layer's norm (blocks.ts).
 */
const transientOf = (l: LayerCounts): GB => l.transient ?? 0;

/**
 * A tensor chain's rebuilt weight shard lives while its layer runs: of a list of layers, the largest one is
 * held at a time (for the embedding and head as for a layer).
 */
export function heldTransient(...lists: readonly (readonly LayerCounts[])[]): GB {
  // A loop, not a spread of a flat-mapped list: the search asks once per block plan, mostly from code V8
  // has not optimised yet, where the two arrays and the spread call were most of its cost.
  let held = 0;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as readonly LayerCounts[];
    for (let j = 0; j < list.length; j++) held = Math.max(held, transientOf(list[j] as LayerCounts));
  }
  return held;
}

export function trainLayer(
  mlp: readonly LayerCounts[],
  sa: readonly LayerCounts[],
  t: TrainingSpec,
  qkv: GB,
  ops: OpCheckpoint | null = null,
): TrainedLayer {
  const held = heldTransient(mlp, sa);
  if (t.recompute === 'none' && t.precision === 'bf16') return { mlp, sa, rebuilt: held };
  const torchtitan = t.framework !== undefined;
  const precise = (l: LayerCounts) =>
    t.precision !== 'fp8' || !FP8_GEMMS.has(l.name)
      ? l
      : torchtitan
        ? rewrite(l, 'fp8-hp', () => fp8KeepsInputs(l))
        : rewrite(l, 'fp8', () => fp8(l));
  let rebuilt = 0;
  const full = t.recompute === 'full';
  // torchtitan's selective is its per-op checkpointing (`ops`); Megatron's recomputes the attention core.
  const perOp = t.recompute === 'selective' && torchtitan && ops !== null ? ops : null;
  const list = (layers: readonly LayerCounts[], isMlp: boolean) => {
    let coreSeen = false;
    return layers.map((layer, i) => {
      const l = precise(layer);
      const norm = isMlp && i === layers.length - 1;
      if (perOp && !norm) {
        // Kept: what the policy saves; rebuilt during the backward: the rest of the layer's activations.
        const keep = perOp.keep[l.name] ?? 0;
        const fraction = perOp.redo[l.name] ?? 1;
        const regather = perOp.regather.has(l.name);
        rebuilt += l.activationBuffer - keep;
        return rewrite(l, `op:${keep}:${fraction}:${regather}`, () =>
          partlyRecomputed(l, fraction, regather, keep),
        );
      }
      if (full && torchtitan && norm) {
        // The block's input norm and its all-gather are redone from the kept input (`NOT_REDONE`).
        return rewrite(l, 'full-norm', () => partlyRecomputed(l, 1, true, l.activationBuffer));
      }
      if (full && torchtitan && NOT_REDONE.has(l.name)) {
        // Its input is rebuilt (by the activation's recompute) and held, its forward not redone.
        rebuilt += l.activationBuffer;
        return rewrite(l, 'full-tail', () => partlyRecomputed(l, 0, false, 0));
      }
      if (full && !norm) {
        rebuilt += l.activationBuffer;
        return rewrite(l, 'full', () => recomputed(l, 0));
      }
      if (t.recompute === 'selective' && ATTENTION_CORE.has(l.name)) {
        // The core's first layer holds the checkpoint's inputs Q, K, V; the rest is rebuilt.
        const keep = coreSeen ? 0 : qkv;
        coreSeen = true;
        rebuilt += l.activationBuffer - keep;
        return rewrite(l, `selective:${keep}`, () => recomputed(l, keep));
      }
      return l;
    });
  };
  const out = { mlp: list(mlp, true), sa: list(sa, false) };
  return { ...out, rebuilt: Math.max(rebuilt, 0) + held };
}

/** A training setting pinned to a value or left to the search. */
export type Searchable<T> = T | 'search';

/**
 * What a search request says about training: each setting pinned or searched per configuration, the
 * optimizer's bytes per parameter pinned, and the virtual pipeline stages v (a configuration dimension,
 * chosen per configuration like the settings when searched).
 */
export interface TrainingChoice {
  readonly recompute: Searchable<Recompute>;
  readonly zero: Searchable<ZeroStage>;
  readonly precision: Searchable<Precision>;
  readonly optimizerBytes: number;
  readonly v: Searchable<number>;
}

/** The paper's behaviour: every setting pinned to its default. */
export const PAPER_CHOICE: TrainingChoice = {
  recompute: 'none',
  zero: 1,
  precision: 'bf16',
  optimizerBytes: DEFAULT_OPTIMIZER_BYTES,
  v: 1,
};

/** Whether a choice is the paper's (a search with it is the reference's, output unchanged). */
export const isPaperChoice = (c: TrainingChoice): boolean =>
  c.recompute === 'none' &&
  c.zero === 1 &&
  c.precision === 'bf16' &&
  c.optimizerBytes === DEFAULT_OPTIMIZER_BYTES &&
  c.v === 1;

/**
 * The values a search tries for each setting, in tie-break order (equal throughput and memory: the
 * first listed wins, so the paper's value first): recompute none, selective, full; ZeRO 1, 0, 2, 3;
 * bf16 then FP8 (FP8 only on systems with an FP8 rate: elsewhere it is no faster and not available).
 */
export function trainingValues(
  c: TrainingChoice,
  hasFp8: boolean,
): {
  readonly recompute: readonly Recompute[];
  readonly zero: readonly ZeroStage[];
  readonly precision: readonly Precision[];
} {
  return {
    recompute: c.recompute === 'search' ? RECOMPUTES : [c.recompute],
    zero: c.zero === 'search' ? ZERO_SEARCH_ORDER : [c.zero],
    precision: c.precision === 'search' ? (hasFp8 ? PRECISIONS : ['bf16']) : [c.precision],
  };
}

const ZERO_SEARCH_ORDER: readonly ZeroStage[] = [1, 0, 2, 3];

/** Virtual stage counts a search tries with pp stages of `layersPerStage` layers: divisors, 1 first. */
export function virtualStages(v: Searchable<number>, pp: number, layersPerStage: number): readonly number[] {
  if (v !== 'search') return v === 1 || (pp > 1 && layersPerStage % v === 0) ? [v] : [];
  if (pp === 1) return [1];
  const out: number[] = [];
  for (let d = 1; d <= layersPerStage; d++) if (layersPerStage % d === 0) out.push(d);
  return out;
}

/**
 * A training spec as one whole number (0 for none), for the search's packed points: recompute, ZeRO
 * stage, precision and whole optimizer bytes.
 */
export function trainingCode(t: TrainingSpec | undefined): number {
  if (!t) return 0;
  const r = RECOMPUTES.indexOf(t.recompute);
  const p = PRECISIONS.indexOf(t.precision);
  return 1 + r + 3 * (t.zero + 4 * (p + 2 * optimizerBytesOf(t)));
}

/** The inverse of `trainingCode`. */
export function trainingOfCode(code: number): TrainingSpec | undefined {
  if (code === 0) return undefined;
  let x = code - 1;
  const recompute = RECOMPUTES[x % 3] as Recompute;
  x = Math.floor(x / 3);
  const zero = (x % 4) as ZeroStage;
  x = Math.floor(x / 4);
  const precision = PRECISIONS[x % 2] as Precision;
  const optimizerBytes = Math.floor(x / 2);
  return optimizerBytes === DEFAULT_OPTIMIZER_BYTES
    ? { recompute, zero, precision }
    : { recompute, zero, precision, optimizerBytes };
}

/**
 * The settings a choice pins, searched ones at the paper's value: how a configuration the search did not
 * rank (one picked by hand) is evaluated.
 */
export function pinnedTraining(c: TrainingChoice): TrainingSpec {
  const recompute = c.recompute === 'search' ? 'none' : c.recompute;
  const zero = c.zero === 'search' ? 1 : c.zero;
  const precision = c.precision === 'search' ? 'bf16' : c.precision;
  return c.optimizerBytes === DEFAULT_OPTIMIZER_BYTES
    ? { recompute, zero, precision }
    : { recompute, zero, precision, optimizerBytes: c.optimizerBytes };
}

/** A chosen training spec as a choice pinning it (v as given). */
export const choiceOf = (t: TrainingSpec, v: number): TrainingChoice => ({
  recompute: t.recompute,
  zero: t.zero,
  precision: t.precision,
  optimizerBytes: optimizerBytesOf(t),
  v,
});

/**
 * The head and loss under a framework's recipe: their layers, and what they hold beyond their kept
 * activations at their peak, one micro-batch (GB). Megatron's vocabulary-parallel loss works in place and
 * keeps the fp32 softmax (layers.ts `crossEntropy`): as built, 0.
 * - torchtitan's loss is `cross_entropy(pred.flatten(0, 1).float(), labels)` (train.py at 9dec370), eager:
 *   the fp32 copy's log-softmax is kept, and its backward holds it beside the NLL gradient and the
 *   log-softmax gradient, two more fp32 tensors of the (b, l, vocab / m1) logits (the forward's bf16 logits
 *   and fp32 copy, 1.5 of them, are fewer). With tensor parallelism torchtitan shards the logits over the
 *   vocabulary (`loss_parallel`), whose backward (torch/distributed/tensor/parallel/loss.py
 *   `_nll_loss_and_log_softmax_backward`: zeros_like(x), exp(x), their sum) holds three more beside the
 *   kept one (its forward: the fp32 copy, shifted, exp and result with the bf16 logits, 3.5);
 * - compiled (`torchtitan-fused-loss`), one fused kernel each way: the bf16 logits are kept and the backward
 *   writes their bf16 gradient (one more bf16 copy).
 */
export function trainHead(
  head: readonly LayerCounts[],
  t: TrainingSpec,
  m1: number,
): { readonly layers: readonly LayerCounts[]; readonly transient: GB } {
  const loss = head.find((l) => l.name === 'loss');
  if (t.framework === undefined || !loss) return { layers: head, transient: 0 };
  if (t.framework === 'torchtitan')
    return { layers: head, transient: (m1 > 1 ? 3 : 2) * loss.activationBuffer };
  const logits = loss.activationBuffer / 2;
  const fused = rewrite(loss, 'fused-loss', () => ({ ...loss, activationBuffer: logits }));
  return { layers: head.map((l) => (l === loss ? fused : l)), transient: logits };
}

/** The shape of a context-parallel attention layer, per GPU (training.ts `ringAttention`). */
export interface RingShape {
  /** Micro-batch, query heads on this GPU, this GPU's tokens (l / c) and the head dimension. */
  readonly b: number;
  readonly hl: number;
  readonly ll: number;
  readonly q: number;
  /** Context-parallel degree: the ring's length. */
  readonly c: number;
  /** Bytes per activation element. */
  readonly es: GB;
  /** The system's `flops_units` (TFLOP per FLOP), in which layers count their FLOPs. */
  readonly u: number;
}

/** GB per byte. */
const BYTE: GB = 1e-9;

/**
 * torchtitan's context parallelism: PyTorch's ring attention (torch/distributed/tensor/experimental/
 * _attention.py, `_templated_ring_attention` and its backward), which replaces the engine's gathered
 * attention (`fusedAttentionSeqp`: one kernel over the gathered K and V). With degree c each GPU runs c
 * flash-attention kernels of its l/c queries against one l/c chunk of keys each; with the causal mask
 * and torchtitan's head-tail load balancing no step is skipped and each does half a chunk's tiles, so
 * the steps are equal and their FLOPs add up to the engine's count. What the ring adds:
 * - each step re-reads the queries and writes a partial output and its logsumexp (forward), re-reads
 *   Q, O, dO and logsumexp and writes a partial dQ (backward): c - 1 more passes over them, which the
 *   matmul's shape term (efficiency `matmulHalfIntensity`) charges as it does any low-intensity kernel;
 * - `_SDPAMerger` folds each step's output into the running one in fp32 (`convert_to_f32`) with eager
 *   kernels: a cast, out - block_out, x sigmoid(lse diff), out - that (about 42 bytes per output element
 *   per step) plus the first cast and the final cast back; the backward accumulates dQ, dK and dV in
 *   fp32 (read, add a step's bf16, write: 10 bytes per element per step). Memory-bound, a row of its own;
 * - torchtitan's Llama repeats K and V to every query head (`repeat_kv`) before SDPA, so the exchanged
 *   K and V have the query heads, not the KV heads;
 * - K and V are all-gathered once (torchtitan's default `context_parallel_rotate_method = "allgather"`),
 *   issued before the first step and hidden under it only; the backward gathers them again and passes
 *   each step's dK and dV on to the next rank (`grad_kv_rotater`, all-to-all: point to point) in their
 *   fp32 accumulators (`accum_dtype`: twice a bf16 element's bytes), each exchange under one step's kernel
 *   (`CommOverlap` 'ring' in layerTime.ts).
 * Returns [the attention, the merge]; `l` is the engine's context-parallel fused attention ('fusedla').
 */
export function ringAttention(l: LayerCounts, p: RingShape): LayerCounts[] {
  const { b, hl, ll, q, c, es, u } = p;
  if (c <= 1) return [l];
  const out = b * hl * ll * q; // output elements, = Q's
  const lse = b * hl * ll;
  const kv = 2 * out * c * es; // gathered K and V with the query heads
  const gradChunk = 2 * out * 2 * es; // one rank's dK and dV, fp32
  const fast = (l.commFwd[0] ?? l.commBwd[0])?.fast ?? 1;
  const attention: LayerCounts = {
    ...l,
    memFwd: l.memFwd + (c - 1) * (2 * out + lse) * es,
    memBwd: l.memBwd + (c - 1) * (4 * out + lse) * es,
    commFwd: [{ type: 'allgather', volume: kv, group: c, fast }],
    commBwd: [
      { type: 'allgather', volume: kv, group: c, fast },
      { type: 'p2p', volume: (c - 1) * gradChunk, group: 2, fast: Math.min(fast, 2) },
    ],
    overlap: { kind: 'ring', steps: c },
  };
  const merge = memoryBoundRow(
    'ring-merge',
    // About 5 FLOPs per element per step (two subtractions, a product, the sigmoid's share).
    5 * (c - 1) * out * u,
    3 * c * out * u,
    ((c - 1) * 42 + 2 * 6) * out * BYTE,
    c * 10 * (out + 2 * out) * BYTE,
  );
  return [attention, merge];
}
