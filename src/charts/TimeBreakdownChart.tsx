/** Where the fastest configuration's step time goes, per GPU count, as stacked bars. */
import { memo, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from 'recharts';
import type { GpuResult } from '../search/search.ts';
import { ChartBox, EmptyChart, type ChartSize } from './ChartBox.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  clickStyle,
  GRID_STROKE,
  LEGEND_PROPS,
  MARGIN,
  selectedGpuBand,
  TICK,
  TOOLTIP_PROPS,
  X_AXIS_HEIGHT,
  xLabel,
  Y_AXIS_WIDTH,
  PlainBar,
} from './chartStyle.tsx';
import { formatCount } from './format.ts';
import { ModeToggle } from './ModeToggle.tsx';
import { rowAt } from './rowAt.ts';
import { TIME_PARTS, timeBreakdownRows, type TimeMode } from './rows.ts';
import { TIME_TOOLTIP_LABEL, TIME_VALUE, timeYAxis } from './timeFormat.ts';

export interface TimeBreakdownChartProps extends ChartSize {
  readonly results: readonly GpuResult[];
  readonly mode: TimeMode;
  readonly onModeChange: (mode: TimeMode) => void;
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Step time breakdown';

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
  const onClick = (state: MouseHandlerDataParam) => {
    const row = rowAt(rows, state);
    if (row && onSelectGpus) onSelectGpus(row.gpus);
  };
  return (
    <ChartFrame
      title={TITLE}
      caption="Where the fastest configuration's training step goes at each GPU count: compute, exposed memory traffic, tensor-, data- and pipeline-parallel communication, and the pipeline bubble."
      exportName="parallax-step-time"
      actions={<ModeToggle mode={mode} onChange={onModeChange} />}
    >
      {rows.length === 0 ? (
        <EmptyChart
          message={results.length === 0 ? 'No results yet' : 'Nothing fits in HBM at any GPU count'}
          height={height}
        />
      ) : (
        <ChartBox width={width} height={height}>
          {(size) => (
            <BarChart
              {...size}
              data={rows}
              margin={MARGIN}
              onClick={onClick}
              style={clickStyle(onSelectGpus !== undefined)}
            >
              <CartesianGrid stroke={GRID_STROKE} vertical={false} />
              <XAxis
                height={X_AXIS_HEIGHT}
                tick={TICK}
                dataKey="gpus"
                tickFormatter={formatCount}
                label={xLabel('GPUs')}
              />
              <YAxis tick={TICK} width={Y_AXIS_WIDTH} {...timeYAxis(mode)} />
              <Tooltip
                {...TOOLTIP_PROPS}
                formatter={TIME_VALUE[mode]}
                labelFormatter={TIME_TOOLTIP_LABEL[mode]}
              />
              <Legend {...LEGEND_PROPS} />
              {selectedGpus !== null && <ReferenceArea {...selectedGpuBand(selectedGpus)} />}
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
