import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBlock, tensorLayout } from '../../src/model/evaluate.ts';
import { BlockPlan } from '../../src/model/plan.ts';
import type { Strategy } from '../../src/model/spec.ts';
import { prepareMachine } from '../../src/model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';

describe('block plans', () => {
  it('give bit for bit the summary of a full block evaluation, for any placement', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.constantFrom(4, 8, 64),
        fc.constantFrom(64, 256, 2048),
        fc.boolean(),
        fc.nat(),
        (strategy, preset, nvs, gpus, flash, pick) => {
          const model = { l: 4096, e: 8192, f: 32768, h: 64, depth: 32 };
          const system = { ...SYSTEM_PRESETS[preset].spec, nvlink_size: nvs };
          const s = { model, system, strategy, globalBatchSize: 1024, options: { flashAttention: flash } };
          const all = enumerateCandidates({ model, strategy, globalBatchSize: 1024, nvlinkSize: nvs }, gpus);
          fc.pre(all.length > 0);
          const c = all[pick % all.length]!;
          const m = prepareMachine(system);
          const x = tensorLayout(strategy, c);
          const plan = new BlockPlan(m, s, x.b, x.m1, x.m2, x.nb);
          expect(plan.summary(x.t1, x.t2)).toEqual(evaluateBlock(m, s, x).summary);
        },
      ),
      { numRuns: 300 },
    );
  });
});
