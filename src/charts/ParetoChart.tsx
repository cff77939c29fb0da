/** Throughput against memory per GPU at one GPU count: sampled candidates, Pareto front, top configurations. */
import { memo, useMemo, type MouseEvent } from 'react';
import {
  CartesianGrid,
  Legend,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
  type TooltipContentProps,
  useXAxisScale,
  useYAxisScale,
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
} from './chartStyle.tsx';
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
// Props recharts compares by reference, made once (see chartStyle's sameObjectFor).
const Z_AXES = Object.entries(SIZES).map(([id, area]) => ({ id, range: [area, area] as [number, number] }));
const TOOLTIP_CURSOR = { strokeDasharray: '3 3' } as const;
const FRONT_LINE = { stroke: FRONT_COLOUR, strokeWidth: 1.5 } as const;

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
  // The sample is drawn outside recharts' series, so the axes span every point explicitly.
  const domain = useMemo(() => pointsDomain([...data.cloud, ...data.front, ...data.top]), [data]);
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
                domain={domain.x}
                tickFormatter={formatNumber}
                label={xLabel('Memory per GPU (GB)')}
              />
              <YAxis
                tick={TICK}
                dataKey="throughput"
                type="number"
                name="Throughput"
                domain={domain.y}
                tickFormatter={formatNumber}
                width={Y_AXIS_WIDTH}
                label={yLabel('Throughput (samples/s)')}
              />
              {Z_AXES.map(({ id, range }) => (
                <ZAxis key={id} zAxisId={id} range={range} />
              ))}
              <Tooltip content={PointTooltip} cursor={TOOLTIP_CURSOR} />
              <Legend {...LEGEND_PROPS} />
              {/* No points: only the legend entry of the sample, which CloudLayer draws. */}
              <Scatter
                name="Sampled configurations"
                data={NO_POINTS}
                fill={CLOUD_COLOUR}
                isAnimationActive={false}
              />
              <CloudLayer points={data.cloud} onSelect={onSelect} />
              <Scatter
                name="Pareto front"
                data={data.front}
                zAxisId="front"
                fill={FRONT_COLOUR}
                line={FRONT_LINE}
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

/** Axis domains covering every point with a little room, rounded outwards to readable values. */
function pointsDomain(points: readonly ScatterPoint[]): { x: [number, number]; y: [number, number] } {
  const span = (vs: number[]): [number, number] => {
    if (vs.length === 0) return [0, 1];
    let lo = Math.min(...vs);
    let hi = Math.max(...vs);
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
    lo -= pad;
    hi += pad;
    const step = 10 ** Math.floor(Math.log10(hi - lo)) / 2;
    return [Math.max(0, Math.floor(lo / step) * step), Math.ceil(hi / step) * step];
  };
  return { x: span(points.map((p) => p.mem)), y: span(points.map((p) => p.throughput)) };
}

const CLOUD_DOT = 4.4;
const NO_POINTS: ScatterPoint[] = [];

/**
 * The sample as one SVG path of round dots (zero-length strokes) drawn with the chart's own scales:
 * hundreds of recharts points were most of the explorer's render time on every slider move. A click
 * selects the sampled configuration nearest the pointer.
 */
function CloudLayer({
  points,
  onSelect,
}: {
  readonly points: readonly ScatterPoint[];
  readonly onSelect?: ((config: ParallelConfig) => void) | undefined;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const pixels = useMemo(() => {
    if (!xs || !ys) return [];
    return points.map((p) => ({ p, x: Number(xs(p.mem)), y: Number(ys(p.throughput)) }));
  }, [points, xs, ys]);
  if (pixels.length === 0) return null;
  const d = pixels.map(({ x, y }) => `M${x.toFixed(1)} ${y.toFixed(1)}h0`).join('');
  const onClick = (e: MouseEvent<SVGPathElement>) => {
    const svg = e.currentTarget.closest('svg');
    if (!onSelect || !svg) return;
    const box = svg.getBoundingClientRect();
    // Pointer position in the svg's own units (it may be scaled to its box).
    const vw = svg.viewBox?.baseVal?.width;
    const scale = vw && box.width > 0 ? vw / box.width : 1;
    const px = (e.clientX - box.left) * scale;
    const py = (e.clientY - box.top) * scale;
    let best = pixels[0];
    let dist = Infinity;
    for (const q of pixels) {
      const dd = (q.x - px) ** 2 + (q.y - py) ** 2;
      if (dd < dist) {
        dist = dd;
        best = q;
      }
    }
    if (best) onSelect(best.p.config);
  };
  return (
    <path
      className="pareto-cloud"
      d={d}
      stroke={CLOUD_COLOUR}
      strokeWidth={CLOUD_DOT}
      strokeLinecap="round"
      fill="none"
      cursor={onSelect ? 'pointer' : 'default'}
      onClick={onClick}
    >
      <title>{`${points.length} sampled configurations that fit; click one to select it`}</title>
    </path>
  );
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
