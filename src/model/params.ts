/**
 * Parameter counts and model FLOPs per token, from the architecture alone (no parallel configuration).
 * Symbols as in spec.ts: e width, f MLP width, h query heads, q = headDim, kv = kvHeads, V = vocab.
 */
import { hsoftposParams, tcParams } from './anthe.ts';
import { architecture, mlpMatrices, type Architecture, type ModelSpec, type TensorChain } from './spec.ts';

/** Parameters of a model; `active` counts what one token passes through (topK experts, not all). */
export interface ParamCounts {
  readonly total: number;
  readonly active: number;
}

/** An input x output weight: the full matrix, or its tensor chain's cores. */
const matrix = (input: number, output: number, tc: TensorChain | null): number =>
  tc ? tcParams(input, output, tc) : input * output;

/**
 * Attention weights of one layer: Q e x (h q), K and V e x (kv q) each (tensor chains with `tcAttn`,
 * each projection its own chain as the official `tcpreatt`), output (h q) x e, and with `bias` the output
 * projection's bias e (the reference's attention has no Q/K/V bias; `denseBiases` adds them).
 */
function attentionParams(s: ModelSpec, a: Architecture): number {
  const q = s.h * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const qkv = matrix(s.e, q, a.tcAttn) + 2 * matrix(s.e, kv, a.tcAttn) + (a.denseBiases ? q + 2 * kv : 0);
  return qkv + q * s.e + (a.bias ? s.e : 0);
}

/**
 * One MLP of width `width`: `matrices` x e x width (gelu/relu2: 2, swiglu/geglu: 3), and with `bias` the
 * paper's fc1 bias (width; a gated MLP's fused gate and up projections, 2 width) and fc2 bias (e). With
 * `tcFfn` (dense MLPs only) each matrix is its own chain, the gate and up projections two, as the
 * official GEGLU's w_1 and w_3.
 */
function mlpParams(e: number, width: number, a: Architecture, tc: TensorChain | null = null): number {
  const gated = mlpMatrices(a.mlp) === 3;
  const fc1 = gated ? 2 * width : width;
  const weights = tc
    ? (gated ? 2 : 1) * tcParams(e, width, tc) + tcParams(width, e, tc)
    : mlpMatrices(a.mlp) * e * width;
  return weights + (a.bias ? fc1 + e : 0);
}

/**
 * One input embedding: a vocab x e table (a tensor chain with `tcEmbed`), or H-SoftPOS with its
 * convolutions and soft positions.
 */
function embeddingParams(s: ModelSpec, a: Architecture): number {
  if (a.hsoftpos > 0) return hsoftposParams(a.vocab, s.e, a.hsoftpos, a.tcEmbed);
  return matrix(a.vocab, s.e, a.tcEmbed);
}

/** One normalisation layer: LayerNorm has a gain and a bias (2e), RMSNorm a gain (e). */
function normParams(e: number, a: Architecture): number {
  return a.norm === 'layernorm' ? 2 * e : e;
}

/** Total and active parameters of a model (count, not bytes). */
export function modelParams(s: ModelSpec): ParamCounts {
  const a = architecture(s);
  // Every layer: attention and two norms (before attention, before the MLP).
  const attention = attentionParams(s, a);
  const common = attention + 2 * normParams(s.e, a);
  const dense = common + mlpParams(s.e, s.f, a, a.tcFfn);
  let total = s.depth * dense;
  let active = total;
  const enc = a.encoder;
  if (enc) {
    // A decoder layer adds the cross-attention (the same weights as self-attention) and its norm.
    const decoder = s.depth - enc.depth;
    total += decoder * (attention + normParams(s.e, a));
    active = total;
  }
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
    const plain = a.hsoftpos === 0 && !a.tcEmbed && !a.tcHead && !a.denseBiases && !a.postNorm && !enc;
    const vocab = plain ? a.vocab * s.e * (a.tiedEmbeddings ? 1 : 2) + normParams(s.e, a) : vocabParams(s, a);
    total += vocab;
    active += vocab;
  }
  return { total, active };
}

/**
 * The vocabulary's parameters beyond the plain case: the input embedding (two with an encoder and no
 * `sharedEmbeddings`), the output layer unless tied (e x V, a chain with `tcHead`, a bias V with
 * `denseBiases`), and unless `postNorm` the final norm of each stack.
 */
function vocabParams(s: ModelSpec, a: Architecture): number {
  const tables = a.encoder && !a.encoder.sharedEmbeddings ? 2 : 1;
  const head = a.tiedEmbeddings ? 0 : matrix(s.e, a.vocab, a.tcHead) + (a.denseBiases ? a.vocab : 0);
  const norms = a.postNorm ? 0 : (a.encoder ? 2 : 1) * normParams(s.e, a);
  return tables * embeddingParams(s, a) + head + norms;
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
  let flops = flopsPerToken.get(s);
  if (flops === undefined) flopsPerToken.set(s, (flops = countFlopsPerToken(s)));
  return flops;
}

/** Per model: a search reports MFU for each configuration it keeps, all of the same model. */
const flopsPerToken = new WeakMap<ModelSpec, number>();

function countFlopsPerToken(s: ModelSpec): number {
  const a = architecture(s);
  const gather = a.vocab > 0 && !a.tiedEmbeddings ? a.vocab * s.e : 0;
  // Tensor chains change the weights' storage, not the matmuls: counted as the full matrices they rebuild.
  const weights = modelParams({ ...s, tc: {} }).active - gather;
  return 6 * weights + 12 * s.depth * s.l * s.h * a.headDim;
}
