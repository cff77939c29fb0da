/** Throughput against memory per GPU at one GPU count: sampled candidates, Pareto front, top configurations. */
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
  type ScatterShapeProps,
  type TooltipContentProps,
} from 'recharts';
import type { ParallelConfig } from '../model/spec.ts';
import type { GpuResult } from '../search/search.ts';
import { ChartBox, EmptyChart, type ChartSize } from './ChartBox.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  GRID_STROKE,
  LEGEND_PROPS,
  MARGIN,
  SELECTED_COLOUR,
  TICK,
  X_AXIS_HEIGHT,
  xLabel,
  Y_AXIS_WIDTH,
  yLabel,
} from './chartStyle.ts';
import { formatConfig, formatCount, formatNumber } from './format.ts';
import { findScatterPoint, scatterData, SERIES_COLOURS, type ScatterPoint } from './rows.ts';

export interface ParetoChartProps extends ChartSize {
  readonly result: GpuResult | null;
  readonly selected: ParallelConfig | null;
  readonly onSelect?: (config: ParallelConfig) => void;
}

// Symbol areas (px²) per layer, through one ZAxis each: the sample recedes, the selection stands out.
const SIZES = { cloud: 14, front: 36, top: 64, selected: 220 } as const;
const CLOUD_COLOUR = '#b8b8b8';
const FRONT_COLOUR = SERIES_COLOURS[0];
const TOP_COLOUR = SERIES_COLOURS[1];

export const ParetoChart = memo(function ParetoChart({
  result,
  selected,
  onSelect,
  width,
  height,
}: ParetoChartProps) {
  const data = useMemo(() => scatterData(result), [result]);
  const mark = useMemo(() => findScatterPoint(data, selected), [data, selected]);
  const marked = useMemo(() => (mark ? [mark] : []), [mark]);
  const title = result ? `Throughput vs memory at ${formatCount(result.gpus)} GPUs` : 'Throughput vs memory';
  const onClick = (item: { readonly payload?: unknown }) => {
    if (onSelect && isScatterPoint(item.payload)) onSelect(item.payload.config);
  };
  const cursor = onSelect ? 'pointer' : 'default';
  return (
    <ChartFrame
      title={title}
      caption="Throughput against memory per GPU: a uniform sample of the configurations that fit (grey), the Pareto front and the fastest configurations; click a point to select it."
      exportName={result ? `parallax-pareto-${result.gpus}-gpus` : 'parallax-pareto'}
    >
      {!result || data.top.length === 0 ? (
        <EmptyChart
          message={result ? 'Nothing fits in HBM at this GPU count' : 'No configurations to show'}
          height={height}
        />
      ) : (
        <ChartBox width={width} height={height}>
          {(size) => (
            <ScatterChart {...size} margin={MARGIN}>
              <CartesianGrid stroke={GRID_STROKE} />
              <XAxis
                height={X_AXIS_HEIGHT}
                tick={TICK}
                dataKey="mem"
                type="number"
                name="Memory per GPU"
                domain={['auto', 'auto']}
                tickFormatter={formatNumber}
                label={xLabel('Memory per GPU (GB)')}
              />
              <YAxis
                tick={TICK}
                dataKey="throughput"
                type="number"
                name="Throughput"
                domain={['auto', 'auto']}
                tickFormatter={formatNumber}
                width={Y_AXIS_WIDTH}
                label={yLabel('Throughput (samples/s)')}
              />
              {Object.entries(SIZES).map(([id, area]) => (
                <ZAxis key={id} zAxisId={id} range={[area, area]} />
              ))}
              <Tooltip content={PointTooltip} cursor={{ strokeDasharray: '3 3' }} />
              <Legend {...LEGEND_PROPS} />
              <Scatter
                name="Sampled configurations"
                data={data.cloud}
                zAxisId="cloud"
                fill={CLOUD_COLOUR}
                shape={CloudDot}
                cursor={cursor}
                onClick={onClick}
                isAnimationActive={false}
              />
              <Scatter
                name="Pareto front"
                data={data.front}
                zAxisId="front"
                fill={FRONT_COLOUR}
                line={{ stroke: FRONT_COLOUR, strokeWidth: 1.5 }}
                cursor={cursor}
                onClick={onClick}
                isAnimationActive={false}
              />
              <Scatter
                name="Top configurations"
                data={data.top}
                zAxisId="top"
                fill={TOP_COLOUR}
                shape="diamond"
                cursor={cursor}
                onClick={onClick}
                isAnimationActive={false}
              />
              {marked.length > 0 && (
                <Scatter
                  name="Selected"
                  data={marked}
                  zAxisId="selected"
                  fill="#ffffff"
                  stroke={SELECTED_COLOUR}
                  strokeWidth={2}
                  shape="star"
                  cursor={cursor}
                  onClick={onClick}
                  isAnimationActive={false}
                />
              )}
            </ScatterChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});

/**
 * The sample's points as bare circles: recharts' default symbols compute a path per point, which made
 * this chart most of the explorer's render time on every slider move.
 */
function CloudDot(props: ScatterShapeProps) {
  return <circle cx={props.cx} cy={props.cy} r={2.2} fill={CLOUD_COLOUR} />;
}

function isScatterPoint(p: unknown): p is ScatterPoint {
  return typeof p === 'object' && p !== null && 'config' in p && 'mem' in p && 'throughput' in p;
}

/** Hovered point: its configuration spelled out, then its throughput and memory. */
function PointTooltip({ active, payload }: TooltipContentProps) {
  const p: unknown = payload[0]?.payload;
  if (!active || !isScatterPoint(p)) return null;
  return (
    <div className="chart-tooltip" style={TOOLTIP_STYLE}>
      <div>
        <strong>{formatConfig(p.config)}</strong>
      </div>
      <div>
        {formatNumber(p.throughput)} samples/s · {formatNumber(p.mem)} GB per GPU
      </div>
    </div>
  );
}

const TOOLTIP_STYLE = {
  background: '#ffffff',
  border: '1px solid #cccccc',
  padding: '6px 8px',
  fontSize: 12,
  whiteSpace: 'nowrap',
} as const;
