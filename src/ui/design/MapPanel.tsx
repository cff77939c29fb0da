/** Design-space map: the best throughput for each pair of parallel degrees, everything else optimised. */
import { useDeferredValue, useMemo } from 'react';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { formatConfig, formatCount, formatNumber } from '../../charts/format.ts';
import { bestMapRow, mapRows, mapScale } from '../../charts/heatmapRows.ts';
import type { DesignMap } from '../../search/designMap.ts';
import { useApp } from '../../state/react.ts';
import { mapAxisTitle, mapPairText } from './labels.ts';

export function MapPanel() {
  const map = useDeferredValue(useApp((s) => s.design.map));
  const status = useApp((s) => s.design.status);
  if (!map)
    return (
      <p className="panel wide muted" role="status">
        {status === 'running' ? 'Computing the design-space map…' : 'No design-space map computed yet.'}
      </p>
    );
  return <MapHeatmap map={map} />;
}

function MapHeatmap({ map }: { map: DesignMap }) {
  const rows = useMemo(() => mapRows(map), [map]);
  const scale = useMemo(() => mapScale(rows), [rows]);
  const best = useMemo(() => bestMapRow(rows), [rows]);
  const x = useMemo(() => ({ title: mapAxisTitle(map.axes[0]), labels: map.a.map(formatCount) }), [map]);
  const y = useMemo(() => ({ title: mapAxisTitle(map.axes[1]), labels: map.b.map(formatCount) }), [map]);
  const pair = mapPairText(map.axes);
  return (
    <section className="design-section" aria-labelledby="map-heading">
      <h2 id="map-heading" className="visually-hidden">
        Design-space map
      </h2>
      <Heatmap
        testId="map-heatmap"
        title={`Design-space map at ${formatCount(map.gpus)} GPUs: ${map.axes[0]} × ${map.axes[1]}`}
        caption={`Best throughput for each pair of ${pair} at ${formatCount(map.gpus)} GPUs with everything else optimised, relative to the best (outlined); hatched cells have candidates but none fits in HBM, blank ones have no candidates; the landscape is not convex.`}
        exportName={`parallax-design-map-${map.gpus}`}
        x={x}
        y={y}
        cells={rows}
        scale={scale}
        legendTitle="vs the best"
        outlined={best}
        outlineLabel="best"
        showPending={false}
        emptyMessage="No layout of these GPUs has candidates."
      />
      <p className="design-note" data-testid="map-best">
        {best && best.config
          ? `Best: ${best.place} at ${formatNumber(best.throughput)} samples/s (${formatConfig(best.config)}).`
          : `Nothing fits in HBM at ${formatCount(map.gpus)} GPUs.`}
      </p>
    </section>
  );
}
