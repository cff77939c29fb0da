/**
 * The architecture options beyond the paper (spec.ts `ModelSpec`): each at its default is the paper's
 * model exactly, and each moves the numbers the way its definition says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation, type Scenario } from '../../src/model/evaluate.ts';
import { architecture, type ModelSpec, type ParallelConfig, type Strategy } from '../../src/model/spec.ts';
import { modelParams } from '../../src/model/params.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';
import { anyArchitecture, SMALL_MODEL } from '../helpers/scenarios.ts';

const system = { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 };
const strategies = fc.constantFrom<Strategy>('1d', '2d', '2d-seqp');

function scenario(model: ModelSpec, strategy: Strategy): Scenario {
  return { model, system, strategy, globalBatchSize: 256, options: { flashAttention: true } };
}

/** A valid configuration of `model` for 32 GPUs, picked by `pick`, or null when there is none. */
function configOf(model: ModelSpec, strategy: Strategy, pick: number): ParallelConfig | null {
  const all = enumerateCandidates({ model, strategy, globalBatchSize: 256, nvlinkSize: 8 }, 32);
  return all.length ? (all[pick % all.length] as ParallelConfig) : null;
}

const row = (e: Evaluation, block: string, name: string) =>
  e.blocks.find((b) => b.block === block)?.rows.find((r) => r.name === name);

describe('architecture options', () => {
  it('spelled out at their paper values, change no number', () => {
    fc.assert(
      fc.property(strategies, fc.nat(), fc.boolean(), (strategy, pick, flash) => {
        const c = configOf(SMALL_MODEL, strategy, pick);
        fc.pre(c !== null);
        const paper = { ...scenario(SMALL_MODEL, strategy), options: { flashAttention: flash } };
        const explicit: ModelSpec = {
          ...SMALL_MODEL,
          kvHeads: SMALL_MODEL.h,
          headDim: SMALL_MODEL.e / SMALL_MODEL.h,
          mlp: 'gelu',
          norm: 'layernorm',
          bias: true,
          dropout: true,
          vocab: 0,
          tiedEmbeddings: false,
        };
        expect(evaluate({ ...paper, model: explicit }, c!)).toEqual(evaluate(paper, c!));
      }),
      { numRuns: 60 },
    );
  });

  it('more experts or a larger vocabulary never lower memory per GPU', () => {
    fc.assert(
      fc.property(strategies, anyArchitecture(), fc.nat(), (strategy, model, pick) => {
        const c = configOf(model, strategy, pick);
        fc.pre(c !== null);
        const base = evaluate(scenario(model, strategy), c!).totals.mem;
        const vocab = evaluate(scenario({ ...model, vocab: (model.vocab ?? 0) + 50000 }, strategy), c!);
        expect(vocab.totals.mem).toBeGreaterThanOrEqual(base);
        if (model.moe) {
          const moe = { ...model.moe, experts: model.moe.experts * 2 };
          const more = evaluate(scenario({ ...model, moe }, strategy), c!);
          expect(more.totals.mem).toBeGreaterThanOrEqual(base);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('fewer key/value heads never raise K/V weights, activations or context-parallel traffic', () => {
    fc.assert(
      fc.property(strategies, fc.nat(), fc.constantFrom(1, 2, 4, 8, 16), (strategy, pick, kvHeads) => {
        const gqa = { ...SMALL_MODEL, kvHeads };
        const c = configOf(gqa, strategy, pick);
        fc.pre(c !== null);
        const mha = evaluate(scenario(SMALL_MODEL, strategy), c!);
        const fewer = evaluate(scenario(gqa, strategy), c!);
        const qkv = (e: Evaluation) => row(e, 'attention', 'qkv')!;
        const core = (e: Evaluation) => row(e, 'attention', 'fusedla')!;
        const volume = (e: Evaluation) =>
          [...core(e).commFwd, ...core(e).commBwd].reduce((v, x) => v + x.volume, 0);
        expect(qkv(fewer).weightsMem).toBeLessThanOrEqual(qkv(mha).weightsMem);
        expect(core(fewer).activationBuffer).toBeLessThanOrEqual(core(mha).activationBuffer);
        expect(volume(fewer)).toBeLessThanOrEqual(volume(mha));
        // Attention's FLOPs follow the query heads, not the K/V heads.
        expect(core(fewer).flopsFwd).toBe(core(mha).flopsFwd);
      }),
      { numRuns: 80 },
    );
  });

  it('a gated MLP has three e x f matrices, the paper two', () => {
    const c = configOf(SMALL_MODEL, '1d', 3)!;
    const gelu = evaluate(scenario({ ...SMALL_MODEL, bias: false }, '1d'), c);
    const swiglu = evaluate(scenario({ ...SMALL_MODEL, bias: false, mlp: 'swiglu' }, '1d'), c);
    const weights = (e: Evaluation) =>
      e.blocks.find((b) => b.block === 'mlp')!.rows.reduce((w, r) => w + r.weightsMem, 0);
    const matrix = (SMALL_MODEL.e * SMALL_MODEL.f * 2e-9) / c.tp1;
    expect(weights(swiglu) - weights(gelu)).toBeCloseTo(matrix, 12);
    expect(row(swiglu, 'mlp', 'act1')!.activationBuffer).toBe(2 * row(gelu, 'mlp', 'act1')!.activationBuffer);
  });

  it('a vocabulary puts the embedding on the first stage and the head and loss on the last', () => {
    const model = { ...SMALL_MODEL, vocab: 128256 };
    const c = configOf(model, '1d', 0)!;
    const e = evaluate(scenario(model, '1d'), c);
    expect(e.blocks.map((b) => b.block)).toEqual(['embedding', 'mlp', 'attention', 'head']);
    expect(e.blocks.find((b) => b.block === 'head')!.rows.map((r) => r.name)).toEqual([
      'final-norm',
      'lm-head',
      'loss',
    ]);
    // The loss keeps its fp32 softmax over the local vocabulary shard: b x l x V/tp x 4 bytes.
    const loss = row(e, 'head', 'loss')!;
    expect(loss.activationBuffer).toBeCloseTo(c.mbs * model.l * Math.ceil(model.vocab / c.tp1) * 4e-9, 12);
    // The extra work never makes a step faster.
    expect(e.totals.t).toBeGreaterThan(evaluate(scenario(SMALL_MODEL, '1d'), c).totals.t);
  });

  it('tied embeddings on one stage are one copy of the weights', () => {
    const all = enumerateCandidates(
      { model: SMALL_MODEL, strategy: '1d', globalBatchSize: 256, nvlinkSize: 8 },
      32,
    );
    const c = all.find((x) => x.pp === 1)!;
    const untied = evaluate(scenario({ ...SMALL_MODEL, vocab: 50257 }, '1d'), c).totals;
    const tied = evaluate(scenario({ ...SMALL_MODEL, vocab: 50257, tiedEmbeddings: true }, '1d'), c).totals;
    expect(tied.wts_mem).toBeLessThan(untied.wts_mem);
    expect(untied.wts_mem - tied.wts_mem).toBeCloseTo(Math.ceil(50257 / c.tp1) * SMALL_MODEL.e * 2e-9, 12);
  });

  it('experts: an all-to-all over ep each way in both passes, expert weights shared out over ep', () => {
    const model: ModelSpec = {
      ...SMALL_MODEL,
      moe: { experts: 8, topK: 2, expertF: 4096, sharedExpertF: 0, denseLayers: 0 },
    };
    const all = enumerateCandidates({ model, strategy: '1d', globalBatchSize: 256, nvlinkSize: 8 }, 32);
    const one = all.find((x) => (x.ep ?? 1) === 1 && x.dp >= 4)!;
    const four = all.find(
      (x) => x.ep === 4 && x.dp === one.dp && x.tp1 === one.tp1 && x.pp === one.pp && x.mbs === one.mbs,
    )!;
    const e1 = evaluate(scenario(model, '1d'), one);
    const e4 = evaluate(scenario(model, '1d'), four);
    expect(e4.blocks.map((b) => b.block)).toEqual(['moe', 'attention']);
    const dispatch = row(e4, 'moe', 'dispatch')!;
    expect(dispatch.commFwd.map((x) => [x.type, x.group])).toEqual([['alltoall', 4]]);
    expect(dispatch.commBwd.map((x) => [x.type, x.group])).toEqual([['alltoall', 4]]);
    expect(row(e1, 'moe', 'dispatch')!.commFwd).toEqual([]);
    const fc1 = (e: Evaluation) => row(e, 'moe', 'expert-fc1')!;
    expect(fc1(e4).weightsMem).toBeCloseTo(fc1(e1).weightsMem / 4, 15);
    expect(fc1(e4).flopsFwd).toBe(fc1(e1).flopsFwd);
    expect(e4.totals.mem).toBeLessThan(e1.totals.mem);
  });
});

describe('a model spec', () => {
  it('has its architecture made once (the search asks per layout and block plan), equal to a fresh one', () => {
    fc.assert(
      fc.property(anyArchitecture(), (model) => {
        const a = architecture(model);
        expect(architecture(model)).toBe(a);
        expect(architecture({ ...model })).toEqual(a);
      }),
    );
  });
});

describe('the engine and the parameter count', () => {
  it('agree: on one GPU with one stage, the weights held are the parameters x element size', () => {
    fc.assert(
      fc.property(anyArchitecture(), (model) => {
        const all = enumerateCandidates({ model, strategy: '1d', globalBatchSize: 256, nvlinkSize: 8 }, 8);
        const c = all.find((x) => x.tp1 === 1 && x.pp === 1 && (x.ep ?? 1) === 1);
        fc.pre(c !== undefined);
        const e = evaluate(scenario(model, '1d'), c!);
        expect(e.totals.wts_mem / system.element_size).toBeCloseTo(modelParams(model).total, 0);
      }),
      { numRuns: 100 },
    );
  });
});
