/** Memory per GPU by kind of each compared model's fastest configuration at one GPU count. */
import { memo, useMemo } from 'react';
import type { GB } from '../model/units.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { formatGpus, formatNumber, withUnit } from './format.ts';
import { compareMemoryRows, type CompareMemoryRow } from './modelRows.ts';
import { useCapacityAxis } from './capacity.tsx';
import { StackedColumns } from './plot/StackedColumns.tsx';
import { MEMORY_PARTS, type SeriesInput } from './rows.ts';

export interface CompareMemoryChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  /** The GPU count compared; null: none chosen yet. */
  readonly gpus: number | null;
  /** HBM per GPU of the system the models run on. */
  readonly capacityGB: GB;
}

const NO_ROWS: readonly CompareMemoryRow[] = [];
const GIGABYTES = withUnit(' GB');
const labelOf = (row: CompareMemoryRow) => row.label;
const columnTitle = (row: CompareMemoryRow) => `${row.label}: ${formatNumber(row.total)} GB in all`;

export const CompareMemoryChart = memo(function CompareMemoryChart({
  series,
  gpus,
  capacityGB,
  width,
  height,
}: CompareMemoryChartProps) {
  const rows = useMemo(() => (gpus === null ? NO_ROWS : compareMemoryRows(series, gpus)), [series, gpus]);
  const totals = useMemo(() => rows.map((r) => r.total), [rows]);
  const axis = useCapacityAxis(totals, capacityGB, 'HBM');
  const at = gpus === null ? '' : ` at ${formatGpus(gpus)}`;
  const title = `Memory per GPU by model${at}`;
  return (
    <ChartFrame
      title={title}
      caption={`Memory per GPU of each model's fastest configuration${at} (weights, their gradients, optimizer states, activations) against the HBM capacity.`}
      exportName={gpus === null ? 'parallax-models-memory' : `parallax-models-memory-${gpus}-gpus`}
    >
      {rows.length === 0 ? (
        <EmptyChart
          message={gpus === null ? 'No GPU count selected' : `Nothing fits in HBM at ${formatGpus(gpus)}`}
          height={height}
        />
      ) : (
        <StackedColumns
          label={title}
          rows={rows}
          category={labelOf}
          xTitle="Model"
          parts={MEMORY_PARTS}
          yMax={axis.max}
          yTicks={axis.ticks}
          yFormat={formatNumber}
          yTitle="Memory per GPU (GB)"
          columnTitle={columnTitle}
          valueFormat={GIGABYTES}
          overlay={axis.overlay}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
