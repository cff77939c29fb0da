/** Speed-up of each compared system over the first, against GPU count. */
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox } from './ChartBox.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  gpusLabel,
  GRID_STROKE,
  LEGEND_PROPS,
  LOG_GPU_X_AXIS,
  MARGIN,
  seriesDot,
  TICK,
  TOOLTIP_PROPS,
  Y_AXIS_WIDTH,
  yLabel,
} from './chartStyle.tsx';
import { formatTimes } from './format.ts';
import { niceCeil, seriesLines, speedupRows, type SeriesInput } from './rows.ts';
import { useGpuTicks } from './useSameArray.ts';

export interface SpeedupChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
}

const TITLE = 'Speed-up over the first system';

const SPEEDUP_DOMAIN = [0, (max: number) => niceCeil(max)] as const;

export const SpeedupChart = memo(function SpeedupChart({ series, width, height }: SpeedupChartProps) {
  const rows = useMemo(() => speedupRows(series), [series]);
  const lines = useMemo(() => seriesLines(series), [series]);
  const ticks = useGpuTicks(rows);
  const base = series[0]?.label ?? 'the first system';
  return (
    <ChartFrame
      title={TITLE}
      caption={`Best throughput of each system divided by that of ${base} at the same GPU count; GPU axis logarithmic.`}
      exportName="parallax-speedup"
    >
      {rows.length === 0 ? (
        <EmptyChart message="No results yet" height={height} />
      ) : (
        <ChartBox width={width} height={height}>
          {(size) => (
            <LineChart {...size} data={rows} margin={MARGIN}>
              <CartesianGrid stroke={GRID_STROKE} />
              <XAxis {...LOG_GPU_X_AXIS} ticks={ticks} />
              <YAxis
                tick={TICK}
                type="number"
                domain={SPEEDUP_DOMAIN}
                tickFormatter={formatTimes}
                width={Y_AXIS_WIDTH}
                label={yLabel('Speed-up (×)')}
              />
              <Tooltip {...TOOLTIP_PROPS} formatter={formatTimes} labelFormatter={gpusLabel} />
              <Legend {...LEGEND_PROPS} />
              <ReferenceLine y={1} stroke="#888888" />
              {lines.map((l) => (
                <Line
                  key={l.key}
                  dataKey={l.value}
                  name={l.label}
                  stroke={l.colour}
                  strokeWidth={2}
                  dot={seriesDot(3, l.colour)}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});
