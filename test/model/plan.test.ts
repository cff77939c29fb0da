import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBlock, tensorLayout } from '../../src/model/evaluate.ts';
import { BlockPlan } from '../../src/model/plan.ts';
import type { Strategy } from '../../src/model/spec.ts';
import { prepareMachine } from '../../src/model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { enumerateCandidates, panelCounts } from '../../src/search/enumerate.ts';

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
          const summary = plan.summary(x.t1, x.t2);
          expect(summary).toEqual(evaluateBlock(m, s, x).summary);
          // The pruning floor is never above the block's time, for this or any other placement, up to
          // rounding (it can equal it, summed in another order; the search's bound keeps a 1e-9 margin).
          expect(plan.timeFloor).toBeLessThanOrEqual((summary.tFwd + summary.tBwd) * (1 + 1e-12));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('built beside a sibling at another panel count, equal one built alone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(2, 4, 8, 16),
        fc.constantFrom(1, 2, 4, 8),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        (preset, b, m1, m2, flash, pickA, pickB) => {
          const model = { l: 4096, e: 8192, f: 32768, h: 64, depth: 32 };
          const system = SYSTEM_PRESETS[preset].spec;
          const s = {
            model,
            system,
            strategy: '2d' as const,
            globalBatchSize: 1024,
            options: { flashAttention: flash },
          };
          const nbs = panelCounts(
            { model, strategy: '2d', globalBatchSize: 1024, nvlinkSize: 8 },
            { tp1: m1, tp2: m2 },
          );
          fc.pre(nbs.length > 1);
          const nbA = nbs[pickA % nbs.length] as number;
          const nbB = nbs[pickB % nbs.length] as number;
          const m = prepareMachine(system);
          const sibling = new BlockPlan(m, s, b, m1, m2, nbA);
          const shared = new BlockPlan(m, s, b, m1, m2, nbB, sibling);
          const alone = new BlockPlan(m, s, b, m1, m2, nbB);
          expect(shared.layers).toEqual(alone.layers);
          expect(shared.timeFloor).toBe(alone.timeFloor);
          for (const [t1, t2] of [
            [1, 1],
            [m1, 1],
            [1, m2],
            [m1, m2],
          ] as const)
            expect(shared.summary(t1, t2)).toEqual(alone.summary(t1, t2));
        },
      ),
      { numRuns: 150 },
    );
  });
});
