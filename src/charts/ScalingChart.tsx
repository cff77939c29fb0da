/** Best throughput against GPU count for each compared system, with ideal linear scaling. */
import { memo, useCallback, useMemo } from 'react';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { formatCount, formatNumber, withUnit } from './format.ts';
import {
  frameOf,
  fx,
  MARKER,
  Plot,
  PlotBox,
  type Hover,
  type LegendEntry,
  type PixelTick,
} from './plot/Plot.tsx';
import { labelStride, logScale, logTicks, textWidth } from './plot/scale.ts';
import {
  gpuTicks,
  scalingRows,
  seriesLines,
  type SeriesInput,
  type SeriesLine,
  type SeriesRow,
} from './rows.ts';

export interface ScalingChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Throughput vs GPU count';
const SAMPLES_PER_SECOND = withUnit(' samples/s');
// Room beyond the end points, so no dot sits on the frame: a quarter of an octave of GPUs, and 1.5× of
// throughput (the axis spans decades).
const GPU_PAD = 2 ** 0.25;
const Y_PAD = 1.5;
const TICK_SIZE = 12;

export const ScalingChart = memo(function ScalingChart({
  series,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: ScalingChartProps) {
  const rows = useMemo(() => scalingRows(series), [series]);
  const lines = useMemo(() => seriesLines(series), [series]);
  return (
    <ChartFrame
      title={TITLE}
      caption="Best throughput found at each GPU count (solid) against ideal linear scaling from the first count where the model fits (dashed); both axes logarithmic."
      exportName="parallax-scaling"
    >
      {rows.length === 0 ? (
        <EmptyChart message="No results yet" height={height} />
      ) : (
        <PlotBox width={width} height={height}>
          {(w, h) => (
            <ScalingPlot
              rows={rows}
              lines={lines}
              selectedGpus={selectedGpus}
              onSelectGpus={onSelectGpus}
              width={w}
              height={h}
            />
          )}
        </PlotBox>
      )}
    </ChartFrame>
  );
});

interface ScalingPlotProps {
  readonly rows: readonly SeriesRow[];
  readonly lines: readonly SeriesLine[];
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: ((gpus: number) => void) | undefined;
  readonly width: number;
  readonly height: number;
}

function ScalingPlot({ rows, lines, selectedGpus, onSelectGpus, width, height }: ScalingPlotProps) {
  const frame = useMemo(() => frameOf(width, height), [width, height]);
  const first = rows[0]?.gpus ?? 1;
  const last = rows[rows.length - 1]?.gpus ?? 1;
  const x = useMemo(
    () => logScale(first / GPU_PAD, last * GPU_PAD, frame.left, frame.right),
    [first, last, frame],
  );
  const yDomain = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of rows)
      for (const l of lines)
        for (const v of [l.value(row), l.ideal(row)])
          if (v !== null && v > 0) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
    return Number.isFinite(lo) ? { lo: lo / Y_PAD, hi: hi * Y_PAD } : { lo: 1, hi: 10 };
  }, [rows, lines]);
  const y = useMemo(() => logScale(yDomain.lo, yDomain.hi, frame.bottom, frame.top), [yDomain, frame]);
  const xTicks = useMemo<PixelTick[]>(() => {
    const ticks = gpuTicks(rows);
    const widest = Math.max(0, ...ticks.map((t) => textWidth(formatCount(t), TICK_SIZE)));
    // Powers of two are evenly spaced on a log axis.
    const spacing = ticks.length > 1 ? x(ticks[1] as number) - x(ticks[0] as number) : Infinity;
    const stride = labelStride(ticks.length, spacing, widest);
    return ticks.map((t, i) => ({ px: x(t), label: i % stride === 0 ? formatCount(t) : '', value: t }));
  }, [rows, x]);
  const yTicks = useMemo(
    () => logTicks(yDomain.lo, yDomain.hi).map((v) => ({ px: y(v), label: formatNumber(v) })),
    [yDomain, y],
  );
  const legend = useMemo<LegendEntry[]>(
    () =>
      lines.flatMap((l) => [
        { label: l.label, colour: l.colour, mark: 'line' as const },
        { label: `${l.label}, ideal`, colour: l.colour, mark: 'dashed' as const },
      ]),
    [lines],
  );
  const layers = useMemo(
    () => (
      <g className="plot-lines">
        {lines.map((l) => (
          <g key={l.key} className="plot-series">
            <path
              className="plot-line plot-ideal"
              data-series={`${l.label}, ideal`}
              d={linePath(rows, l.ideal, x, y)}
              fill="none"
              stroke={l.colour}
              strokeWidth={2}
              strokeDasharray="6 4"
              strokeOpacity={0.7}
            />
            <path
              className="plot-line"
              data-series={l.label}
              d={linePath(rows, l.value, x, y)}
              fill="none"
              stroke={l.colour}
              strokeWidth={2}
            />
            {rows.map((row) => {
              const v = l.value(row);
              return v !== null && v > 0 ? (
                <circle
                  key={row.gpus}
                  className="plot-dot"
                  cx={x(row.gpus)}
                  cy={y(v)}
                  r={3}
                  fill={l.colour}
                />
              ) : null;
            })}
          </g>
        ))}
      </g>
    ),
    [rows, lines, x, y],
  );
  const marker =
    selectedGpus !== null && selectedGpus >= first && selectedGpus <= last ? (
      <SelectedLine
        gpus={selectedGpus}
        px={x(selectedGpus)}
        top={frame.top}
        bottom={frame.bottom}
        upper={Math.log2(selectedGpus) > (Math.log2(first) + Math.log2(last)) / 2}
      />
    ) : null;
  const hitTest = useCallback(
    (px: number, py: number): Hover | null => {
      // The GPU count nearest the pointer on the log axis.
      let row: SeriesRow | undefined;
      for (const r of rows) if (!row || Math.abs(x(r.gpus) - px) < Math.abs(x(row.gpus) - px)) row = r;
      if (!row) return null;
      const at = row;
      return {
        key: String(at.gpus),
        x: px,
        y: py,
        title: `${formatCount(at.gpus)} GPUs`,
        items: lines.flatMap((l) => {
          const v = l.value(at);
          const ideal = l.ideal(at);
          return [
            ...(v !== null ? [{ colour: l.colour, name: l.label, value: SAMPLES_PER_SECOND(v) }] : []),
            ...(ideal !== null
              ? [{ colour: l.colour, name: `${l.label}, ideal`, value: SAMPLES_PER_SECOND(ideal) }]
              : []),
          ];
        }),
        pick: onSelectGpus ? () => onSelectGpus(at.gpus) : undefined,
      };
    },
    [rows, lines, x, onSelectGpus],
  );
  const keyTargets = useMemo(
    () => rows.map((r) => ({ x: x(r.gpus), y: (frame.top + frame.bottom) / 2 })),
    [rows, x, frame],
  );
  return (
    <Plot
      frame={frame}
      label={TITLE}
      keyTargets={keyTargets}
      xTicks={xTicks}
      yTicks={yTicks}
      xTitle="GPUs"
      yTitle="Throughput (samples/s)"
      xGrid
      legend={legend}
      hitTest={hitTest}
    >
      {layers}
      {marker}
    </Plot>
  );
}

/** A polyline through the rows' positive values; a missing value breaks the line, as it has no point. */
function linePath(
  rows: readonly SeriesRow[],
  value: (row: SeriesRow) => number | null,
  x: (v: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (const row of rows) {
    const v = value(row);
    if (v === null || !(v > 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${fx(x(row.gpus))} ${fx(y(v))}`;
    pen = true;
  }
  return d;
}

/**
 * The selected GPU count: a dashed vertical line labelled beside it, on the side with room (left of it
 * in the upper half of the range, so the label never runs off the plot at the largest count).
 */
function SelectedLine({
  gpus,
  px,
  top,
  bottom,
  upper,
}: {
  readonly gpus: number;
  readonly px: number;
  readonly top: number;
  readonly bottom: number;
  readonly upper: boolean;
}) {
  return (
    <g className="plot-selected">
      <line x1={px} x2={px} y1={top} y2={bottom} stroke={MARKER} strokeDasharray="4 3" strokeWidth={1.5} />
      <text
        x={upper ? px - 5 : px + 5}
        y={top + 12}
        textAnchor={upper ? 'end' : 'start'}
        fontSize={11}
        fill={MARKER}
      >
        {`${formatCount(gpus)} GPUs`}
      </text>
    </g>
  );
}
