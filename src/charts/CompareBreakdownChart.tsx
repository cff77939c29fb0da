/** Step-time breakdown of each compared system's (or model's) fastest configuration at one GPU count. */
import { memo, useMemo } from 'react';
import { ChartFrame } from './ChartFrame.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { formatGpus, formatNumber } from './format.ts';
import { StackedColumns } from './plot/StackedColumns.tsx';
import {
  compareBreakdownRows,
  TIME_PARTS,
  type CompareBreakdownRow,
  type SeriesInput,
  type TimeMode,
} from './rows.ts';
import { TIME_VALUE, timeAxis, timeAxisLabel } from './timeFormat.ts';

export interface CompareBreakdownChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  /** The GPU count compared; null: none chosen yet. */
  readonly gpus: number | null;
  readonly mode: TimeMode;
  /** What the columns are: the compared systems (the default) or models. */
  readonly noun?: 'system' | 'model';
}

const NO_ROWS: readonly CompareBreakdownRow[] = [];
const systemOf = (row: CompareBreakdownRow) => row.label;
/** The column's name with its throughput, which the columns alone do not show. */
const systemTitle = (row: CompareBreakdownRow) => `${row.label}: ${formatNumber(row.throughput)} samples/s`;

export const CompareBreakdownChart = memo(function CompareBreakdownChart({
  series,
  gpus,
  mode,
  noun = 'system',
  width,
  height,
}: CompareBreakdownChartProps) {
  const rows = useMemo(
    () => (gpus === null ? NO_ROWS : compareBreakdownRows(series, gpus, mode)),
    [series, gpus, mode],
  );
  const axis = useMemo(() => timeAxis(mode, rows), [rows, mode]);
  const at = gpus === null ? '' : ` at ${formatGpus(gpus)}`;
  const title = `Step time by ${noun}${at}`;
  return (
    <ChartFrame
      title={title}
      caption={`Where each ${noun}'s fastest training step goes${at}: compute, exposed memory traffic, communication and the pipeline bubble.`}
      exportName={`parallax-compare${noun === 'model' ? '-models' : ''}-step-time${gpus === null ? '' : `-${gpus}-gpus`}`}
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
          category={systemOf}
          xTitle={noun === 'model' ? 'Model' : 'System'}
          parts={TIME_PARTS}
          yMax={axis.max}
          yTicks={axis.ticks}
          yFormat={axis.format}
          yTitle={timeAxisLabel(mode)}
          columnTitle={systemTitle}
          valueFormat={TIME_VALUE[mode]}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
