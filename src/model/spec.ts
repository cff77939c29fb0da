/**
 * The inputs of the model: a transformer, a strategy and one parallel configuration.
 */

/**
 * The MLP's activation: `gelu` (the paper: two e x f matrices, GELU between), `swiglu` / `geglu` (three e x f
 * matrices, the activation the product of a gated branch and a linear one), `relu2` (two matrices, squared
 * ReLU, as Nemotron-4).
 */
export type MlpKind = 'gelu' | 'swiglu' | 'geglu' | 'relu2';
export const MLP_KINDS = ['gelu', 'swiglu', 'geglu', 'relu2'] as const satisfies readonly MlpKind[];

/** Normalisation layers: the paper's LayerNorm (gain and bias) or RMSNorm (gain only). */
export type NormKind = 'layernorm' | 'rmsnorm';
export const NORM_KINDS = ['layernorm', 'rmsnorm'] as const satisfies readonly NormKind[];

/**
 * Mixture of experts (each MoE layer's MLP becomes `experts` MLPs of width `expertF`, `topK` of them per
 * token, plus an optional always-on shared expert of width `sharedExpertF`); the first `denseLayers` layers
 * keep the dense MLP of width f.
 */
export interface MoeSpec {
  readonly experts: number;
  readonly topK: number;
  readonly expertF: number;
  /** Width of the shared expert(s) summed; 0 for none. */
  readonly sharedExpertF: number;
  readonly denseLayers: number;
}

/**
 * Transformer hyper-parameters, the paper's symbols (Table 1). Every optional field, absent, is the paper's
 * architecture: multi-head attention with q = e/h, a biased GELU MLP, LayerNorm, dropout, no vocabulary
 * (the reference models the transformer layers only), no experts.
 */
export interface ModelSpec {
  /** Sequence length (tokens per sample). */
  readonly l: number;
  /** Embedding (hidden) dimension. */
  readonly e: number;
  /** MLP hidden dimension (4e in GPT-style models). */
  readonly f: number;
  /** Attention heads. */
  readonly h: number;
  /** Transformer layers. */
  readonly depth: number;
  /** Key/value heads (grouped-query attention); h = multi-head (default), 1 = multi-query. */
  readonly kvHeads?: number;
  /** Width of one attention head; default e/h. Q is h x headDim wide, K and V kvHeads x headDim. */
  readonly headDim?: number;
  /** MLP activation; default `gelu`. */
  readonly mlp?: MlpKind;
  /** Normalisation; default `layernorm`. */
  readonly norm?: NormKind;
  /** Bias vectors on the MLP and attention-output projections (the paper's); default true. */
  readonly bias?: boolean;
  /** Dropout layers (the paper's); default true. Modern pre-training runs without. */
  readonly dropout?: boolean;
  /** Vocabulary size: adds the input embedding, LM head and loss; absent or 0 = none (the paper). */
  readonly vocab?: number;
  /** Whether the LM head shares the embedding's weights; default false. */
  readonly tiedEmbeddings?: boolean;
  /** Mixture of experts; absent = dense. Not combined with `encoder`. */
  readonly moe?: MoeSpec;
  /**
   * An encoder-decoder model: the first `encoder.depth` of the `depth` layers form the encoder, run on
   * `encoder.l` source tokens; the rest form the decoder, on `l` target tokens, each with a
   * cross-attention over the encoder's output. Absent or depth 0: a decoder-only (or encoder-only) stack.
   */
  readonly encoder?: EncoderSpec;
  /** Biases on the Q, K and V projections and on an untied output layer (Keras' `Dense`); default false. */
  readonly denseBiases?: boolean;
  /**
   * Norms after each residual add (the original Transformer, the official Anthe code), so no final norm
   * before the head; default false (pre-norm with a final norm, when there is a vocabulary).
   */
  readonly postNorm?: boolean;
  /** KgV (Anthe): the value projection's input gated by sigmoid(W_q x); the same parameters. Default false. */
  readonly kgv?: boolean;
  /** Tensor chains (Anthe) per layer family; each absent family is a dense matrix. */
  readonly tc?: TensorChains;
  /** H-SoftPOS levels (Anthe's hierarchical embedding); absent or 0 = a plain embedding table. */
  readonly hsoftpos?: number;
}

/** The encoder of an encoder-decoder model. */
export interface EncoderSpec {
  /** Encoder layers (the first of the model's `depth`). */
  readonly depth: number;
  /** Source sequence length (tokens per sample). */
  readonly l: number;
  /** One embedding table for the source and target tokens (the official `sameemb`); else two. */
  readonly sharedEmbeddings: boolean;
}

/**
 * A weight stored as a chain of `length` small cores (Anthe's tensor chains), with as many parameters as
 * `ratio` of the full matrix (to the bond's rounding; see anthe.ts).
 */
export interface TensorChain {
  readonly ratio: number;
  readonly length: 2 | 3 | 4;
}
export const TC_LENGTHS = [2, 3, 4] as const satisfies readonly TensorChain['length'][];

/**
 * Which layers are tensor chains: the MLP's matrices (`tcffn`), the Q/K/V projections (`tcpreatt`), the
 * input embedding table (`tcemb`) and the output layer (`mpolastlayer`).
 */
export interface TensorChains {
  readonly ffn?: TensorChain;
  readonly attn?: TensorChain;
  readonly embed?: TensorChain;
  readonly head?: TensorChain;
}

/** The architecture with every default filled in: what the estimators read. */
export interface Architecture {
  readonly kvHeads: number;
  readonly headDim: number;
  readonly mlp: MlpKind;
  readonly norm: NormKind;
  readonly bias: boolean;
  readonly dropout: boolean;
  readonly vocab: number;
  /** Whether the output layer is the embedding table: as the model says, but never with H-SoftPOS. */
  readonly tiedEmbeddings: boolean;
  readonly moe: MoeSpec | null;
  readonly encoder: EncoderSpec | null;
  readonly denseBiases: boolean;
  readonly postNorm: boolean;
  readonly kgv: boolean;
  readonly tcFfn: TensorChain | null;
  readonly tcAttn: TensorChain | null;
  readonly tcEmbed: TensorChain | null;
  readonly tcHead: TensorChain | null;
  /** H-SoftPOS levels; 0 = none (always 0 without a vocabulary). */
  readonly hsoftpos: number;
}

/**
 * Each model's architecture, made once: the search asks for it per block plan and per layout, mostly in
 * code V8 has not optimised yet, where a new object of twenty fields each time cost (specs are readonly).
 */
const architectures = new WeakMap<ModelSpec, Architecture>();

/** Fills the optional architecture fields with the paper's defaults. */
export function architecture(s: ModelSpec): Architecture {
  const known = architectures.get(s);
  if (known) return known;
  const encoder = s.encoder && s.encoder.depth > 0 ? s.encoder : null;
  const hsoftpos = (s.vocab ?? 0) > 0 ? (s.hsoftpos ?? 0) : 0;
  // H-SoftPOS's table is a fraction of the width: it cannot be the e x V output layer (the official
  // `projectoutput` reads a plain table's weight), so such a model has an output layer of its own.
  const tied = (s.tiedEmbeddings ?? false) && hsoftpos === 0;
  const a: Architecture = {
    kvHeads: s.kvHeads ?? s.h,
    headDim: s.headDim ?? Math.floor(s.e / s.h),
    mlp: s.mlp ?? 'gelu',
    norm: s.norm ?? 'layernorm',
    bias: s.bias ?? true,
    dropout: s.dropout ?? true,
    vocab: s.vocab ?? 0,
    tiedEmbeddings: tied,
    // An encoder-decoder model's two stacks take the place of a dense and an expert stack in the stages.
    moe: s.moe && s.moe.experts > 0 && !encoder ? s.moe : null,
    encoder,
    denseBiases: s.denseBiases ?? false,
    postNorm: s.postNorm ?? false,
    kgv: s.kgv ?? false,
    tcFfn: s.tc?.ffn ?? null,
    tcAttn: s.tc?.attn ?? null,
    tcEmbed: s.tc?.embed ?? null,
    // A tied output layer is the embedding table: it holds (and rebuilds) the table's chain.
    tcHead: (tied ? s.tc?.embed : s.tc?.head) ?? null,
    hsoftpos,
  };
  architectures.set(s, a);
  return a;
}

/**
 * Whether the output layer's weights are the first stage's embedding table, held once when both sit on
 * one stage: tied (never with H-SoftPOS), with one table (two encoder-decoder tables hold more than it).
 */
export function headSharesEmbedding(s: ModelSpec): boolean {
  const a = architecture(s);
  return a.tiedEmbeddings && (!a.encoder || a.encoder.sharedEmbeddings);
}

/**
 * Layers of the first kind on the pipeline: an encoder-decoder model's encoder layers, an expert model's
 * leading dense layers, else every layer.
 */
export function leadingLayers(s: ModelSpec): number {
  const a = architecture(s);
  return a.encoder ? a.encoder.depth : a.moe ? a.moe.denseLayers : s.depth;
}

/** Whether the model is the paper's architecture exactly (every optional field at its default). */
export function isPaperArchitecture(s: ModelSpec): boolean {
  const a = architecture(s);
  return (
    a.kvHeads === s.h &&
    a.headDim * s.h === s.e &&
    a.mlp === 'gelu' &&
    a.norm === 'layernorm' &&
    a.bias &&
    a.dropout &&
    a.vocab === 0 &&
    a.moe === null &&
    a.encoder === null &&
    !a.denseBiases &&
    !a.postNorm &&
    !a.kgv &&
    a.tcFfn === null &&
    a.tcAttn === null
  );
}

/** Matrices in the MLP: three for gated activations, two otherwise. */
export const mlpMatrices = (mlp: MlpKind): 2 | 3 => (mlp === 'swiglu' || mlp === 'geglu' ? 3 : 2);

/**
 * Tensor-parallel strategy (§3.2): `1d` Megatron 1D TP with sequence parallelism; `2d` SUMMA 2D TP
 * (MLP on an m2 x m1 grid, attention context parallel on m2); `2d-seqp` 1D TP on heads/hidden x
 * context parallelism on the sequence.
 */
export type Strategy = '1d' | '2d' | '2d-seqp';
export const STRATEGIES = ['1d', '2d', '2d-seqp'] as const satisfies readonly Strategy[];

/**
 * One parallel configuration. `tp2 = 1` for `1d`; `nb` (SUMMA panels) only for `2d`, else null.
 * `nv*`: how many GPUs of each group sit inside one NVLink domain (the reference's topology).
 */
export interface ParallelConfig {
  readonly dp: number;
  readonly tp1: number;
  readonly tp2: number;
  readonly pp: number;
  /** Micro-batch size. */
  readonly mbs: number;
  readonly nb: number | null;
  readonly nvTp1: number;
  readonly nvTp2: number;
  readonly nvDp: number;
  readonly nvPp: number;
  /** Expert-parallel degree (inside the data-parallel x context-parallel group); default 1. */
  readonly ep?: number;
  /** Virtual pipeline stages per GPU (interleaved 1F1B); default 1. */
  readonly v?: number;
}

/**
 * Activation recomputation: `none` (the paper: every activation the backward needs is kept), `selective`
 * (Megatron's: the attention core is recomputed), `full` (each layer keeps only its input and redoes its
 * forward, tensor-parallel communication included, during the backward).
 */
export type Recompute = 'none' | 'selective' | 'full';
export const RECOMPUTES = ['none', 'selective', 'full'] as const satisfies readonly Recompute[];

/** ZeRO / FSDP stage: 0 nothing sharded; 1 optimizer states; 2 plus gradients; 3 plus parameters. */
export type ZeroStage = 0 | 1 | 2 | 3;
export const ZERO_STAGES = [0, 1, 2, 3] as const satisfies readonly ZeroStage[];

/** Matmul precision: `bf16` (the paper) or `fp8` (matmuls at the FP8 rate, see the training model). */
export type Precision = 'bf16' | 'fp8';
export const PRECISIONS = ['bf16', 'fp8'] as const satisfies readonly Precision[];

/**
 * How the model is trained. The paper's behaviour is `PAPER_TRAINING`: no recomputation, bf16, and the
 * distributed optimizer (optimizer states sharded over the data-parallel replicas: ZeRO stage 1).
 */
export interface TrainingSpec {
  readonly recompute: Recompute;
  readonly zero: ZeroStage;
  readonly precision: Precision;
  /**
   * Optimizer bytes per parameter (fp32 master weights, momentum and variance: 12, the paper's) beyond the
   * bf16 weights and gradients; absent = 12.
   */
  readonly optimizerBytes?: number;
  /**
   * Whose recipe the settings follow where frameworks differ (`Framework`); absent = Megatron-LM with
   * Transformer Engine, the engine's default. Only measured runs set it (runs.ts); the search plans the
   * default.
   */
  readonly framework?: Framework;
  /**
   * Under a framework (`framework` set), how its kernels and communication ran where its recipe offers the
   * choice; each absent = the engine's default, noted. Only measured runs set them (runs.ts).
   * - `compiled`: torch.compile fused the pointwise kernels (absent = yes, as the engine's layers are each
   *   one fused kernel); `false` = eager, whose norms and activations run as chains of unfused kernels;
   * - `asyncTp`: tensor-parallel collectives overlapped with the matmuls (torchtitan's async TP, absent =
   *   no: its vanilla TP waits for each collective);
   * - `fp8Scaling`: torchao float8's scaling (`Fp8Scaling`), absent = tensorwise.
   */
  readonly compiled?: boolean;
  readonly asyncTp?: boolean;
  readonly fp8Scaling?: Fp8Scaling;
}

/**
 * torchao float8's scaling recipes: `tensorwise` (one scale per tensor, cuBLAS's FP8 GEMM) and `rowwise`
 * (a scale per row, a CUTLASS GEMM: torchao/float8/README.md), which reach different rates.
 */
export type Fp8Scaling = 'tensorwise' | 'rowwise';
export const FP8_SCALINGS = ['tensorwise', 'rowwise'] as const satisfies readonly Fp8Scaling[];

/**
 * A framework whose memory recipe differs from Megatron's: `torchtitan` (PyTorch FSDP2, per-op selective
 * checkpointing, torchao float8, an eager fp32 cross-entropy over the whole vocabulary; training.ts and
 * step.ts), and `torchtitan-fused-loss`, the same with its loss compiled (torch.compile on, torchtitan
 * from April 2025: components/loss.py `build_cross_entropy_loss`, commit bbb1b616e).
 */
export type Framework = 'torchtitan' | 'torchtitan-fused-loss';
export const FRAMEWORKS = ['torchtitan', 'torchtitan-fused-loss'] as const satisfies readonly Framework[];

export const PAPER_TRAINING: TrainingSpec = { recompute: 'none', zero: 1, precision: 'bf16' };

/**
 * Switches beyond the paper. Every default reproduces the reference exactly.
 * - `flashAttention`: fused attention (the reference's search always uses it).
 */
export interface ModelOptions {
  readonly flashAttention: boolean;
}
