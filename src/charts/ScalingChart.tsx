/** Best throughput against GPU count for each compared system, with ideal linear scaling. */
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from 'recharts';
import { ChartBox, EmptyChart, type ChartSize } from './ChartBox.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  clickStyle,
  gpusLabel,
  GRID_STROKE,
  LEGEND_PROPS,
  LOG_DOMAIN,
  LOG_GPU_X_AXIS,
  MARGIN,
  selectedGpuLine,
  seriesDot,
  TICK,
  TOOLTIP_PROPS,
  Y_AXIS_WIDTH,
  yLabel,
} from './chartStyle.tsx';
import { formatNumber, withUnit } from './format.ts';
import { rowAt } from './rowAt.ts';
import { useGpuTicks } from './useSameArray.ts';
import { idealKey, scalingRows, seriesLines, type SeriesInput } from './rows.ts';

export interface ScalingChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Throughput vs GPU count';
const SAMPLES_PER_SECOND = withUnit(' samples/s');

export const ScalingChart = memo(function ScalingChart({
  series,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: ScalingChartProps) {
  const rows = useMemo(() => scalingRows(series), [series]);
  const lines = useMemo(() => seriesLines(series), [series]);
  const ticks = useGpuTicks(rows);
  const onClick = (state: MouseHandlerDataParam) => {
    const row = rowAt(rows, state);
    if (row && onSelectGpus) onSelectGpus(row.gpus);
  };
  return (
    <ChartFrame
      title={TITLE}
      caption="Best throughput found at each GPU count (solid) against ideal linear scaling from the first count where the model fits (dashed); both axes logarithmic."
      exportName="parallax-scaling"
    >
      {rows.length === 0 ? (
        <EmptyChart message="No results yet" height={height} />
      ) : (
        <ChartBox width={width} height={height}>
          {(size) => (
            <LineChart
              {...size}
              data={rows}
              margin={MARGIN}
              onClick={onClick}
              style={clickStyle(onSelectGpus !== undefined)}
            >
              <CartesianGrid stroke={GRID_STROKE} />
              <XAxis {...LOG_GPU_X_AXIS} ticks={ticks} />
              <YAxis
                tick={TICK}
                type="number"
                scale="log"
                domain={LOG_DOMAIN}
                tickFormatter={formatNumber}
                width={Y_AXIS_WIDTH}
                label={yLabel('Throughput (samples/s)')}
              />
              <Tooltip {...TOOLTIP_PROPS} formatter={SAMPLES_PER_SECOND} labelFormatter={gpusLabel} />
              <Legend {...LEGEND_PROPS} />
              {selectedGpus !== null && <ReferenceLine {...selectedGpuLine(selectedGpus, ticks)} />}
              {lines.map((l) => [
                <Line
                  key={l.key}
                  dataKey={l.value}
                  name={l.label}
                  stroke={l.colour}
                  strokeWidth={2}
                  dot={seriesDot(3, l.colour)}
                  isAnimationActive={false}
                />,
                <Line
                  key={idealKey(l.key)}
                  dataKey={l.ideal}
                  name={`${l.label}, ideal`}
                  stroke={l.colour}
                  strokeDasharray="6 4"
                  strokeOpacity={0.7}
                  dot={false}
                  activeDot={false}
                  legendType="plainline"
                  isAnimationActive={false}
                />,
              ])}
            </LineChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});
