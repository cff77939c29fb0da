import { describe, expect, it } from 'vitest';
import { configIssues, formatIssue } from '../../src/model/schema.ts';
import type { ParallelConfig, Strategy } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';

// GPT3-1T's 128 layers, with 16 experts so that expert parallelism applies.
const model = {
  ...MODEL_PRESETS['gpt3-1t'].spec,
  moe: { experts: 16, topK: 2, expertF: 4096, sharedExpertF: 0, denseLayers: 0 },
};
const system = systemWithDomain('A100', 8);
const issues = (strategy: Strategy, c: ParallelConfig) =>
  configIssues(model, system, strategy, 4096, c).map(formatIssue);

const oneD: ParallelConfig = {
  dp: 4,
  tp1: 8,
  tp2: 1,
  pp: 16,
  mbs: 1,
  nb: null,
  nvTp1: 8,
  nvTp2: 1,
  nvDp: 1,
  nvPp: 1,
};
const seqp: ParallelConfig = { ...oneD, dp: 2, tp2: 4, nvTp1: 4, nvTp2: 2 };

describe('configIssues: expert parallelism and virtual stages', () => {
  it('accepts ep dividing dp and v dividing the layers per stage, absent or given', () => {
    expect(issues('1d', oneD)).toEqual([]);
    expect(issues('1d', { ...oneD, ep: 4, v: 8 })).toEqual([]);
    expect(issues('1d', { ...oneD, ep: 1, v: 1 })).toEqual([]);
  });

  it('says when ep does not divide the data-parallel degree', () => {
    expect(issues('1d', { ...oneD, ep: 8 })).toEqual([
      'config.ep: expert parallel degree (8) must divide the data parallel degree (4)',
    ]);
  });

  it('under context parallelism, places ep in the data x context parallel group', () => {
    expect(issues('2d-seqp', seqp)).toEqual([]);
    // 4 divides dp x tp2 = 8 but not dp = 2.
    expect(issues('2d-seqp', { ...seqp, ep: 4 })).toEqual([]);
    expect(issues('2d-seqp', { ...seqp, ep: 16 })).toEqual([
      'config.ep: expert parallel degree (16) must divide data x context parallel (2 x 4 = 8)',
    ]);
  });

  it('says when v does not divide the layers per stage', () => {
    expect(issues('1d', { ...oneD, v: 3 })).toEqual([
      'config.v: virtual pipeline stages (3) must divide the layers per stage (8)',
    ]);
    expect(issues('1d', { ...oneD, v: 16 })).toEqual([
      'config.v: virtual pipeline stages (16) must divide the layers per stage (8)',
    ]);
    // With a pipeline degree that does not divide the layers, only that is said.
    expect(issues('1d', { ...oneD, pp: 3, nvPp: 1, v: 5 })).toEqual([
      'config.pp: pipeline degree (3) must divide layers (128)',
    ]);
  });

  it('refuses expert parallelism without experts, or not dividing them', () => {
    const dense = MODEL_PRESETS['gpt3-1t'].spec;
    expect(configIssues(dense, system, '1d', 4096, { ...oneD, ep: 2 }).map(formatIssue)).toEqual([
      'config.ep: expert parallelism (2) needs a model with experts',
    ]);
    const twelve = { ...model, moe: { ...model.moe, experts: 12 } };
    expect(configIssues(twelve, system, '1d', 4096, { ...oneD, ep: 8 }).map(formatIssue)).toContain(
      'config.ep: expert parallel degree (8) must divide the experts (12)',
    );
  });
});
