/**
 * Search results -> chart rows. Pure (no React, no DOM): the chart components memoise these on their
 * inputs' references, so a row array changes only when the results do.
 *
 * Units: throughput in samples (sequences) per second, memory in GB per GPU, times in seconds per
 * training step; 'fraction' rows divide each time by the step time.
 */
import type { ParallelConfig } from '../model/spec.ts';
import type { StepTotals } from '../model/step.ts';
import type { GB, SamplesPerSecond } from '../model/units.ts';
import { compareConfigs } from '../search/accumulator.ts';
import type { GpuResult, RankedConfig } from '../search/search.ts';

/** One compared system's sweep. `results` ascend by GPU count; a count may be missing or have `top: []`. */
export interface SeriesInput {
  /** Identifies the series in row objects; any string except `gpus`, unique within a chart. */
  readonly key: string;
  readonly label: string;
  readonly results: readonly GpuResult[];
}

export type TimeMode = 'absolute' | 'fraction';
export type TimePartKey = 'compute' | 'memory' | 'tp' | 'dp' | 'pp' | 'bubble';

/** What dominates a step, as a phrase that reads inside a sentence ("bound by TP communication"). */
export type Bottleneck =
  | 'compute'
  | 'exposed memory'
  | 'TP communication'
  | 'DP communication'
  | 'PP communication'
  | 'pipeline bubble';

type TimeTotalKey = 't_comp' | 't_mem' | 't_tp_comm' | 't_dp_comm' | 't_pp_comm' | 't_bubble';

export interface TimePart {
  readonly key: TimePartKey;
  /** The reference's totals key this part reads. */
  readonly total: TimeTotalKey;
  readonly label: string;
  readonly phrase: Bottleneck;
  readonly colour: string;
}

// Colours: the Okabe–Ito palette, distinguishable under the common colour-vision deficiencies
// (Okabe & Ito 2008, "Color Universal Design", https://jfly.uni-koeln.de/color/).
const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

/** The six parts of a step's time (they sum to `t`), in stacking order, bottom first. */
export const TIME_PARTS = [
  { key: 'compute', total: 't_comp', label: 'Compute', phrase: 'compute', colour: OKABE_ITO.blue },
  {
    key: 'memory',
    total: 't_mem',
    label: 'Exposed memory',
    phrase: 'exposed memory',
    colour: OKABE_ITO.skyBlue,
  },
  {
    key: 'tp',
    total: 't_tp_comm',
    label: 'TP communication',
    phrase: 'TP communication',
    colour: OKABE_ITO.orange,
  },
  {
    key: 'dp',
    total: 't_dp_comm',
    label: 'DP communication',
    phrase: 'DP communication',
    colour: OKABE_ITO.vermillion,
  },
  {
    key: 'pp',
    total: 't_pp_comm',
    label: 'PP communication',
    phrase: 'PP communication',
    colour: OKABE_ITO.reddishPurple,
  },
  {
    key: 'bubble',
    total: 't_bubble',
    label: 'Pipeline bubble',
    phrase: 'pipeline bubble',
    colour: OKABE_ITO.grey,
  },
] as const satisfies readonly TimePart[];

export type MemoryPartKey = 'weights' | 'gradients' | 'optimizer' | 'activations';
type MemoryTotalKey = 'wts_mem' | 'wts_grad_mem' | 'wts_optimizer_states_mem' | 'acts_mem';

export interface MemoryPart {
  readonly key: MemoryPartKey;
  readonly total: MemoryTotalKey;
  readonly label: string;
  readonly colour: string;
}

/** The four parts of memory per GPU (they sum to `mem`), in stacking order, bottom first. */
export const MEMORY_PARTS = [
  { key: 'weights', total: 'wts_mem', label: 'Weights', colour: OKABE_ITO.blue },
  { key: 'gradients', total: 'wts_grad_mem', label: 'Gradients', colour: OKABE_ITO.skyBlue },
  {
    key: 'optimizer',
    total: 'wts_optimizer_states_mem',
    label: 'Optimizer states',
    colour: OKABE_ITO.bluishGreen,
  },
  { key: 'activations', total: 'acts_mem', label: 'Activations', colour: OKABE_ITO.orange },
] as const satisfies readonly MemoryPart[];

/** One colour per compared system (at most four are compared). */
export const SERIES_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}

/** A row keyed by GPU count with one value per series key (null: nothing to show there). */
export interface SeriesRow {
  readonly gpus: number;
  readonly [key: string]: number | null;
}

export type TimeParts = { readonly [K in TimePartKey]: number };
export type MemoryParts = { readonly [K in MemoryPartKey]: GB };

export interface TimeBreakdownRow extends TimeParts {
  readonly gpus: number;
}

export interface MemoryRow extends MemoryParts {
  readonly gpus: number;
}

export interface CompareBreakdownRow extends TimeParts {
  readonly key: string;
  readonly label: string;
  readonly throughput: SamplesPerSecond;
}

/** A point of the throughput-memory plane. */
export interface ScatterPoint {
  readonly mem: GB;
  readonly throughput: SamplesPerSecond;
  readonly config: ParallelConfig;
}

export interface ScatterData {
  /** Uniform sample of the feasible candidates. */
  readonly cloud: readonly ScatterPoint[];
  /** Pareto front, memory ascending. */
  readonly front: readonly ScatterPoint[];
  /** Fastest first. */
  readonly top: readonly ScatterPoint[];
  readonly best: ScatterPoint | null;
}

/** The key of a series' ideal-scaling value in a `SeriesRow`. */
export function idealKey(key: string): string {
  return `${key}:ideal`;
}

function bestOf(r: GpuResult | undefined): RankedConfig | null {
  return r?.top[0] ?? null;
}

function byGpus(results: readonly GpuResult[]): Map<number, GpuResult> {
  return new Map(results.map((r) => [r.gpus, r]));
}

function gpuUnion(series: readonly SeriesInput[]): number[] {
  const all = new Set<number>();
  for (const s of series) for (const r of s.results) all.add(r.gpus);
  return [...all].sort((a, b) => a - b);
}

/** Series keys become row properties, so they must not collide with each other or with `gpus`. */
function checkKeys(series: readonly SeriesInput[]): void {
  const seen = new Set<string>(['gpus']);
  for (const s of series) {
    if (seen.has(s.key)) throw new Error(`chart series key '${s.key}' is reserved or used twice`);
    seen.add(s.key);
    seen.add(idealKey(s.key));
  }
}

function timeParts(totals: StepTotals, mode: TimeMode): TimeParts {
  const scale = mode === 'fraction' ? 1 / totals.t : 1;
  return {
    compute: totals.t_comp * scale,
    memory: totals.t_mem * scale,
    tp: totals.t_tp_comm * scale,
    dp: totals.t_dp_comm * scale,
    pp: totals.t_pp_comm * scale,
    bubble: totals.t_bubble * scale,
  };
}

/**
 * Best throughput (samples/s) per GPU count and series, with each series' ideal: linear scaling from the
 * best throughput per GPU it reaches at any count, ideal(n) = n · max_k(throughput_k / k). An upper
 * envelope, so no point beats it (anchored at the first count that fits instead, a point where memory
 * forces slow layouts, later counts beat "ideal" 3×). Null below the first count that fits, and
 * everywhere for a series where nothing fits.
 */
export function scalingRows(series: readonly SeriesInput[]): SeriesRow[] {
  checkKeys(series);
  const maps = series.map((s) => byGpus(s.results));
  const ideals = series.map((s) => {
    let first = Infinity;
    let perGpu = 0;
    for (const r of s.results) {
      const best = bestOf(r);
      if (!best) continue;
      first = Math.min(first, r.gpus);
      perGpu = Math.max(perGpu, best.throughput / r.gpus);
    }
    return { first, perGpu };
  });
  return gpuUnion(series).map((gpus) => {
    const row: Record<string, number | null> = { gpus };
    series.forEach((s, i) => {
      row[s.key] = bestOf(maps[i]?.get(gpus))?.throughput ?? null;
      const ideal = ideals[i];
      row[idealKey(s.key)] = ideal && gpus >= ideal.first ? gpus * ideal.perGpu : null;
    });
    return row as SeriesRow;
  });
}

/** The six parts of the best configuration's step time per feasible GPU count (s, or fractions of t). */
export function timeBreakdownRows(results: readonly GpuResult[], mode: TimeMode): TimeBreakdownRow[] {
  const rows: TimeBreakdownRow[] = [];
  for (const r of results) {
    const best = bestOf(r);
    if (best) rows.push({ gpus: r.gpus, ...timeParts(best.totals, mode) });
  }
  return rows;
}

/** The four parts of the best configuration's memory per GPU (GB) per feasible GPU count. */
export function memoryRows(results: readonly GpuResult[]): MemoryRow[] {
  const rows: MemoryRow[] = [];
  for (const r of results) {
    const best = bestOf(r);
    if (!best) continue;
    const t = best.totals;
    rows.push({
      gpus: r.gpus,
      weights: t.wts_mem,
      gradients: t.wts_grad_mem,
      optimizer: t.wts_optimizer_states_mem,
      activations: t.acts_mem,
    });
  }
  return rows;
}

/**
 * Best throughput of each series divided by the first series' at the same GPU count (null where
 * either has nothing feasible).
 */
export function speedupRows(series: readonly SeriesInput[]): SeriesRow[] {
  checkKeys(series);
  const maps = series.map((s) => byGpus(s.results));
  return gpuUnion(series).map((gpus) => {
    const row: Record<string, number | null> = { gpus };
    const base = bestOf(maps[0]?.get(gpus))?.throughput ?? null;
    series.forEach((s, i) => {
      const v = bestOf(maps[i]?.get(gpus))?.throughput ?? null;
      row[s.key] = v !== null && base !== null ? v / base : null;
    });
    return row as SeriesRow;
  });
}

/** One row per series with something feasible at `gpus`: its best step's time parts and throughput. */
export function compareBreakdownRows(
  series: readonly SeriesInput[],
  gpus: number,
  mode: TimeMode,
): CompareBreakdownRow[] {
  const rows: CompareBreakdownRow[] = [];
  for (const s of series) {
    const best = bestOf(s.results.find((r) => r.gpus === gpus));
    if (best) {
      rows.push({
        key: s.key,
        label: s.label,
        ...timeParts(best.totals, mode),
        throughput: best.throughput,
      });
    }
  }
  return rows;
}

/** A plain copy without the cloud's sampling key, so every layer's points have one shape. */
function point(p: ScatterPoint): ScatterPoint {
  return { mem: p.mem, throughput: p.throughput, config: p.config };
}

const NO_SCATTER: ScatterData = { cloud: [], front: [], top: [], best: null };

/** The throughput-memory scatter of one GPU count: sampled cloud, Pareto front, top configurations. */
export function scatterData(result: GpuResult | null): ScatterData {
  if (!result) return NO_SCATTER;
  const top = result.top.map(point);
  return {
    cloud: result.cloud.map(point),
    front: result.front.map(point),
    top,
    best: top[0] ?? null,
  };
}

/** Where `config` sits in the scatter (top, then front, then cloud), or null when none of them has it. */
export function findScatterPoint(data: ScatterData, config: ParallelConfig | null): ScatterPoint | null {
  if (!config) return null;
  const same = (p: ScatterPoint) => compareConfigs(p.config, config) === 0;
  return data.top.find(same) ?? data.front.find(same) ?? data.cloud.find(same) ?? null;
}

/** The largest of the six time components of a step; ties go to the earlier part in `TIME_PARTS`. */
export function bottleneck(totals: StepTotals): Bottleneck {
  let best: (typeof TIME_PARTS)[number] = TIME_PARTS[0];
  for (const part of TIME_PARTS) if (totals[part.total] > totals[best.total]) best = part;
  return best.phrase;
}

/** Powers of two covering [min, max], for ticks of a log GPU axis. */
export function powerOfTwoTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const ticks: number[] = [];
  for (let n = 2 ** Math.floor(Math.log2(min)); n <= max; n *= 2) if (n >= min) ticks.push(n);
  return ticks;
}

/** Log-axis ticks for rows ascending by GPU count: the powers of two they span. */
export function gpuTicks(rows: readonly { readonly gpus: number }[]): number[] {
  const first = rows[0];
  const last = rows[rows.length - 1];
  return first && last ? powerOfTwoTicks(first.gpus, last.gpus) : [];
}

/** How a chart draws one series of `SeriesRow`s. */
export interface SeriesLine {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly value: (row: SeriesRow) => number | null;
  readonly ideal: (row: SeriesRow) => number | null;
}

/**
 * Accessors rather than string data keys: recharts reads a string key as a property path, so a series
 * key containing a dot or a bracket would silently read nothing.
 */
export function seriesLines(series: readonly SeriesInput[]): SeriesLine[] {
  return series.map((s, i) => ({
    key: s.key,
    label: s.label,
    colour: seriesColour(i),
    value: (row) => row[s.key] ?? null,
    ideal: (row) => row[idealKey(s.key)] ?? null,
  }));
}

// Mantissas of round axis maxima: each step at most 25% above the previous, so headroom stays small.
const NICE_STEPS = [1, 1.2, 1.5, 1.6, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/** The smallest round number (a NICE_STEPS mantissa times a power of ten) at least `x`; x itself if not > 0. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(x));
  // Dividing by 10^-e for small numbers keeps 0.3 exact (3 * 0.1 is 0.30000000000000004), and rounding
  // the mantissa keeps an exact one (0.3 / 0.1 = 2.9999999999999996) from stepping up.
  const m = Number((e >= 0 ? x / 10 ** e : x * 10 ** -e).toPrecision(12));
  const step = NICE_STEPS.find((s) => s >= m) ?? 10;
  return e >= 0 ? step * 10 ** e : step / 10 ** -e;
}

/** What a row of time parts adds up to: the step time (s), or 1 for a 'fraction' row. */
export function sumTimeParts(row: TimeParts): number {
  return row.compute + row.memory + row.tp + row.dp + row.pp + row.bubble;
}
