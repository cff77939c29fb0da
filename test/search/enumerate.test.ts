import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divisors, placements } from '../../src/search/enumerate.ts';

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
  return out;
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
