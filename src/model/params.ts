/**
 * Parameter counts and model FLOPs per token, from the architecture alone (no parallel configuration).
 * Symbols as in spec.ts: e width, f MLP width, h query heads, q = headDim, kv = kvHeads, V = vocab.
 */
import { architecture, mlpMatrices, type Architecture, type ModelSpec } from './spec.ts';

/** Parameters of a model; `active` counts what one token passes through (topK experts, not all). */
export interface ParamCounts {
  readonly total: number;
  readonly active: number;
}

/**
 * Attention weights of one layer: Q e x (h q), K and V e x (kv q) each, output (h q) x e, and with
 * `bias` the output projection's bias e (the reference's attention has no Q/K/V bias).
 */
function attentionParams(s: ModelSpec, a: Architecture): number {
  const q = s.h * a.headDim;
  const kv = a.kvHeads * a.headDim;
  return s.e * q + 2 * s.e * kv + q * s.e + (a.bias ? s.e : 0);
}

/**
 * One MLP of width `width`: `matrices` x e x width (gelu/relu2: 2, swiglu/geglu: 3), and with `bias` the
 * paper's fc1 bias (width; a gated MLP's fused gate and up projections, 2 width) and fc2 bias (e).
 */
function mlpParams(e: number, width: number, a: Architecture): number {
  const fc1 = mlpMatrices(a.mlp) === 3 ? 2 * width : width;
  return mlpMatrices(a.mlp) * e * width + (a.bias ? fc1 + e : 0);
}

/** One normalisation layer: LayerNorm has a gain and a bias (2e), RMSNorm a gain (e). */
function normParams(e: number, a: Architecture): number {
  return a.norm === 'layernorm' ? 2 * e : e;
}

/** Total and active parameters of a model (count, not bytes). */
export function modelParams(s: ModelSpec): ParamCounts {
  const a = architecture(s);
  // Every layer: attention and two norms (before attention, before the MLP).
  const common = attentionParams(s, a) + 2 * normParams(s.e, a);
  const dense = common + mlpParams(s.e, s.f, a);
  let total = s.depth * dense;
  let active = total;
  const moe = a.moe;
  if (moe) {
    const moeLayers = s.depth - moe.denseLayers;
    // An MoE layer: experts x matrices x e x expertF + router e x experts + the shared expert. Neither
    // routed nor shared experts carry biases (Megatron-Core's grouped-GEMM experts have none).
    const expert = mlpMatrices(a.mlp) * s.e * moe.expertF;
    const router = s.e * moe.experts;
    const shared = mlpMatrices(a.mlp) * s.e * moe.sharedExpertF;
    const perLayer = (experts: number) => common + experts * expert + router + shared;
    total = moe.denseLayers * dense + moeLayers * perLayer(moe.experts);
    active = moe.denseLayers * dense + moeLayers * perLayer(moe.topK);
  }
  if (a.vocab > 0) {
    // Embedding V x e, LM head V x e unless tied, and the norm before the head. Without a vocabulary
    // (the paper, which models the transformer layers only) there is no final norm either.
    const vocab = a.vocab * s.e * (a.tiedEmbeddings ? 1 : 2) + normParams(s.e, a);
    total += vocab;
    active += vocab;
  }
  return { total, active };
}

/**
 * Model FLOPs per token of one training step (forward and backward, FLOP not TFLOP):
 * 6 x (active parameters a token multiplies by) + 12 x depth x l x h x q.
 * The first term counts every weight used in a matmul (2 FLOP forward, 4 backward); the input
 * embedding is a gather, so an untied embedding table is left out, while a tied one is counted once as
 * the LM head. The second term is attention's scores (Q K^T) and values (P V), 2 l h q FLOP each per
 * token forward, over the full (non-causal) sequence as the paper counts it; activation recomputation is
 * not model work and is excluded.
 */
export function modelFlopsPerToken(s: ModelSpec): number {
  const a = architecture(s);
  const gather = a.vocab > 0 && !a.tiedEmbeddings ? a.vocab * s.e : 0;
  const weights = modelParams(s).active - gather;
  return 6 * weights + 12 * s.depth * s.l * s.h * a.headDim;
}
