/** Throughput against memory per GPU at one GPU count: sampled candidates, Pareto front, top configurations. */
import { memo, useCallback, useMemo } from 'react';
import type { ParallelConfig } from '../model/spec.ts';
import type { GpuResult } from '../search/search.ts';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { formatConfig, formatGpus, formatNumber } from './format.ts';
import {
  frameOf,
  fx,
  MARKER,
  Plot,
  PlotBox,
  symbolPath,
  type Hover,
  type LegendEntry,
} from './plot/Plot.tsx';
import { linearScale, linearTicks } from './plot/scale.ts';
import {
  findScatterPoint,
  scatterData,
  SERIES_COLOURS,
  type ScatterData,
  type ScatterPoint,
} from './rows.ts';

export interface ParetoChartProps extends ChartSize {
  readonly result: GpuResult | null;
  readonly selected: ParallelConfig | null;
  readonly onSelect?: (config: ParallelConfig) => void;
}

// Symbol areas (px²) per layer: the sample recedes, the selection stands out.
const SIZES = { front: 36, top: 64, selected: 220 } as const;
const CLOUD_DOT = 4.4;
const CLOUD_COLOUR = '#b8b8b8';
const FRONT_COLOUR = SERIES_COLOURS[0];
const TOP_COLOUR = SERIES_COLOURS[1];
/** How near (px) the pointer must be to a point to hover or pick it. */
const REACH = 14;

export const ParetoChart = memo(function ParetoChart({
  result,
  selected,
  onSelect,
  width,
  height,
}: ParetoChartProps) {
  const data = useMemo(() => scatterData(result), [result]);
  const mark = useMemo(() => findScatterPoint(data, selected), [data, selected]);
  const title = result ? `Throughput vs memory at ${formatGpus(result.gpus)}` : 'Throughput vs memory';
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
        <PlotBox width={width} height={height}>
          {(w, h) => (
            <ParetoPlot title={title} data={data} mark={mark} onSelect={onSelect} width={w} height={h} />
          )}
        </PlotBox>
      )}
    </ChartFrame>
  );
});

interface ParetoPlotProps {
  readonly title: string;
  readonly data: ScatterData;
  readonly mark: ScatterPoint | null;
  readonly onSelect?: ((config: ParallelConfig) => void) | undefined;
  readonly width: number;
  readonly height: number;
}

const LEGEND: readonly LegendEntry[] = [
  { label: 'Sampled configurations', colour: CLOUD_COLOUR, mark: 'dot' },
  { label: 'Pareto front', colour: FRONT_COLOUR, mark: 'dot' },
  { label: 'Top configurations', colour: TOP_COLOUR, mark: 'diamond' },
];
const LEGEND_SELECTED: readonly LegendEntry[] = [
  ...LEGEND,
  { label: 'Selected', colour: MARKER, mark: 'star' },
];

function ParetoPlot({ title, data, mark, onSelect, width, height }: ParetoPlotProps) {
  const frame = useMemo(() => frameOf(width, height), [width, height]);
  const all = useMemo(() => [...data.top, ...data.front, ...data.cloud], [data]);
  const domain = useMemo(() => pointsDomain(all), [all]);
  const x = useMemo(() => linearScale(domain.x[0], domain.x[1], frame.left, frame.right), [domain, frame]);
  const y = useMemo(() => linearScale(domain.y[0], domain.y[1], frame.bottom, frame.top), [domain, frame]);
  const xTicks = useMemo(
    () => linearTicks(domain.x[0], domain.x[1]).map((v) => ({ px: x(v), label: formatNumber(v) })),
    [domain, x],
  );
  const yTicks = useMemo(
    () => linearTicks(domain.y[0], domain.y[1]).map((v) => ({ px: y(v), label: formatNumber(v) })),
    [domain, y],
  );
  const layers = useMemo(() => {
    const cloud = data.cloud.map((p) => `M${fx(x(p.mem))} ${fx(y(p.throughput))}h0`).join('');
    const front = data.front.map((p, i) => `${i ? 'L' : 'M'}${fx(x(p.mem))} ${fx(y(p.throughput))}`).join('');
    const r = Math.sqrt(SIZES.front / Math.PI);
    return (
      <g className="plot-points">
        <path
          className="pareto-cloud"
          d={cloud}
          stroke={CLOUD_COLOUR}
          strokeWidth={CLOUD_DOT}
          strokeLinecap="round"
          fill="none"
        />
        <g className="pareto-front">
          <path className="plot-line" d={front} fill="none" stroke={FRONT_COLOUR} strokeWidth={1.5} />
          {data.front.map((p, i) => (
            <circle
              key={i}
              className="plot-point"
              cx={x(p.mem)}
              cy={y(p.throughput)}
              r={r}
              fill={FRONT_COLOUR}
            />
          ))}
        </g>
        <g className="pareto-top">
          {data.top.map((p, i) => (
            <path
              key={i}
              className="plot-point"
              d={symbolPath('diamond', x(p.mem), y(p.throughput), SIZES.top)}
              fill={TOP_COLOUR}
            />
          ))}
        </g>
      </g>
    );
  }, [data, x, y]);
  const selection = mark ? (
    <path
      className="pareto-selected plot-point"
      d={symbolPath('star', x(mark.mem), y(mark.throughput), SIZES.selected)}
      fill="#ffffff"
      stroke={MARKER}
      strokeWidth={2}
    />
  ) : null;
  const hitTest = useCallback(
    (px: number, py: number): Hover | null => {
      // The nearest point within reach; the top and the front come first in `all`, so on a tie the
      // marked layers win over the sample drawn beneath them.
      let best: ScatterPoint | undefined;
      let dist = REACH * REACH;
      for (const p of all) {
        const d = (x(p.mem) - px) ** 2 + (y(p.throughput) - py) ** 2;
        if (d < dist) {
          dist = d;
          best = p;
        }
      }
      if (!best) return null;
      const p = best;
      return {
        key: `${p.mem} ${p.throughput} ${formatConfig(p.config)}`,
        x: x(p.mem),
        y: y(p.throughput),
        title: formatConfig(p.config),
        items: [
          { name: 'Throughput', value: `${formatNumber(p.throughput)} samples/s` },
          { name: 'Memory', value: `${formatNumber(p.mem)} GB per GPU` },
        ],
        pick: onSelect ? () => onSelect(p.config) : undefined,
      };
    },
    [all, x, y, onSelect],
  );
  // The keyboard steps through the front and the top configurations by memory (the sample is for the eye).
  const keyTargets = useMemo(
    () =>
      [...data.front, ...data.top]
        .sort((a, b) => a.mem - b.mem || a.throughput - b.throughput)
        .map((p) => ({ x: x(p.mem), y: y(p.throughput) })),
    [data, x, y],
  );
  return (
    <Plot
      frame={frame}
      label={title}
      keyTargets={keyTargets}
      xTicks={xTicks}
      yTicks={yTicks}
      xTitle="Memory per GPU (GB)"
      yTitle="Throughput (samples/s)"
      xGrid
      legend={mark ? LEGEND_SELECTED : LEGEND}
      hitTest={hitTest}
    >
      {layers}
      {selection}
    </Plot>
  );
}

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
