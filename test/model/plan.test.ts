import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBlocks, tensorLayout, type EvaluatedBlock } from '../../src/model/evaluate.ts';
import { ModelPlan } from '../../src/model/plan.ts';
import type { ModelSpec, Strategy } from '../../src/model/spec.ts';
import { prepareMachine } from '../../src/model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { enumerateCandidates, panelCounts } from '../../src/search/enumerate.ts';
import { anyArchitecture } from '../helpers/scenarios.ts';

const PAPER_MODEL: ModelSpec = { l: 4096, e: 8192, f: 32768, h: 64, depth: 32 };

const summaries = (b: {
  dense: EvaluatedBlock | null;
  moe: EvaluatedBlock | null;
  embed: EvaluatedBlock | null;
  head: EvaluatedBlock | null;
}) => ({
  dense: b.dense?.summary ?? null,
  moe: b.moe?.summary ?? null,
  embed: b.embed?.summary ?? null,
  head: b.head?.summary ?? null,
});

describe('model plans', () => {
  it('give bit for bit the summaries of a full evaluation of every block, for any placement', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.constantFrom(4, 8, 64),
        fc.constantFrom(64, 256, 2048),
        fc.boolean(),
        fc.nat(),
        fc.oneof(fc.constant(PAPER_MODEL), anyArchitecture(PAPER_MODEL)),
        (strategy, preset, nvs, gpus, flash, pick, model) => {
          const system = { ...SYSTEM_PRESETS[preset].spec, nvlink_size: nvs };
          const s = { model, system, strategy, globalBatchSize: 1024, options: { flashAttention: flash } };
          const all = enumerateCandidates({ model, strategy, globalBatchSize: 1024, nvlinkSize: nvs }, gpus);
          fc.pre(all.length > 0);
          const c = all[pick % all.length]!;
          const m = prepareMachine(system);
          const x = tensorLayout(strategy, c);
          const plan = new ModelPlan(m, s, x.b, x.m1, x.m2, x.nb, x.ep);
          const summary = plan.summary(x.t1, x.t2, x.tEp);
          expect(summary).toEqual(summaries(evaluateBlocks(m, s, x)));
          // Each block's pruning floor is never above its time, for this or any other placement, up to
          // rounding (it can equal it, summed in another order; the search's bound keeps a 1e-9 margin).
          for (const key of ['dense', 'moe', 'embed', 'head'] as const) {
            const b = summary[key];
            const floor = plan.floors[key];
            expect(b === null).toBe(floor === null);
            if (b && floor !== null) expect(floor).toBeLessThanOrEqual((b.tFwd + b.tBwd) * (1 + 1e-12));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('built beside another at another panel count or expert degree, equal one built alone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(2, 4, 8, 16),
        fc.constantFrom(1, 2, 4, 8),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(1, 2, 4),
        fc.oneof(fc.constant(PAPER_MODEL), anyArchitecture(PAPER_MODEL)),
        (preset, b, m1, m2, flash, pickA, pickB, ep, model) => {
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
          const sibling = new ModelPlan(m, s, b, m1, m2, nbA, 1);
          const shared = new ModelPlan(m, s, b, m1, m2, nbB, ep, sibling);
          const alone = new ModelPlan(m, s, b, m1, m2, nbB, ep);
          expect(shared.layers).toEqual(alone.layers);
          expect(shared.floors).toEqual(alone.floors);
          for (const [t1, t2, tEp] of [
            [1, 1, 1],
            [m1, 1, 1],
            [1, m2, ep],
            [m1, m2, ep],
          ] as const)
            expect(shared.summary(t1, t2, tEp)).toEqual(alone.summary(t1, t2, tEp));
        },
      ),
      { numRuns: 150 },
    );
  });
});
