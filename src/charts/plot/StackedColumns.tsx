/**
 * Stacked columns in plain SVG, one per row: the explorer's time and memory breakdowns (a column per GPU
 * count) and the compare view's time breakdown (a column per system).
 */
import { memo, useCallback, useMemo, type ReactNode } from 'react';
import { formatCount } from '../format.ts';
import {
  frameOf,
  MARKER,
  Plot,
  PlotBox,
  type Frame,
  type Hover,
  type LegendEntry,
  type PixelTick,
} from './Plot.tsx';
import { labelStride, linearScale, logScale, textWidth, type Scale } from './scale.ts';

export interface StackPart<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly colour: string;
}

export interface StackedColumnsProps<K extends string, R extends Record<K, number>> {
  /** Accessible name of the drawing. */
  readonly label: string;
  /** One column per row, in order. */
  readonly rows: readonly R[];
  /** A column's label under the axis, and the axis' title. */
  readonly category: (row: R) => string;
  readonly xTitle: string;
  /** A number kept on each column's tick (data-value), for tests and scripts that drive the chart. */
  readonly tickValue?: ((row: R) => number) | undefined;
  /** Stacking order, bottom first. */
  readonly parts: readonly StackPart<K>[];
  /**
   * The y axis: from 0 (or `yMin` > 0 on a log axis) to `yMax`, ticks at `yTicks`, labelled by `yFormat`.
   * On a log axis a column's top sits at its total and its parts share its height in proportion (a
   * stack of logarithms would shrink every part but the first).
   */
  readonly yMax: number;
  readonly yMin?: number | undefined;
  readonly yScale?: 'linear' | 'log' | undefined;
  readonly yTicks: readonly number[];
  readonly yFormat: (v: number) => string;
  readonly yTitle: string;
  /** Tooltip title of a column, and how its values read. */
  readonly columnTitle: (row: R) => string;
  readonly valueFormat: (v: number) => string;
  /** The column drawn selected, by index (-1: none), and what a click on a column does. */
  readonly selected?: number | undefined;
  readonly onPick?: ((row: R) => void) | undefined;
  /** Drawn over the columns (e.g. the HBM capacity line), given the frame and the y scale. */
  readonly overlay?: ((frame: Frame, y: Scale) => ReactNode) | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** Props of columns that are GPU counts: labelled by count, each tick carrying its count. */
export const GPU_COLUMNS = {
  category: (row: { readonly gpus: number }) => formatCount(row.gpus),
  xTitle: 'GPUs',
  tickValue: (row: { readonly gpus: number }) => row.gpus,
} as const;

// Share of each band the column takes (recharts' default category gap was 10% each side).
const FILL = 0.8;
const TICK_SIZE = 12;

function StackedColumnsImpl<K extends string, R extends Record<K, number>>(props: StackedColumnsProps<K, R>) {
  return (
    <PlotBox width={props.width} height={props.height}>
      {(w, h) => <Columns {...props} width={w} height={h} />}
    </PlotBox>
  );
}

function Columns<K extends string, R extends Record<K, number>>({
  label,
  rows,
  category,
  xTitle,
  tickValue,
  parts,
  yMax,
  yMin = 0,
  yScale = 'linear',
  yTicks,
  yFormat,
  yTitle,
  columnTitle,
  valueFormat,
  selected = -1,
  onPick,
  overlay,
  width = 0,
  height = 0,
}: StackedColumnsProps<K, R>) {
  const frame = useMemo(() => frameOf(width, height), [width, height]);
  const band = (frame.right - frame.left) / Math.max(1, rows.length);
  const y = useMemo(
    () =>
      yScale === 'log' && yMin > 0
        ? logScale(yMin, yMax, frame.bottom, frame.top)
        : linearScale(yMin, yMax, frame.bottom, frame.top),
    [yMin, yMax, yScale, frame],
  );
  const xTicks = useMemo<PixelTick[]>(() => {
    const labels = rows.map(category);
    const widest = Math.max(0, ...labels.map((l) => textWidth(l, TICK_SIZE)));
    const stride = labelStride(rows.length, band, widest);
    return rows.map((r, i) => ({
      px: frame.left + band * (i + 0.5),
      label: i % stride === 0 ? (labels[i] as string) : '',
      value: tickValue?.(r),
    }));
  }, [rows, category, tickValue, band, frame]);
  const yPixelTicks = useMemo(
    () => yTicks.map((v) => ({ px: y(v), label: yFormat(v) })),
    [yTicks, y, yFormat],
  );
  const legend = useMemo<LegendEntry[]>(
    () => parts.map((p) => ({ label: p.label, colour: p.colour, mark: 'box' })),
    [parts],
  );
  const columns = useMemo(
    () => (
      <g className="plot-columns">
        {rows.map((row, i) => {
          const x = frame.left + band * (i + (1 - FILL) / 2);
          const total = parts.reduce((sum, p) => sum + row[p.key], 0);
          // Pixels per unit of value within this column: the axis' own on a linear scale.
          const perUnit =
            yScale === 'log'
              ? total > 0
                ? (frame.bottom - Math.max(frame.top, y(total))) / total
                : 0
              : null;
          let base = 0;
          return (
            <g key={i} className="plot-column">
              {parts.map((p) => {
                const v = row[p.key];
                const y0 = perUnit === null ? y(base) : frame.bottom - base * perUnit;
                base += v;
                const y1 = perUnit === null ? y(base) : frame.bottom - base * perUnit;
                return y0 - y1 > 0 ? (
                  <rect
                    key={p.key}
                    className="plot-bar"
                    x={x}
                    y={y1}
                    width={band * FILL}
                    height={y0 - y1}
                    fill={p.colour}
                  />
                ) : null;
              })}
            </g>
          );
        })}
      </g>
    ),
    [rows, parts, band, frame, y, yScale],
  );
  const marker =
    selected >= 0 && selected < rows.length ? (
      <g className="plot-selected">
        <rect
          x={frame.left + band * selected}
          y={frame.top}
          width={band}
          height={frame.bottom - frame.top}
          fill="#000000"
          fillOpacity={0.08}
        />
        <text
          x={frame.left + band * (selected + 0.5)}
          y={frame.top - 6}
          textAnchor="middle"
          fontSize={11}
          fill={MARKER}
        >
          {category(rows[selected] as R)}
        </text>
      </g>
    ) : null;
  const hitTest = useCallback(
    (px: number, py: number): Hover | null => {
      const i = Math.floor((px - frame.left) / band);
      const row = rows[i];
      if (!row) return null;
      return {
        key: String(i),
        x: px,
        y: py,
        title: columnTitle(row),
        // In stacking order, as the legend reads.
        items: parts.map((p) => ({ colour: p.colour, name: p.label, value: valueFormat(row[p.key]) })),
        band: { x0: frame.left + band * i, x1: frame.left + band * (i + 1) },
        pick: onPick ? () => onPick(row) : undefined,
      };
    },
    [rows, parts, band, frame, columnTitle, valueFormat, onPick],
  );
  const keyTargets = useMemo(
    () => rows.map((_, i) => ({ x: frame.left + band * (i + 0.5), y: (frame.top + frame.bottom) / 2 })),
    [rows, band, frame],
  );
  return (
    <Plot
      frame={frame}
      label={label}
      keyTargets={keyTargets}
      xTicks={xTicks}
      yTicks={yPixelTicks}
      xTitle={xTitle}
      yTitle={yTitle}
      legend={legend}
      hitTest={hitTest}
    >
      {marker}
      {columns}
      {overlay?.(frame, y)}
    </Plot>
  );
}

export const StackedColumns = memo(StackedColumnsImpl) as typeof StackedColumnsImpl;
