/** Memory per GPU of the fastest configuration, per GPU count, against the HBM capacity. */
import { memo, useCallback, useMemo } from 'react';
import type { GB } from '../model/units.ts';
import type { GpuResult } from '../search/search.ts';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { formatGpus, formatNumber, withUnit } from './format.ts';
import { MARKER, type Frame } from './plot/Plot.tsx';
import { linearTicks, type Scale } from './plot/scale.ts';
import { GPU_COLUMNS, StackedColumns } from './plot/StackedColumns.tsx';
import { MEMORY_PARTS, memoryRows, niceCeil, type MemoryRow } from './rows.ts';

export interface MemoryChartProps extends ChartSize {
  readonly results: readonly GpuResult[];
  /** HBM per GPU. */
  readonly capacityGB: GB;
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Memory per GPU';
const GIGABYTES = withUnit(' GB');

/** The memory of all parts of a row, GB. */
const total = (row: MemoryRow) => MEMORY_PARTS.reduce((sum, p) => sum + row[p.key], 0);
/** A GPU count's tooltip title with the memory per GPU its stacked parts add up to. */
const columnTitle = (row: MemoryRow) => `${formatGpus(row.gpus)} · ${formatNumber(total(row))} GB in all`;

export const MemoryChart = memo(function MemoryChart({
  results,
  capacityGB,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: MemoryChartProps) {
  const rows = useMemo(() => memoryRows(results), [results]);
  // From 0 to a round number above the largest stack and the capacity, with room for the line's label.
  const axis = useMemo(() => {
    const max = niceCeil(Math.max(0, capacityGB, ...rows.map(total)) * 1.08) || 1;
    return { max, ticks: linearTicks(0, max) };
  }, [rows, capacityGB]);
  const capacityLine = useCallback(
    (frame: Frame, y: Scale) =>
      capacityGB > 0 ? (
        <g className="plot-capacity">
          <line
            x1={frame.left}
            x2={frame.right}
            y1={y(capacityGB)}
            y2={y(capacityGB)}
            stroke={MARKER}
            strokeDasharray="6 3"
            strokeWidth={1.5}
          />
          <text x={frame.right - 4} y={y(capacityGB) - 5} textAnchor="end" fontSize={11} fill={MARKER}>
            {`HBM capacity (${formatNumber(capacityGB)} GB)`}
          </text>
        </g>
      ) : null,
    [capacityGB],
  );
  return (
    <ChartFrame
      title={TITLE}
      caption="Memory per GPU of the fastest configuration at each GPU count (weights, their gradients, optimizer states, activations) against the HBM capacity."
      exportName="parallax-memory"
    >
      {rows.length === 0 ? (
        <EmptyChart
          message={results.length === 0 ? 'No results yet' : 'Nothing fits in HBM at any GPU count'}
          height={height}
        />
      ) : (
        <StackedColumns
          label={TITLE}
          rows={rows}
          parts={MEMORY_PARTS}
          yMax={axis.max}
          yTicks={axis.ticks}
          yFormat={formatNumber}
          yTitle="Memory per GPU (GB)"
          columnTitle={columnTitle}
          valueFormat={GIGABYTES}
          {...GPU_COLUMNS}
          selected={rows.findIndex((r) => r.gpus === selectedGpus)}
          onPick={onSelectGpus ? (r) => onSelectGpus(r.gpus) : undefined}
          overlay={capacityLine}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
