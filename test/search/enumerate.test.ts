import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import {
  countCandidates,
  divisors,
  enumerateCandidates,
  placementCount,
  placements,
} from '../../src/search/enumerate.ts';

/** The definition: every ordered nvs = n1 n2 n3 n4 whose factors divide the degrees, or all inside. */
function naive(nvs: number, tp1: number, tp2: number, dp: number, pp: number): number[][] {
  if (tp1 * tp2 * dp * pp <= nvs) return [[tp1, tp2, dp, pp]];
  const out: number[][] = [];
  for (const a of divisors(nvs))
    for (const b of divisors(nvs / a))
      for (const c of divisors(nvs / a / b)) {
        const d = nvs / a / b / c;
        if (tp1 % a === 0 && tp2 % b === 0 && dp % c === 0 && pp % d === 0) out.push([a, b, c, d]);
      }
  return out.length > 0 ? out : naiveFill(nvs, [tp1, tp2, dp, pp]);
}

/** When nothing fills the domain exactly: every a | tp1, b | tp2 ... whose product is the largest <= nvs. */
function naiveFill(nvs: number, groups: readonly number[]): number[][] {
  let all: number[][] = [[]];
  for (const g of groups)
    all = all.flatMap((p) =>
      Array.from({ length: nvs }, (_, i) => i + 1)
        .filter((x) => g % x === 0 && p.reduce((m, y) => m * y, x) <= nvs)
        .map((x) => [...p, x]),
    );
  const fill = (p: number[]) => p.reduce((m, y) => m * y, 1);
  const most = Math.max(...all.map(fill));
  return all.filter((p) => fill(p) === most);
}

describe('NVLink placements', () => {
  it('equal the definition for any degrees, however often asked (the lists are shared)', () => {
    const degree = fc.constantFrom(1, 2, 3, 4, 6, 8, 12, 16, 32, 64, 96, 128, 1024);
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8, 12, 64, 72),
        degree,
        degree,
        degree,
        degree,
        (nvs, a, b, c, d) => {
          expect(placements(nvs, a, b, c, d)).toEqual(naive(nvs, a, b, c, d));
          // Asked again (a cached list), still the same.
          expect(placements(nvs, a, b, c, d)).toEqual(naive(nvs, a, b, c, d));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("are the reference's exact fills whenever the domain and the groups are powers of two", () => {
    const pow = fc.integer({ min: 0, max: 10 }).map((k) => 2 ** k);
    fc.assert(
      fc.property(pow, pow, pow, pow, pow, (nvs, a, b, c, d) => {
        const inside = a * b * c * d <= nvs;
        for (const p of placements(nvs, a, b, c, d))
          expect(p[0] * p[1] * p[2] * p[3]).toBe(inside ? a * b * c * d : nvs);
      }),
    );
  });

  it('fill a domain of 72 as far as the groups allow, tensor-parallel GPUs first in order', () => {
    // 64 GPUs fit inside one rack of 72; 128 in groups of powers of two fill 64 of each rack.
    expect(placements(72, 8, 1, 8, 1)).toEqual([[8, 1, 8, 1]]);
    expect(placements(72, 8, 1, 16, 1)).toEqual([
      [4, 1, 16, 1],
      [8, 1, 8, 1],
    ]);
    // 144 = 8 x 18 fills both racks exactly: the reference's rule.
    expect(placements(72, 8, 1, 18, 1)).toEqual(naive(72, 8, 1, 18, 1));
    expect(placements(72, 8, 1, 18, 1).every((p) => p[0] * p[2] === 72)).toBe(true);
    // Filling most of the domain beats putting the tensor group in first: 2 x 5 of 10, not 4 x 1.
    expect(placements(10, 4, 1, 5, 1)).toEqual([[2, 1, 5, 1]]);
    // Odd groups on a domain of 8 (375 GPUs): 5 of either group is the most that fits.
    expect(placements(8, 5, 1, 75, 1)).toEqual([
      [1, 1, 5, 1],
      [5, 1, 1, 1],
    ]);
  });

  it('equal the definition in domains too large to cache (16,384 GPUs)', () => {
    for (const [a, b, c, d] of [
      [64, 16, 32, 8],
      [128, 128, 2, 1],
      [4, 4, 1024, 4],
      [2, 2, 2, 2],
    ] as const)
      expect(placements(16384, a, b, c, d)).toEqual(naive(16384, a, b, c, d));
  });
});

describe('counted without listing', () => {
  it('placements: as many as the definition lists, for any domain and degrees', () => {
    const degree = fc.constantFrom(1, 2, 3, 4, 5, 6, 8, 9, 12, 16, 25, 27, 32, 64, 75, 96, 128, 1024);
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8, 10, 12, 27, 64, 72, 100, 127),
        degree,
        degree,
        degree,
        degree,
        (nvs, a, b, c, d) => {
          expect(placementCount(nvs, a, b, c, d)).toBe(naive(nvs, a, b, c, d).length);
        },
      ),
      { numRuns: 1500 },
    );
    expect(placementCount(16384, 64, 16, 32, 8)).toBe(naive(16384, 64, 16, 32, 8).length);
  });

  it('candidates: as many as the search is given, whatever the strategy, domain or GPU count', () => {
    const model = MODEL_PRESETS['gpt3-175b'].spec;
    for (const strategy of ['1d', '2d', '2d-seqp'] as Strategy[])
      for (const nvlinkSize of [4, 8, 72])
        for (const n of [8, 24, 96, 375, 1000]) {
          const space = { model, strategy, globalBatchSize: 1536, nvlinkSize };
          const listed = enumerateCandidates(space, n).length;
          expect(countCandidates(space, n), `${strategy} nvs ${nvlinkSize} n ${n}`).toBe(listed);
        }
  });
});
