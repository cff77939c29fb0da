/**
 * Calibration of a system's efficiency parameters (model/efficiency.ts) to measured runs: least squares on
 * the log of tokens/s per GPU (a ratio error, the same weight for a small and a large model), minimised
 * with Nelder–Mead inside each parameter's range. Pure; the CLI reads the runs and prints.
 */
import {
  EFFICIENCY_FIELDS,
  efficiencyOf,
  type EfficiencyKey,
  type EfficiencySpec,
} from '../model/efficiency.ts';
import { evaluate, type Evaluation } from '../model/evaluate.ts';
import { recomputeChoices, runScenario, type MappedRun } from '../model/runs.ts';
import type { Recompute } from '../model/spec.ts';
import type { SystemSpec } from '../model/system.ts';
import type { GB } from '../model/units.ts';
import { nelderMead } from './nelderMead.ts';

/** What the engine predicts for one run, beside what was measured. */
export interface RunPrediction {
  readonly id: string;
  readonly predicted: number;
  readonly measured: number;
  /** predicted / measured - 1. */
  readonly error: number;
  readonly mem: GB;
  readonly fits: boolean;
  /** The recompute setting the prediction used (the stated one, or the fastest that fits). */
  readonly recompute: Recompute;
}

/**
 * What of a run's setup the engine does not evaluate (its time or memory is then approximate); runs whose
 * *time* depends on such a gap are kept out of fits. Empty since the engine models recompute, ZeRO, FP8 and
 * interleaving (issue 13); kept as the one place to say so when a new run needs what the engine lacks.
 */
export function engineGaps(_run: MappedRun): { readonly time: string[]; readonly memory: string[] } {
  return { time: [], memory: [] };
}

/** Whether a run's time is one the engine models (it may enter a fit). */
export const fittable = (run: MappedRun): boolean => engineGaps(run).time.length === 0;

/**
 * Predicts one run on `base` with `efficiency`: the stated recompute, or when unstated the fastest setting
 * that fits (the least memory when none does), as a tuned recipe would pick.
 */
export function predictRun(run: MappedRun, base: SystemSpec, efficiency: EfficiencySpec): RunPrediction {
  const system: SystemSpec = { ...base, efficiency };
  let best: { e: Evaluation; recompute: Recompute } | null = null;
  for (const recompute of recomputeChoices(run)) {
    const e = evaluate(runScenario(run, system, recompute), run.config);
    const better =
      best === null ||
      (e.fits && !best.e.fits) ||
      (e.fits === best.e.fits &&
        (e.fits ? e.throughput > best.e.throughput : e.totals.mem < best.e.totals.mem));
    if (better) best = { e, recompute };
  }
  const { e, recompute } = best as { e: Evaluation; recompute: Recompute };
  const predicted = e.tokensPerSecondPerGpu;
  return {
    id: run.id,
    predicted,
    measured: run.tokensPerSecPerGpu,
    error: predicted / run.tokensPerSecPerGpu - 1,
    mem: e.totals.mem,
    fits: e.fits,
    recompute,
  };
}

/** The efficiency fields a fit adjusts by default: the ones the published runs can tell apart. */
export const DEFAULT_FIT_KEYS = [
  'matmul',
  'matmulHalfIntensity',
  'fp8',
  'fp8Rowwise',
  'attention',
  'tpOverlap',
  'dpOverlap',
] as const satisfies readonly EfficiencyKey[];

/**
 * Where a fit of `spec` starts when some efficiency fields are taken rather than fitted (a shape term
 * from another system's fit, the framework memory from the published peaks): the system with them, and
 * the default keys left to fit.
 */
export function fitStart(
  spec: SystemSpec,
  taken: EfficiencySpec,
): { base: SystemSpec; keys: readonly EfficiencyKey[] } {
  return {
    base: { ...spec, efficiency: taken },
    keys: DEFAULT_FIT_KEYS.filter((k) => taken[k] === undefined),
  };
}

export interface Fit {
  readonly efficiency: EfficiencySpec;
  /** Root-mean-square of log(predicted / measured) over the runs fitted. */
  readonly rmsLog: number;
  readonly evaluations: number;
  readonly runs: number;
}

/**
 * A parameter's value from an unbounded coordinate: lo + (hi - lo)(1 + sin x)/2 keeps every step of the
 * simplex inside the range and lets it reach both ends.
 */
const toValue = (k: EfficiencyKey, x: number) => {
  const { lo, hi } = EFFICIENCY_FIELDS[k];
  return lo + ((hi - lo) * (1 + Math.sin(x))) / 2;
};
const toCoordinate = (k: EfficiencyKey, v: number) => {
  const { lo, hi } = EFFICIENCY_FIELDS[k];
  return Math.asin(Math.min(1, Math.max(-1, (2 * (v - lo)) / (hi - lo) - 1)));
};

/**
 * The keys a set of runs can inform: FP8's efficiency only with FP8 runs among them, rowwise FP8's only
 * with runs that state rowwise scaling, and the attention kernel's only with runs whose attention is SDPA's
 * (a framework's: torchtitan's).
 */
export const informativeKeys = (runs: readonly MappedRun[], keys: readonly EfficiencyKey[]) =>
  keys.filter(
    (k) =>
      (k !== 'fp8' || runs.some((r) => r.training.precision === 'fp8')) &&
      (k !== 'attention' || runs.some((r) => r.training.framework !== undefined)) &&
      (k !== 'fp8Rowwise' ||
        runs.some((r) => r.training.precision === 'fp8' && r.training.fp8Scaling === 'rowwise')),
  );

/**
 * Fits `keys` of the system's efficiency to `runs` (those of one system whose time the engine models),
 * from `start` (default: the paper's constants). Least squares on log tokens/s per GPU.
 */
export function fitEfficiency(
  runs: readonly MappedRun[],
  base: SystemSpec,
  keys: readonly EfficiencyKey[] = DEFAULT_FIT_KEYS,
  start: EfficiencySpec = base.efficiency ?? {},
  maxEvaluations = 600,
): Fit {
  const used = informativeKeys(runs, keys);
  const spec = (x: readonly number[]): EfficiencySpec => {
    const e: Record<string, number> = { ...(start as Record<string, number>) };
    used.forEach((k, i) => (e[k] = toValue(k, x[i] as number)));
    return e as EfficiencySpec;
  };
  const objective = (x: readonly number[]) => {
    const e = spec(x);
    let sum = 0;
    for (const run of runs) {
      const p = predictRun(run, base, e);
      sum += Math.log(p.predicted / p.measured) ** 2;
    }
    return sum / runs.length;
  };
  const x0 = used.map((k) => toCoordinate(k, efficiencyOf(start, k, base)));
  // Two passes: a restart from the first minimum escapes the collapsed simplexes Nelder–Mead can leave.
  const first = nelderMead(objective, x0, { step: 0.4, maxEvaluations, tolerance: 1e-12 });
  const second = nelderMead(objective, first.x, { step: 0.1, maxEvaluations, tolerance: 1e-14 });
  return {
    efficiency: spec(second.x),
    rmsLog: Math.sqrt(second.value),
    evaluations: first.evaluations + second.evaluations,
    runs: runs.length,
  };
}

/** Mean of |predicted / measured - 1|. */
export const meanAbsError = (p: readonly RunPrediction[]): number =>
  p.length === 0 ? NaN : p.reduce((s, r) => s + Math.abs(r.error), 0) / p.length;

/**
 * Cross-validation: for each group (a model, a source), fit on the other groups' runs and predict the
 * group's. Groups whose runs alone inform a parameter (the only FP8 runs ...) leave it at the start value.
 */
export function crossValidate(
  runs: readonly MappedRun[],
  base: SystemSpec,
  groupOf: (r: MappedRun) => string,
  keys: readonly EfficiencyKey[] = DEFAULT_FIT_KEYS,
  maxEvaluations = 600,
): RunPrediction[] {
  const groups = [...new Set(runs.map(groupOf))];
  const out: RunPrediction[] = [];
  if (groups.length < 2) return out;
  for (const g of groups) {
    const train = runs.filter((r) => groupOf(r) !== g);
    const fit = fitEfficiency(train, base, keys, base.efficiency ?? {}, maxEvaluations);
    for (const r of runs) if (groupOf(r) === g) out.push(predictRun(r, base, fit.efficiency));
  }
  return out;
}

/** Spearman's rank correlation of two equally long samples (ties take their mean rank). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db);
}

/** One run's line of a calibration report. */
export interface ReportedRun extends RunPrediction {
  readonly model: string;
  readonly source: string;
  readonly precision: string;
  readonly gpus: number;
  readonly fitted: boolean;
  /** Why a mapped run stayed out of the fit (engine gaps), and what the mapping assumed. */
  readonly notes: readonly string[];
}

export interface SystemCalibration {
  readonly system: string;
  readonly efficiency: EfficiencySpec;
  /** Runs fitted; root-mean-square log residual; mean |error| in sample. */
  readonly runs: number;
  readonly rmsLog: number;
  readonly inSample: number;
  readonly predictions: readonly ReportedRun[];
}

/** Fits one system to its runs (those whose time the engine models) and predicts all of its runs. */
export function calibrateSystem(
  system: string,
  runs: readonly MappedRun[],
  base: SystemSpec,
  keys: readonly EfficiencyKey[] = DEFAULT_FIT_KEYS,
): SystemCalibration {
  const fitted = runs.filter(fittable);
  const fit = fitEfficiency(fitted, base, keys);
  const predictions = runs.map((r): ReportedRun => {
    const gaps = engineGaps(r);
    return {
      ...predictRun(r, base, fit.efficiency),
      model: r.modelName,
      source: r.source,
      precision: r.training.precision,
      gpus: r.gpus,
      fitted: fittable(r),
      notes: [
        ...gaps.time.map((g) => `not fitted: the engine has no ${g} yet`),
        ...gaps.memory.map((g) => `memory without ${g}`),
        ...r.assumptions,
      ],
    };
  });
  return {
    system,
    efficiency: fit.efficiency,
    runs: fitted.length,
    rmsLog: fit.rmsLog,
    inSample: meanAbsError(predictions.filter((p) => p.fitted)),
    predictions,
  };
}

/** A run's predicted peak memory before the framework's share (GB) beside its published peak (GB). */
export interface PeakPair {
  readonly id: string;
  readonly model: GB;
  readonly measured: GB;
}

/**
 * The framework memory fraction (efficiency.ts `memoryFraction`) that fits published peaks best: least
 * squares on log(model x (1 + f) / measured), whose minimum is the geometric mean of measured / model,
 * minus 1. What it stands for: the caching allocator's reserved memory beyond the allocated peak (the
 * tables report `reserved_bytes.all.peak`, torchtitan metrics.py) and buffers the model does not count.
 */
export function fitMemoryFraction(pairs: readonly PeakPair[]): number {
  if (pairs.length === 0) return 0;
  const mean = pairs.reduce((s, p) => s + Math.log(p.measured / p.model), 0) / pairs.length;
  return Math.max(0, Math.exp(mean) - 1);
}

/** Each peak predicted with the fraction fitted on the others (leave one run out): predicted / measured - 1. */
export function memoryLeaveOneOut(
  pairs: readonly PeakPair[],
): { readonly id: string; readonly error: number }[] {
  return pairs.map((p, i) => {
    const f = fitMemoryFraction(pairs.filter((_, j) => j !== i));
    return { id: p.id, error: (p.model * (1 + f)) / p.measured - 1 };
  });
}

/** The runs that publish peak memory, each with the engine's peak on its system before the framework's share. */
export function peakPairs(
  runs: readonly MappedRun[],
  systemOf: (r: MappedRun) => SystemSpec,
  efficiency: (r: MappedRun) => EfficiencySpec,
): PeakPair[] {
  return runs
    .filter((r) => r.peakMemoryGB !== null)
    .map((r) => ({
      id: r.id,
      model: predictRun(r, systemOf(r), { ...efficiency(r), memoryGB: 0, memoryFraction: 0 }).mem,
      measured: r.peakMemoryGB as number,
    }));
}
