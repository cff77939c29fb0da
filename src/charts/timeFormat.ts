/** Axis and tooltip text of time breakdowns in either mode. */
import { linearTicks } from './plot/scale.ts';
import { formatNumber, formatPercent, withUnit } from './format.ts';
import { niceCeil, sumTimeParts, type TimeMode, type TimeParts } from './rows.ts';

export function timeAxisLabel(mode: TimeMode): string {
  return mode === 'fraction' ? 'Share of step time (%)' : 'Step time (s)';
}

const QUARTERS = [0, 0.25, 0.5, 0.75, 1] as const;

/** The y axis of a time breakdown: seconds from 0 to a round number above the longest step, or 0–100% in quarters. */
export function timeAxis(
  mode: TimeMode,
  rows: readonly TimeParts[],
): { readonly max: number; readonly ticks: readonly number[]; readonly format: (v: number) => string } {
  if (mode === 'fraction') return { max: 1, ticks: QUARTERS, format: formatPercent };
  const max = niceCeil(Math.max(0, ...rows.map(sumTimeParts))) || 1;
  return { max, ticks: linearTicks(0, max), format: formatNumber };
}

const SECONDS = withUnit(' s');

/** A tooltip value: seconds, or a percentage of the step. */
export const TIME_VALUE: Readonly<Record<TimeMode, (v: unknown) => string>> = {
  absolute: SECONDS,
  fraction: (v) => formatPercent(typeof v === 'number' ? v : null),
};
