import type { MouseHandlerDataParam } from 'recharts';

/**
 * The row under the pointer when a chart is clicked. recharts reports the active tooltip index as a
 * number or, in version 3, a numeric string; anything else means no row.
 */
export function rowAt<R>(rows: readonly R[], state: MouseHandlerDataParam): R | undefined {
  const i = state.activeTooltipIndex;
  const n = typeof i === 'number' ? i : typeof i === 'string' && /^\d+$/.test(i) ? Number(i) : NaN;
  return Number.isInteger(n) ? rows[n] : undefined;
}
