import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBlocks, tensorLayout, type EvaluatedBlock } from '../../src/model/evaluate.ts';
import { ModelPlan } from '../../src/model/plan.ts';
import type { ModelSpec, Recompute, Strategy } from '../../src/model/spec.ts';
import { prepareMachine } from '../../src/model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { enumerateCandidates, panelCounts } from '../../src/search/enumerate.ts';
import { anyAnthe, anyArchitecture } from '../helpers/scenarios.ts';

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
  it("a plan's panel floors bound its block times at its panel count and every larger one, any placement", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(1, 2, 4, 8, 16),
        fc.constantFrom(1, 2, 4, 8),
        fc.boolean(),
        fc.constantFrom<Recompute>('none', 'selective', 'full'),
        fc.boolean(),
        fc.oneof(fc.constant(PAPER_MODEL), anyArchitecture(PAPER_MODEL), anyAnthe()),
        (preset, b, m1, m2, flash, recompute, fp8, model) => {
          const system = SYSTEM_PRESETS[preset].spec;
          const s = {
            model,
            system,
            strategy: '2d' as const,
            globalBatchSize: 1024,
            options: { flashAttention: flash },
            training: { recompute, zero: 1 as const, precision: fp8 ? ('fp8' as const) : ('bf16' as const) },
          };
          const nbs = panelCounts(
            { model, strategy: '2d', globalBatchSize: 1024, nvlinkSize: 8 },
            { tp1: m1, tp2: m2 },
          );
          fc.pre(nbs.length > 0);
          const m = prepareMachine(system);
          const plans = nbs.map((nb) => new ModelPlan(m, s, b, m1, m2, nb as number, 1));
          plans.forEach((plan, i) => {
            for (const later of plans.slice(i))
              for (const [t1, t2] of [
                [1, 1],
                [m1, 1],
                [1, m2],
                [m1, m2],
              ] as const) {
                const summary = later.summary(t1, t2);
                for (const key of ['dense', 'moe', 'embed', 'head'] as const) {
                  const block = summary[key];
                  const floor = plan.panelFloors[key];
                  expect(block === null).toBe(floor === null);
                  // Up to rounding, as the floors above.
                  if (block && floor !== null)
                    expect(floor).toBeLessThanOrEqual((block.tFwd + block.tBwd) * (1 + 1e-12));
                }
              }
            // Never above the panel count's own floor: it leaves out the panels' collectives.
            for (const key of ['dense', 'moe', 'embed', 'head'] as const)
              expect(plan.panelFloors[key] ?? 0).toBeLessThanOrEqual(plan.floors[key] ?? 0);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
