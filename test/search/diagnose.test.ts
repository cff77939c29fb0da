/** Why nothing fits: the rules' counts agree with the enumeration, and the sentence names the rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { SPLIT_RULES, count, diagnose, explainDiagnosis } from '../../src/search/diagnose.ts';
import { forEachLayout } from '../../src/search/enumerate.ts';
import { searchSweep, spaceOf, type SearchRequest } from '../../src/search/search.ts';
import { SMALL_MODEL } from '../helpers/scenarios.ts';

const llama: SearchRequest = {
  model: MODEL_PRESETS['llama3.1-70b'].spec,
  system: systemWithDomain('H200', 8),
  strategy: '1d',
  globalBatchSize: 1536,
  gpus: [1000],
  top: 1,
  options: { flashAttention: true },
  withBest: false,
  front: false,
};

describe('why nothing fits', () => {
  it('counts every split once, and the splits no rule removes are the layouts the search visits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
        fc.integer({ min: 1, max: 600 }),
        fc.constantFrom(256, 1000, 1536),
        fc.constantFrom(8, 72),
        (strategy, n, batch, nvs) => {
          const space = { model: SMALL_MODEL, strategy, globalBatchSize: batch, nvlinkSize: nvs };
          let layouts = 0;
          forEachLayout(space, n, () => layouts++);
          const d = diagnose(space, n, 0, Infinity, 80);
          const removed = SPLIT_RULES.reduce((sum, r) => sum + d.removed[r], 0);
          expect(d.splits - removed).toBe(layouts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says which rule removed every split of 1,000 GPUs, and what to change', () => {
    const [r] = searchSweep(llama);
    expect(r!.top).toEqual([]);
    const d = r!.why!;
    expect(d.candidates).toBe(0);
    // Tensor degrees with a factor 5 miss the 64 heads, pipeline degrees with 25 the 80 layers; every
    // split left gives dp a factor 5, which the batch of 1,536 lacks.
    expect(d.removed.heads + d.removed.layers + d.removed.batch).toBe(d.splits);
    expect(d.removed.batch).toBeGreaterThan(0);
    expect(explainDiagnosis(d)).toMatch(
      /^1,000 GPUs: no split of 1,000 into dp × tp × pp works \(100 tried: \d+ have a tensor-parallel degree that does not divide the 64 heads, \d+ have a pipeline degree that does not divide the 80 layers and \d+ have a data-parallel degree that does not divide the batch of 1,536\); try a GPU count that shares more factors with the batch of 1,536, or another batch\.$/,
    );
  });

  it('says by how much the smallest configuration overflows HBM', () => {
    const small = { ...llama, system: { ...llama.system, hbm_capacity: 20 }, gpus: [8, 64] };
    const results = searchSweep(small);
    for (const r of results) {
      expect(r.top).toEqual([]);
      const d = r.why!;
      expect(d.candidates).toBe(r.candidates);
      expect(d.minMem).toBeGreaterThan(20);
      expect(explainDiagnosis(d)).toMatch(
        new RegExp(
          `^Every configuration at ${r.gpus} GPUs needs more than 20 GB per GPU: the smallest needs [\\d.]+ GB; try more GPUs or a larger HBM\\.$`,
        ),
      );
    }
    // More GPUs shard the model further: the smallest shrinks.
    expect(results[1]!.why!.minMem).toBeLessThan(results[0]!.why!.minMem);
    // And it is the smallest memory of any candidate: with exactly that much HBM, one fits.
    const just = searchSweep({
      ...small,
      gpus: [64],
      system: { ...small.system, hbm_capacity: results[1]!.why!.minMem },
    });
    expect(just[0]!.top.length).toBe(1);
    expect(just[0]!.why).toBeNull();
    expect(spaceOf(small).nvlinkSize).toBe(8);
  });

  it('diagnoses nothing when the request asks for none (the CLI prints no diagnosis), all else the same', () => {
    const small = { ...llama, system: { ...llama.system, hbm_capacity: 20 }, gpus: [8, 1000] };
    const asked = searchSweep(small);
    const none = searchSweep({ ...small, diagnose: false });
    expect(asked.map((r) => r.why === null)).toEqual([false, false]);
    expect(none.map((r) => r.why)).toEqual([null, null]);
    expect(none).toEqual(asked.map((r) => ({ ...r, why: null })));
  });
});

describe('count', () => {
  it("writes an integer as toLocaleString('en-US') does, without Intl", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger()), (n) => {
        expect(count(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
    for (const n of [0, 7, 999, 1000, 16384, 1048576, -1234567])
      expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});
