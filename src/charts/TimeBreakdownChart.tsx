/** Where the fastest configuration's step time goes, per GPU count, as stacked columns. */
import { memo, useMemo } from 'react';
import type { GpuResult } from '../search/search.ts';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { formatGpus } from './format.ts';
import { ModeToggle } from './ModeToggle.tsx';
import { GPU_COLUMNS, StackedColumns } from './plot/StackedColumns.tsx';
import { sumTimeParts, TIME_PARTS, timeBreakdownRows, type TimeBreakdownRow, type TimeMode } from './rows.ts';
import { TIME_VALUE, timeAxis, timeAxisLabel } from './timeFormat.ts';

export interface TimeBreakdownChartProps extends ChartSize {
  readonly results: readonly GpuResult[];
  readonly mode: TimeMode;
  readonly onModeChange: (mode: TimeMode) => void;
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Step time breakdown';
const gpusTitle = (row: TimeBreakdownRow) => formatGpus(row.gpus);
const stepTitle = (row: TimeBreakdownRow) =>
  `${gpusTitle(row)} · step ${TIME_VALUE.absolute(sumTimeParts(row))}`;

export const TimeBreakdownChart = memo(function TimeBreakdownChart({
  results,
  mode,
  onModeChange,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: TimeBreakdownChartProps) {
  const rows = useMemo(() => timeBreakdownRows(results, mode), [results, mode]);
  const axis = useMemo(() => timeAxis(mode, rows, 'log'), [rows, mode]);
  return (
    <ChartFrame
      title={TITLE}
      caption={
        mode === 'fraction'
          ? "Where the fastest configuration's training step goes at each GPU count: compute, exposed memory traffic, tensor-, data- and pipeline-parallel communication, and the pipeline bubble. The shaded column is the GPU count chosen in the scaling chart (click a point there to choose another)."
          : "Where the fastest configuration's training step goes at each GPU count: compute, exposed memory traffic, tensor-, data- and pipeline-parallel communication, and the pipeline bubble. Step times on a logarithmic axis, so short steps stay readable next to long ones; each column is divided in proportion to its parts. The shaded column is the GPU count chosen in the scaling chart (click a point there to choose another)."
      }
      exportName="parallax-step-time"
      actions={<ModeToggle mode={mode} onChange={onModeChange} />}
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
          parts={TIME_PARTS}
          yMin={axis.min}
          yMax={axis.max}
          yScale={axis.scale}
          yTicks={axis.ticks}
          yFormat={axis.format}
          yTitle={timeAxisLabel(mode, axis.scale)}
          columnTitle={mode === 'fraction' ? gpusTitle : stepTitle}
          valueFormat={TIME_VALUE[mode]}
          {...GPU_COLUMNS}
          selected={rows.findIndex((r) => r.gpus === selectedGpus)}
          onPick={onSelectGpus ? (r) => onSelectGpus(r.gpus) : undefined}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
