/** One system in depth: the answer, how it scales, where the time and memory go, and every layer. */
import { useCallback, useDeferredValue } from 'react';
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
import { useStages } from './useStages.ts';
import { LayerTable } from './LayerTable.tsx';
import { Summary } from './Summary.tsx';
import { TopTable } from './TopTable.tsx';
import { useSeries } from './useSeries.ts';

const NO_RESULTS: readonly GpuResult[] = [];

export function ExploreView() {
  const store = useAppStore();
  const k = useApp((s) => s.view.activeSystem);
  const mode = useApp((s) => s.view.breakdown);
  const capacity = useApp((s) => s.inputs.systems[k]?.spec.hbm_capacity ?? 0);
  // Results render in a transition (React renders it in slices of a few ms, yielding between them): a
  // worker's message that brings results is not also one long task that draws four charts. The store's
  // updates render at once (useSyncExternalStore cannot wait), so the views take deferred copies.
  const series = useDeferredValue(useSeries());
  const gpus = useDeferredValue(useApp(effectiveGpus));
  const result = useDeferredValue(useApp(effectiveResult));
  const selected = useDeferredValue(useApp(effectiveConfig));
  const stale = useApp(resultsStale);
  // The first results come in stages, a frame each (each chart's first drawing lays out a few hundred
  // SVG objects): the scaling chart (with the headline), the time and memory breakdowns, the scatter,
  // the top 10, then the layers. Later updates redraw them all at once.
  const active = series[k] ?? series[0];
  // From the first result where something fits (what the charts draw), or a finished run where nothing
  // does; deferred too, or the run's last message would start the stages before its results are drawn.
  const finished = useDeferredValue(
    useApp((s) => s.results.status !== 'running' && s.results.status !== 'idle'),
  );
  const stage = useStages(5, result !== null || finished);
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
          results={(stage >= 1 && active?.results) || NO_RESULTS}
          mode={mode}
          onModeChange={onMode}
          selectedGpus={gpus}
          onSelectGpus={onSelectGpus}
        />
        <MemoryChart
          results={(stage >= 2 && active?.results) || NO_RESULTS}
          capacityGB={capacity}
          selectedGpus={gpus}
          onSelectGpus={onSelectGpus}
        />
        <ParetoChart result={stage >= 3 ? result : null} selected={selected} onSelect={onSelectConfig} />
      </div>
      {stage >= 4 && <TopTable />}
      {stage >= 5 && <LayerTable />}
    </div>
  );
}
