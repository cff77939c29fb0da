import { describe, expect, it } from 'vitest';
import { PAPER_EFFICIENCY } from '../../src/model/efficiency.ts';
import { evaluate, type Scenario } from '../../src/model/evaluate.ts';
import type { ParallelConfig } from '../../src/model/spec.ts';
import { prepareMachine, type SystemSpec } from '../../src/model/system.ts';
import { collectiveTime, computeTime } from '../../src/model/time.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { SMALL_MODEL } from '../helpers/scenarios.ts';

const H200 = SYSTEM_PRESETS.H200.spec;
const scenario = (system: SystemSpec): Scenario => ({
  model: { ...SMALL_MODEL, vocab: 50257, mlp: 'swiglu', dropout: false },
  system,
  strategy: '1d',
  globalBatchSize: 512,
  options: { flashAttention: true },
});
// Two nodes of eight: tensor parallelism inside the domain, data parallelism across.
const config: ParallelConfig = {
  dp: 4,
  tp1: 4,
  tp2: 1,
  pp: 2,
  mbs: 1,
  nb: null,
  nvTp1: 4,
  nvTp2: 1,
  nvDp: 2,
  nvPp: 1,
};
const withEff = (efficiency: SystemSpec['efficiency']): SystemSpec => ({
  ...H200,
  nvlink_size: 8,
  ...(efficiency ? { efficiency } : {}),
});

describe('efficiency model', () => {
  it("with every field at the paper's constant gives the same numbers, bit for bit, as none", () => {
    const paper = evaluate(scenario(withEff(undefined)), config);
    const explicit = evaluate(scenario(withEff({ ...PAPER_EFFICIENCY, nvlink: 0.7, ib: 0.7 })), config);
    expect(explicit.totals).toEqual(paper.totals);
    expect(prepareMachine(withEff({})).tensorRate).toBe(prepareMachine(H200).tensorRate);
  });

  it('runs large matmuls at the matmul efficiency, small ones further from peak', () => {
    const half = prepareMachine(withEff({ matmul: 0.4 }));
    const paper = prepareMachine(withEff(undefined));
    expect(computeTime(half, 10, true, 1) - 20e-6).toBeCloseTo(
      2 * (computeTime(paper, 10, true, 1) - 20e-6),
      12,
    );
    // At intensity I = I_half a matmul reaches half of its efficiency: it takes twice as long.
    const shaped = prepareMachine(withEff({ matmulHalfIntensity: 100 }));
    const flops = 1; // TFLOP
    const bytes = 10; // GB: 100 FLOP per byte
    expect(computeTime(shaped, flops, true, bytes) - 20e-6).toBeCloseTo(
      2 * (computeTime(paper, flops, true, bytes) - 20e-6),
      12,
    );
    // Vector layers are not matmuls.
    expect(computeTime(shaped, flops, false, bytes)).toBe(computeTime(paper, flops, false, bytes));
  });

  it('slows collectives of small messages: at the half size a collective takes twice its bandwidth term', () => {
    const m = prepareMachine(withEff({ commHalfMB: 64 }));
    const flat = prepareMachine({ ...withEff(undefined), nvlink_latency: 0, ib_latency: 0 });
    const sized = prepareMachine({ ...withEff({ commHalfMB: 64 }), nvlink_latency: 0, ib_latency: 0 });
    expect(collectiveTime(sized, 0.064, 8, 'allgather', 8)).toBeCloseTo(
      2 * collectiveTime(flat, 0.064, 8, 'allgather', 8),
      15,
    );
    expect(collectiveTime(m, 0, 8, 'allgather', 8)).toBe(0);
  });

  it('hides the overlapped fractions of data- and tensor-parallel communication', () => {
    const paper = evaluate(scenario(withEff(undefined)), config).totals;
    const hidden = evaluate(scenario(withEff({ dpOverlap: 1, tpOverlap: 0.5 })), config).totals;
    expect(paper.t_dp_comm).toBeGreaterThan(0);
    expect(hidden.t_dp_comm).toBe(0);
    expect(hidden.t_tp_comm).toBeCloseTo(paper.t_tp_comm / 2, 9);
    expect(hidden.t).toBeLessThan(paper.t);
  });

  it('adds what the framework holds to the memory per GPU, and decides fit on it', () => {
    const paper = evaluate(scenario(withEff(undefined)), config);
    const framework = evaluate(scenario(withEff({ memoryGB: 3, memoryFraction: 0.1 })), config);
    expect(framework.totals.mem).toBeCloseTo(paper.totals.mem * 1.1 + 3, 9);
    const tight = evaluate(
      scenario({ ...withEff({ memoryGB: 3 }), hbm_capacity: paper.totals.mem + 1 }),
      config,
    );
    expect(tight.fits).toBe(false);
  });
});
