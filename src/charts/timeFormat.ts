/** Axis and tooltip text of time breakdowns in either mode. */
import { yLabel } from './chartStyle.tsx';
import { formatNumber, formatPercent, withUnit } from './format.ts';
import type { TimeMode } from './rows.ts';

export function timeAxisLabel(mode: TimeMode): string {
  return mode === 'fraction' ? 'Share of step time (%)' : 'Step time (s)';
}

const FRACTION_AXIS = {
  tickFormatter: formatPercent,
  domain: [0, 1],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  label: yLabel(timeAxisLabel('fraction')),
} as const;

const SECONDS_AXIS = {
  tickFormatter: formatNumber,
  label: yLabel(timeAxisLabel('absolute')),
} as const;

/** YAxis props of a time breakdown: seconds from 0, or quarter ticks from 0 to 100%. */
export function timeYAxis(mode: TimeMode) {
  return mode === 'fraction' ? FRACTION_AXIS : SECONDS_AXIS;
}

const SECONDS = withUnit(' s');

/** A tooltip value: seconds, or a percentage of the step. */
export const TIME_VALUE: Readonly<Record<TimeMode, (v: unknown) => string>> = {
  absolute: SECONDS,
  fraction: (v) => formatPercent(typeof v === 'number' ? v : null),
};
