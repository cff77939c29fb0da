// @vitest-environment happy-dom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { seriesDot, xLabel, yLabel } from '../../src/charts/chartStyle.tsx';
import { useSameArray } from '../../src/charts/useSameArray.ts';

// recharts re-runs a chart's selectors for every child whose props changed by reference, so props that
// mean the same must be the same object.
describe('chart props keep their identity while they mean the same', () => {
  it('axis labels and dots', () => {
    expect(xLabel('GPUs')).toBe(xLabel('GPUs'));
    expect(xLabel('GPUs')).not.toBe(xLabel('Memory'));
    expect(yLabel('Speed-up')).toBe(yLabel('Speed-up'));
    expect(seriesDot(3, '#0072B2')).toBe(seriesDot(3, '#0072B2'));
    expect(seriesDot(3, '#0072B2')).toEqual({ r: 3, fill: '#0072B2' });
    expect(seriesDot(2.5, '#0072B2')).toEqual({ r: 2.5, fill: '#0072B2' });
  });

  it('useSameArray returns the earlier array while the elements are equal', () => {
    const first = [4, 8, 16];
    const { result, rerender } = renderHook(({ xs }: { xs: number[] }) => useSameArray(xs), {
      initialProps: { xs: first },
    });
    rerender({ xs: [4, 8, 16] });
    expect(result.current).toBe(first);
    const longer = [4, 8, 16, 32];
    rerender({ xs: longer });
    expect(result.current).toBe(longer);
    rerender({ xs: [4, 8, 16, 64] });
    expect(result.current).toEqual([4, 8, 16, 64]);
  });
});
