/** Axis and tooltip text of time breakdowns in either mode. */
import { linearTicks, logTicks } from './plot/scale.ts';
import { formatNumber, formatPercent, withUnit } from './format.ts';
import { niceCeil, sumTimeParts, type TimeMode, type TimeParts } from './rows.ts';

export function timeAxisLabel(mode: TimeMode, scale: 'linear' | 'log' = 'linear'): string {
  return mode === 'fraction'
    ? 'Share of step time (%)'
    : scale === 'log'
      ? 'Step time (s, log scale)'
      : 'Step time (s)';
}

const QUARTERS = [0, 0.25, 0.5, 0.75, 1] as const;

export interface TimeAxis {
  readonly min: number;
  readonly max: number;
  readonly scale: 'linear' | 'log';
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
}

/**
 * The y axis of a time breakdown: 0–100% in quarters, or seconds up to a round number above the longest
 * step — from 0, or on a log scale from a power of ten below the shortest step. Steps across GPU counts
 * span three orders of magnitude (1,170 s at 128 GPUs, 10.7 s at 16,384), which a linear axis flattens.
 */
export function timeAxis(
  mode: TimeMode,
  rows: readonly TimeParts[],
  scale: 'linear' | 'log' = 'linear',
): TimeAxis {
  if (mode === 'fraction') return { min: 0, max: 1, scale: 'linear', ticks: QUARTERS, format: formatPercent };
  const steps = rows.map(sumTimeParts).filter((t) => t > 0);
  const max = niceCeil(Math.max(0, ...steps)) || 1;
  if (scale === 'log' && steps.length > 0) {
    // Half the shortest step, rounded down to a power of ten: its column keeps at least a third of a decade.
    const min = 10 ** Math.floor(Math.log10(Math.min(...steps) / 2));
    return { min, max, scale, ticks: logTicks(min, max, 3), format: formatNumber };
  }
  return { min: 0, max, scale: 'linear', ticks: linearTicks(0, max), format: formatNumber };
}

const SECONDS = withUnit(' s');

/** A tooltip value: seconds, or a percentage of the step. */
export const TIME_VALUE: Readonly<Record<TimeMode, (v: unknown) => string>> = {
  absolute: SECONDS,
  fraction: (v) => formatPercent(typeof v === 'number' ? v : null),
};
