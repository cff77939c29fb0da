/** An array that keeps its identity while its elements stay the same. */
import { useRef } from 'react';

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
