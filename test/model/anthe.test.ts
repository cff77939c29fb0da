/**
 * Anthe's rules (src/model/anthe.ts) against the official implementation (github.com/LuCeHe/anthe_official,
 * `neural_models_tf/`): each expected core list and bond below is what its `get_tc_kernel` builds for the
 * same widths, ratio and length (the official factorisation and bond formula, run as they are), and the
 * model counts are its Keras layers' weights summed by the rules in the comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainShape, hsoftposParams, slimVariant, tcParams } from '../../src/model/anthe.ts';
import { evaluate, type Evaluation, type Scenario } from '../../src/model/evaluate.ts';
import { modelFlopsPerToken, modelParams } from '../../src/model/params.ts';
import type { ModelSpec, ParallelConfig, Strategy, TensorChain } from '../../src/model/spec.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';
import { anyAnthe } from '../helpers/scenarios.ts';

const tc = (ratio: number, length: 2 | 3 | 4): TensorChain => ({ ratio, length });

describe('tensor chains as the official get_tc_kernel builds them', () => {
  // [input, output, chain, input factors, output factors, bond, parameters]
  const cases: [number, number, TensorChain, number[], number[], number, number][] = [
    [512, 512, tc(0.07, 2), [32, 16], [32, 16], 14, 17920],
    [512, 1365, tc(0.005, 2), [32, 16], [39, 35], 2, 3616],
    [1365, 512, tc(0.005, 2), [39, 35], [32, 16], 2, 3616],
    [512, 512, tc(0.2, 3), [16, 2, 16], [16, 2, 16], 67, 52260],
    [4096, 14336, tc(0.1, 3), [32, 2, 64], [32, 7, 64], 490, 5870200],
    // Length 4 keeps the official operator precedence, which here floors the bond at 2.
    [4096, 14336, tc(0.1, 4), [8, 8, 8, 8], [8, 8, 8, 28], 2, 1088],
    [512, 1365, tc(0.3, 4), [8, 4, 4, 4], [3, 5, 7, 13], 2, 344],
    [4096, 1024, tc(0.5, 4), [8, 8, 8, 8], [8, 8, 4, 4], 51, 254592],
    [32000, 128, tc(0.2, 2), [80, 400], [8, 16], 116, 816640],
    [32000, 512, tc(0.2, 3), [16, 125, 16], [16, 2, 16], 113, 3250106],
    [1000, 1000, tc(0.5, 3), [2, 125, 4], [2, 125, 4], 5, 390725],
    [6, 10, tc(0.5, 3), [2, 3, 1], [2, 5, 1], 2, 70],
    [4096, 14336, tc(0.005, 2), [64, 64], [224, 64], 15, 276480],
  ];
  it.each(cases)('%i x %i at %o', (input, output, chain, inputs, outputs, bond, params) => {
    expect(chainShape(input, output, chain)).toEqual({ inputs, outputs, bond });
    expect(tcParams(input, output, chain)).toBe(params);
  });

  it('a smaller ratio never gives more parameters (any widths, each length)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20000 }),
        fc.integer({ min: 2, max: 20000 }),
        fc.constantFrom(2 as const, 3 as const, 4 as const),
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        (input, output, length, r1, r2) => {
          const [lo, hi] = r1 < r2 ? [r1, r2] : [r2, r1];
          expect(tcParams(input, output, tc(lo, length))).toBeLessThanOrEqual(
            tcParams(input, output, tc(hi, length)),
          );
        },
      ),
    );
  });
});

/** The official WMT14 sizes (train.py): 6 + 6 layers, d_model 512, d_ff 4 x 512, 8 heads, BPE 32,000. */
const WMT14 = { l: 101, e: 512, f: 2048, h: 8, depth: 12, vocab: 32000 } as const;

/** `--comments=sameemb_projectoutput`: Keras Dense layers (biases everywhere), post-norm, one table. */
const TRANSFORMER: ModelSpec = {
  ...WMT14,
  denseBiases: true,
  postNorm: true,
  tiedEmbeddings: true,
  encoder: { depth: 6, l: 100, sharedEmbeddings: true },
};

/** `Anthe`: `geglu_gateattention_hsoftpos:2_tcffn:.005_tcpreatt:.07_tclength:2`. */
const ANTHE: ModelSpec = {
  ...TRANSFORMER,
  tiedEmbeddings: false,
  encoder: { depth: 6, l: 100, sharedEmbeddings: false },
  mlp: 'geglu',
  // GEGLU: 2 * d_ff // 3.
  f: 1365,
  kgv: true,
  tc: { ffn: tc(0.005, 2), attn: tc(0.07, 2) },
  hsoftpos: 2,
};

describe('parameters of the official WMT14 models', () => {
  it('the Transformer baseline', () => {
    const e = 512;
    const mha = 4 * (e * e + e); // w_query, w_key, w_value, ff: Dense(512) with bias
    const ffn = e * 2048 + 2048 + 2048 * e + e; // w_1, w_2
    const encoder = mha + ffn + 2 * 2 * e; // two LayerNorms
    const decoder = 2 * mha + ffn + 3 * 2 * e;
    const table = 32000 * e; // shared by both stacks; the output projection is its transpose
    expect(modelParams(TRANSFORMER).total).toBe(6 * encoder + 6 * decoder + table);
    expect(modelParams(TRANSFORMER).total).toBe(60_522_496);
  });

  it('Anthe', () => {
    const e = 512;
    const qkv = 17920 + e; // TCDense(512) at .07, length 2, with its bias
    const mha = 3 * qkv + e * e + e; // the output projection `ff` stays dense
    const geglu = 2 * (3616 + 1365) + (3616 + e); // w_1, w_3 (512 -> 1365), w_2 (1365 -> 512)
    const encoder = mha + geglu + 2 * 2 * e;
    const decoder = 2 * mha + geglu + 3 * 2 * e;
    // H-SoftPOS at 2 levels: a 32000 x 128 table, one causal Conv1D(128, 3) with bias, two 128 x 128
    // soft positions; one per stack (no `sameemb`).
    const hsoftpos = 32000 * 128 + (3 * 128 * 128 + 128) + 2 * 128 * 128;
    expect(hsoftposParams(32000, e, 2, null)).toBe(hsoftpos);
    const output = e * 32000 + 32000; // Dense(target_vocab_size)
    expect(modelParams(ANTHE).total).toBe(6 * encoder + 6 * decoder + 2 * hsoftpos + output);
    expect(modelParams(ANTHE).total).toBe(30_695_032);
  });

  it('slimVariant of the baseline is Anthe but for the embeddings the baseline shares', () => {
    const slim = slimVariant({
      ...TRANSFORMER,
      tiedEmbeddings: false,
      encoder: { depth: 6, l: 100, sharedEmbeddings: false },
    });
    expect(modelParams(slim).total).toBe(modelParams(ANTHE).total);
  });
});

describe('Anthe options on any model', () => {
  const LLAMA: ModelSpec = {
    l: 8192,
    e: 4096,
    f: 14336,
    h: 32,
    kvHeads: 8,
    depth: 32,
    vocab: 128256,
    mlp: 'swiglu',
    norm: 'rmsnorm',
    bias: false,
    dropout: false,
  };
  const anyModel = fc.record({
    base: fc.constantFrom<ModelSpec>(LLAMA, WMT14, TRANSFORMER, {
      l: 2048,
      e: 6144,
      f: 24576,
      h: 48,
      depth: 48,
    }),
    family: fc.constantFrom('ffn' as const, 'attn' as const, 'embed' as const, 'head' as const),
    length: fc.constantFrom(2 as const, 3 as const, 4 as const),
    r1: fc.double({ min: 0.001, max: 0.9, noNaN: true }),
    r2: fc.double({ min: 0.001, max: 0.9, noNaN: true }),
  });

  it('a smaller ratio never raises parameters and leaves the model FLOPs unchanged', () => {
    fc.assert(
      fc.property(anyModel, ({ base, family, length, r1, r2 }) => {
        const [lo, hi] = r1 < r2 ? [r1, r2] : [r2, r1];
        const at = (ratio: number): ModelSpec => ({ ...base, tc: { [family]: tc(ratio, length) } });
        expect(modelParams(at(lo)).total).toBeLessThanOrEqual(modelParams(at(hi)).total);
        expect(modelFlopsPerToken(at(lo))).toBe(modelFlopsPerToken(base));
      }),
    );
  });

  it('KgV never changes parameters', () => {
    fc.assert(
      fc.property(anyModel, ({ base }) => {
        expect(modelParams({ ...base, kgv: true })).toEqual(modelParams(base));
        expect(modelParams({ ...ANTHE, ...base, kgv: false })).toEqual(
          modelParams({ ...ANTHE, ...base, kgv: true }),
        );
      }),
    );
  });

  it('an encoder of zero layers is no encoder', () => {
    const none = { ...TRANSFORMER, encoder: { depth: 0, l: 100, sharedEmbeddings: false } };
    const { encoder: _, ...decoderOnly } = TRANSFORMER;
    expect(modelParams(none)).toEqual(modelParams(decoderOnly));
  });

  it('each decoder layer costs one attention and one norm more than an encoder layer', () => {
    const at = (k: number) =>
      modelParams({ ...TRANSFORMER, encoder: { depth: k, l: 100, sharedEmbeddings: true } }).total;
    const e = 512;
    expect(at(5) - at(6)).toBe(4 * (e * e + e) + 2 * e);
  });
});

describe('Anthe options in the step model', () => {
  const system = { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 };
  const strategies = fc.constantFrom<Strategy>('1d', '2d', '2d-seqp');
  const scenario = (model: ModelSpec, strategy: Strategy): Scenario => ({
    model,
    system,
    strategy,
    globalBatchSize: 256,
    options: { flashAttention: true },
  });
  /** A valid configuration for 32 GPUs picked by `pick` (the same for models of the same depth). */
  function configOf(
    model: ModelSpec,
    strategy: Strategy,
    pick: number,
    keep: (c: ParallelConfig) => boolean = () => true,
  ): ParallelConfig | null {
    const all = enumerateCandidates({ model, strategy, globalBatchSize: 256, nvlinkSize: 8 }, 32).filter(
      keep,
    );
    return all.length ? (all[pick % all.length] as ParallelConfig) : null;
  }
  const rows = (e: Evaluation) => e.blocks.flatMap((b) => b.rows.map((r) => ({ ...r, per: b.perStage })));
  /** FLOPs of the matmuls and everything else, i.e. of every row but the chains' rebuilds. */
  const workFlops = (e: Evaluation) =>
    rows(e)
      .filter((r) => !r.name.endsWith('-tc'))
      .reduce((sum, r) => sum + (r.flopsFwd + r.flopsBwd) * r.per, 0);
  const dpVolume = (e: Evaluation) => e.dp.commBwd.reduce((sum, c) => sum + c.volume, 0);
  /** Each block's weights per GPU (one layer's, or the embedding's or head's). */
  const blockWeights = (e: Evaluation) =>
    e.blocks.map((b) => [b.block, b.rows.reduce((sum, r) => sum + r.weightsMem, 0)] as const);

  it("a smaller ratio never raises any block's weights, the parameters, optimizer memory or DP gradient volume, nor changes the matmuls", () => {
    fc.assert(
      fc.property(
        strategies,
        anyAnthe(),
        fc.constantFrom('ffn' as const, 'attn' as const, 'embed' as const, 'head' as const),
        fc.constantFrom(2 as const, 3 as const),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.nat(),
        (strategy, model, family, length, r1, r2, pick) => {
          const c = configOf(model, strategy, pick);
          // The whole model on one stage: its totals are the model's, not a peak stage's.
          const flat = configOf(model, strategy, pick, (d) => d.pp === 1);
          fc.pre(c !== null && flat !== null);
          const [lo, hi] = r1 < r2 ? [r1, r2] : [r2, r1];
          const at = (ratio: number, d = c!) =>
            evaluate(scenario({ ...model, tc: { ...model.tc, [family]: tc(ratio, length) } }, strategy), d);
          const small = at(lo);
          const large = at(hi);
          expect(at(lo, flat!).totals.wts_optimizer_states_mem).toBeLessThanOrEqual(
            at(hi, flat!).totals.wts_optimizer_states_mem,
          );
          // Block by block: the totals (weights, optimizer states) are the peak-memory stage's, and a
          // smaller chain can make another stage the peak.
          const largeWeights = blockWeights(large);
          blockWeights(small).forEach(([block, w], i) => {
            expect(block).toBe(largeWeights[i]![0]);
            expect(w).toBeLessThanOrEqual(largeWeights[i]![1] as number);
          });
          expect(small.params.total).toBeLessThanOrEqual(large.params.total);
          expect(dpVolume(small)).toBeLessThanOrEqual(dpVolume(large));
          expect(workFlops(small)).toBe(workFlops(large));
          const { tc: _, ...dense } = model;
          expect(workFlops(small)).toBe(workFlops(evaluate(scenario(dense, strategy), c!)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a tied output layer holds the embedding's chain, not a dense table: one set of cores on one stage", () => {
    const model: ModelSpec = {
      l: 2048,
      e: 6144,
      f: 24576,
      h: 48,
      depth: 8,
      vocab: 32000,
      tiedEmbeddings: true,
    };
    const c = configOf(model, '1d', 0, (d) => d.pp === 1)!;
    const at = (ratio: number) =>
      evaluate(scenario({ ...model, tc: { embed: tc(ratio, 2) } }, '1d'), c).totals.wts_optimizer_states_mem;
    const dense = evaluate(scenario(model, '1d'), c).totals.wts_optimizer_states_mem;
    // The table is 32,000 x 6,144 of the model's 3.6 B parameters: a chain on it saves about 5% of them.
    expect(at(0.01)).toBeLessThan(dense * 0.96);
    expect(at(0.001)).toBeLessThan(at(0.01));
  });

  it('H-SoftPOS unties the output layer: parameters and memory count its own weights, tied or not', () => {
    const model: ModelSpec = { l: 2048, e: 6144, f: 24576, h: 48, depth: 8, vocab: 32000, hsoftpos: 2 };
    const c = configOf(model, '1d', 0, (d) => d.pp === 1)!;
    const at = (tiedEmbeddings: boolean) => evaluate(scenario({ ...model, tiedEmbeddings }, '1d'), c);
    const [tied, untied] = [at(true), at(false)];
    expect(tied.params.total).toBe(untied.params.total);
    expect(tied.totals.wts_mem).toBe(untied.totals.wts_mem);
  });

  it('KgV keeps the weights, adds its gate (FLOPs and one kept activation)', () => {
    fc.assert(
      fc.property(strategies, anyAnthe(), fc.nat(), (strategy, model, pick) => {
        const c = configOf(model, strategy, pick);
        fc.pre(c !== null);
        const off = evaluate(scenario({ ...model, kgv: false }, strategy), c!);
        const on = evaluate(scenario({ ...model, kgv: true }, strategy), c!);
        // Every block's weights per layer are the same: the gate's row holds none. (Not the totals: those
        // are the peak-memory stage's, and KgV's kept activation can make another stage the peak.)
        expect(blockWeights(on)).toEqual(blockWeights(off));
        expect(on.params).toEqual(off.params);
        expect(on.totals.acts_mem).toBeGreaterThan(off.totals.acts_mem);
        expect(rows(on).some((r) => r.name === 'kgv')).toBe(true);
        expect(rows(off).some((r) => r.name === 'kgv')).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('an encoder of no layers is the decoder-only model, number for number', () => {
    fc.assert(
      fc.property(strategies, anyAnthe(), fc.nat(), (strategy, model, pick) => {
        const { encoder: _, ...decoderOnly } = model;
        const none = { ...decoderOnly, encoder: { depth: 0, l: 1024, sharedEmbeddings: false } };
        const c = configOf(decoderOnly, strategy, pick);
        fc.pre(c !== null);
        expect(evaluate(scenario(none, strategy), c!)).toEqual(evaluate(scenario(decoderOnly, strategy), c!));
      }),
      { numRuns: 30 },
    );
  });

  it('the decoder adds cross-attention; a longer source costs it more and the encoder more', () => {
    const model: ModelSpec = { ...TRANSFORMER, depth: 12 };
    const c = configOf(model, '1d', 0)!;
    const at = (l: number) =>
      evaluate(scenario({ ...model, encoder: { depth: 6, l, sharedEmbeddings: true } }, '1d'), c);
    const short = at(100);
    const long = at(400);
    const names = (e: Evaluation, block: string) =>
      e.blocks.find((b) => b.block === block)?.rows.map((r) => r.name) ?? [];
    expect(names(short, 'decoder-attention')).toEqual(
      expect.arrayContaining(['xq', 'xkv', 'xattn', 'xvproj']),
    );
    expect(names(short, 'attention')).not.toContain('xattn');
    expect(long.totals.flops_per_gpu).toBeGreaterThan(short.totals.flops_per_gpu);
    expect(long.pp.commFwd[0]?.volume ?? 0).toBeGreaterThanOrEqual(short.pp.commFwd[0]?.volume ?? 0);
  });

  it('under tensor parallelism each GPU holds the whole cores and rebuilds its shard', () => {
    const model: ModelSpec = { ...SLIM_BIG, tc: { ffn: tc(0.01, 2) } };
    const rebuild = (tp: number) => {
      const c = enumerateCandidates({ model, strategy: '1d', globalBatchSize: 256, nvlinkSize: 8 }, 32).find(
        (x) => x.tp1 === tp,
      )!;
      const e = evaluate(scenario(model, '1d'), c);
      return rows(e).find((r) => r.name === 'fc1-tc')!;
    };
    const one = rebuild(1);
    const four = rebuild(4);
    expect(four.weightsMem).toBe(one.weightsMem);
    expect(four.flopsFwd).toBeLessThan(one.flopsFwd);
    expect(four.commBwd.length).toBe(1);
    expect(one.commBwd.length).toBe(0);
  });

  it("the embedding's and head's rebuilt shards count in peak memory on their stages, the largest once", () => {
    const candidates = (model: ModelSpec) =>
      enumerateCandidates({ model, strategy: '1d', globalBatchSize: 256, nvlinkSize: 8 }, 32);
    for (const family of ['embed', 'head'] as const) {
      const chained: ModelSpec = { ...SLIM_BIG, tc: { [family]: tc(0.2, 2) } };
      // One stage: it holds the embedding, the layers and the head.
      for (const c of candidates(chained).filter((x) => x.pp === 1)) {
        const e = evaluate(scenario(chained, '1d'), c);
        // A rebuild row reads its cores and writes the shard (layers.ts `chainRebuild`).
        const shard = Math.max(
          ...rows(e)
            .filter((r) => r.name.endsWith('-tc'))
            .map((r) => r.memFwd - r.weightsMem),
        );
        expect(shard).toBeGreaterThan(0);
        // The rebuild keeps nothing for the backward: beside the plain table's activations, only the shard.
        const plain = evaluate(scenario(SLIM_BIG, '1d'), c);
        expect(e.totals.acts_mem / (plain.totals.acts_mem + shard)).toBeCloseTo(1, 12);
      }
    }
  });
});

/** A GPT-style layer large enough that tensor parallelism pays. */
const SLIM_BIG: ModelSpec = { l: 2048, e: 4096, f: 16384, h: 32, depth: 8, vocab: 32000 };
