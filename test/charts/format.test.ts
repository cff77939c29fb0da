import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { significant, whole } from '../../src/charts/format.ts';

// The formatters replace Intl.NumberFormat('en-US') (whose first use loaded ICU's data during the boot):
// their text must be Intl's, character for character.
const intl3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const intl4 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const intlWhole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Doubles of every magnitude, the halfway cases of 3 and 4 digits, and whole numbers. */
const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc
    .tuple(fc.integer({ min: 100, max: 99999 }), fc.integer({ min: -12, max: 12 }), fc.boolean())
    .map(([m, e, neg]) => (neg ? -1 : 1) * Number(`${m}5e${e}`)),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 2),
  fc.constantFrom(0, -0, 0.5, -0.5, 1.005, 999.5, 9995, 0.0009995, 1e21, 1.2345678901234566e25, 5e-324),
);

describe('number formatting', () => {
  it('writes 3 and 4 significant digits as Intl does', () => {
    fc.assert(
      fc.property(numbers, (v) => {
        expect(significant(v, 3)).toBe(intl3.format(v));
        expect(significant(v, 4)).toBe(intl4.format(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes whole numbers as Intl does, halves away from zero', () => {
    fc.assert(
      fc.property(numbers, (v) => {
        expect(whole(v)).toBe(intlWhole.format(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('examples', () => {
    expect(significant(12345, 3)).toBe('12,300');
    expect(significant(0.012345, 3)).toBe('0.0123');
    expect(significant(-999.5, 3)).toBe('-1,000');
    expect(whole(16384)).toBe('16,384');
    expect(whole(-2.5)).toBe('-3');
  });
});
