import { dimValue, dimsUsed } from './dims.ts';
import type { TrainingCost } from './metrics.ts';
import type { ParallelConfig } from './spec.ts';

/** CSV per RFC 4180 (fields quoted only when they must be), shared by the CLI and the explorer's table exports. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? numberText(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Numbers a person can read: up to 6 significant digits, no exponent for everyday magnitudes. */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e9) ? v.toExponential(5) : String(Number(v.toPrecision(6)));
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/**
 * CSV columns of parallel configurations and their cells, in `CONFIG_DIMS` order (shared by the CLI and the
 * UI). An optional dimension (ep, v) gets a column only when some configuration leaves its default, so
 * tables of today's configurations keep today's columns, byte for byte.
 */
export interface ConfigColumns {
  readonly header: readonly string[];
  cells(c: ParallelConfig): (number | null)[];
}

export function configColumns(configs: readonly ParallelConfig[]): ConfigColumns {
  const dims = dimsUsed(configs);
  return {
    header: dims.map((d) => d.csv),
    cells: (c) => dims.map((d) => dimValue(c, d)),
  };
}

/** The planner's cost columns (CLI and top-10 export), after the planner's rate columns. */
export const COST_COLUMNS = ['time_to_train_s', 'gpu_hours', 'cost', 'energy_mwh'] as const;

/** Cells of `COST_COLUMNS`: blank where there is no cost (no budget) or no energy (no power known). */
export const costCells = (c: TrainingCost | null): (number | null)[] =>
  c ? [c.timeToTrain, c.gpuHours, c.cost, c.energyMWh] : [null, null, null, null];
