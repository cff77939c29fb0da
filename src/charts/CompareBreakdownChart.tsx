/** Step-time breakdown of each compared system's fastest configuration at one GPU count. */
import { memo, type ReactNode, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox } from './ChartBox.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  GRID_STROKE,
  LEGEND_PROPS,
  MARGIN,
  rowNumber,
  TICK,
  TOOLTIP_PROPS,
  tooltipRow,
  X_AXIS_HEIGHT,
  xLabel,
  Y_AXIS_WIDTH,
  PlainBar,
} from './chartStyle.tsx';
import { formatCount, formatNumber } from './format.ts';
import { compareBreakdownRows, TIME_PARTS, type SeriesInput, type TimeMode } from './rows.ts';
import { TIME_VALUE, timeYAxis } from './timeFormat.ts';

export interface CompareBreakdownChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  /** The GPU count compared; null: none chosen yet. */
  readonly gpus: number | null;
  readonly mode: TimeMode;
}

const NO_ROWS: ReturnType<typeof compareBreakdownRows> = [];

export const CompareBreakdownChart = memo(function CompareBreakdownChart({
  series,
  gpus,
  mode,
  width,
  height,
}: CompareBreakdownChartProps) {
  const rows = useMemo(
    () => (gpus === null ? NO_ROWS : compareBreakdownRows(series, gpus, mode)),
    [series, gpus, mode],
  );
  const at = gpus === null ? '' : ` at ${formatCount(gpus)} GPUs`;
  return (
    <ChartFrame
      title={`Step time by system${at}`}
      caption={`Where each system's fastest training step goes${at}: compute, exposed memory traffic, communication and the pipeline bubble.`}
      exportName={gpus === null ? 'parallax-compare-step-time' : `parallax-compare-step-time-${gpus}-gpus`}
    >
      {rows.length === 0 ? (
        <EmptyChart
          message={
            gpus === null ? 'No GPU count selected' : `Nothing fits in HBM at ${formatCount(gpus)} GPUs`
          }
          height={height}
        />
      ) : (
        <ChartBox width={width} height={height}>
          {(size) => (
            <BarChart {...size} data={rows} margin={MARGIN}>
              <CartesianGrid stroke={GRID_STROKE} vertical={false} />
              <XAxis
                height={X_AXIS_HEIGHT}
                tick={TICK}
                dataKey="label"
                type="category"
                label={xLabel('System')}
              />
              <YAxis tick={TICK} width={Y_AXIS_WIDTH} {...timeYAxis(mode)} />
              <Tooltip {...TOOLTIP_PROPS} formatter={TIME_VALUE[mode]} labelFormatter={systemTooltipLabel} />
              <Legend {...LEGEND_PROPS} />
              {TIME_PARTS.map((p) => (
                <Bar
                  shape={PlainBar}
                  key={p.key}
                  dataKey={p.key}
                  name={p.label}
                  stackId="time"
                  fill={p.colour}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});

/** The system's name with its throughput, which the bars alone do not show. */
function systemTooltipLabel(label: ReactNode, payload: readonly { readonly payload?: unknown }[]): ReactNode {
  const throughput = rowNumber(tooltipRow(payload), 'throughput');
  return throughput === null ? label : `${String(label)}: ${formatNumber(throughput)} samples/s`;
}
