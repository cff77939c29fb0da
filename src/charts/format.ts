/**
 * Numbers as charts show them: 3 significant digits with thousands separators. The locale is pinned so
 * exported images and tests read the same on every machine.
 */
import type { ParallelConfig } from '../model/spec.ts';

// Made on first use, not at module evaluation: see ui/format.ts.
let threeFormat: Intl.NumberFormat | undefined;
let wholeFormat: Intl.NumberFormat | undefined;
const three = () => (threeFormat ??= new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }));
const whole = () => (wholeFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));

/** 12,300 / 4.56 / 0.0123; a dash for missing or non-finite values. */
export function formatNumber(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? three().format(v) : '—';
}

/** A tooltip value formatter: 3 significant digits and a unit suffix; a dash for non-numbers. */
export function withUnit(suffix: string): (v: unknown) => string {
  return (v) => `${formatNumber(typeof v === 'number' ? v : null)}${suffix}`;
}

/** A speed-up: 3 significant digits and '×'. */
export const formatTimes = withUnit('×');

/** A count (GPUs) with separators: 16,384. */
export function formatCount(v: number): string {
  return Number.isFinite(v) ? whole().format(v) : '—';
}

/** A GPU count as charts name it: "16,384 GPUs". */
export function formatGpus(v: number): string {
  return `${formatCount(v)} GPUs`;
}

/** A fraction (0..1) as a percentage: 12.3%. */
export function formatPercent(f: number | null | undefined): string {
  return typeof f === 'number' && Number.isFinite(f) ? `${three().format(f * 100)}%` : '—';
}

/** Expert parallelism and virtual stages in words, when the configuration has them (else ''). */
export function extraDegreesText(c: ParallelConfig): string {
  const ep = (c.ep ?? 1) !== 1 ? `, expert parallel ${c.ep}` : '';
  const v = (c.v ?? 1) !== 1 ? `, ${c.v} virtual stages per GPU` : '';
  return ep + v;
}

/** A configuration spelled out for a tooltip: "DP 8 × TP 8 × PP 16, micro-batch 1". */
export function formatConfig(c: ParallelConfig): string {
  const tp = c.tp2 > 1 ? `${c.tp1}×${c.tp2}` : `${c.tp1}`;
  const panels = c.nb === null ? '' : `, ${c.nb} SUMMA panels`;
  return `DP ${c.dp} × TP ${tp} × PP ${c.pp}, micro-batch ${c.mbs}${panels}${extraDegreesText(c)}`;
}
