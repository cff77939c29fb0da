/**
 * The model schema's architecture fields: each rule's message names the field, the value and the rule;
 * an input without them parses to exactly itself; configurations keep whole heads and key/value heads on
 * each tensor-parallel rank.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configIssues, formatIssue, modelSchema, parseWith } from '../../src/model/schema.ts';
import type { ModelSpec, ParallelConfig } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';

const PAPER: ModelSpec = { l: 2048, e: 4096, f: 16384, h: 32, depth: 24 };
const MOE = { experts: 8, topK: 2, expertF: 1024, sharedExpertF: 0, denseLayers: 0 };

/** The issues of parsing `model`, formatted as the CLI prints them. */
function issues(model: unknown): string[] {
  const r = parseWith(modelSchema, model, 'model');
  return r.ok ? [] : r.issues.map(formatIssue);
}

describe('modelSchema', () => {
  it('parses a model without the architecture fields to exactly itself, no defaults added', () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 1, max: 256 }),
          q: fc.integer({ min: 1, max: 512 }),
          l: fc.integer({ min: 1, max: 1 << 20 }),
          f: fc.integer({ min: 1, max: 1 << 20 }),
          depth: fc.integer({ min: 1, max: 1024 }),
        }),
        ({ h, q, l, f, depth }) => {
          const m = { l, e: h * q, f, h, depth };
          const r = parseWith(modelSchema, m);
          expect(r.ok && Object.keys(r.value)).toEqual(['l', 'e', 'f', 'h', 'depth']);
          expect(r.ok && r.value).toEqual(m);
        },
      ),
    );
  });

  it('keeps the architecture fields it is given, and drops unknown ones', () => {
    const llama = MODEL_PRESETS['llama3.1-8b'].spec;
    const r = parseWith(modelSchema, { ...llama, rope: 'yes' });
    expect(r.ok && r.value).toEqual(llama);
    const qwen = MODEL_PRESETS['qwen3-235b-a22b'].spec;
    expect(parseWith(modelSchema, qwen)).toEqual({ ok: true, value: qwen });
  });

  it('names kvHeads that do not fit the heads', () => {
    expect(issues({ ...PAPER, kvHeads: 5 })).toEqual([
      'model.kvHeads: key/value heads (5) must divide heads (32)',
    ]);
    expect(issues({ ...PAPER, kvHeads: 64 })).toEqual([
      'model.kvHeads: key/value heads (64) must not exceed heads (32)',
    ]);
    expect(issues({ ...PAPER, kvHeads: 0 })).toEqual(['model.kvHeads: must be between 1 and 65536 (got 0)']);
    expect(issues({ ...PAPER, kvHeads: 2.5 })).toEqual(['model.kvHeads: must be a whole number (got 2.5)']);
    expect(issues({ ...PAPER, kvHeads: 1 })).toEqual([]);
    expect(issues({ ...PAPER, kvHeads: 32 })).toEqual([]);
  });

  it('lets an explicit head width free the heads from dividing the embedding', () => {
    const qwen = { ...PAPER, e: 2048, h: 48 };
    expect(issues(qwen)).toEqual(['model.h: heads (48) must divide embedding (2048)']);
    expect(issues({ ...qwen, headDim: 128 })).toEqual([]);
    expect(issues({ ...qwen, headDim: 0 })).toEqual(['model.headDim: must be between 1 and 1048576 (got 0)']);
    expect(issues({ ...qwen, headDim: '128' })).toEqual(["model.headDim: must be a number (got '128')"]);
  });

  it('names an MLP or norm outside its list', () => {
    expect(issues({ ...PAPER, mlp: 'silu' })).toEqual([
      "model.mlp: must be one of gelu, swiglu, geglu, relu2 (got 'silu')",
    ]);
    expect(issues({ ...PAPER, norm: 'batchnorm' })).toEqual([
      "model.norm: must be one of layernorm, rmsnorm (got 'batchnorm')",
    ]);
  });

  it('wants true or false for the switches', () => {
    for (const field of ['bias', 'dropout', 'tiedEmbeddings'])
      expect(issues({ ...PAPER, [field]: 'no' })).toEqual([
        `model.${field}: must be true or false (got 'no')`,
      ]);
  });

  it('refuses tensor chains on an embedding or output layer the model does not have as its own', () => {
    const chain = { ratio: 0.1, length: 2 };
    expect(issues({ ...PAPER, tc: { embed: chain, head: chain } })).toEqual([
      'model.tc.embed: a tensor chain on the embedding table needs a vocabulary',
      'model.tc.head: a tensor chain on the output layer needs a vocabulary',
    ]);
    const tied = { ...PAPER, vocab: 32000, tiedEmbeddings: true };
    expect(issues({ ...tied, tc: { head: chain } })).toEqual([
      'model.tc.head: a tied output layer is the embedding table: set the chain on the embedding table, or untie them',
    ]);
    expect(issues({ ...tied, tc: { embed: chain } })).toEqual([]);
    // H-SoftPOS gives the output layer weights of its own, which a chain may replace.
    expect(issues({ ...tied, hsoftpos: 2, tc: { head: chain } })).toEqual([]);
    expect(issues({ ...tied, tiedEmbeddings: false, tc: { embed: chain, head: chain } })).toEqual([]);
  });

  it('wants a whole vocabulary of at least 0', () => {
    expect(issues({ ...PAPER, vocab: 0 })).toEqual([]);
    expect(issues({ ...PAPER, vocab: -1 })).toEqual(['model.vocab: must be between 0 and 16777216 (got -1)']);
    expect(issues({ ...PAPER, vocab: 50257.5 })).toEqual([
      'model.vocab: must be a whole number (got 50257.5)',
    ]);
  });

  it('checks each expert field', () => {
    const moe = (m: object) => issues({ ...PAPER, moe: { ...MOE, ...m } });
    expect(moe({})).toEqual([]);
    expect(moe({ experts: 0 })).toEqual(['model.moe.experts: must be between 1 and 65536 (got 0)']);
    expect(moe({ topK: 1e6 })).toEqual(['model.moe.topK: must be between 1 and 65536 (got 1000000)']);
    expect(moe({ topK: 0 })).toEqual(['model.moe.topK: must be between 1 and 65536 (got 0)']);
    expect(moe({ topK: 9 })).toEqual(['model.moe.topK: experts per token (9) must not exceed experts (8)']);
    expect(moe({ expertF: 0 })).toEqual(['model.moe.expertF: must be between 1 and 4194304 (got 0)']);
    expect(moe({ sharedExpertF: -1 })).toEqual([
      'model.moe.sharedExpertF: must be between 0 and 4194304 (got -1)',
    ]);
    expect(moe({ denseLayers: 25 })).toEqual([
      'model.moe.denseLayers: dense layers (25) must not exceed layers (24)',
    ]);
    expect(moe({ denseLayers: 24 })).toEqual([]);
    expect(issues({ ...PAPER, moe: { experts: 8 } })).toEqual([
      'model.moe.topK: is required',
      'model.moe.expertF: is required',
      'model.moe.sharedExpertF: is required',
      'model.moe.denseLayers: is required',
    ]);
  });
});

describe('configIssues', () => {
  const config: ParallelConfig = {
    dp: 1,
    tp1: 16,
    tp2: 1,
    pp: 1,
    mbs: 1,
    nb: null,
    nvTp1: 1,
    nvTp2: 1,
    nvDp: 1,
    nvPp: 1,
  };
  const check = (m: ModelSpec, c: ParallelConfig = config) =>
    configIssues(m, SYSTEM_PRESETS.B200.spec, '1d', 64, c).map(formatIssue);

  it('wants whole key/value heads on each tensor-parallel GPU', () => {
    expect(check({ ...PAPER, kvHeads: 8 })).toEqual([
      'config.tp1: tensor parallel degree (16) must divide key/value heads (8)',
    ]);
    expect(check({ ...PAPER, kvHeads: 8 }, { ...config, tp1: 8 })).toEqual([]);
    // Multi-head attention reports the heads once, as before.
    expect(check({ ...PAPER, h: 24, e: 24 * 128 })).toEqual([
      'config.tp1: tensor parallel degree (16) must divide heads (24)',
    ]);
  });
});
