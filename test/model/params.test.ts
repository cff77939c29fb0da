/**
 * Parameter counts against the public totals of real models (their Hugging Face config.json fields),
 * the paper's GPT-3 layer formula, monotonicity over the architecture fields, and the planner metrics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import { mfu, tokensPerSecondPerGpu } from '../../src/model/metrics.ts';
import { modelFlopsPerToken, modelParams } from '../../src/model/params.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';

/** Fields every Llama / Mixtral / Qwen3 model shares: no biases, RMSNorm, no dropout, SwiGLU. */
const MODERN = { mlp: 'swiglu', norm: 'rmsnorm', bias: false, dropout: false } as const;

// meta-llama/Llama-3.1-8B config.json.
const LLAMA_8B: ModelSpec = {
  ...MODERN,
  l: 8192,
  e: 4096,
  f: 14336,
  h: 32,
  kvHeads: 8,
  depth: 32,
  vocab: 128256,
};
// meta-llama/Llama-3.1-70B config.json.
const LLAMA_70B: ModelSpec = { ...LLAMA_8B, e: 8192, f: 28672, h: 64, depth: 80 };
// meta-llama/Llama-3.1-405B config.json.
const LLAMA_405B: ModelSpec = { ...LLAMA_8B, e: 16384, f: 53248, h: 128, depth: 126 };
// mistralai/Mixtral-8x7B-v0.1 config.json.
const MIXTRAL_8X7B: ModelSpec = {
  ...MODERN,
  l: 4096,
  e: 4096,
  f: 14336,
  h: 32,
  kvHeads: 8,
  depth: 32,
  vocab: 32000,
  moe: { experts: 8, topK: 2, expertF: 14336, sharedExpertF: 0, denseLayers: 0 },
};
// Qwen/Qwen3-30B-A3B config.json (head_dim 128, moe_intermediate_size 768).
const QWEN3_30B: ModelSpec = {
  ...MODERN,
  l: 4096,
  e: 2048,
  f: 6144,
  h: 32,
  kvHeads: 4,
  headDim: 128,
  depth: 48,
  vocab: 151936,
  moe: { experts: 128, topK: 8, expertF: 768, sharedExpertF: 0, denseLayers: 0 },
};
// Qwen/Qwen3-235B-A22B config.json (head_dim 128, moe_intermediate_size 1536).
const QWEN3_235B: ModelSpec = {
  ...QWEN3_30B,
  e: 4096,
  f: 12288,
  h: 64,
  depth: 94,
  moe: { experts: 128, topK: 8, expertF: 1536, sharedExpertF: 0, denseLayers: 0 },
};

const within = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);

describe('modelParams', () => {
  it('counts Llama 3.1 8B exactly (8,030,261,248, Meta model card)', () => {
    expect(modelParams(LLAMA_8B)).toEqual({ total: 8_030_261_248, active: 8_030_261_248 });
  });

  it('counts Llama 3.1 70B and 405B (70.55 B, 405.85 B)', () => {
    within(modelParams(LLAMA_70B).total, 70.55e9, 0.0005);
    within(modelParams(LLAMA_405B).total, 405.85e9, 0.0005);
  });

  it('counts Mixtral 8x7B: 46.70 B total, 12.88 B active', () => {
    const p = modelParams(MIXTRAL_8X7B);
    within(p.total, 46.7e9, 0.005);
    within(p.active, 12.88e9, 0.005);
  });

  it('counts Qwen3 MoE with head width 128: 30B-A3B and 235B-A22B', () => {
    const small = modelParams(QWEN3_30B);
    within(small.total, 30.53e9, 0.005);
    within(small.active, 3.35e9, 0.005);
    const large = modelParams(QWEN3_235B);
    within(large.total, 235.09e9, 0.005);
    within(large.active, 22.19e9, 0.005);
  });

  it("counts the paper's GPT-3 175B as its layers: 12 e^2 depth + biases and LayerNorms", () => {
    const s = MODEL_PRESETS['gpt3-175b'].spec;
    // Per layer: fc1 bias f, fc2 bias e, attention-output bias e, two LayerNorms of 2e.
    const perLayer = 12 * s.e ** 2 + s.f + 2 * s.e + 2 * 2 * s.e;
    expect(modelParams(s)).toEqual({ total: s.depth * perLayer, active: s.depth * perLayer });
    within(modelParams(s).total, 173.96e9, 0.0005);
    // With its tied 50,257-token vocabulary and final LayerNorm: the 174.6 B of Brown et al. less the
    // learned position embeddings (2,048 x e = 25 M).
    const withVocab = modelParams({ ...s, vocab: 50257, tiedEmbeddings: true }).total;
    expect(withVocab - modelParams(s).total).toBe(50257 * s.e + 2 * s.e);
  });

  it('counts a shared expert, dense first layers and biases as the rules say (a gated fc1 bias is 2f)', () => {
    const s: ModelSpec = {
      l: 8,
      e: 10,
      f: 30,
      h: 2,
      depth: 3,
      mlp: 'gelu',
      norm: 'layernorm',
      bias: true,
      moe: { experts: 4, topK: 2, expertF: 7, sharedExpertF: 5, denseLayers: 1 },
    };
    const attention = 4 * 10 * 10 + 10;
    const norms = 2 * 2 * 10;
    const dense = attention + norms + 2 * 10 * 30 + 30 + 10;
    // Experts, routed or shared, carry no biases.
    const moe = (k: number) => attention + norms + k * 2 * 10 * 7 + 10 * 4 + 2 * 10 * 5;
    expect(modelParams(s)).toEqual({ total: dense + 2 * moe(4), active: dense + 2 * moe(2) });
  });

  const model: fc.Arbitrary<ModelSpec> = fc
    .record({
      h: fc.constantFrom(4, 8, 16, 32),
      q: fc.constantFrom(32, 64, 128),
      kvDiv: fc.constantFrom(1, 2, 4),
      depth: fc.integer({ min: 1, max: 64 }),
      f: fc.integer({ min: 1, max: 1 << 15 }),
      mlp: fc.constantFrom('gelu', 'swiglu', 'geglu', 'relu2'),
      norm: fc.constantFrom('layernorm', 'rmsnorm'),
      bias: fc.boolean(),
      vocab: fc.integer({ min: 0, max: 1 << 18 }),
      tied: fc.boolean(),
      experts: fc.integer({ min: 1, max: 64 }),
      topK: fc.integer({ min: 1, max: 64 }),
      expertF: fc.integer({ min: 1, max: 1 << 13 }),
      sharedExpertF: fc.integer({ min: 0, max: 1 << 13 }),
      dense: fc.integer({ min: 0, max: 64 }),
      withMoe: fc.boolean(),
    })
    .map((r) => ({
      l: 4096,
      e: r.h * r.q,
      f: r.f,
      h: r.h,
      kvHeads: r.h / r.kvDiv,
      depth: r.depth,
      mlp: r.mlp,
      norm: r.norm,
      bias: r.bias,
      vocab: r.vocab,
      tiedEmbeddings: r.tied,
      ...(r.withMoe && {
        moe: {
          experts: r.experts,
          topK: Math.min(r.topK, r.experts),
          expertF: r.expertF,
          sharedExpertF: r.sharedExpertF,
          denseLayers: Math.min(r.dense, r.depth),
        },
      }),
    }));

  it('never lowers the count for more experts or a larger vocabulary', () => {
    fc.assert(
      fc.property(
        model,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 1 << 16 }),
        (s, more, v) => {
          const p = modelParams(s);
          const moe = s.moe ?? { experts: 1, topK: 1, expertF: 64, sharedExpertF: 0, denseLayers: 0 };
          const moreExperts = modelParams({ ...s, moe: { ...moe, experts: moe.experts + more } });
          const base = s.moe ? p : modelParams({ ...s, moe });
          expect(moreExperts.total).toBeGreaterThanOrEqual(base.total);
          expect(moreExperts.active).toBeGreaterThanOrEqual(base.active);
          const bigger = modelParams({ ...s, vocab: (s.vocab ?? 0) + v });
          expect(bigger.total).toBeGreaterThan(p.total);
          expect(bigger.active).toBeGreaterThan(p.active);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts the same with headDim written out as e/h', () => {
    fc.assert(
      fc.property(model, (s) => {
        const written = { ...s, headDim: s.e / s.h };
        expect(modelParams(written)).toEqual(modelParams(s));
        expect(modelFlopsPerToken(written)).toBe(modelFlopsPerToken(s));
      }),
      { numRuns: 100 },
    );
  });

  it('never raises the count for fewer key/value heads', () => {
    fc.assert(
      fc.property(model, (s) => {
        const fewer = { ...s, kvHeads: Math.max(1, (s.kvHeads ?? s.h) / 2) };
        expect(modelParams(fewer).total).toBeLessThanOrEqual(modelParams(s).total);
        expect(modelParams(fewer).active).toBeLessThanOrEqual(modelParams(s).active);
      }),
      { numRuns: 300 },
    );
  });
});

describe('modelFlopsPerToken', () => {
  it('is 6 x matmul weights + 12 depth l h q; the untied input embedding is a gather', () => {
    const s = LLAMA_8B;
    const embedding = 128256 * 4096;
    const attention = 12 * 32 * 8192 * 32 * 128;
    expect(modelFlopsPerToken(s)).toBe(6 * (8_030_261_248 - embedding) + attention);
    // Tied, the one table is the LM head's matmul: counted once, as the untied head was.
    const tied = { ...s, tiedEmbeddings: true };
    expect(modelFlopsPerToken(tied)).toBe(modelFlopsPerToken(s));
  });

  it('counts the active experts only', () => {
    const active = modelParams(MIXTRAL_8X7B).active;
    expect(modelFlopsPerToken(MIXTRAL_8X7B)).toBe(6 * (active - 32000 * 4096) + 12 * 32 * 4096 * 32 * 128);
    // More experts at the same top-k add parameters, not work per token (bar the router's columns).
    const moe = { ...MIXTRAL_8X7B.moe!, experts: 64 };
    const wider = modelFlopsPerToken({ ...MIXTRAL_8X7B, moe });
    expect(wider - modelFlopsPerToken(MIXTRAL_8X7B)).toBe(6 * 32 * 4096 * (64 - 8));
  });
});

describe('planner metrics', () => {
  it('tokens per second per GPU = samples/s x l / GPUs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 1 << 17 }),
        fc.integer({ min: 1, max: 1 << 14 }),
        (throughput, l, gpus) => {
          expect(tokensPerSecondPerGpu(throughput, l, gpus)).toBe((throughput * l) / gpus);
        },
      ),
    );
  });

  it('MFU of the best configuration of a paper scenario is in (0, 1], and evaluate agrees', () => {
    const model = MODEL_PRESETS['gpt3-175b'].spec;
    const system = SYSTEM_PRESETS.B200.spec;
    const request = {
      model,
      system,
      strategy: '1d',
      globalBatchSize: 4096,
      gpus: [64, 1024],
      top: 3,
      options: { flashAttention: true },
    } as const;
    for (const g of searchSweep(request)) {
      const best = g.top[0]!;
      expect(best.mfu).toBeGreaterThan(0);
      expect(best.mfu).toBeLessThanOrEqual(1);
      expect(best.mfu).toBe(mfu(model, system, best.throughput, g.gpus));
      expect(best.tokensPerSecondPerGpu).toBe((best.throughput * model.l) / g.gpus);
      const e = g.best!;
      expect(e.params).toEqual(modelParams(model));
      expect(e.mfu).toBe(best.mfu);
      expect(e.tokensPerSecondPerGpu).toBe(best.tokensPerSecondPerGpu);
      // Model FLOP/s per GPU over the peak, by hand.
      const flops = modelFlopsPerToken(model) * best.tokensPerSecondPerGpu;
      expect(best.mfu).toBeCloseTo(flops / (system.matrix_flops_fp16 * 1e12), 12);
      const again = evaluate(
        { model, system, strategy: '1d', globalBatchSize: 4096, options: { flashAttention: true } },
        best.config,
      );
      expect(structuredClone(again)).toEqual(again);
    }
  });
});
