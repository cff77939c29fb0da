/**
 * The inputs of the model: a transformer, a strategy and one parallel configuration.
 */

/** Transformer hyper-parameters, the paper's symbols (Table 1). */
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
}

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
}

/**
 * Switches beyond the paper. Every default reproduces the reference exactly.
 * - `flashAttention`: fused attention (the reference's search always uses it).
 */
export interface ModelOptions {
  readonly flashAttention: boolean;
}
