/**
 * torchtitan's memory recipe (spec.ts `Framework`; training.ts, step.ts): per-op selective checkpointing,
 * torchao float8 keeping bf16 inputs, its fp32 loss (eager, vocabulary-parallel, compiled) and FSDP2's
 * gathered weights, each against the formula it models; a scenario without a framework is Megatron's.
 */
import { describe, expect, it } from 'vitest';
import { modelLayers } from '../../src/model/blocks.ts';
import { trainingSchema } from '../../src/model/schema.ts';
import { evaluate, evaluateBlocks, tensorLayout, type Scenario } from '../../src/model/evaluate.ts';
import {
  architecture,
  type Framework,
  type ModelSpec,
  type ParallelConfig,
  type TrainingSpec,
} from '../../src/model/spec.ts';
import {
  dpBwdCollectives,
  newStepScratch,
  stepMemory,
  stepTime,
  type BlockSummary,
  type ModelSummary,
  type StepLayout,
} from '../../src/model/step.ts';
import { prepareMachine } from '../../src/model/system.ts';
import {
  CAUSAL_SHARE,
  EAGER_BYTES,
  attentionInputs,
  attentionMachine,
  eagerLayer,
  recipeMachine,
  sdpaAttention,
  torchtitanSelective,
  trainLayer,
  withFloat8Casts,
  withFloat8Gathers,
} from '../../src/model/training.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { RUN_SYSTEMS } from '../../src/presets/runSystems.ts';

const LLAMA = MODEL_PRESETS['llama3.1-8b'].spec;
const SYSTEM = RUN_SYSTEMS['h100-96gb-500w'].spec;
const es = SYSTEM.element_size;

/** One node of 8 GPUs, FSDP over all of them (tp m1, no pipeline), micro-batch b. */
const config = (m1: number, b: number): ParallelConfig => ({
  dp: 8 / m1,
  tp1: m1,
  tp2: 1,
  pp: 1,
  mbs: b,
  nb: null,
  nvTp1: m1,
  nvTp2: 1,
  nvDp: 8 / m1,
  nvPp: 1,
});

const scenario = (training: TrainingSpec, model: ModelSpec = LLAMA): Scenario => ({
  model,
  system: SYSTEM,
  strategy: '1d',
  globalBatchSize: 16,
  options: { flashAttention: true },
  training,
});

/** A dense layer's trained lists and what they keep, for b sequences on m1 tensor-parallel GPUs. */
function trained(model: ModelSpec, t: TrainingSpec, m1: number, b: number) {
  const m = prepareMachine(SYSTEM);
  const x = tensorLayout('1d', config(m1, b));
  const layer = modelLayers(m, model, '1d', x, true).dense;
  if (!layer) throw new Error('no dense layer');
  const a = architecture(model);
  const ops = t.framework ? torchtitanSelective(model, a, b, m1, 1, es) : null;
  const out = trainLayer(layer.mlp, layer.sa, t, attentionInputs(model, a, b, m1, 1, es), ops);
  const kept = [...out.mlp, ...out.sa].reduce((s, l) => s + l.activationBuffer, 0);
  return { layer, out, kept };
}

const TT: TrainingSpec = { recompute: 'selective', zero: 3, precision: 'bf16', framework: 'torchtitan' };

describe("torchtitan's per-op selective checkpointing", () => {
  it('keeps the block input, Q, V, SDPA output and log-sum-exp, the gate and down projections', () => {
    const b = 2;
    const tokens = b * LLAMA.l;
    const { h, e, f } = LLAMA;
    const kv = LLAMA.kvHeads as number;
    const q = e / h;
    // mm 1, 3, 5, 7 of wq wk wv wo w1 w3 w2; SDPA's bf16 output and fp32 log-sum-exp per head.
    const perToken = e + h * q + kv * q + h * q + 2 * h + f + e;
    expect(trained(LLAMA, TT, 1, b).kept).toBeCloseTo(tokens * perToken * es, 12);
  });

  it('counts matmuls in forward order: without a gate the up projection is kept and the down one is not', () => {
    const gelu: ModelSpec = { ...LLAMA, mlp: 'gelu' };
    const ops = torchtitanSelective(gelu, architecture(gelu), 1, 1, 1, es);
    const tokens = gelu.l;
    expect(ops.keep['fc1']).toBeCloseTo(tokens * gelu.f * es, 12);
    expect(ops.keep['fc2']).toBe(0);
    // Gated: w1 kept, w3 redone (half of fc1), w2 kept.
    const gated = torchtitanSelective(LLAMA, architecture(LLAMA), 1, 1, 1, es);
    expect(gated.redo['fc1']).toBe(0.5);
    expect(gated.keep['fc2']).toBeCloseTo(tokens * LLAMA.e * es, 12);
  });

  it('keeps the reduce-scatter outputs under tensor parallelism, sequence-sharded', () => {
    const one = torchtitanSelective(LLAMA, architecture(LLAMA), 2, 1, 1, es);
    const tp = torchtitanSelective(LLAMA, architecture(LLAMA), 2, 8, 1, es);
    const tokens = 2 * LLAMA.l;
    // wo is not kept; its reduce-scatter output is: 1/8 of the tokens at full width.
    expect(one.keep['vproj']).toBe(0);
    expect(tp.keep['vproj']).toBeCloseTo((tokens / 8) * LLAMA.e * es, 12);
    expect(tp.keep['fc2']).toBeCloseTo(tokens * LLAMA.e * es + (tokens / 8) * LLAMA.e * es, 12);
  });

  it("redoes K's share of the QKV projection and the up projection, not the attention kernel", () => {
    const { layer, out } = trained(LLAMA, TT, 1, 2);
    const kv = LLAMA.kvHeads as number;
    const share = kv / (LLAMA.h + 2 * kv);
    const find = (name: string, list: typeof out.sa) => list.find((l) => l.name === name);
    const before = find('qkv', layer.sa);
    const after = find('qkv', out.sa);
    expect(after?.flopsBwd).toBeCloseTo((before?.flopsBwd ?? 0) + share * (before?.flopsFwd ?? 0), 6);
    expect(find('fusedla', out.sa)?.flopsBwd).toBe(find('fusedla', layer.sa)?.flopsBwd);
  });

  it("is Megatron's attention-core recomputation without the framework", () => {
    const { framework: _tt, ...plain } = TT;
    const megatron = trained(LLAMA, plain, 1, 2);
    const torchtitan = trained(LLAMA, TT, 1, 2);
    // Megatron's selective with flash attention keeps nearly every activation; torchtitan's about 40%.
    expect(torchtitan.kept).toBeLessThan(0.5 * megatron.kept);
  });
});

describe("torchtitan's full activation checkpointing", () => {
  const FULL: TrainingSpec = { ...TT, recompute: 'full' };
  const { framework: _tt, ...MEGATRON_FULL } = FULL;
  const rows = (t: TrainingSpec, m1: number) => {
    const { layer, out, kept } = trained(LLAMA, t, m1, 2);
    const all = [...out.mlp, ...out.sa];
    const find = (name: string) => all.find((l) => l.name === name);
    const plain = (name: string) => [...layer.mlp, ...layer.sa].find((l) => l.name === name);
    return { find, plain, kept, rebuilt: out.rebuilt, all };
  };

  it('does not redo the down projection nor its reduce-scatter; Megatron redoes the whole layer', () => {
    const tt = rows(FULL, 8);
    const fc2 = tt.plain('fc2');
    expect(fc2?.commFwd.length).toBeGreaterThan(0);
    expect(tt.find('fc2')?.flopsBwd).toBe(fc2?.flopsBwd);
    expect(tt.find('fc2')?.commBwd).toEqual(fc2?.commBwd);
    expect(tt.find('fc2')?.recomputed).toBe(false);
    const mg = rows(MEGATRON_FULL, 8);
    expect(mg.find('fc2')?.flopsBwd).toBe((fc2?.flopsBwd ?? 0) + (fc2?.flopsFwd ?? 0));
    expect(mg.find('fc2')?.recomputed).toBe(true);
  });

  it("redoes the block's input norm with its all-gather; Megatron keeps it", () => {
    const tt = rows(FULL, 8);
    const ln1 = tt.plain('ln1');
    expect(ln1?.commFwd.length).toBeGreaterThan(0);
    expect(tt.find('ln1')?.commBwd).toEqual([...(ln1?.commFwd ?? []), ...(ln1?.commBwd ?? [])]);
    expect(tt.find('ln1')?.flopsBwd).toBe((ln1?.flopsBwd ?? 0) + (ln1?.flopsFwd ?? 0));
    expect(rows(MEGATRON_FULL, 8).find('ln1')?.flopsBwd).toBe(ln1?.flopsBwd);
  });

  it('redoes less work than Megatron by the down projection less the norm; memory the same', () => {
    const tt = rows(FULL, 8);
    const mg = rows(MEGATRON_FULL, 8);
    const bwd = (r: typeof tt) => r.all.reduce((s, l) => s + l.flopsBwd, 0);
    const fc2 = tt.plain('fc2')?.flopsFwd ?? 0;
    const ln1 = tt.plain('ln1')?.flopsFwd ?? 0;
    expect(fc2).toBeGreaterThan(ln1);
    expect(bwd(mg) - bwd(tt)).toBeCloseTo(fc2 - ln1, 9);
    expect(tt.kept).toBe(mg.kept);
    expect(tt.rebuilt).toBe(mg.rebuilt);
    // Under float8 the down projection's casts are not redone either.
    const fp8 = trained(LLAMA, { ...FULL, precision: 'fp8' }, 8, 2);
    const cast = withFloat8Casts(fp8.layer.mlp).find((l) => l.name === 'fc2-cast');
    const castAfter = trainLayer(
      withFloat8Casts(fp8.layer.mlp),
      fp8.layer.sa,
      { ...FULL, precision: 'fp8' },
      0,
    ).mlp.find((l) => l.name === 'fc2-cast');
    expect(castAfter?.memBwd).toBe(cast?.memBwd);
  });
});

describe("torchtitan's float8, loss and FSDP2", () => {
  const acts = (t: TrainingSpec, m1 = 1) => evaluate(scenario(t), config(m1, 2)).totals.acts_mem;

  it('float8 keeps the activations of bf16 (torchao saves the high-precision inputs); TE halves them', () => {
    for (const recompute of ['none', 'selective', 'full'] as const) {
      const t: TrainingSpec = { recompute, zero: 3, precision: 'bf16', framework: 'torchtitan' };
      expect(acts({ ...t, precision: 'fp8' })).toBe(acts(t));
    }
    const megatron: TrainingSpec = { recompute: 'none', zero: 3, precision: 'bf16' };
    expect(acts({ ...megatron, precision: 'fp8' })).toBeLessThan(acts(megatron));
  });

  const head = (framework: Framework | undefined, m1: number) => {
    const t: TrainingSpec = {
      recompute: 'none',
      zero: 1,
      precision: 'bf16',
      ...(framework ? { framework } : {}),
    };
    const s = scenario(t);
    const blocks = evaluateBlocks(prepareMachine(SYSTEM), s, tensorLayout('1d', config(m1, 2)));
    return blocks.head?.summary;
  };

  it('eager: the loss backward holds two more fp32 logits, three under loss parallelism', () => {
    for (const m1 of [1, 2]) {
      const logits = 2 * LLAMA.l * Math.ceil((LLAMA.vocab as number) / m1);
      const h = head('torchtitan', m1);
      expect(head(undefined, m1)?.rebuilt).toBe(0);
      expect(h?.rebuilt).toBeCloseTo((m1 > 1 ? 3 : 2) * logits * 2 * es, 9);
    }
  });

  it('compiled: the bf16 logits are kept and their bf16 gradient is the only extra', () => {
    const logits = 2 * LLAMA.l * (LLAMA.vocab as number);
    const eager = head('torchtitan', 1);
    const fused = head('torchtitan-fused-loss', 1);
    expect((eager?.activations ?? 0) - (fused?.activations ?? 0)).toBeCloseTo(logits * es, 9);
    expect(fused?.rebuilt).toBeCloseTo(logits * es, 9);
  });

  it('FSDP2 keeps the root (embedding, head) and two blocks gathered; ZeRO-3 elsewhere one layer', () => {
    const m = prepareMachine(SYSTEM);
    const blocks = evaluateBlocks(m, scenario(TT), tensorLayout('1d', config(1, 2)));
    const layer = blocks.dense?.summary.weights ?? 0;
    const embed = blocks.embed?.summary.weights ?? 0;
    const head = blocks.head?.summary.weights ?? 0;
    const w = (t: TrainingSpec) => evaluate(scenario(t), config(1, 2)).totals.wts_mem;
    const megatron: TrainingSpec = { ...TT, recompute: 'full' };
    const { framework: _tt, ...plain } = megatron;
    // Megatron-style ZeRO-3 gathers its largest unit once (here the head: vocab x e outweighs a layer).
    expect(w(megatron) - w(plain)).toBeCloseTo(embed + head + 2 * layer - Math.max(layer, embed, head), 9);
  });
});

describe("torchtitan's FSDP2 gradients", () => {
  const layout: StepLayout = {
    globalBatchSize: 8,
    depth: 4,
    pp: 1,
    dp: 8,
    mbs: 1,
    dpGroup: 8,
    dpFast: 1,
    ppFast: 1,
    seqp: 1,
    denseLayers: 4,
    ep: 1,
    edpFast: 1,
    tied: false,
    zero: 3,
    optimizer: 6,
    v: 1,
  };
  const tt: StepLayout = { ...layout, framework: 'torchtitan' };
  // A layer of no compute hides nothing: every collective is exposed whole.
  const block: BlockSummary = {
    tFwd: 0,
    tBwd: 0,
    flops: 0,
    weights: 1,
    activations: 0,
    tComm: 0,
    tComp: 0,
    tMem: 0,
    p2pVolume: 0,
    expertWeights: 0,
    rebuilt: 0,
  };
  const step = (blocks: ModelSummary, l: StepLayout) => {
    const out = newStepScratch();
    stepMemory(blocks, l, out);
    stepTime(prepareMachine(SYSTEM), blocks, l, out);
    return out;
  };

  it("are reduce-scattered in fp32: one more all-gather's worth per layer in the backward", () => {
    expect(dpBwdCollectives(layout)).toBe(2);
    expect(dpBwdCollectives(tt)).toBe(3);
    expect(dpBwdCollectives({ ...tt, zero: 2 })).toBe(2);
    expect(dpBwdCollectives({ ...tt, zero: 1 })).toBe(1);
    for (const blocks of [
      { dense: block, moe: null, embed: null, head: null },
      { dense: block, moe: null, embed: block, head: block },
    ]) {
      const plain = step(blocks, layout);
      const titan = step(blocks, tt);
      expect(titan.dpBwd / plain.dpBwd).toBeCloseTo(1.5, 12);
      expect(titan.dpFwd).toBe(plain.dpFwd);
    }
  });
});

describe("a scenario's framework", () => {
  it('is read from a scenario file, and an unknown one is refused by name', () => {
    expect(trainingSchema().parse({ recompute: 'selective', framework: 'torchtitan' })).toEqual({
      recompute: 'selective',
      zero: 1,
      precision: 'bf16',
      framework: 'torchtitan',
    });
    expect(trainingSchema().parse({})).not.toHaveProperty('framework');
    const bad = trainingSchema().safeParse({ framework: 'deepspeed' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/torchtitan, torchtitan-fused-loss/);
  });
});

describe("torchtitan's kernels and communication", () => {
  const x = tensorLayout('1d', config(8, 2));
  const layer = modelLayers(prepareMachine(SYSTEM), LLAMA, '1d', x, true).dense;
  const named = (name: string) => {
    const l = [...(layer?.mlp ?? []), ...(layer?.sa ?? [])].find((c) => c.name === name);
    if (!l) throw new Error(`no layer ${name}`);
    return l;
  };

  it("eager: RMSNorm and SwiGLU move the eager chain's bytes, the matmuls and collectives are unchanged", () => {
    for (const [name, c] of [
      ['ln1', EAGER_BYTES.norm],
      ['ln2', EAGER_BYTES.norm],
      ['act1', EAGER_BYTES.gated],
    ] as const) {
      const fused = named(name);
      const eager = eagerLayer(fused, true, true);
      expect(eager.memFwd / fused.memFwd).toBeCloseTo(c.fwd / c.fusedFwd, 12);
      expect(eager.memBwd / fused.memBwd).toBeCloseTo(c.bwd / c.fusedBwd, 12);
      expect(eager.commFwd).toBe(fused.commFwd);
      expect(eager.flopsFwd).toBe(fused.flopsFwd);
    }
    expect(eagerLayer(named('fc1'), true, true)).toBe(named('fc1'));
    // LayerNorm and GELU are not the eager code counted: left fused.
    expect(eagerLayer(named('ln1'), false, true)).toBe(named('ln1'));
    expect(eagerLayer(named('act1'), true, false)).toBe(named('act1'));
  });

  it('eager runs are slower than compiled by their norms and activations: HBM time only', () => {
    const t: TrainingSpec = { ...TT, compiled: true };
    const compiled = evaluate(scenario(t), config(1, 2));
    const eager = evaluate(scenario({ ...t, compiled: false }), config(1, 2));
    expect(eager.totals.t).toBeGreaterThan(compiled.totals.t);
    expect(eager.totals.t_comp).toBe(compiled.totals.t_comp);
    expect(eager.totals.mem).toBe(compiled.totals.mem);
    // Without a framework the flag is not read: Megatron's kernels are fused.
    const megatron = { recompute: 'selective', zero: 3, precision: 'bf16' } as const;
    expect(evaluate(scenario({ ...megatron, compiled: false }), config(1, 2)).totals).toEqual(
      evaluate(scenario(megatron), config(1, 2)).totals,
    );
  });

  it('vanilla TP exposes every collective; async TP hides the overlapped fraction; Megatron as fitted', () => {
    const m = prepareMachine({ ...SYSTEM, efficiency: { tpOverlap: 0.4 } });
    expect(recipeMachine(m, TT).tpExposed).toBe(1);
    expect(recipeMachine(m, { ...TT, asyncTp: true }).tpExposed).toBeCloseTo(0.6, 15);
    expect(recipeMachine(m, { recompute: 'none', zero: 1, precision: 'bf16' })).toBe(m);
    const system = { ...SYSTEM, efficiency: { tpOverlap: 0.4 } };
    const at = (t: TrainingSpec) => evaluate({ ...scenario(t), system }, config(8, 2)).totals.t_tp_comm;
    expect(at({ ...TT, asyncTp: true }) / at(TT)).toBeCloseTo(0.6, 12);
  });

  it("rowwise float8 GEMMs run at the rowwise rate, tensorwise ones at FP8's; rowwise defaults to FP8's", () => {
    const m = prepareMachine({ ...SYSTEM, efficiency: { fp8: 0.9, fp8Rowwise: 0.5 } });
    const fp8: TrainingSpec = { ...TT, precision: 'fp8' };
    expect(recipeMachine(m, { ...fp8, fp8Scaling: 'rowwise' }).fp8Rate).toBe(m.fp8RowwiseRate);
    expect(recipeMachine(m, { ...fp8, fp8Scaling: 'tensorwise' }).fp8Rate).toBe(m.fp8Rate);
    expect(m.fp8RowwiseRate / m.fp8Rate).toBeCloseTo(0.5 / 0.9, 12);
    const unset = prepareMachine({ ...SYSTEM, efficiency: { fp8: 0.9 } });
    expect(unset.fp8RowwiseRate).toBe(unset.fp8Rate);
    const system = { ...SYSTEM, efficiency: { fp8: 0.9, fp8Rowwise: 0.5 } };
    const t = (s: TrainingSpec) => evaluate({ ...scenario(s), system }, config(1, 2)).totals.t;
    expect(t({ ...fp8, fp8Scaling: 'rowwise' })).toBeGreaterThan(t({ ...fp8, fp8Scaling: 'tensorwise' }));
  });

  it("float8: each FP8 GEMM's casts are a memory-bound kernel after it, its input cast once", () => {
    const list = withFloat8Casts(layer?.sa ?? []);
    const qkv = named('qkv');
    const cast = list[list.indexOf(qkv) + 1];
    expect(cast?.name).toBe('qkv-cast');
    // X (the gathered input, what the GEMM keeps) and W: amax read, cast read and 1-byte write.
    const x = qkv.activationBuffer;
    const w = qkv.weightsMem;
    const y = qkv.memFwd - x - w;
    expect(cast?.memFwd).toBeCloseTo(2.5 * (x + w), 15);
    expect(cast?.memBwd).toBeCloseTo(2.5 * (x + w) + 3 * y, 15);
    expect(cast?.tensorCores).toBe(false);
    // Rowwise: dY cast along each of its two axes in the backward; the forward's casts the same.
    const rowwise = withFloat8Casts(layer?.sa ?? [], true).find((l) => l.name === 'qkv-cast');
    expect(rowwise?.memFwd).toBe(cast?.memFwd);
    expect(rowwise?.memBwd).toBeCloseTo(2.5 * (x + w) + 5 * y, 15);
    // Non-GEMM layers get none.
    expect(list.filter((l) => l.name.endsWith('-cast')).map((l) => l.name)).toEqual([
      'qkv-cast',
      'vproj-cast',
    ]);
    // In a run: only torchtitan's FP8 pays them, in HBM time.
    const fp8: TrainingSpec = { ...TT, precision: 'fp8', compiled: true };
    const titan = evaluate(scenario(fp8), config(8, 2));
    const megatron = evaluate(scenario({ recompute: 'selective', zero: 3, precision: 'fp8' }), config(8, 2));
    const rows = (e: typeof titan) => e.blocks.flatMap((b) => b.rows).map((r) => r.name);
    expect(rows(titan)).toContain('fc1-cast');
    expect(rows(megatron)).not.toContain('fc1-cast');
    const castBwd = (t: TrainingSpec) =>
      evaluate(scenario(t), config(8, 2))
        .blocks.flatMap((b) => b.rows)
        .find((r) => r.name === 'fc1-cast')?.memBwd ?? 0;
    expect(castBwd({ ...fp8, fp8Scaling: 'rowwise' })).toBeGreaterThan(castBwd(fp8));
  });

  it("tensorwise float8 all-gathers the TP activations in float8: the norms' collectives move half", () => {
    const list = withFloat8Gathers([...(layer?.mlp ?? []), ...(layer?.sa ?? [])]);
    for (const name of ['ln1', 'ln2']) {
      const bf16 = named(name);
      const fp8 = list.find((l) => l.name === name);
      expect(bf16.commFwd.length).toBeGreaterThan(0);
      expect(fp8?.commFwd.map((c) => c.volume)).toEqual(bf16.commFwd.map((c) => c.volume / 2));
      expect(fp8?.commBwd.map((c) => c.volume)).toEqual(bf16.commBwd.map((c) => c.volume / 2));
    }
    // The linears' reduce-scatters stay bf16.
    expect(list.find((l) => l.name === 'vproj')).toBe(named('vproj'));
    // In a run: tensorwise exposes less tensor-parallel time than bf16; rowwise (plain TP) and
    // Megatron's FP8 the same as bf16.
    const tp = (t: TrainingSpec) => evaluate(scenario(t), config(8, 2)).totals.t_tp_comm;
    const bf16 = tp({ ...TT, compiled: true });
    const fp8: TrainingSpec = { ...TT, compiled: true, precision: 'fp8' };
    expect(tp(fp8)).toBeLessThan(bf16);
    expect(tp({ ...fp8, fp8Scaling: 'tensorwise' })).toBe(tp(fp8));
    expect(tp({ ...fp8, fp8Scaling: 'rowwise' })).toBe(bf16);
    const megatron = { recompute: 'selective', zero: 3, precision: 'bf16' } as const;
    expect(tp({ ...megatron, precision: 'fp8' })).toBe(tp(megatron));
  });

  it("SDPA's causal flash kernel does half the attention's FLOPs, at efficiency's attention rate", () => {
    const full = named('fusedla');
    const causal = sdpaAttention(full);
    expect(causal.flopsFwd).toBe(full.flopsFwd * CAUSAL_SHARE);
    expect(causal.flopsBwd).toBe(full.flopsBwd * CAUSAL_SHARE);
    expect(causal.memFwd).toBe(full.memFwd);
    const m = prepareMachine({ ...SYSTEM, efficiency: { attention: 0.4 } });
    expect(attentionMachine(m).tensorRate / m.tensorRate).toBeCloseTo(0.4, 15);
    const unset = prepareMachine(SYSTEM);
    expect(attentionMachine(unset)).toBe(unset);
    // In a run: a slower attention kernel slows torchtitan's attention row and nothing else.
    const t: TrainingSpec = { ...TT, compiled: true };
    const row = (e: ReturnType<typeof evaluate>, name: string) =>
      e.blocks.flatMap((b) => b.rows).find((r) => r.name === name);
    const fast = evaluate(scenario(t), config(1, 2));
    const slow = evaluate(
      { ...scenario(t), system: { ...SYSTEM, efficiency: { attention: 0.4 } } },
      config(1, 2),
    );
    expect(slow.totals.t).toBeGreaterThan(fast.totals.t);
    expect(row(slow, 'fusedla')?.fwd.comp).toBeGreaterThan(row(fast, 'fusedla')?.fwd.comp ?? Infinity);
    expect(row(slow, 'fc1')).toEqual(row(fast, 'fc1'));
    // Megatron's attention (Transformer Engine's kernels) is neither halved nor slowed.
    const megatron = { recompute: 'selective', zero: 3, precision: 'bf16' } as const;
    const at = (efficiency: object) =>
      evaluate({ ...scenario(megatron), system: { ...SYSTEM, efficiency } }, config(1, 2));
    expect(at({ attention: 0.4 }).totals).toEqual(at({}).totals);
    expect(row(fast, 'fusedla')?.flopsFwd).toBe((row(at({}), 'fusedla')?.flopsFwd ?? 0) * CAUSAL_SHARE);
  });

  it('is read from a scenario file, an unknown scaling refused by name', () => {
    const parsed = trainingSchema().parse({
      framework: 'torchtitan',
      compiled: false,
      asyncTp: true,
      fp8Scaling: 'rowwise',
    });
    expect(parsed).toMatchObject({ compiled: false, asyncTp: true, fp8Scaling: 'rowwise' });
    const bad = trainingSchema().safeParse({ fp8Scaling: 'blockwise' });
    expect(bad.error?.issues[0]?.message).toMatch(/tensorwise, rowwise/);
  });
});
