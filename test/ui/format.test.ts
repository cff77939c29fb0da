import { describe, expect, it } from 'vitest';
import { bigCount } from '../../src/ui/format.ts';

describe('bigCount', () => {
  it.each([
    [8_030_261_248, '8.03 B'],
    [46_702_792_704, '46.7 B'],
    [1_007_000_000_000, '1.01 T'],
    [3_190_000, '3.19 M'],
    [12_345, '12.3 k'],
    [950, '950'],
    [0, '0'],
    // Rounding up to the next scale reads as that scale, not "1,000 k".
    [999_600, '1 M'],
    [Number.NaN, '—'],
  ])('%d reads as %s', (v, text) => {
    expect(bigCount(v)).toBe(text);
  });
});
