import { describe, expect, it, vi } from 'vitest';
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

describe('number formatters', () => {
  it('never make an Intl.NumberFormat, whose first use loads ICU data on the main thread', async () => {
    vi.resetModules();
    const Original = Intl.NumberFormat;
    let made = 0;
    Intl.NumberFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    } as typeof Original;
    try {
      const ui = await import('../../src/ui/format.ts');
      const charts = await import('../../src/charts/format.ts');
      expect(made).toBe(0);
      expect([ui.sig(12_345), ui.sig(0.012345, 4), ui.count(16_384.4)]).toEqual([
        '12,300',
        '0.01235',
        '16,384',
      ]);
      expect([charts.formatNumber(4.567), charts.formatCount(16_384), charts.formatPercent(0.1234)]).toEqual([
        '4.57',
        '16,384',
        '12.3%',
      ]);
      // Nor when used: the page never loads ICU's number data for them.
      expect(made).toBe(0);
    } finally {
      Intl.NumberFormat = Original;
    }
  });
});
