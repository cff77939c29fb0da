/**
 * Published measured training runs (the form of the project's calibration set: one flat record per run,
 * fields as its README describes) turned into scenarios the engine evaluates, or into the reasons it
 * cannot. Pure: no file access; the CLI reads the JSON.
 */
import type { Scenario } from './evaluate.ts';
import type {
  Framework,
  MlpKind,
  ModelSpec,
  ParallelConfig,
  Precision,
  Recompute,
  Strategy,
  TrainingSpec,
  ZeroStage,
} from './spec.ts';
import { gcd } from './strategy.ts';

/** The fields of a measured run this module reads; the records carry more (sources, notes, MFU ...). */
export interface MeasuredRun {
  readonly id: string;
  readonly source_group: string;
  readonly source?: string;
  readonly model: string;
  readonly model_type?: string;
  readonly gpu_class: string;
  readonly gpu_type: string;
  readonly num_gpus: number;
  readonly precision: string;
  readonly num_layers: number;
  readonly hidden_size: number;
  readonly ffn_hidden_size: number;
  readonly num_attention_heads: number;
  readonly num_kv_heads?: number | null;
  readonly head_dim?: number | null;
  readonly vocab_size?: number | null;
  readonly activation?: string | null;
  readonly attention_type?: string | null;
  readonly norm?: string | null;
  readonly tied_embeddings?: boolean | null;
  readonly moe_num_experts?: number | null;
  readonly moe_top_k?: number | null;
  readonly moe_ffn_hidden_size?: number | null;
  readonly moe_shared_expert_ffn_hidden_size?: number | null;
  readonly num_moe_layers?: number | null;
  readonly num_dense_layers?: number | null;
  readonly mla?: unknown;
  readonly sliding_window?: unknown;
  readonly arch_notes?: string | null;
  readonly seq_length: number;
  readonly global_batch_size: number;
  readonly micro_batch_size?: number | null;
  readonly tp: number;
  readonly pp: number;
  readonly cp?: number | null;
  readonly dp?: number | null;
  readonly vp?: number | null;
  readonly ep?: number | null;
  readonly fsdp?: string | null;
  readonly zero_stage?: number | null;
  readonly activation_recompute?: string | null;
  readonly tokens_per_sec_per_gpu?: number | null;
  readonly other_measured?: { readonly peak_memory_gib?: number } | null;
  readonly other_settings?: string | null;
  readonly release?: string | null;
}

/** The calibrated systems a run's GPU maps to (the hardware presets' ids; torchtitan's capped H100s apart). */
export type RunSystemId = 'a100-80gb' | 'h100-sxm' | 'h100-96gb-500w' | 'h200-sxm' | 'gb200-nvl72';

/** A run the engine can evaluate: its scenario, configuration and training, and what was measured. */
export interface MappedRun {
  readonly kind: 'mapped';
  readonly id: string;
  readonly source: string;
  readonly modelName: string;
  readonly systemId: RunSystemId;
  readonly gpus: number;
  readonly model: ModelSpec;
  readonly strategy: Strategy;
  readonly config: ParallelConfig;
  readonly globalBatchSize: number;
  /**
   * How it trained. `recompute: null` = not stated: take the fastest setting that fits, as a tuned recipe
   * would (`recomputeChoices`).
   */
  readonly training: Omit<TrainingSpec, 'recompute'> & { readonly recompute: Recompute | null };
  /** Measured tokens per second per GPU. */
  readonly tokensPerSecPerGpu: number;
  /** Measured peak memory per GPU in GB, where published. */
  readonly peakMemoryGB: number | null;
  /** Settings the mapping had to assume (stated in reports beside the residual). */
  readonly assumptions: readonly string[];
}

/** A run the engine cannot represent, and why (reported, never silently dropped). */
export interface UnmappedRun {
  readonly kind: 'unmapped';
  readonly id: string;
  readonly source: string;
  readonly modelName: string;
  readonly reasons: readonly string[];
}

/** GiB in GB (torchtitan reports peak memory in GiB). */
const GIB = 1.073741824;

/** The system a run's GPU is: torchtitan's 96 GB HBM2e, 500 W H100s are not DGX H100s and are fitted apart. */
export function runSystem(r: Pick<MeasuredRun, 'gpu_class' | 'gpu_type'>): RunSystemId | null {
  const c = r.gpu_class.toUpperCase();
  if (c.startsWith('GB200')) return 'gb200-nvl72';
  if (c.startsWith('H200')) return 'h200-sxm';
  if (c.startsWith('H100'))
    return /9[4-6]\s*GB|94\/95GB|HBM2e/i.test(r.gpu_type) ? 'h100-96gb-500w' : 'h100-sxm';
  if (c.startsWith('A100')) return 'a100-80gb';
  return null;
}

const MLP_OF: readonly (readonly [RegExp, MlpKind])[] = [
  [/swiglu/i, 'swiglu'],
  [/geglu/i, 'geglu'],
  [/squared.?relu|relu2/i, 'relu2'],
  [/gelu/i, 'gelu'],
];

/** What in a run's architecture the engine has no layer for. */
function architectureGaps(r: MeasuredRun): string[] {
  const gaps: string[] = [];
  if (r.mla) gaps.push('multi-head latent attention (MLA)');
  if (r.sliding_window) gaps.push('sliding-window attention');
  const notes = r.arch_notes ?? '';
  if (/parallel transformer block|PTB/i.test(notes))
    gaps.push('parallel transformer blocks and sliding-window attention (MegaScale)');
  if (/chunked local attention/i.test(r.attention_type ?? ''))
    gaps.push('chunked local attention in some layers (iRoPE)');
  if (/every other layer|moe_layer_freq/i.test(notes))
    gaps.push('MoE layers interleaved with dense ones (the engine puts dense layers first)');
  if (/MTP/.test(notes)) gaps.push('multi-token prediction module');
  if (!MLP_OF.some(([re]) => re.test(r.activation ?? 'gelu')))
    gaps.push(`activation ${JSON.stringify(r.activation)}`);
  return gaps;
}

const zeroOf = (r: MeasuredRun): ZeroStage => {
  if (/FSDP2/i.test(r.fsdp ?? '') || r.zero_stage === 3) return 3;
  if (r.zero_stage === 2) return 2;
  // Megatron's distributed optimizer (NeMo's default) shards the optimizer states: stage 1.
  return 1;
};

const recomputeOf = (r: MeasuredRun): Recompute | null => {
  const s = r.activation_recompute ?? '';
  if (/full/i.test(s)) return 'full';
  if (/selective/i.test(s)) return 'selective';
  if (/none/i.test(s)) return 'none';
  return null;
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * torchtitan's runs follow its own recipe (FSDP2, per-op selective checkpointing, its loss); the
 * benchmarking recipes' and MegaScale's are Megatron's. torchtitan compiles its loss with the model from
 * April 2025 (commit bbb1b616e, components/loss.py); before, its train.py left it eager ("compiling loss
 * function causes CUDA errors"). A run's release ("torchtitan Jun-2025") dates it.
 */
function frameworkOf(r: MeasuredRun): Framework | null {
  if (!/torchtitan/i.test(r.source_group)) return null;
  const settings = r.other_settings ?? '';
  const compiled = /compile/i.test(settings) && !/eager/i.test(settings);
  const date = /([A-Za-z]{3})-(\d{4})/.exec(r.release ?? '');
  const month = date ? Number(date[2]) * 12 + MONTHS.indexOf((date[1] as string).toLowerCase()) : 0;
  return compiled && month >= 2025 * 12 + 3 ? 'torchtitan-fused-loss' : 'torchtitan';
}

const precisionOf = (r: MeasuredRun): Precision => (/fp8|float8/i.test(r.precision) ? 'fp8' : 'bf16');

/**
 * How a torchtitan run's kernels and communication ran, from its table's settings: torch.compile on unless
 * it says eager or does not mention it (the Aug-2024 405B rows cite their toml's `compile = true`); async
 * TP where named ("AsyncTP", "async TP"); float8's scaling as its precision names it (tensorwise unless
 * rowwise).
 */
function recipeOf(r: MeasuredRun): Pick<TrainingSpec, 'compiled' | 'asyncTp' | 'fp8Scaling'> {
  const settings = r.other_settings ?? '';
  const compiled = /compile/i.test(settings) && !/eager/i.test(settings);
  const asyncTp = /async\s*TP/i.test(settings);
  const rowwise = /rowwise/i.test(r.precision);
  return {
    compiled,
    ...(asyncTp ? { asyncTp } : {}),
    ...(precisionOf(r) === 'fp8' ? { fp8Scaling: rowwise ? 'rowwise' : 'tensorwise' } : {}),
  };
}

/**
 * GPUs of each group in one NVLink domain of `domain` GPUs when ranks are laid out tp, cp, dp, pp
 * (Megatron-Core's order; FSDP's mesh nests the same way): each group takes what the inner ones left.
 */
function placement(domain: number, tp: number, cp: number, dp: number, pp: number) {
  let left = domain;
  const take = (n: number) => {
    const k = gcd(n, left);
    left /= k;
    return k;
  };
  return { nvTp1: take(tp), nvTp2: take(cp), nvDp: take(dp), nvPp: take(pp) };
}

/** Turns one run into a scenario, or says why it cannot. `domain`: GPUs per NVLink domain of its system. */
export function mapRun(r: MeasuredRun, domainOf: (id: RunSystemId) => number): MappedRun | UnmappedRun {
  const source = r.source ?? r.source_group;
  const unmapped = (reasons: string[]): UnmappedRun => ({
    kind: 'unmapped',
    id: r.id,
    source,
    modelName: r.model,
    reasons,
  });
  const reasons = architectureGaps(r);
  const systemId = runSystem(r);
  if (!systemId) reasons.push(`GPU ${JSON.stringify(r.gpu_type)} has no preset`);
  const measured = r.tokens_per_sec_per_gpu;
  if (!(typeof measured === 'number' && measured > 0)) reasons.push('no tokens/s per GPU published');
  const cp = r.cp ?? 1;
  const dp = r.dp ?? r.num_gpus / (r.tp * r.pp * cp);
  if (!Number.isInteger(dp) || dp * r.tp * r.pp * cp !== r.num_gpus)
    reasons.push(`tp ${r.tp} x pp ${r.pp} x cp ${cp} x dp ${dp} is not ${r.num_gpus} GPUs`);
  if (r.num_layers % r.pp !== 0) reasons.push(`${r.num_layers} layers do not split over pp ${r.pp}`);
  if (reasons.length > 0 || !systemId || typeof measured !== 'number') return unmapped(reasons);

  const assumptions: string[] = [];
  const mbs = r.micro_batch_size ?? 1;
  if (r.micro_batch_size === null || r.micro_batch_size === undefined)
    assumptions.push('micro-batch 1 (not stated)');
  const experts = r.moe_num_experts ?? 0;
  const model: ModelSpec = {
    l: r.seq_length,
    e: r.hidden_size,
    f: r.ffn_hidden_size,
    h: r.num_attention_heads,
    depth: r.num_layers,
    kvHeads: r.num_kv_heads ?? r.num_attention_heads,
    headDim: r.head_dim ?? Math.floor(r.hidden_size / r.num_attention_heads),
    mlp: (MLP_OF.find(([re]) => re.test(r.activation ?? 'gelu')) as (typeof MLP_OF)[number])[1],
    norm: /rms/i.test(r.norm ?? '') ? 'rmsnorm' : 'layernorm',
    bias: false,
    dropout: false,
    vocab: r.vocab_size ?? 0,
    tiedEmbeddings: r.tied_embeddings ?? false,
    ...(experts > 0
      ? {
          moe: {
            experts,
            topK: r.moe_top_k ?? 1,
            expertF: r.moe_ffn_hidden_size ?? r.ffn_hidden_size,
            sharedExpertF: r.moe_shared_expert_ffn_hidden_size ?? 0,
            denseLayers: r.num_dense_layers ?? 0,
          },
        }
      : {}),
  };
  const ep = r.ep ?? 1;
  const v = r.vp ?? 1;
  const config: ParallelConfig = {
    dp,
    tp1: r.tp,
    tp2: cp,
    pp: r.pp,
    mbs,
    nb: null,
    ...placement(domainOf(systemId), r.tp, cp, dp, r.pp),
    ...(ep > 1 ? { ep } : {}),
    ...(v > 1 ? { v } : {}),
  };
  const recompute = recomputeOf(r);
  if (recompute === null) assumptions.push('recompute not stated: the fastest that fits');
  if (/not stated|unknown/i.test(r.precision)) assumptions.push('precision not stated: BF16');
  const peak = r.other_measured?.peak_memory_gib;
  const framework = frameworkOf(r);
  return {
    kind: 'mapped',
    id: r.id,
    source,
    modelName: r.model,
    systemId,
    gpus: r.num_gpus,
    model,
    strategy: cp > 1 ? '2d-seqp' : '1d',
    config,
    globalBatchSize: r.global_batch_size,
    training: {
      recompute,
      zero: zeroOf(r),
      precision: precisionOf(r),
      ...(framework ? { framework, ...recipeOf(r) } : {}),
    },
    tokensPerSecPerGpu: measured,
    peakMemoryGB: typeof peak === 'number' ? peak * GIB : null,
    assumptions,
  };
}

/** The recompute settings to try, fastest first: the stated one, or every one when unstated. */
export const recomputeChoices = (run: MappedRun): readonly Recompute[] =>
  run.training.recompute === null ? ['none', 'selective', 'full'] : [run.training.recompute];

/** The scenario of a mapped run on a given system, with one recompute setting. */
export const runScenario = (run: MappedRun, system: Scenario['system'], recompute: Recompute): Scenario => ({
  model: run.model,
  system,
  strategy: run.strategy,
  globalBatchSize: run.globalBatchSize,
  options: { flashAttention: true },
  training: { ...run.training, recompute },
});
