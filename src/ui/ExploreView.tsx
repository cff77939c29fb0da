/** One system in depth: the answer, how it scales, where the time and memory go, and every layer. */
import { useCallback } from 'react';
import {
  MemoryChart,
  ParetoChart,
  ScalingChart,
  TimeBreakdownChart,
  type TimeMode,
} from '../charts/index.ts';
import type { ParallelConfig } from '../model/spec.ts';
import type { GpuResult } from '../search/search.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { effectiveConfig, effectiveGpus, effectiveResult, resultsStale } from '../state/selectors.ts';
import { selectConfig, selectGpus, setBreakdown } from '../state/store.ts';
import { AfterPaint } from './AfterPaint.tsx';
import { LayerTable } from './LayerTable.tsx';
import { Summary } from './Summary.tsx';
import { TopTable } from './TopTable.tsx';
import { useSeries } from './useSeries.ts';

const NO_RESULTS: readonly GpuResult[] = [];

export function ExploreView() {
  const store = useAppStore();
  const k = useApp((s) => s.view.activeSystem);
  const mode = useApp((s) => s.view.breakdown);
  // The four charts are plain SVG (src/charts/plot), a few ms each, so they render with the results.
  const capacity = useApp((s) => s.inputs.systems[k]?.spec.hbm_capacity ?? 0);
  const series = useSeries();
  const gpus = useApp(effectiveGpus);
  const result = useApp(effectiveResult);
  const selected = useApp(effectiveConfig);
  const stale = useApp(resultsStale);
  const active = series[k] ?? series[0];
  const onSelectGpus = useCallback((n: number) => selectGpus(store, n), [store]);
  const onMode = useCallback((m: TimeMode) => setBreakdown(store, m), [store]);
  const resultGpus = result?.gpus;
  const onSelectConfig = useCallback(
    (c: ParallelConfig) => {
      if (resultGpus !== undefined) selectConfig(store, resultGpus, c);
    },
    [store, resultGpus],
  );
  return (
    <div className="view" data-stale={stale || undefined}>
      <Summary />
      <div className="charts">
        <ScalingChart series={series} selectedGpus={gpus} onSelectGpus={onSelectGpus} />
        <TimeBreakdownChart
          results={active?.results ?? NO_RESULTS}
          mode={mode}
          onModeChange={onMode}
          selectedGpus={gpus}
          onSelectGpus={onSelectGpus}
        />
        <MemoryChart
          results={active?.results ?? NO_RESULTS}
          capacityGB={capacity}
          selectedGpus={gpus}
          onSelectGpus={onSelectGpus}
        />
        <ParetoChart result={result} selected={selected} onSelect={onSelectConfig} />
      </div>
      <AfterPaint ready={result !== undefined}>
        <TopTable />
        <LayerTable />
      </AfterPaint>
    </div>
  );
}
