/** Memory per GPU of the fastest configuration, per GPU count, against the HBM capacity. */
import { memo, useMemo } from 'react';
import type { GB } from '../model/units.ts';
import type { GpuResult } from '../search/search.ts';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { formatGpus, formatNumber, withUnit } from './format.ts';
import { useCapacityAxis } from './capacity.tsx';
import { GPU_COLUMNS, StackedColumns } from './plot/StackedColumns.tsx';
import { MEMORY_PARTS, memoryRows, type MemoryRow } from './rows.ts';

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
  const totals = useMemo(() => rows.map(total), [rows]);
  const axis = useCapacityAxis(totals, capacityGB, 'HBM capacity');
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
          overlay={axis.overlay}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
