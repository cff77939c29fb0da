/**
 * Lines over a logarithmic GPU-count axis in plain SVG, one per series: the explorer's and compare view's
 * throughput (log y, with each series' ideal scaling dashed) and the compare view's speed-up (linear y
 * from 0, with a reference line at 1×).
 */
import { useCallback, useMemo } from 'react';
import { formatCount, formatGpus } from '../format.ts';
import { gpuTicks, niceCeil, type SeriesLine, type SeriesRow } from '../rows.ts';
import {
  frameOf,
  fx,
  MARKER,
  Plot,
  PlotBox,
  type Hover,
  type LegendEntry,
  type PixelTick,
  type TooltipItem,
} from './Plot.tsx';
import { labelStride, linearScale, linearTicks, logScale, logTicks, textWidth } from './scale.ts';

export interface GpuLinesProps {
  /** Accessible name of the drawing. */
  readonly label: string;
  readonly rows: readonly SeriesRow[];
  readonly lines: readonly SeriesLine[];
  /** Log y (spanning the data with room) or linear y from 0 to a round number. */
  readonly yScale: 'log' | 'linear';
  readonly yTitle: string;
  readonly yFormat: (v: number) => string;
  /** A tooltip value. */
  readonly valueFormat: (v: number) => string;
  /** Draw each series' ideal scaling, dashed. */
  readonly ideal?: boolean | undefined;
  /** A horizontal reference line at this y (e.g. 1×). */
  readonly reference?: number | undefined;
  readonly selectedGpus?: number | null | undefined;
  readonly onSelectGpus?: ((gpus: number) => void) | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

// Room beyond the end points, so no dot sits on the frame: a quarter of an octave of GPUs, and 1.5× of a
// log y axis (it spans decades).
const GPU_PAD = 2 ** 0.25;
const Y_PAD = 1.5;
const TICK_SIZE = 12;
const REFERENCE = '#888888';

export function GpuLines(props: GpuLinesProps) {
  return (
    <PlotBox width={props.width} height={props.height}>
      {(w, h) => <Lines {...props} width={w} height={h} />}
    </PlotBox>
  );
}

function Lines({
  label,
  rows,
  lines,
  yScale,
  yTitle,
  yFormat,
  valueFormat,
  ideal = false,
  reference,
  selectedGpus = null,
  onSelectGpus,
  width = 0,
  height = 0,
}: GpuLinesProps) {
  const frame = useMemo(() => frameOf(width, height), [width, height]);
  const first = rows[0]?.gpus ?? 1;
  const last = rows[rows.length - 1]?.gpus ?? 1;
  const x = useMemo(
    () => logScale(first / GPU_PAD, last * GPU_PAD, frame.left, frame.right),
    [first, last, frame],
  );
  const yAxis = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of rows)
      for (const l of lines)
        for (const v of ideal ? [l.value(row), l.ideal(row)] : [l.value(row)])
          if (v !== null && v > 0) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
    if (reference !== undefined) hi = Math.max(hi, reference);
    if (yScale === 'linear') {
      const max = niceCeil(Number.isFinite(hi) ? hi : 1) || 1;
      return { lo: 0, hi: max, ticks: linearTicks(0, max) };
    }
    const [a, b] = Number.isFinite(lo) ? [lo / Y_PAD, hi * Y_PAD] : [1, 10];
    return { lo: a, hi: b, ticks: logTicks(a, b) };
  }, [rows, lines, ideal, reference, yScale]);
  const y = useMemo(
    () => (yScale === 'log' ? logScale : linearScale)(yAxis.lo, yAxis.hi, frame.bottom, frame.top),
    [yAxis, yScale, frame],
  );
  const xTicks = useMemo<PixelTick[]>(() => {
    const ticks = gpuTicks(rows);
    const widest = Math.max(0, ...ticks.map((t) => textWidth(formatCount(t), TICK_SIZE)));
    // Powers of two are evenly spaced on a log axis.
    const spacing = ticks.length > 1 ? x(ticks[1] as number) - x(ticks[0] as number) : Infinity;
    const stride = labelStride(ticks.length, spacing, widest);
    return ticks.map((t, i) => ({ px: x(t), label: i % stride === 0 ? formatCount(t) : '', value: t }));
  }, [rows, x]);
  const yTicks = useMemo(
    () => yAxis.ticks.map((v) => ({ px: y(v), label: yFormat(v) })),
    [yAxis, y, yFormat],
  );
  const legend = useMemo<LegendEntry[]>(
    () =>
      lines.flatMap((l) => [
        { label: l.label, colour: l.colour, mark: 'line' as const },
        ...(ideal ? [{ label: `${l.label}, ideal`, colour: l.colour, mark: 'dashed' as const }] : []),
      ]),
    [lines, ideal],
  );
  const layers = useMemo(
    () => (
      <g className="plot-lines">
        {reference !== undefined && (
          <line
            className="plot-reference"
            x1={frame.left}
            x2={frame.right}
            y1={y(reference)}
            y2={y(reference)}
            stroke={REFERENCE}
          />
        )}
        {lines.map((l) => (
          <g key={l.key} className="plot-series">
            {ideal && (
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
            )}
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
    [rows, lines, ideal, reference, frame, x, y],
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
        title: formatGpus(at.gpus),
        items: lines.flatMap((l): TooltipItem[] => {
          const v = l.value(at);
          const i = ideal ? l.ideal(at) : null;
          return [
            ...(v !== null ? [{ colour: l.colour, name: l.label, value: valueFormat(v) }] : []),
            ...(i !== null ? [{ colour: l.colour, name: `${l.label}, ideal`, value: valueFormat(i) }] : []),
          ];
        }),
        pick: onSelectGpus ? () => onSelectGpus(at.gpus) : undefined,
      };
    },
    [rows, lines, ideal, x, valueFormat, onSelectGpus],
  );
  const keyTargets = useMemo(
    () => rows.map((r) => ({ x: x(r.gpus), y: (frame.top + frame.bottom) / 2 })),
    [rows, x, frame],
  );
  return (
    <Plot
      frame={frame}
      label={label}
      keyTargets={keyTargets}
      xTicks={xTicks}
      yTicks={yTicks}
      xTitle="GPUs"
      yTitle={yTitle}
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
        {formatGpus(gpus)}
      </text>
    </g>
  );
}
