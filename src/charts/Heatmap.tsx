/**
 * A heatmap in plain SVG (recharts has none): one rect per cell, a colour legend with ticks, swatches for
 * cells still pending and cells where nothing fits, one outlined cell. Responsive through its viewBox.
 * Hundreds of cells (the paper's 32 × 28 grid) render as one memoised layer with a single delegated click
 * handler and no per-cell state.
 */
import {
  memo,
  useCallback,
  useDeferredValue,
  useId,
  useMemo,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { EmptyChart } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { legendTicks, thinTicks, type ColourScale, type HeatmapCell } from './heatmapRows.ts';
import { formatNumber } from './format.ts';

export interface HeatmapAxis {
  /** Axis title with its unit, e.g. "HBM bandwidth (GB/s)". */
  readonly title: string;
  /** One tick label per column (x) or row (y, bottom first); thinned out when crowded. */
  readonly labels: readonly string[];
}

export interface HeatmapProps<C extends HeatmapCell> {
  readonly title: string;
  /** One line saying what the chart shows. */
  readonly caption: string;
  /** File name of exports, without extension. */
  readonly exportName: string;
  readonly x: HeatmapAxis;
  readonly y: HeatmapAxis;
  /** Any subset of the grid's positions; positions without a cell stay blank. */
  readonly cells: readonly C[];
  readonly scale: ColourScale;
  /** Above the colour bar, e.g. "Speed-up". */
  readonly legendTitle: string;
  /** The cell drawn outlined, and what the legend calls it ("baseline", "best"). */
  readonly outlined?: C | null | undefined;
  readonly outlineLabel?: string | undefined;
  /** Legend text of 'ok' cells without a value (drawn neutral); the swatch shows only when such cells exist. */
  readonly neutralLabel?: string | undefined;
  /** Whether the legend has a "not searched yet" swatch (default true; results that arrive whole need none). */
  readonly showPending?: boolean | undefined;
  readonly onCellClick?: ((cell: C) => void) | undefined;
  /** Label every row, growing the plot to fit them (categorical rows such as the paper's sweeps). */
  readonly labelEveryRow?: boolean | undefined;
  /** data-testid of the element around the figure. */
  readonly testId?: string | undefined;
  /** Shown instead of the chart when there are no columns or rows. */
  readonly emptyMessage?: string | undefined;
  readonly actions?: ReactNode;
}

// Geometry in viewBox units (px at 760 px wide): plot on the left, legend on the right.
const WIDTH = 760;
const LEFT = 86;
const RIGHT = 160;
const TOP = 12;
const BOTTOM = 52;
const PLOT_HEIGHT = 340;
const TICK_SIZE = 11;
const TITLE_SIZE = 12;
// Average glyph width of a 11 px sans-serif digit, for thinning labels without measuring text.
const GLYPH = 6.4;
// The same for mixed text (capitals, letters), sizing the room row labels need.
const TEXT_GLYPH = 6.9;
// Room for the rotated y-axis title, left of the row labels.
const Y_TITLE_ROOM = 30;
// Row height when every row is labelled.
const LABELLED_ROW = TICK_SIZE + 3;

/** Where the plot sits: left of it the row labels (as wide as the longest needs), right of it the legend. */
interface Geometry {
  readonly left: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  readonly height: number;
  readonly labelEveryRow: boolean;
}

function geometryOf(y: HeatmapAxis, labelEveryRow: boolean): Geometry {
  const longest = y.labels.reduce((m, l) => Math.max(m, l.length), 0);
  // Tick mark, gap and labels, then the axis title: the title never overlaps the labels.
  const left = Math.max(LEFT, Math.ceil(Y_TITLE_ROOM + longest * TEXT_GLYPH + 11));
  const plotHeight = labelEveryRow ? Math.max(PLOT_HEIGHT, y.labels.length * LABELLED_ROW) : PLOT_HEIGHT;
  return {
    left,
    plotWidth: WIDTH - left - RIGHT,
    plotHeight,
    height: TOP + plotHeight + BOTTOM,
    labelEveryRow,
  };
}
const BAR_WIDTH = 14;
const BAR_HEIGHT = 170;
const SWATCH = 14;
const GRADIENT_STOPS = 16;

const INK = '#1b1f24';
const MUTED = '#555555';
/** 'ok' cells without a value to colour. */
export const NEUTRAL_FILL = '#c9ced6';
const CELL_GAP = '#ffffff';

const NO_CELLS: readonly HeatmapCell[] = [];

/** A DOM id from React's useId (which may contain characters url(#…) references cannot). */
const cleanId = (id: string) => `hm-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;

function HeatmapImpl<C extends HeatmapCell>({
  title,
  caption,
  exportName,
  x,
  y,
  cells,
  scale,
  legendTitle,
  outlined,
  outlineLabel,
  neutralLabel,
  showPending = true,
  onCellClick,
  labelEveryRow = false,
  testId,
  emptyMessage,
  actions,
}: HeatmapProps<C>): ReactElement {
  const id = cleanId(useId());
  const ids = useMemo(() => ({ pending: `${id}-pending`, noFit: `${id}-nofit`, bar: `${id}-bar` }), [id]);
  const nx = x.labels.length;
  const ny = y.labels.length;
  const g = useMemo(() => geometryOf(y, labelEveryRow), [y, labelEveryRow]);
  // The cells render in the background (a deferred, interruptible render): a view opening with hundreds
  // of them, or results recolouring them all, never holds the main thread in one piece.
  const shownCells = useDeferredValue(cells, NO_CELLS as readonly C[]);
  const hasNeutral = useMemo(() => cells.some((c) => c.status === 'ok' && c.value === null), [cells]);
  const onClick = useCallback(
    (e: MouseEvent<SVGGElement>) => {
      const raw = (e.target as Element).getAttribute('data-index');
      const cell = raw === null ? undefined : cells[Number(raw)];
      if (cell && onCellClick) onCellClick(cell);
    },
    [cells, onCellClick],
  );
  return (
    <div data-testid={testId} style={{ display: 'contents' }}>
      <ChartFrame title={title} caption={caption} exportName={exportName} actions={actions}>
        {nx === 0 || ny === 0 ? (
          <EmptyChart message={emptyMessage ?? 'No results yet'} height={PLOT_HEIGHT} />
        ) : (
          // The wrapper and surface classes are those the chart exporter looks for (src/charts/exportChart.ts).
          <div className="chart-plot heatmap-wrapper">
            <svg
              className="chart-surface heatmap"
              width={WIDTH}
              height={g.height}
              viewBox={`0 0 ${WIDTH} ${g.height}`}
              style={{ width: '100%', height: 'auto', display: 'block' }}
              fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
            >
              <Defs ids={ids} scale={scale} />
              <Axes x={x} y={y} g={g} />
              <Cells
                cells={shownCells}
                g={g}
                nx={nx}
                ny={ny}
                scale={scale}
                pendingFill={`url(#${ids.pending})`}
                noFitFill={`url(#${ids.noFit})`}
                onClick={onCellClick ? onClick : undefined}
              />
              {outlined ? <Outline cell={outlined} g={g} nx={nx} ny={ny} /> : null}
              <Legend
                g={g}
                ids={ids}
                scale={scale}
                title={legendTitle}
                outlineLabel={outlined ? outlineLabel : undefined}
                neutralLabel={hasNeutral ? neutralLabel : undefined}
                showPending={showPending}
              />
            </svg>
          </div>
        )}
      </ChartFrame>
    </div>
  );
}

/** The heatmap; memoised (give it stable cells, axes and scale). */
export const Heatmap = memo(HeatmapImpl) as typeof HeatmapImpl;

interface Ids {
  readonly pending: string;
  readonly noFit: string;
  readonly bar: string;
}

const Defs = memo(function Defs({ ids, scale }: { ids: Ids; scale: ColourScale }) {
  const stops = Array.from({ length: GRADIENT_STOPS }, (_, i) => {
    const t = i / (GRADIENT_STOPS - 1);
    return { offset: t, colour: scale.colour(scale.min * (scale.max / scale.min) ** t) };
  });
  return (
    <defs>
      {/* Pending: light grey with faint dots. */}
      <pattern id={ids.pending} width={6} height={6} patternUnits="userSpaceOnUse">
        <rect width={6} height={6} fill="#f0f1f3" />
        <circle cx={3} cy={3} r={0.9} fill="#cfd3d9" />
      </pattern>
      {/* Nothing fits: dark grey with lighter diagonal hatching. */}
      <pattern
        id={ids.noFit}
        width={6}
        height={6}
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width={6} height={6} fill="#5f6368" />
        <line x1={1.5} y1={0} x2={1.5} y2={6} stroke="#9aa0a6" strokeWidth={1.5} />
      </pattern>
      {/* The colour bar runs from the scale's minimum at the bottom to its maximum at the top. */}
      <linearGradient id={ids.bar} x1={0} y1={1} x2={0} y2={0}>
        {stops.map((s) => (
          <stop key={s.offset} offset={s.offset} stopColor={s.colour} />
        ))}
      </linearGradient>
    </defs>
  );
});

const Axes = memo(function Axes({ x, y, g }: { x: HeatmapAxis; y: HeatmapAxis; g: Geometry }) {
  const { left, plotWidth, plotHeight, height } = g;
  const nx = x.labels.length;
  const ny = y.labels.length;
  const cw = plotWidth / nx;
  const ch = plotHeight / ny;
  const longest = x.labels.reduce((m, l) => Math.max(m, l.length), 1);
  const xShown = thinTicks(nx, plotWidth, longest * GLYPH + 10);
  const yShown = thinTicks(ny, plotHeight, g.labelEveryRow ? LABELLED_ROW : TICK_SIZE + 5);
  const bottom = TOP + plotHeight;
  return (
    <g className="heatmap-axes" fill={MUTED} fontSize={TICK_SIZE}>
      <g className="heatmap-x-ticks" textAnchor="middle">
        {xShown.map((i) => (
          <g key={i}>
            <line
              x1={left + (i + 0.5) * cw}
              x2={left + (i + 0.5) * cw}
              y1={bottom}
              y2={bottom + 4}
              stroke={MUTED}
            />
            <text x={left + (i + 0.5) * cw} y={bottom + 16}>
              {x.labels[i]}
            </text>
          </g>
        ))}
      </g>
      <g className="heatmap-y-ticks" textAnchor="end">
        {yShown.map((i) => {
          const cy = TOP + (ny - 1 - i + 0.5) * ch;
          return (
            <g key={i}>
              <line x1={left - 4} x2={left} y1={cy} y2={cy} stroke={MUTED} />
              <text x={left - 7} y={cy} dominantBaseline="central">
                {y.labels[i]}
              </text>
            </g>
          );
        })}
      </g>
      <text
        className="heatmap-x-title"
        x={left + plotWidth / 2}
        y={height - 10}
        textAnchor="middle"
        fontSize={TITLE_SIZE}
        fill={INK}
      >
        {x.title}
      </text>
      <text
        className="heatmap-y-title"
        transform={`translate(14 ${TOP + plotHeight / 2}) rotate(-90)`}
        textAnchor="middle"
        dominantBaseline="central"
        fontSize={TITLE_SIZE}
        fill={INK}
      >
        {y.title}
      </text>
    </g>
  );
});

interface CellsProps {
  readonly cells: readonly HeatmapCell[];
  readonly g: Geometry;
  readonly nx: number;
  readonly ny: number;
  readonly scale: ColourScale;
  readonly pendingFill: string;
  readonly noFitFill: string;
  readonly onClick: ((e: MouseEvent<SVGGElement>) => void) | undefined;
}

/** Every cell as one rect with a tooltip; clicks are delegated to the group (data-index = position in `cells`). */
const Cells = memo(function Cells({ cells, g, nx, ny, scale, pendingFill, noFitFill, onClick }: CellsProps) {
  const { left } = g;
  const cw = g.plotWidth / nx;
  const ch = g.plotHeight / ny;
  const fill = (c: HeatmapCell) =>
    c.status === 'pending'
      ? pendingFill
      : c.status === 'no-fit'
        ? noFitFill
        : c.value === null
          ? NEUTRAL_FILL
          : scale.colour(c.value);
  return (
    <g
      className="heatmap-cells"
      stroke={CELL_GAP}
      strokeWidth={nx * ny > 400 ? 0.4 : 1}
      onClick={onClick}
      style={onClick ? { cursor: 'pointer' } : undefined}
    >
      {cells.map((c, i) => (
        <Cell
          key={i}
          index={i}
          status={c.status}
          x={left + c.x * cw}
          y={TOP + (ny - 1 - c.y) * ch}
          width={cw}
          height={ch}
          fill={fill(c)}
          title={c.title}
        />
      ))}
    </g>
  );
});

/**
 * One cell, memoised on plain values: as results stream in, the cells that did not change (most of a
 * 700-cell figure set) skip rendering altogether.
 */
const Cell = memo(function Cell({
  index,
  status,
  x,
  y,
  width,
  height,
  fill,
  title,
}: {
  readonly index: number;
  readonly status: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill: string;
  readonly title: string;
}) {
  return (
    <rect data-index={index} data-status={status} x={x} y={y} width={width} height={height} fill={fill}>
      <title>{title}</title>
    </rect>
  );
});

function Outline({ cell, g, nx, ny }: { cell: HeatmapCell; g: Geometry; nx: number; ny: number }) {
  const cw = g.plotWidth / nx;
  const ch = g.plotHeight / ny;
  const x = g.left + cell.x * cw;
  const y = TOP + (ny - 1 - cell.y) * ch;
  // A dark ring around a light one reads on every fill, from white to dark blue.
  return (
    <g className="heatmap-outline" fill="none" pointerEvents="none">
      <rect x={x + 1} y={y + 1} width={cw - 2} height={ch - 2} stroke="#ffffff" strokeWidth={1.5} />
      <rect x={x} y={y} width={cw} height={ch} stroke={INK} strokeWidth={2.5} />
    </g>
  );
}

interface LegendProps {
  readonly g: Geometry;
  readonly ids: Ids;
  readonly scale: ColourScale;
  readonly title: string;
  readonly outlineLabel: string | undefined;
  readonly neutralLabel: string | undefined;
  readonly showPending: boolean;
}

function Legend({ g, ids, scale, title, outlineLabel, neutralLabel, showPending }: LegendProps) {
  const x0 = g.left + g.plotWidth + 26;
  const barTop = TOP + 22;
  const tickY = (v: number) => {
    const t = Math.log(v / scale.min) / Math.log(scale.max / scale.min);
    return barTop + BAR_HEIGHT * (1 - Math.min(1, Math.max(0, t)));
  };
  const swatches: { key: string; label: string; fill: string; outline?: boolean }[] = [];
  if (showPending) swatches.push({ key: 'pending', label: 'not searched yet', fill: `url(#${ids.pending})` });
  swatches.push({ key: 'no-fit', label: 'does not fit', fill: `url(#${ids.noFit})` });
  if (neutralLabel) swatches.push({ key: 'neutral', label: neutralLabel, fill: NEUTRAL_FILL });
  if (outlineLabel) swatches.push({ key: 'outline', label: outlineLabel, fill: '#ffffff', outline: true });
  const swatchTop = barTop + BAR_HEIGHT + 22;
  return (
    <g className="heatmap-legend" fontSize={TICK_SIZE} fill={INK}>
      <text x={x0} y={TOP + 8} fontSize={TITLE_SIZE} fontWeight={600}>
        {title}
      </text>
      <rect
        x={x0}
        y={barTop}
        width={BAR_WIDTH}
        height={BAR_HEIGHT}
        fill={`url(#${ids.bar})`}
        stroke="#aaaaaa"
        strokeWidth={0.5}
      />
      {legendTicks(scale, BAR_HEIGHT, TICK_SIZE * 1.8).map((v) => (
        <g key={v} className="heatmap-legend-tick">
          <line x1={x0 + BAR_WIDTH} x2={x0 + BAR_WIDTH + 4} y1={tickY(v)} y2={tickY(v)} stroke={MUTED} />
          <text x={x0 + BAR_WIDTH + 7} y={tickY(v)} dominantBaseline="central" fill={MUTED}>
            {`${formatNumber(v)}×`}
          </text>
        </g>
      ))}
      {swatches.map((s, i) => {
        const y = swatchTop + i * (SWATCH + 8);
        return (
          <g key={s.key} className="heatmap-legend-item" data-legend={s.key}>
            <rect
              x={x0}
              y={y}
              width={SWATCH}
              height={SWATCH}
              fill={s.fill}
              stroke={s.outline ? INK : '#aaaaaa'}
              strokeWidth={s.outline ? 2.5 : 0.5}
            />
            <text x={x0 + SWATCH + 6} y={y + SWATCH / 2} dominantBaseline="central">
              {s.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
