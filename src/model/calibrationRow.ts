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
