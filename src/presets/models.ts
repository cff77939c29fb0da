/**
 * Transformer models: the paper's (arXiv 2410.00273, Table 1; the reference's `models.py`, MLP hidden
 * size 4e as in its published outputs), then current models from their public configurations (the
 * Hugging Face `config.json` of each, field names in the comments) and their papers or technical reports.
 *
 * The sequence length of a current model is its main pre-training length, not its longest context: the
 * long-context stages are short and trained differently (context parallelism, smaller batches).
 */
import type { ModelSpec } from '../model/spec.ts';

export type ModelPresetId =
  | 'gpt3-175b'
  | 'gpt3-1t'
  | 'vit-era5'
  | 'gpt3-175b-vocab'
  | 'llama3.1-8b'
  | 'llama3.1-70b'
  | 'llama3.1-405b'
  | 'mixtral-8x7b'
  | 'mixtral-8x22b'
  | 'qwen3-30b-a3b'
  | 'qwen3-235b-a22b'
  | 'nemotron-4-340b'
  | 'transformer-wmt14'
  | 'anthe-wmt14';
export const MODEL_PRESET_IDS = [
  'gpt3-175b',
  'gpt3-1t',
  'vit-era5',
  'gpt3-175b-vocab',
  'llama3.1-8b',
  'llama3.1-70b',
  'llama3.1-405b',
  'mixtral-8x7b',
  'mixtral-8x22b',
  'qwen3-30b-a3b',
  'qwen3-235b-a22b',
  'nemotron-4-340b',
  'transformer-wmt14',
  'anthe-wmt14',
] as const satisfies readonly ModelPresetId[];

/**
 * The WMT14 translation Transformer of the official Anthe code (github.com/LuCeHe/anthe_official, train.py:
 * 6 encoder and 6 decoder layers, d_model 512, d_point_wise_ff 4 x 512, 8 heads, BPE vocabulary 32,000,
 * SEQ_MAX_LEN_SOURCE 100 and SEQ_MAX_LEN_TARGET 101, dropout 0.1). Its Keras `Dense` layers all carry
 * biases and its LayerNorms follow each residual add (post-norm, no final norm). Its feed-forward is ReLU;
 * the nearest activation here is GELU (two matrices, the same weights and matmuls).
 */
const WMT14 = {
  l: 101,
  e: 512,
  f: 4 * 512,
  h: 8,
  depth: 12,
  vocab: 32000,
  denseBiases: true,
  postNorm: true,
} as const satisfies ModelSpec;

/** What Llama, Mixtral and Qwen3 share: SwiGLU MLPs, RMSNorm, no biases, no dropout in pre-training. */
const MODERN = { mlp: 'swiglu', norm: 'rmsnorm', bias: false, dropout: false } as const;

export interface ModelPreset {
  readonly id: ModelPresetId;
  readonly label: string;
  readonly source: string;
  readonly spec: ModelSpec;
}

export const MODEL_PRESETS: Readonly<Record<ModelPresetId, ModelPreset>> = {
  'gpt3-175b': {
    id: 'gpt3-175b',
    label: 'GPT-3 175B',
    source: 'reference models.py `gpt3`; Brown et al. 2020',
    spec: { l: 2048, e: 12288, f: 4 * 12288, h: 96, depth: 96 },
  },
  'gpt3-1t': {
    id: 'gpt3-1t',
    label: 'GPT3-1T',
    source: 'reference models.py `gpt3_1T`; the paper §4',
    spec: { l: 2048, e: 25600, f: 4 * 25600, h: 160, depth: 128 },
  },
  'vit-era5': {
    id: 'vit-era5',
    label: 'ViT-ERA5 (weather, 64,800-token images)',
    source: 'reference models.py `vit_era5`; the paper §4',
    spec: { l: 64800, e: 12288, f: 4 * 12288, h: 64, depth: 48 },
  },
  'gpt3-175b-vocab': {
    id: 'gpt3-175b-vocab',
    label: 'GPT-3 175B with its vocabulary',
    source:
      'Brown et al. 2020 (arXiv 2005.14165) Table 2.1 for the layers; the GPT-2 BPE vocabulary of 50,257 ' +
      'tokens (Radford et al. 2019), input embedding and output layer tied as in GPT-2',
    // The paper's GPT3-175B plus what the reference leaves out: the vocabulary, its tied embedding and
    // LM head, and the final LayerNorm (174.6 B with them; the learned position embeddings, 25 M, are
    // not modelled). Otherwise the paper's architecture: biases, LayerNorm, GELU, dropout.
    spec: { l: 2048, e: 12288, f: 4 * 12288, h: 96, depth: 96, vocab: 50257, tiedEmbeddings: true },
  },
  'llama3.1-8b': {
    id: 'llama3.1-8b',
    label: 'Llama 3.1 8B',
    source:
      'meta-llama/Llama-3.1-8B config.json; Llama 3 Herd of Models (arXiv 2407.21783) Table 3 and §3.4 ' +
      '(pre-training on 8,192-token sequences)',
    spec: {
      l: 8192,
      // hidden_size, intermediate_size, num_attention_heads, num_key_value_heads, num_hidden_layers.
      e: 4096,
      f: 14336,
      h: 32,
      kvHeads: 8,
      depth: 32,
      // hidden_act silu (SwiGLU), rms_norm_eps, mlp_bias / attention_bias false, no dropout.
      ...MODERN,
      // vocab_size; tie_word_embeddings false.
      vocab: 128256,
      tiedEmbeddings: false,
    },
  },
  'llama3.1-70b': {
    id: 'llama3.1-70b',
    label: 'Llama 3.1 70B',
    source: 'meta-llama/Llama-3.1-70B config.json; Llama 3 Herd of Models (arXiv 2407.21783) Table 3',
    spec: {
      l: 8192,
      e: 8192,
      f: 28672,
      h: 64,
      kvHeads: 8,
      depth: 80,
      ...MODERN,
      vocab: 128256,
      tiedEmbeddings: false,
    },
  },
  'llama3.1-405b': {
    id: 'llama3.1-405b',
    label: 'Llama 3.1 405B',
    source: 'meta-llama/Llama-3.1-405B config.json; Llama 3 Herd of Models (arXiv 2407.21783) Table 3',
    spec: {
      l: 8192,
      e: 16384,
      f: 53248,
      h: 128,
      kvHeads: 8,
      depth: 126,
      ...MODERN,
      vocab: 128256,
      tiedEmbeddings: false,
    },
  },
  'mixtral-8x7b': {
    id: 'mixtral-8x7b',
    label: 'Mixtral 8x7B',
    source:
      'mistralai/Mixtral-8x7B-v0.1 config.json; Jiang et al. 2024 (arXiv 2401.04088) Table 1. Sequence ' +
      'length 4,096 is a planning choice: the paper states a 32k training context but no schedule',
    spec: {
      l: 4096,
      e: 4096,
      // intermediate_size: the width of each expert; the model has no dense MLP layer.
      f: 14336,
      h: 32,
      kvHeads: 8,
      depth: 32,
      ...MODERN,
      vocab: 32000,
      tiedEmbeddings: false,
      // num_local_experts, num_experts_per_tok.
      moe: { experts: 8, topK: 2, expertF: 14336, sharedExpertF: 0, denseLayers: 0 },
    },
  },
  'mixtral-8x22b': {
    id: 'mixtral-8x22b',
    label: 'Mixtral 8x22B',
    source:
      'mistralai/Mixtral-8x22B-v0.1 config.json (141 B total, 39 B active: mistral.ai/news/mixtral-8x22b). ' +
      'Sequence length 4,096 is a planning choice, as for Mixtral 8x7B',
    spec: {
      l: 4096,
      e: 6144,
      f: 16384,
      h: 48,
      kvHeads: 8,
      depth: 56,
      ...MODERN,
      vocab: 32768,
      tiedEmbeddings: false,
      moe: { experts: 8, topK: 2, expertF: 16384, sharedExpertF: 0, denseLayers: 0 },
    },
  },
  'qwen3-30b-a3b': {
    id: 'qwen3-30b-a3b',
    label: 'Qwen3 30B-A3B',
    source:
      'Qwen/Qwen3-30B-A3B config.json; Qwen3 Technical Report (arXiv 2505.09388) Table 2 and §3.2 ' +
      '(general and reasoning pre-training stages on 4,096-token sequences)',
    spec: {
      l: 4096,
      e: 2048,
      // intermediate_size (unused: every layer is MoE, mlp_only_layers empty, decoder_sparse_step 1).
      f: 6144,
      h: 32,
      kvHeads: 4,
      // head_dim: 128, so Q is 4,096 wide on a 2,048-wide model.
      headDim: 128,
      depth: 48,
      ...MODERN,
      vocab: 151936,
      tiedEmbeddings: false,
      // num_experts, num_experts_per_tok, moe_intermediate_size; no shared expert.
      moe: { experts: 128, topK: 8, expertF: 768, sharedExpertF: 0, denseLayers: 0 },
    },
  },
  'qwen3-235b-a22b': {
    id: 'qwen3-235b-a22b',
    label: 'Qwen3 235B-A22B',
    source: 'Qwen/Qwen3-235B-A22B config.json; Qwen3 Technical Report (arXiv 2505.09388) Table 2 and §3.2',
    spec: {
      l: 4096,
      e: 4096,
      f: 12288,
      h: 64,
      kvHeads: 4,
      headDim: 128,
      depth: 94,
      ...MODERN,
      vocab: 151936,
      tiedEmbeddings: false,
      moe: { experts: 128, topK: 8, expertF: 1536, sharedExpertF: 0, denseLayers: 0 },
    },
  },
  'nemotron-4-340b': {
    id: 'nemotron-4-340b',
    label: 'Nemotron-4 340B',
    source:
      'nvidia/Nemotron-4-340B-Base model_config.yaml; Nemotron-4 340B Technical Report (arXiv 2406.11704) ' +
      '§2.1 and Table 1 (9.4 B embedding, 331.6 B other parameters; 4,096-token sequences)',
    spec: {
      l: 4096,
      // hidden_size, ffn_hidden_size, num_attention_heads, num_query_groups, num_layers.
      e: 18432,
      f: 73728,
      h: 96,
      kvHeads: 8,
      depth: 96,
      // activation squared-relu (two matrices), normalization layernorm1p (gain and bias), bias false,
      // hidden_dropout / attention_dropout 0.
      mlp: 'relu2',
      norm: 'layernorm',
      bias: false,
      dropout: false,
      // padded vocabulary; share_embeddings_and_output_weights false.
      vocab: 256000,
      tiedEmbeddings: false,
    },
  },
  'transformer-wmt14': {
    id: 'transformer-wmt14',
    label: 'Transformer (WMT14 baseline, 60.5 M)',
    source:
      'github.com/LuCeHe/anthe_official train.py and neural_models_tf/transformer.py with ' +
      '`--comments=sameemb_projectoutput` (its README: the Transformer); Herranz-Celotti & Rrapaj, arXiv 2305.10991',
    spec: {
      ...WMT14,
      // `sameemb`: the decoder uses the encoder's embedding; `projectoutput`: the output layer is its transpose.
      tiedEmbeddings: true,
      encoder: { depth: 6, l: 100, sharedEmbeddings: true },
    },
  },
  'anthe-wmt14': {
    id: 'anthe-wmt14',
    label: 'Anthe (WMT14, 30.7 M)',
    source:
      'github.com/LuCeHe/anthe_official neural_models_tf/transformer.py `Anthe` ' +
      '(`geglu_gateattention_hsoftpos:2_tcffn:.005_tcpreatt:.07_tclength:2`) on the train.py sizes; ' +
      'Herranz-Celotti & Rrapaj, arXiv 2305.10991',
    spec: {
      ...WMT14,
      // No `sameemb` or `projectoutput`: an H-SoftPOS per stack and a Dense output layer with its bias.
      tiedEmbeddings: false,
      encoder: { depth: 6, l: 100, sharedEmbeddings: false },
      // `GEGLU`: 2 * d_point_wise_ff // 3 wide.
      mlp: 'geglu',
      f: Math.floor((2 * 4 * 512) / 3),
      kgv: true,
      tc: { ffn: { ratio: 0.005, length: 2 }, attn: { ratio: 0.07, length: 2 } },
      hsoftpos: 2,
    },
  },
};

/** The GPU counts the reference sweeps: 4 to 16384 in powers of two. */
export const PAPER_GPU_COUNTS = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** The paper's global batch size (sequences per step). */
export const PAPER_GLOBAL_BATCH = 4096;
