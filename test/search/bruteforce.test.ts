import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import type { Precision, Recompute, Strategy, TrainingSpec, ZeroStage } from '../../src/model/spec.ts';
import {
  isPaperChoice,
  trainingValues,
  virtualStages,
  type TrainingChoice,
} from '../../src/model/training.ts';
import { rank, type Point } from '../../src/search/accumulator.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';
import { searchSweep } from '../../src/search/search.ts';
import { SMALL_MODEL, anyAnthe, anyArchitecture, anyPreset, scaledSystem } from '../helpers/scenarios.ts';

/**
 * The search (block plans, memory checks hoisted and pruned, top-k, Pareto front) against the plainest
 * possible one: evaluate every candidate in full, keep what fits, sort.
 */
describe('search equals brute force', () => {
  const paperSizes = [fc.constantFrom(4, 8, 16), fc.constantFrom(8, 32, 64)] as const;
  // Domains and GPU counts beyond powers of two: domains that the groups cannot fill exactly (placed
  // hierarchically), GPU counts with a factor of 3. Domains of 72 are searched in search.scale.test.ts.
  const anySizes = [fc.constantFrom(6, 9, 12), fc.constantFrom(24, 36, 48)] as const;
  it.each([
    ["the paper's architecture", fc.constant(SMALL_MODEL), 60, paperSizes],
    ['any architecture (GQA, gated MLPs, vocabulary, experts ...)', anyArchitecture(), 40, paperSizes],
    ["the paper's architecture, any domain and GPU count", fc.constant(SMALL_MODEL), 20, anySizes],
    ['encoder-decoder models with the Anthe options', anyAnthe(), 6, paperSizes],
  ] as const)(
    'same feasible count, top-k and Pareto front on random small scenarios: %s',
    (_, models, runs, [domains, gpuCounts]) => {
      fc.assert(
        fc.property(
          fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
          anyPreset(),
          domains,
          gpuCounts,
          fc.double({ min: 0.05, max: 1.5, noNaN: true }),
          fc.constantFrom(256, 1536),
          models,
          (strategy, preset, nvs, gpus, capacityScale, batch, model) => {
            const system = scaledSystem(preset, nvs, capacityScale);
            const scenario = {
              model,
              system,
              strategy,
              globalBatchSize: batch,
              options: { flashAttention: true },
            };
            const [r] = searchSweep({ ...scenario, gpus: [gpus], top: 5 });
            const all = enumerateCandidates(
              { model, strategy, globalBatchSize: batch, nvlinkSize: nvs },
              gpus,
            );
            const fit = all
              .map((config) => ({ config, e: evaluate(scenario, config) }))
              .filter((x) => x.e.fits)
              .map((x) => ({ throughput: x.e.throughput, mem: x.e.totals.mem, config: x.config }))
              .sort(rank);
            expect(r!.candidates).toBe(all.length);
            expect(r!.feasible).toBe(fit.length);
            expect(r!.top.map((t) => ({ throughput: t.throughput, mem: t.mem, config: t.config }))).toEqual(
              fit.slice(0, 5),
            );
            // Pareto front by definition: no other candidate at most as much memory and at least as fast.
            const front = fit
              .filter(
                (p) =>
                  !fit.some(
                    (q) =>
                      q !== p &&
                      q.mem <= p.mem &&
                      q.throughput >= p.throughput &&
                      (q.mem < p.mem || q.throughput > p.throughput || rank(q, p) < 0),
                  ),
              )
              .sort((a, b) => a.mem - b.mem);
            expect(r!.front).toEqual(front);
          },
        ),
        { numRuns: runs },
      );
    },
  );

  it('with training settings searched: each configuration with its best option, as trying every option', () => {
    const searchable = <T>(...values: T[]) => fc.constantFrom<T | 'search'>('search', ...values);
    fc.assert(
      fc.property(
        fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
        anyPreset(),
        fc.constantFrom(4, 8),
        fc.constantFrom(8, 16),
        fc.double({ min: 0.02, max: 1, noNaN: true }),
        fc.boolean(),
        fc.record({
          recompute: searchable<Recompute>('none', 'full'),
          zero: searchable<ZeroStage>(1, 3),
          precision: searchable<Precision>('bf16', 'fp8'),
          optimizerBytes: fc.constantFrom(12, 16),
          v: searchable(1, 2),
        }),
        fc.oneof(fc.constant({ ...SMALL_MODEL, depth: 12 }), anyArchitecture({ ...SMALL_MODEL, depth: 12 })),
        (strategy, preset, nvs, gpus, capacityScale, fp8, choice, model) => {
          const base = scaledSystem(preset, nvs, capacityScale);
          const system = fp8 ? { ...base, matrix_flops_fp8: 2 * base.matrix_flops_fp16 } : base;
          const batch = 256;
          const scenario = {
            model,
            system,
            strategy,
            globalBatchSize: batch,
            options: { flashAttention: true },
          };
          const training: TrainingChoice = choice;
          const [r] = searchSweep({ ...scenario, gpus: [gpus], top: 5, training });
          // FP8 is tried where the system has an FP8 rate (the flag's, or a product preset's own).
          const values = trainingValues(training, system.matrix_flops_fp8 !== undefined);
          let candidates = 0;
          let feasible = 0;
          const best: Point[] = [];
          for (const config of enumerateCandidates(
            { model, strategy, globalBatchSize: batch, nvlinkSize: nvs },
            gpus,
          )) {
            let chosen: Point | null = null;
            for (const recompute of values.recompute)
              for (const precision of values.precision)
                for (const zero of values.zero)
                  for (const v of virtualStages(training.v, config.pp, model.depth / config.pp)) {
                    candidates++;
                    const spec: TrainingSpec =
                      training.optimizerBytes === 12
                        ? { recompute, zero, precision }
                        : { recompute, zero, precision, optimizerBytes: training.optimizerBytes };
                    const c = v === 1 ? config : { ...config, v };
                    const e = evaluate({ ...scenario, training: spec }, c);
                    if (!e.fits) continue;
                    feasible++;
                    // A request pinning the paper's settings is the paper's search: no training reported.
                    const p: Point = {
                      throughput: e.throughput,
                      mem: e.totals.mem,
                      config: c,
                      ...(isPaperChoice(training) ? {} : { training: spec }),
                    };
                    // The first of equals (the tie-break order of `trainingValues`) stays.
                    if (
                      !chosen ||
                      p.throughput > chosen.throughput ||
                      (p.throughput === chosen.throughput && p.mem < chosen.mem)
                    )
                      chosen = p;
                  }
            if (chosen) best.push(chosen);
          }
          best.sort(rank);
          expect(r!.candidates).toBe(candidates);
          expect(r!.feasible).toBe(feasible);
          expect(
            r!.top.map((t) => ({
              throughput: t.throughput,
              mem: t.mem,
              config: t.config,
              training: t.training,
            })),
          ).toEqual(best.slice(0, 5));
          // The reported totals are the chosen option's.
          for (const t of r!.top)
            expect(t.totals).toEqual(
              evaluate({ ...scenario, ...(t.training && { training: t.training }) }, t.config).totals,
            );
          const front = best
            .filter(
              (p) =>
                !best.some(
                  (q) =>
                    q !== p &&
                    q.mem <= p.mem &&
                    q.throughput >= p.throughput &&
                    (q.mem < p.mem || q.throughput > p.throughput || rank(q, p) < 0),
                ),
            )
            .sort((a, b) => a.mem - b.mem);
          expect(r!.front).toEqual(front);
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);
});
