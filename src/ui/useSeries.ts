/** The compared systems' results as chart series, memoised on the store's references. */
import { useMemo, useRef } from 'react';
import type { SeriesInput } from '../charts/rows.ts';
import { systemLabel } from '../state/inputs.ts';
import { useApp } from '../state/react.ts';
import { selectGpuList, seriesResults } from '../state/selectors.ts';

/**
 * The series, the same objects (and the same array) for as long as their labels and results are: every
 * edit starts a run and changes the inputs, but until results arrive the charts have nothing new to
 * draw, and a dragged slider should not redraw them on each step.
 */
export function useSeries(): readonly SeriesInput[] {
  const inputs = useApp((s) => s.inputs);
  const series = useApp((s) => s.results.series);
  const last = useRef<readonly SeriesInput[]>([]);
  return useMemo(() => {
    const gpus = selectGpuList(inputs);
    const prev = last.current;
    const next = inputs.systems.map((s, k): SeriesInput => {
      const fresh = {
        key: `s${k}`,
        label: `${k + 1}. ${systemLabel(s)}`,
        results: seriesResults(series[k], gpus),
      };
      const old = prev[k];
      return old && sameSeries(old, fresh) ? old : fresh;
    });
    const same = next.length === prev.length && next.every((s, k) => s === prev[k]);
    if (!same) last.current = next;
    return last.current;
  }, [inputs, series]);
}

function sameSeries(a: SeriesInput, b: SeriesInput): boolean {
  return (
    a.key === b.key &&
    a.label === b.label &&
    a.results.length === b.results.length &&
    a.results.every((r, i) => r === b.results[i])
  );
}
