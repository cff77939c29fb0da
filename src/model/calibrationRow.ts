/**
 * The calibration view's row types: a measured run as mapped (runs.ts) with its settings and the engine's
 * prediction, and a run the engine cannot represent with why. search/calibrationRows.ts computes them;
 * presets/calibrationRuns.ts holds them as generated data.
 */
import type { RunSystemId } from './runs.ts';
import type { ModelSpec, Precision, Recompute, Strategy, ZeroStage } from './spec.ts';

/** One mapped run as the calibration view shows it. */
export interface CalibrationRow {
  readonly id: string;
  readonly sourceGroup: string;
  readonly model: string;
  readonly systemId: RunSystemId;
  readonly gpus: number;
  readonly precision: Precision;
  readonly tp: number;
  readonly pp: number;
  readonly cp: number;
  readonly dp: number;
  readonly ep: number;
  readonly v: number;
  readonly mbs: number;
  /** The recompute setting predicted with; `recomputeStated` false: the fastest that fits (unstated). */
  readonly recompute: Recompute;
  readonly recomputeStated: boolean;
  readonly zero: ZeroStage;
  readonly globalBatchSize: number;
  readonly strategy: Strategy;
  /** The run's model as the engine takes it (what "open in the explorer" loads). */
  readonly spec: ModelSpec;
  /** Tokens/s per GPU. */
  readonly measured: number;
  readonly predicted: number;
  /** predicted / measured - 1. */
  readonly residual: number;
  readonly fits: boolean;
  /** Predicted peak memory per GPU (GB), framework share included. */
  readonly mem: number;
  /** Published peak memory per GPU in GB (torchtitan's reserved GiB converted), or null. */
  readonly peak: number | null;
  readonly assumptions: readonly string[];
}

export interface UnmappedRow {
  readonly id: string;
  readonly model: string;
  readonly reasons: readonly string[];
}

export interface CalibrationRows {
  readonly runs: readonly CalibrationRow[];
  readonly unmapped: readonly UnmappedRow[];
}

/**
 * Peak memory predicted vs published, per run that publishes it: `error` with the shipped framework
 * fraction `f` (in sample), `leaveOneOut` with f refitted on the other runs (the geometric mean of measured
 * over modelled, search/calibrate.ts `fitMemoryFraction`), the modelled peak being mem / (1 + f).
 */
export function peakErrors(
  rows: readonly CalibrationRow[],
  fraction: number,
): { readonly id: string; readonly error: number; readonly leaveOneOut: number }[] {
  const peaks = rows.filter((r) => r.peak !== null);
  const logs = peaks.map((r) => Math.log((r.peak as number) / (r.mem / (1 + fraction))));
  const total = logs.reduce((s, x) => s + x, 0);
  return peaks.map((r, i) => {
    const others = Math.max(0, Math.exp((total - (logs[i] as number)) / (peaks.length - 1)) - 1);
    const model = r.mem / (1 + fraction);
    return {
      id: r.id,
      error: r.mem / (r.peak as number) - 1,
      leaveOneOut: (model * (1 + others)) / (r.peak as number) - 1,
    };
  });
}
