import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelStride, linearScale, linearTicks, logScale, logTicks } from '../../../src/charts/plot/scale.ts';

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });

describe('scales', () => {
  it('map the domain ends to the range ends, linear or in the logarithm', () => {
    const x = linearScale(0, 10, 100, 300);
    expect([x(0), x(5), x(10)]).toEqual([100, 200, 300]);
    const y = logScale(1, 1000, 300, 0);
    expect(y(1)).toBe(300);
    expect(y(1000)).toBeCloseTo(0, 9);
    expect(y(10)).toBeCloseTo(200, 9);
  });
});

describe('linearTicks', () => {
  it('reads as people count: 0, 2, 4 ... and 0.1 steps without binary noise', () => {
    expect(linearTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(0, 0.5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(linearTicks(30, 80)).toEqual([30, 40, 50, 60, 70, 80]);
  });

  it('are ascending, evenly spaced round steps inside the domain', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        // Spans a chart can have: not below a millionth, nor vanishing against the values.
        fc.pre(hi - lo > 1e-6 && hi - lo > Math.max(Math.abs(lo), Math.abs(hi)) * 1e-6);
        const ticks = linearTicks(lo, hi);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
        const step = (ticks[1] as number) - (ticks[0] as number);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
        ticks.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(lo - step * 1e-6);
          expect(t).toBeLessThanOrEqual(hi + step * 1e-6);
          if (i > 0) expect(t - (ticks[i - 1] as number)).toBeCloseTo(step, 6);
        });
      }),
    );
  });
});

describe('logTicks', () => {
  it('uses decades when the range spans them, 2× and 5× steps when not, round linear steps at last', () => {
    expect(logTicks(3, 2000)).toEqual([10, 100, 1000]);
    expect(logTicks(20, 800)).toEqual([20, 50, 100, 200, 500]);
    expect(logTicks(110, 180)).toEqual([120, 140, 160, 180]);
  });

  it('takes finer steps when asked for more ticks than the decades give', () => {
    expect(logTicks(10, 700)).toEqual([10, 100]);
    expect(logTicks(10, 700, 3)).toEqual([10, 20, 50, 100, 200, 500]);
    expect(logTicks(1, 2000, 3)).toEqual([1, 10, 100, 1000]);
  });

  it('are at least two ascending values inside any positive range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 1.01, max: 1e6, noNaN: true }),
        (lo, ratio) => {
          const hi = lo * ratio;
          const ticks = logTicks(lo, hi);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          ticks.forEach((t, i) => {
            expect(t).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
            expect(t).toBeLessThanOrEqual(hi * (1 + 1e-9));
            if (i > 0) expect(t).toBeGreaterThan(ticks[i - 1] as number);
          });
        },
      ),
    );
  });
});

describe('labelStride', () => {
  it('labels every k-th tick so labels do not overlap, all of them when there is room', () => {
    expect(labelStride(13, 100, 40)).toBe(1);
    expect(labelStride(13, 15.4, 41.8)).toBe(4);
    expect(labelStride(1, 0, 40)).toBe(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (n, spacing, widest) => {
          const k = labelStride(n, spacing, widest);
          expect(k * spacing).toBeGreaterThanOrEqual(widest + 8 - 1e-9);
          if (k > 1) expect((k - 1) * spacing).toBeLessThan(widest + 8);
        },
      ),
    );
  });
});
