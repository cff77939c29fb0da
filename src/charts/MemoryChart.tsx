/** Memory per GPU of the fastest configuration, per GPU count, against the HBM capacity. */
import { memo, type ReactNode, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from 'recharts';
import type { GB } from '../model/units.ts';
import type { GpuResult } from '../search/search.ts';
import { ChartBox, EmptyChart, type ChartSize } from './ChartBox.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  clickStyle,
  gpusLabel,
  GRID_STROKE,
  LEGEND_PROPS,
  MARGIN,
  rowNumber,
  selectedGpuBand,
  TICK,
  TOOLTIP_PROPS,
  tooltipRow,
  X_AXIS_HEIGHT,
  xLabel,
  Y_AXIS_WIDTH,
  yLabel,
  PlainBar,
} from './chartStyle.tsx';
import { formatCount, formatNumber, withUnit } from './format.ts';
import { rowAt } from './rowAt.ts';
import { MEMORY_PARTS, memoryRows, niceCeil } from './rows.ts';

export interface MemoryChartProps extends ChartSize {
  readonly results: readonly GpuResult[];
  /** HBM per GPU. */
  readonly capacityGB: GB;
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Memory per GPU';
const GIGABYTES = withUnit(' GB');

export const MemoryChart = memo(function MemoryChart({
  results,
  capacityGB,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: MemoryChartProps) {
  const rows = useMemo(() => memoryRows(results), [results]);
  // Headroom above the capacity line for its label.
  const yDomain = useMemo(
    () => [0, (max: number) => niceCeil(Math.max(max, capacityGB) * 1.08)] as const,
    [capacityGB],
  );
  const capacityLabel = useMemo(
    () =>
      ({
        value: `HBM capacity (${formatNumber(capacityGB)} GB)`,
        position: 'insideBottomRight',
        fill: '#222222',
        fontSize: 11,
      }) as const,
    [capacityGB],
  );
  const onClick = (state: MouseHandlerDataParam) => {
    const row = rowAt(rows, state);
    if (row && onSelectGpus) onSelectGpus(row.gpus);
  };
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
              <YAxis
                tick={TICK}
                domain={yDomain}
                tickFormatter={formatNumber}
                width={Y_AXIS_WIDTH}
                label={yLabel('Memory per GPU (GB)')}
              />
              <Tooltip {...TOOLTIP_PROPS} formatter={GIGABYTES} labelFormatter={memoryTooltipLabel} />
              <Legend {...LEGEND_PROPS} />
              {selectedGpus !== null && <ReferenceArea {...selectedGpuBand(selectedGpus)} />}
              {MEMORY_PARTS.map((p) => (
                <Bar
                  shape={PlainBar}
                  key={p.key}
                  dataKey={p.key}
                  name={p.label}
                  stackId="memory"
                  fill={p.colour}
                  isAnimationActive={false}
                />
              ))}
              {capacityGB > 0 && (
                <ReferenceLine
                  y={capacityGB}
                  stroke="#222222"
                  strokeDasharray="6 3"
                  strokeWidth={1.5}
                  ifOverflow="extendDomain"
                  label={capacityLabel}
                />
              )}
            </BarChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});

/** A GPU count's tooltip title with the memory per GPU the stacked parts add up to. */
function memoryTooltipLabel(label: ReactNode, payload: readonly { readonly payload?: unknown }[]): ReactNode {
  const row = tooltipRow(payload);
  const parts = MEMORY_PARTS.map((p) => rowNumber(row, p.key));
  if (parts.some((v) => v === null)) return gpusLabel(label);
  return `${gpusLabel(label)} · ${formatNumber(parts.reduce<number>((sum, v) => sum + (v ?? 0), 0))} GB in all`;
}
