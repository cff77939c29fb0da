/** An array that keeps its identity while its elements stay the same. */
import { useMemo, useRef } from 'react';
import { gpuTicks } from './rows.ts';

/**
 * `xs`, or the array returned before when it holds the same elements: a chart prop recharts compares
 * by reference (axis ticks) then changes only when its content does, not whenever the data does.
 */
export function useSameArray<T>(xs: readonly T[]): readonly T[] {
  const last = useRef(xs);
  const prev = last.current;
  if (prev !== xs && (prev.length !== xs.length || prev.some((x, i) => !Object.is(x, xs[i]))))
    last.current = xs;
  return last.current;
}

/**
 * The GPU-count ticks of `rows` (see gpuTicks), the same array while the first and last counts stay:
 * results streaming in change the rows, rarely the ticks.
 */
export function useGpuTicks(rows: readonly { readonly gpus: number }[]): readonly number[] {
  return useSameArray(useMemo(() => gpuTicks(rows), [rows]));
}
