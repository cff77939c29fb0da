/**
 * The system-design views' state: what is asked (mode, sweep, resolution, GPU count) and what came back
 * (a hardware sweep's grid, sensitivities, a design-space map). Pure.
 */
import type { ParallelConfig } from '../model/spec.ts';
import type { DesignMap } from '../search/designMap.ts';
import type { SweepAxis, SweepKind, SweepResolution } from '../search/sweeps.ts';
import type { RunStatus } from './store.ts';

export type DesignMode = 'sweep' | 'sensitivity' | 'map' | 'figures';
export const DESIGN_MODES = [
  'sweep',
  'sensitivity',
  'map',
  'figures',
] as const satisfies readonly DesignMode[];

/** The fastest configuration of one searched variant, or null when nothing fits. */
export interface Best {
  readonly throughput: number;
  readonly mem: number;
  readonly config: ParallelConfig;
}

export interface SweepResult {
  readonly kind: SweepKind;
  readonly title: string;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  /** The GPU count of every cell (for `domain-gpus`, of each column: `x.values`). */
  readonly gpus: number;
  /** Row-major like the grid; undefined = not searched yet, null = nothing fits. */
  readonly cells: readonly (Best | null | undefined)[];
  /** The baseline system's best per column (one value repeated unless the columns are GPU counts). */
  readonly baseline: readonly (Best | null | undefined)[];
}

export interface SensitivityRow {
  readonly field: string;
  readonly label: string;
  /** 1.1 (10% better) or 2 (twice as good). */
  readonly factor: number;
  /** Best throughput per GPU count of `SensitivityResult.gpus`. */
  readonly best: readonly (Best | null | undefined)[];
}

export interface SensitivityResult {
  readonly gpus: readonly number[];
  readonly baseline: readonly (Best | null | undefined)[];
  readonly rows: readonly SensitivityRow[];
}

/** The paper's whole figure set at a glance: the best of every sweep at every GPU count. */
export interface FigureSetResult {
  readonly rows: readonly string[];
  readonly gpus: readonly number[];
  /** Row-major (rows × gpus); undefined = pending, null = nothing fits. */
  readonly cells: readonly (Best | null | undefined)[];
}

export interface DesignState {
  /** Identity of what was asked; a change starts a new computation. */
  readonly key: string;
  readonly status: RunStatus;
  readonly done: number;
  readonly total: number;
  readonly startedAt: number;
  readonly sweep: SweepResult | null;
  readonly sensitivity: SensitivityResult | null;
  readonly map: DesignMap | null;
  readonly figureSet: FigureSetResult | null;
  readonly error: string | null;
}

export const EMPTY_DESIGN: DesignState = {
  key: '',
  status: 'idle',
  done: 0,
  total: 0,
  startedAt: 0,
  sweep: null,
  sensitivity: null,
  map: null,
  figureSet: null,
  error: null,
};

export type { SweepKind, SweepResolution };
