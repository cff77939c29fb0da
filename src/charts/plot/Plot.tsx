/**
 * The surface of the explorer's and compare view's charts in plain SVG: axes, grid, legend, a hover
 * tooltip, click picking and keyboard stepping around layers the chart draws itself.
 *
 * Why not recharts here: every update of a recharts 3 chart re-runs its store's selectors several times
 * over and re-renders its component tree, 50–90 ms per chart on this project's 2-core machine, so the
 * explorer could not keep the main thread under the 50 ms budget (issue 3) while results stream in, and
 * the chart work took CPU from the search workers. These charts draw a few hundred plain elements in a
 * few milliseconds. recharts still draws the design view's sensitivity charts, which update far less often.
 */
import {
  memo,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { BodyWidth } from '../bodyWidth.ts';
import { EXPORT_IGNORE } from '../exportChart.ts';
import { CHART_HEIGHT } from '../EmptyChart.tsx';

/** The plotting area inside the surface, px. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

// Room for y tick labels and the rotated y title on the left, x ticks and title below.
const MARGIN = { top: 22, right: 24, bottom: 44, left: 84 } as const;

/** The frame of a `width` × `height` surface. */
export function frameOf(width: number, height: number): Frame {
  return {
    width,
    height,
    left: MARGIN.left,
    right: Math.max(MARGIN.left + 1, width - MARGIN.right),
    top: MARGIN.top,
    bottom: Math.max(MARGIN.top + 1, height - MARGIN.bottom),
  };
}

/** A tick at `px` along its axis; an empty label draws the mark alone (labels thinned to fit). */
export interface PixelTick {
  readonly px: number;
  readonly label: string;
  /** The data value, kept on the tick's element (data-value) for tests and scripts that drive charts. */
  readonly value?: number | undefined;
}

export type LegendMark = 'box' | 'line' | 'dashed' | 'dot' | 'diamond' | 'star';

export interface LegendEntry {
  readonly label: string;
  readonly colour: string;
  readonly mark: LegendMark;
}

/** A tooltip line: a name and a value, with the swatch of its series if it has one. */
export interface TooltipItem {
  readonly colour?: string;
  readonly name: string;
  readonly value: string;
}

/** What is under the pointer: where to anchor the tooltip, what it says, and what a click picks. */
export interface Hover {
  /** Identifies the hovered thing; the tooltip re-renders only when it changes. */
  readonly key: string;
  /** Anchor, px in the surface. */
  readonly x: number;
  readonly y: number;
  readonly title: string;
  readonly items?: readonly TooltipItem[];
  /** A band to shade behind the pointer (a hovered column), px. */
  readonly band?: { readonly x0: number; readonly x1: number } | undefined;
  readonly pick?: (() => void) | undefined;
}

export interface PlotProps {
  readonly frame: Frame;
  /** Accessible name of the drawing. */
  readonly label: string;
  readonly xTicks: readonly PixelTick[];
  readonly yTicks: readonly PixelTick[];
  readonly xTitle: string;
  readonly yTitle: string;
  /** Vertical grid lines at the x ticks too (horizontal ones are always drawn). */
  readonly xGrid?: boolean;
  readonly legend: readonly LegendEntry[];
  /** The layers, in surface px; memoise them so hovering does not redraw them. */
  readonly children: ReactNode;
  /** What is at (x, y) px in the surface, or null. */
  readonly hitTest?: ((x: number, y: number) => Hover | null) | undefined;
  /**
   * Places the keyboard steps through (surface px, in reading order): with the chart focused, arrow keys
   * move the tooltip between them, Home and End jump to the ends, Enter or Space picks, Escape leaves.
   */
  readonly keyTargets?: readonly { readonly x: number; readonly y: number }[] | undefined;
}

/** Ink of markers drawn over the data: the selection, reference lines and their labels. */
export const MARKER = '#222222';

const GRID = '#e4e4e4';
const AXIS = '#666666';
const INK = '#444444';
const TICK_FILL = '#555555';
const FONT_SIZE = 12;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

export function Plot({
  frame,
  label,
  xTicks,
  yTicks,
  xTitle,
  yTitle,
  xGrid = false,
  legend,
  children,
  hitTest,
  keyTargets,
}: PlotProps) {
  // Where the pointer last moved onto something new; what is under it is worked out again whenever the
  // data change, so a tooltip held still while results stream in shows the new values.
  const [pointer, setPointer] = useState<{ x: number; y: number; key: string } | null>(null);
  const at = useCallback(
    (x: number, y: number): Hover | null =>
      hitTest && x >= frame.left && x <= frame.right && y >= frame.top && y <= frame.bottom
        ? hitTest(x, y)
        : null,
    [hitTest, frame],
  );
  const hover = useMemo(() => (pointer ? at(pointer.x, pointer.y) : null), [pointer, at]);
  const onMove = useCallback(
    (e: MouseEvent<SVGSVGElement>) => {
      const { x, y } = surfacePoint(e);
      const key = at(x, y)?.key ?? '';
      setPointer((prev) => (prev?.key === key ? prev : key ? { x, y, key } : null));
    },
    [at],
  );
  const onLeave = useCallback(() => setPointer(null), []);
  const onClick = useCallback(
    (e: MouseEvent<SVGSVGElement>) => {
      const { x, y } = surfacePoint(e);
      at(x, y)?.pick?.();
    },
    [at],
  );
  // The keyboard's place among keyTargets (-1: none yet).
  const step = useRef(-1);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<SVGSVGElement>) => {
      const n = keyTargets?.length ?? 0;
      if (!keyTargets || n === 0) return;
      const i = step.current;
      const next =
        e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? Math.min(n - 1, i + 1)
          : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
            ? Math.max(0, i < 0 ? 0 : i - 1)
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : null;
      if (next !== null) {
        e.preventDefault();
        step.current = next;
        const t = keyTargets[next] as { x: number; y: number };
        const h = at(t.x, t.y);
        setPointer(h ? { x: t.x, y: t.y, key: h.key } : null);
      } else if ((e.key === 'Enter' || e.key === ' ') && hover?.pick) {
        e.preventDefault();
        hover.pick();
      } else if (e.key === 'Escape') {
        step.current = -1;
        setPointer(null);
      }
    },
    [keyTargets, at, hover],
  );
  const onBlur = useCallback(() => {
    step.current = -1;
    setPointer(null);
  }, []);
  const focusable = (keyTargets?.length ?? 0) > 0;
  const { width, height } = frame;
  return (
    <div className="chart-plot">
      <svg
        className="chart-surface"
        role="img"
        aria-label={label}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        fontFamily={FONT}
        onMouseMove={onMove}
        onMouseLeave={onLeave}
        onClick={onClick}
        tabIndex={focusable ? 0 : undefined}
        onKeyDown={focusable ? onKeyDown : undefined}
        onBlur={focusable ? onBlur : undefined}
        style={hover?.pick ? POINTER : undefined}
      >
        <Grid frame={frame} xTicks={xGrid ? xTicks : NO_TICKS} yTicks={yTicks} />
        {hover?.band && (
          <rect
            className="plot-cursor"
            x={hover.band.x0}
            y={frame.top}
            width={Math.max(0, hover.band.x1 - hover.band.x0)}
            height={frame.bottom - frame.top}
            fill="#000000"
            fillOpacity={0.05}
          />
        )}
        {children}
        <Axes frame={frame} xTicks={xTicks} yTicks={yTicks} xTitle={xTitle} yTitle={yTitle} />
      </svg>
      <PlotLegend entries={legend} />
      {hover && <PlotTooltip hover={hover} frame={frame} />}
    </div>
  );
}

const POINTER = { cursor: 'pointer' } as const;
const NO_TICKS: readonly PixelTick[] = [];

/** The pointer in the surface's own units (the svg may be drawn scaled to its box). */
function surfacePoint(e: MouseEvent<SVGSVGElement>): { x: number; y: number } {
  const svg = e.currentTarget;
  const box = svg.getBoundingClientRect();
  const vw = svg.viewBox?.baseVal?.width;
  const scale = vw && box.width > 0 ? vw / box.width : 1;
  return { x: (e.clientX - box.left) * scale, y: (e.clientY - box.top) * scale };
}

const Grid = memo(function Grid({
  frame,
  xTicks,
  yTicks,
}: {
  readonly frame: Frame;
  readonly xTicks: readonly PixelTick[];
  readonly yTicks: readonly PixelTick[];
}) {
  return (
    <g className="plot-grid" stroke={GRID}>
      {yTicks.map((t) => (
        <line key={`y${t.px}`} x1={frame.left} x2={frame.right} y1={t.px} y2={t.px} />
      ))}
      {xTicks.map((t) => (
        <line key={`x${t.px}`} x1={t.px} x2={t.px} y1={frame.top} y2={frame.bottom} />
      ))}
    </g>
  );
});

const Axes = memo(function Axes({
  frame,
  xTicks,
  yTicks,
  xTitle,
  yTitle,
}: {
  readonly frame: Frame;
  readonly xTicks: readonly PixelTick[];
  readonly yTicks: readonly PixelTick[];
  readonly xTitle: string;
  readonly yTitle: string;
}) {
  const { left, right, top, bottom, height } = frame;
  const middle = (top + bottom) / 2;
  return (
    <g className="plot-axes" fontSize={FONT_SIZE}>
      <g className="plot-x-axis">
        <line x1={left} x2={right} y1={bottom} y2={bottom} stroke={AXIS} />
        <g className="plot-tick-labels" fill={TICK_FILL} textAnchor="middle">
          {xTicks.map((t) => (
            <g key={t.px} data-value={t.value}>
              <line x1={t.px} x2={t.px} y1={bottom} y2={bottom + 5} stroke={AXIS} />
              {t.label && (
                <text x={t.px} y={bottom + 18}>
                  {t.label}
                </text>
              )}
            </g>
          ))}
        </g>
        <text
          className="plot-axis-title"
          x={(left + right) / 2}
          y={height - 6}
          textAnchor="middle"
          fill={INK}
        >
          {xTitle}
        </text>
      </g>
      <g className="plot-y-axis">
        <line x1={left} x2={left} y1={top} y2={bottom} stroke={AXIS} />
        <g className="plot-tick-labels" fill={TICK_FILL} textAnchor="end">
          {yTicks.map((t) => (
            <g key={t.px}>
              <line x1={left - 5} x2={left} y1={t.px} y2={t.px} stroke={AXIS} />
              <text x={left - 8} y={t.px} dominantBaseline="central">
                {t.label}
              </text>
            </g>
          ))}
        </g>
        <text
          className="plot-axis-title"
          transform={`translate(16 ${middle}) rotate(-90)`}
          textAnchor="middle"
          dominantBaseline="central"
          fill={INK}
        >
          {yTitle}
        </text>
      </g>
    </g>
  );
});

/** The legend in HTML below the surface (it wraps on narrow screens); the exporter redraws it in SVG. */
const PlotLegend = memo(function PlotLegend({ entries }: { readonly entries: readonly LegendEntry[] }) {
  return (
    <ul className="chart-legend">
      {entries.map((e) => (
        <li key={e.label} className="chart-legend-item">
          <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true">
            <LegendIcon entry={e} />
          </svg>
          <span className="chart-legend-text">{e.label}</span>
        </li>
      ))}
    </ul>
  );
});

function LegendIcon({ entry }: { readonly entry: LegendEntry }) {
  const { colour, mark } = entry;
  switch (mark) {
    case 'box':
      return <rect x={1} y={1} width={12} height={12} fill={colour} />;
    case 'line':
      return <line x1={0} x2={14} y1={7} y2={7} stroke={colour} strokeWidth={2} />;
    case 'dashed':
      return <line x1={0} x2={14} y1={7} y2={7} stroke={colour} strokeWidth={2} strokeDasharray="4 2" />;
    case 'dot':
      return <circle cx={7} cy={7} r={4.5} fill={colour} />;
    case 'diamond':
      return <path d={symbolPath('diamond', 7, 7, 80)} fill={colour} />;
    case 'star':
      return <path d={symbolPath('star', 7, 7, 90)} fill="#ffffff" stroke={colour} strokeWidth={1.5} />;
  }
}

function PlotTooltip({ hover, frame }: { readonly hover: Hover; readonly frame: Frame }) {
  const box = useRef<HTMLDivElement>(null);
  // Right of and level with the anchor, moved left of it or up where it would leave the chart, but
  // never over the y axis' labels and title (left of the plot area): its size is known only once drawn,
  // so it is placed before paint.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const gap = 14;
    const left =
      hover.x + gap + w <= frame.width
        ? hover.x + gap
        : hover.x - gap - w >= frame.left
          ? hover.x - gap - w
          : Math.max(frame.left, frame.width - w);
    el.style.left = `${left}px`;
    el.style.top = `${Math.max(0, Math.min(hover.y - 12, frame.height - h))}px`;
  }, [hover, frame]);
  return (
    <div
      ref={box}
      className="chart-tooltip"
      role="status"
      style={{ left: hover.x + 14, top: Math.max(0, hover.y - 12) }}
      {...{ [EXPORT_IGNORE]: '' }}
    >
      <div className="chart-tooltip-label">{hover.title}</div>
      {hover.items && hover.items.length > 0 && (
        <ul>
          {hover.items.map((item) => (
            <li key={item.name} className="chart-tooltip-item">
              {item.colour && <span className="chart-tooltip-swatch" style={{ background: item.colour }} />}
              {item.name}: {item.value}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A symbol of area `area` px² centred at (x, y), as a path: the shapes and areas of d3-shape's symbols,
 * which the charts used before.
 */
export function symbolPath(kind: 'diamond' | 'star', x: number, y: number, area: number): string {
  if (kind === 'diamond') {
    const tan30 = Math.sqrt(1 / 3);
    const h = Math.sqrt(area / (2 * tan30));
    const w = h * tan30;
    return `M${fx(x)} ${fx(y - h)}L${fx(x + w)} ${fx(y)}L${fx(x)} ${fx(y + h)}L${fx(x - w)} ${fx(y)}Z`;
  }
  // d3's star: five outer points and five inner ones, area-true.
  const ka = 0.8908130915292852;
  const kr = Math.sin(Math.PI / 10) / Math.sin((7 * Math.PI) / 10);
  const r = Math.sqrt(area * ka);
  let d = '';
  for (let i = 0; i < 10; i++) {
    const a = (Math.PI / 5) * i;
    const rr = i % 2 ? r * kr : r;
    d += `${i ? 'L' : 'M'}${fx(x + rr * Math.sin(a))} ${fx(y - rr * Math.cos(a))}`;
  }
  return `${d}Z`;
}

/** A coordinate in a path, to a tenth of a pixel. */
export function fx(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * The width of the chart's box, px, followed as it resizes; `fixed` when given (tests, exports). Until
 * the box is measured (or its frame's body was) the width is 0 and the chart draws nothing but keeps its
 * height.
 */
function useWidth(fixed: number | undefined): [RefObject<HTMLDivElement | null>, number] {
  // The frame's body, laid out before this box mounted, has the box's width (the box is a block in it);
  // the observer below corrects it if not, a frame later.
  const body = useContext(BodyWidth);
  const [measured, setMeasured] = useState(() => body?.current ?? 0);
  const box = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (fixed !== undefined || !el) return;
    if (typeof ResizeObserver === 'undefined') {
      setMeasured(Math.floor(el.clientWidth));
      return;
    }
    // The observer reports the box's width after the browser's own layout: reading clientWidth here
    // would force a layout of the whole page inside the task that mounted the chart, and draw it twice.
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      setMeasured(Math.floor(entry ? entry.contentRect.width : el.clientWidth));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fixed]);
  return [box, fixed ?? measured];
}

/** A box of the chart's height that measures its width for the chart inside. */
export function PlotBox({
  width,
  height = CHART_HEIGHT,
  children,
}: {
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly children: (width: number, height: number) => ReactNode;
}) {
  const [ref, w] = useWidth(width);
  return (
    <div ref={ref} className="chart-plot-box" style={{ minHeight: height, position: 'relative' }}>
      {w > 0 ? children(w, height) : null}
    </div>
  );
}
