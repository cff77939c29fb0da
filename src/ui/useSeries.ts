/** The compared systems' results as chart series, memoised on the store's references. */
import { useMemo } from 'react';
import type { SeriesInput } from '../charts/rows.ts';
import { systemLabel } from '../state/inputs.ts';
import { useApp } from '../state/react.ts';
import { selectGpuList, seriesResults } from '../state/selectors.ts';

export function useSeries(): SeriesInput[] {
  const inputs = useApp((s) => s.inputs);
  const series = useApp((s) => s.results.series);
  return useMemo(() => {
    const gpus = selectGpuList(inputs);
    return inputs.systems.map((s, k) => ({
      key: `s${k}`,
      label: `${k + 1}. ${systemLabel(s)}`,
      results: seriesResults(series[k], gpus),
    }));
  }, [inputs, series]);
}
