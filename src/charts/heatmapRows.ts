/**
 * System-design results -> heatmap cells and sensitivity rows. Pure (no React, no DOM): components memoise
 * these on their inputs' references.
 *
 * Every result slot is three-valued: undefined = not searched yet ('pending'), null = searched and
 * nothing fits in HBM ('no-fit'), a `Best` = the fastest configuration ('ok'). Ratios are unitless;
 * absolute throughputs are samples (sequences) per second.
 */
import type { ParallelConfig } from '../model/spec.ts';
import type { SystemSpec } from '../model/system.ts';
import type { DesignMap } from '../search/designMap.ts';
import type { Best, FigureSetResult, SensitivityResult, SweepResult } from '../state/design.ts';
import { formatConfig, formatCount, formatGpus, formatNumber } from './format.ts';

export type CellStatus = 'pending' | 'no-fit' | 'ok';

/** What a heatmap draws of one cell; `x`, `y` index the columns and rows (row 0 at the bottom). */
export interface HeatmapCell {
  readonly x: number;
  readonly y: number;
  readonly status: CellStatus;
  /** The ratio the colour shows; null for cells not 'ok' or without a reference to compare with. */
  readonly value: number | null;
  /** Tooltip text, one line. */
  readonly title: string;
}

export interface SweepCellRow extends HeatmapCell {
  /** Index into `SweepResult.cells` (row-major). */
  readonly index: number;
  readonly xValue: number;
  readonly yValue: number;
  /** Where the cell is, in words: "HBM capacity 520 GB, HBM bandwidth 8,000 GB/s". */
  readonly place: string;
  /** Throughput relative to its column's baseline; null when not 'ok' or the baseline is pending or does not fit. */
  readonly value: number | null;
  /** Samples/s; null unless 'ok'. */
  readonly absolute: number | null;
  readonly config: ParallelConfig | null;
}

export interface MapCellRow extends HeatmapCell {
  /** The two parallel degrees (tp, pp) or (tp1, tp2). */
  readonly a: number;
  readonly b: number;
  /** "tp 8 × pp 32". */
  readonly place: string;
  readonly candidates: number;
  /** Samples/s; null when nothing fits. */
  readonly throughput: number | null;
  /** Throughput relative to the map's best; null when nothing fits. */
  readonly value: number | null;
  readonly config: ParallelConfig | null;
}

// ---- colour ------------------------------------------------------------------------------------------

/** A ratio -> colour mapping on a log scale, with the ticks its legend shows. */
export interface ColourScale {
  /** Ratios outside [min, max] take the end colours. */
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  readonly colour: (ratio: number) => string;
}

type Rgb = readonly [number, number, number];

/** Stops at positions 0..1 (evenly spaced), interpolated linearly in sRGB. */
function ramp(stops: readonly Rgb[]): (t: number) => string {
  return (t) => {
    const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(u));
    const a = stops[i] as Rgb;
    const b = stops[i + 1] as Rgb;
    const f = u - i;
    return hex(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f);
  };
}

// Two hex digits per byte, so a colour is three lookups: a figure set recolours hundreds of cells each
// time results land.
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(r: number, g: number, b: number): string {
  return `#${BYTE_HEX[Math.round(r)]}${BYTE_HEX[Math.round(g)]}${BYTE_HEX[Math.round(b)]}`;
}

// ColorBrewer RdBu (Brewer, colorbrewer2.org), red = worse, blue = better, with pure white in the middle
// so that "no change" (1×) reads as blank paper: #b2182b #ef8a62 (#f7f7f7 -> #ffffff) #67a9cf #2166ac.
const DIVERGING: readonly Rgb[] = [
  [0xb2, 0x18, 0x2b],
  [0xef, 0x8a, 0x62],
  [0xff, 0xff, 0xff],
  [0x67, 0xa9, 0xcf],
  [0x21, 0x66, 0xac],
];

// ColorBrewer YlGnBu (Brewer, colorbrewer2.org) 5-class: light = far below the best, dark blue = best.
const SEQUENTIAL: readonly Rgb[] = [
  [0xff, 0xff, 0xcc],
  [0xa1, 0xda, 0xb4],
  [0x41, 0xb6, 0xc4],
  [0x2c, 0x7f, 0xb8],
  [0x25, 0x34, 0x94],
];

const divergingRamp = ramp(DIVERGING);
const sequentialRamp = ramp(SEQUENTIAL);

/** Where a ratio sits on a log axis from min to max, 0..1 (clamped). */
export function logPosition(ratio: number, min: number, max: number): number {
  if (!(ratio > 0)) return 0;
  const t = Math.log(ratio / min) / Math.log(max / min);
  return Math.min(1, Math.max(0, t));
}

// Symmetric log domains of ratio scales, narrowest first, each with its legend ticks. Ratios near 1 are
// common in sweeps (a 15% gain is a lot of money), so the narrow ones keep them from all reading white.
const RATIO_DOMAINS = [
  { max: 1.25, ticks: [0.8, 0.9, 1, 1.1, 1.25] },
  { max: 1.5, ticks: [2 / 3, 0.8, 1, 1.25, 1.5] },
  { max: 2, ticks: [0.5, 0.75, 1, 1.5, 2] },
  { max: 4, ticks: [0.25, 0.5, 1, 2, 4] },
] as const;

/** Ratio to a baseline on the narrowest symmetric domain (1.25×, 1.5×, 2×, 4×) holding `extreme` (>= 1), clamped beyond. */
export function ratioScale(extreme: number): ColourScale {
  const d = RATIO_DOMAINS.find((x) => x.max >= extreme) ?? RATIO_DOMAINS[3];
  const min = 1 / d.max;
  return { min, max: d.max, ticks: d.ticks, colour: (r) => divergingRamp(logPosition(r, min, d.max)) };
}

/** Ratio to a baseline: warm below 1, white at 1, cool above; log scale clamped to 0.25×..4×. */
export const RATIO_SCALE: ColourScale = ratioScale(4);

/** The ratio scale that holds every value of the cells (the widest, 4×, clamps the rest). */
export function ratioScaleOf(cells: readonly HeatmapCell[]): ColourScale {
  let extreme = 1;
  for (const c of cells)
    if (c.value !== null && c.value > 0) extreme = Math.max(extreme, c.value, 1 / c.value);
  return ratioScale(extreme);
}

// Candidate legend ticks of a "fraction of the best" scale, largest first.
const FRACTION_TICKS = [1, 0.8, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
const MAX_TICKS = 6;

/**
 * Fraction of the best (0 < r <= 1): light to dark blue on a log scale from about the smallest ratio
 * present (rounded down to a tick, at most 1000× below the best) to 1.
 */
export function fractionScale(smallest: number): ColourScale {
  const floor = FRACTION_TICKS.find((t) => t <= smallest) ?? 0.001;
  const min = Math.min(floor, 0.5);
  let ticks = FRACTION_TICKS.filter((t) => t >= min);
  if (ticks.length > MAX_TICKS) ticks = ticks.filter((_, i) => i % 2 === 0 || i === ticks.length - 1);
  return {
    min,
    max: 1,
    ticks: [...ticks].reverse(),
    colour: (r) => sequentialRamp(logPosition(r, min, 1)),
  };
}

/** "0.25×", "1×", "1.23×". */
export function formatRatio(r: number | null | undefined): string {
  return typeof r === 'number' && Number.isFinite(r) ? `${formatNumber(r)}×` : '—';
}

// ---- axes --------------------------------------------------------------------------------------------

/** An axis value: whole numbers in full (16,384 GPUs), others to 3 significant digits (1,050 GB/s). */
export function formatAxisValue(v: number): string {
  return Number.isInteger(v) ? formatCount(v) : formatNumber(v);
}

/** "HBM capacity (GB)" at 520 -> "HBM capacity 520 GB"; a unitless "GPUs" at 1024 -> "1,024 GPUs". */
export function axisValueText(label: string, value: number): string {
  const v = formatAxisValue(value);
  const m = /^(.*?)\s*\(([^)]*)\)(.*)$/.exec(label);
  if (!m) return `${v} ${label}`;
  return `${m[1] ?? ''} ${v} ${m[2] ?? ''}`.trim();
}

/**
 * The ticks of a colour bar `height` px tall whose labels stay `gap` px apart: both ends, and each tick
 * between far enough from the last one kept and from the top (1× and 0.5× sit 17 px apart on a 1000×
 * bar, closer than two lines of text).
 */
export function legendTicks(scale: ColourScale, height: number, gap: number): number[] {
  const px = (v: number) => logPosition(v, scale.min, scale.max) * height;
  const ticks = [...scale.ticks].sort((a, b) => a - b);
  const first = ticks[0];
  const last = ticks.at(-1);
  if (first === undefined || last === undefined || first === last) return ticks;
  const kept = [first];
  for (const t of ticks.slice(1, -1))
    if (px(t) - px(kept.at(-1) ?? first) >= gap && px(last) - px(t) >= gap) kept.push(t);
  kept.push(last);
  return kept;
}

/** Indices of the tick labels to show when `n` labels share `space` px and each needs `each` px: every k-th. */
export function thinTicks(n: number, space: number, each: number): number[] {
  if (n <= 0) return [];
  const fit = Math.max(1, Math.floor(space / each));
  const step = Math.max(1, Math.ceil(n / fit));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

// ---- hardware sweeps ----------------------------------------------------------------------------------

/** Index of the value nearest `v` on a log scale (-1 for an empty list). */
export function nearestIndex(values: readonly number[], v: number): number {
  let best = -1;
  let dist = Infinity;
  values.forEach((x, i) => {
    const d = x > 0 && v > 0 ? Math.abs(Math.log(x / v)) : Math.abs(x - v);
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/** Index (into `cells`) of the grid point closest to the baseline system, or -1. */
export function baselineCellIndex(sweep: SweepResult, base: SystemSpec): number {
  const xf = sweep.x.field;
  const yf = sweep.y.field;
  const xi = nearestIndex(sweep.x.values, xf === 'gpus' ? sweep.gpus : base[xf]);
  const yi = nearestIndex(sweep.y.values, yf === 'gpus' ? sweep.gpus : base[yf]);
  return xi < 0 || yi < 0 ? -1 : yi * sweep.x.values.length + xi;
}

const statusOf = (b: Best | null | undefined): CellStatus =>
  b === undefined ? 'pending' : b === null ? 'no-fit' : 'ok';

function sweepTitle(
  place: string,
  status: CellStatus,
  cell: Best | null | undefined,
  base: Best | null | undefined,
  value: number | null,
): string {
  if (status === 'pending') return `${place}: not searched yet`;
  if (status === 'no-fit' || !cell) return `${place}: nothing fits in HBM`;
  const abs = `${formatNumber(cell.throughput)} samples/s`;
  const ratio =
    value !== null
      ? `${formatRatio(value)} (${abs})`
      : base === null
        ? `${abs}; the baseline has nothing that fits`
        : `${abs}; baseline not searched yet`;
  return `${place}: ${ratio}, ${formatConfig(cell.config)}`;
}

/** One row per sweep cell, row-major like `sweep.cells`; values relative to the baseline of their column. */
export function sweepRows(sweep: SweepResult): SweepCellRow[] {
  const nx = sweep.x.values.length;
  return sweep.cells.map((cell, index) => {
    const x = index % nx;
    const y = Math.floor(index / nx);
    const xValue = sweep.x.values[x] ?? NaN;
    const yValue = sweep.y.values[y] ?? NaN;
    const base = sweep.baseline[x];
    const status = statusOf(cell);
    const value = cell && base ? cell.throughput / base.throughput : null;
    const place = `${axisValueText(sweep.y.label, yValue)}, ${axisValueText(sweep.x.label, xValue)}`;
    return {
      index,
      x,
      y,
      xValue,
      yValue,
      place,
      status,
      value,
      absolute: cell ? cell.throughput : null,
      config: cell ? cell.config : null,
      title: sweepTitle(place, status, cell, base, value),
    };
  });
}

/** The fastest relative to its baseline (ties: the first), or null when no cell has a ratio yet. */
export function bestSweepRow(rows: readonly SweepCellRow[]): SweepCellRow | null {
  let best: SweepCellRow | null = null;
  for (const r of rows)
    if (r.value !== null && (best === null || r.value > (best.value ?? -Infinity))) best = r;
  return best;
}

// ---- design-space maps --------------------------------------------------------------------------------

/** One row per map cell (pairs without candidates are absent); values relative to the map's best. */
export function mapRows(map: DesignMap): MapCellRow[] {
  let best = 0;
  for (const c of map.cells) if (c.best && c.best.throughput > best) best = c.best.throughput;
  const [an, bn] = map.axes;
  return map.cells.map((c) => {
    const throughput = c.best ? c.best.throughput : null;
    const value = throughput !== null && best > 0 ? throughput / best : null;
    const place = `${an} ${formatCount(c.a)} × ${bn} ${formatCount(c.b)}`;
    const what = c.best
      ? `${formatRatio(value)} of the best (${formatNumber(throughput)} samples/s), ${formatConfig(c.best.config)}`
      : `none of ${formatCount(c.candidates)} candidates fits in HBM`;
    return {
      a: c.a,
      b: c.b,
      place,
      x: map.a.indexOf(c.a),
      y: map.b.indexOf(c.b),
      candidates: c.candidates,
      status: c.best ? 'ok' : 'no-fit',
      throughput,
      value,
      config: c.best ? c.best.config : null,
      title: `${place}: ${what}`,
    };
  });
}

/** The map's best cell (ties: the first in the map's order), or null when nothing fits anywhere. */
export function bestMapRow(rows: readonly MapCellRow[]): MapCellRow | null {
  let best: MapCellRow | null = null;
  for (const r of rows)
    if (r.throughput !== null && (best === null || r.throughput > (best.throughput ?? -Infinity))) best = r;
  return best;
}

/** The colour scale of fraction-of-best cells (a map, the figure set): from about the slowest feasible to 1. */
export function mapScale(rows: readonly HeatmapCell[]): ColourScale {
  let smallest = 1;
  for (const r of rows) if (r.value !== null && r.value > 0 && r.value < smallest) smallest = r.value;
  return fractionScale(smallest);
}

// ---- sensitivity --------------------------------------------------------------------------------------

// The two improvements the sensitivity study searches (src/state/designSync.ts: factors 1.1 and 2).
export const TEN_PERCENT = 1.1;
export const DOUBLE = 2;

/** One improvement compared with the baseline at one GPU count. */
export interface FactorSpeedup {
  /** Variant best / baseline best; undefined while either is pending; null when either has nothing that fits. */
  readonly speedup: number | null | undefined;
  /** The baseline has nothing that fits but the improved system does. */
  readonly enables: boolean;
}

export interface SensitivityRank {
  readonly field: string;
  readonly label: string;
  /** null: the study does not try this improvement (the NVLink domain only doubles). */
  readonly tenPercent: FactorSpeedup | null;
  readonly double: FactorSpeedup | null;
}

const PENDING: FactorSpeedup = { speedup: undefined, enables: false };

function speedupOf(variant: Best | null | undefined, base: Best | null | undefined): FactorSpeedup {
  if (variant === undefined || base === undefined) return PENDING;
  if (variant === null) return { speedup: null, enables: false };
  if (base === null) return { speedup: null, enables: true };
  return { speedup: variant.throughput / base.throughput, enables: false };
}

/** Figures in the order they first appear, each with its rows by factor. */
function figures(s: SensitivityResult) {
  const out = new Map<string, { label: string; byFactor: Map<number, SensitivityResult['rows'][number]> }>();
  for (const row of s.rows) {
    let f = out.get(row.field);
    if (!f) {
      f = { label: row.label, byFactor: new Map() };
      out.set(row.field, f);
    }
    f.byFactor.set(row.factor, row);
  }
  return out;
}

/** A sort key: enabling first, then by speed-up, then nothing-fits, then pending, then not studied. */
function rankKey(f: FactorSpeedup | null): number {
  if (f === null) return -3;
  if (f.enables) return Infinity;
  if (typeof f.speedup === 'number') return f.speedup;
  return f.speedup === null ? -1 : -2;
}

/**
 * Each hardware figure's speed-up at `gpus` from +10% and from 2×, best first by the +10% speed-up (ties:
 * by 2×, then the figures' order). An unknown GPU count reads as pending.
 */
export function sensitivityRanking(s: SensitivityResult, gpus: number): SensitivityRank[] {
  const col = s.gpus.indexOf(gpus);
  const base = col < 0 ? undefined : s.baseline[col];
  const at = (row: SensitivityResult['rows'][number] | undefined) =>
    !row ? null : col >= 0 ? speedupOf(row.best[col], base) : PENDING;
  const ranks = [...figures(s)].map(([field, f]) => ({
    field,
    label: f.label,
    tenPercent: at(f.byFactor.get(TEN_PERCENT)),
    double: at(f.byFactor.get(DOUBLE)),
  }));
  return ranks
    .map((r, i) => ({ r, i }))
    .sort(
      (p, q) =>
        rankKey(q.r.tenPercent) - rankKey(p.r.tenPercent) ||
        rankKey(q.r.double) - rankKey(p.r.double) ||
        p.i - q.i,
    )
    .map((p) => p.r);
}

/** A bar of the ranked chart: percent gains (speed-up − 1, in %), null where there is no ratio. */
export interface SensitivityBarRow {
  readonly field: string;
  readonly label: string;
  readonly tenPercent: number | null;
  readonly double: number | null;
}

const gain = (f: FactorSpeedup | null) => (f && typeof f.speedup === 'number' ? (f.speedup - 1) * 100 : null);

export function sensitivityBarRows(ranks: readonly SensitivityRank[]): SensitivityBarRow[] {
  return ranks.map((r) => ({
    field: r.field,
    label: r.label,
    tenPercent: gain(r.tenPercent),
    double: gain(r.double),
  }));
}

/** A row of the scaling chart: the GPU count and each figure's speed-up (by field; null: no ratio). */
export interface SensitivityLineRow {
  readonly gpus: number;
  readonly values: Readonly<Record<string, number | null>>;
}

export interface SensitivityLine {
  readonly field: string;
  readonly label: string;
  readonly colour: string;
  /** Dashed for the second five, so ten lines stay apart without relying on colour alone. */
  readonly dash: string | undefined;
  readonly value: (row: SensitivityLineRow) => number | null;
}

// Tableau 10 (Maureen Stone, Tableau Software, 2016): ten hues chosen to stay apart on a white background.
const TEN_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/** Speed-up from improving each figure by `factor`, against GPU count (ascending); figures not improved by `factor` are absent. */
export function sensitivityLineRows(s: SensitivityResult, factor: number): SensitivityLineRow[] {
  const figs = [...figures(s)];
  return s.gpus.map((gpus, col) => {
    const values: Record<string, number | null> = {};
    for (const [field, f] of figs) {
      const row = f.byFactor.get(factor);
      if (!row) continue;
      const sp = speedupOf(row.best[col], s.baseline[col]).speedup;
      values[field] = typeof sp === 'number' ? sp : null;
    }
    return { gpus, values };
  });
}

/**
 * How the scaling chart draws each figure improved by `factor`, in the study's order. A figure keeps its
 * colour whichever improvement is drawn.
 */
export function sensitivityLines(s: SensitivityResult, factor: number): SensitivityLine[] {
  return [...figures(s)].flatMap(([field, f], i) =>
    f.byFactor.has(factor)
      ? [
          {
            field,
            label: f.label,
            colour: TEN_COLOURS[i % TEN_COLOURS.length] as string,
            dash: i >= 5 ? '6 3' : undefined,
            value: (row: SensitivityLineRow) => row.values[field] ?? null,
          },
        ]
      : [],
  );
}

// ---- the paper's figure set ---------------------------------------------------------------------------

export interface FigureSetCellRow extends HeatmapCell {
  readonly row: string;
  readonly gpus: number;
  /** Samples/s; null unless 'ok'. */
  readonly throughput: number | null;
}

/**
 * One cell per sweep and GPU count; the colour is throughput relative to the fastest of the whole set, so
 * rows compare (systems, strategies) as well as columns (scale). The first sweep is drawn at the top.
 */
export function figureSetRows(fs: FigureSetResult): FigureSetCellRow[] {
  let best = 0;
  for (const c of fs.cells) if (c && c.throughput > best) best = c.throughput;
  const n = fs.gpus.length;
  // Rebuilt each time results land: the column labels are formatted once, not once per cell.
  const columns = fs.gpus.map(formatGpus);
  return fs.cells.map((c, i) => {
    const r = Math.floor(i / n);
    const gpus = fs.gpus[i % n] as number;
    const row = fs.rows[r] ?? '';
    const place = `${row} at ${columns[i % n] as string}`;
    const status = statusOf(c);
    return {
      x: i % n,
      y: fs.rows.length - 1 - r,
      row,
      gpus,
      status,
      throughput: c ? c.throughput : null,
      value: c && best > 0 ? c.throughput / best : null,
      title:
        status === 'pending'
          ? `${place}: not searched yet`
          : c
            ? `${place}: ${formatNumber(c.throughput)} samples/s, ${formatConfig(c.config)}`
            : `${place}: nothing fits in HBM`,
    };
  });
}
