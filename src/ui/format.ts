/** Number formatting for people: significant digits, thousands separators, units chosen to read well. */
import { significant, whole } from '../charts/format.ts';

/** 3 significant digits with separators: 12,300 / 4.56 / 0.0123 (as Intl writes them: charts/format.ts). */
export function sig(v: number, digits: 3 | 4 = 3): string {
  if (!Number.isFinite(v)) return '—';
  return significant(v, digits);
}

/** A whole count with separators. */
export function count(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return whole(Math.round(v));
}

/** Seconds in the unit that reads best (µs, ms, s, min, h). */
export function duration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${sig(s * 1e6)} µs`;
  if (a < 1) return `${sig(s * 1e3)} ms`;
  if (a < 120) return `${sig(s)} s`;
  if (a < 7200) return `${sig(s / 60)} min`;
  return `${sig(s / 3600)} h`;
}

/** GB with a sensible unit (MB below 1 GB). */
export function gigabytes(gb: number): string {
  if (!Number.isFinite(gb)) return '—';
  return Math.abs(gb) < 1 && gb !== 0 ? `${sig(gb * 1e3)} MB` : `${sig(gb)} GB`;
}

/** TFLOP in the unit that reads best. */
export function teraflop(t: number): string {
  if (!Number.isFinite(t)) return '—';
  const a = Math.abs(t);
  if (a === 0) return '0';
  if (a < 1e-3) return `${sig(t * 1e3)} GFLOP`;
  if (a >= 1e3) return `${sig(t / 1e3)} PFLOP`;
  return `${sig(t)} TFLOP`;
}

const SCALES = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/** A large count on the short scale, 3 significant digits: 8.03 B, 12.9 M, 950. */
export function bigCount(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  for (const [scale, suffix] of SCALES) if (a >= scale * 0.9995) return `${sig(v / scale)} ${suffix}`;
  return sig(v);
}

export function percent(f: number): string {
  return Number.isFinite(f) ? `${sig(f * 100)}%` : '—';
}

/** A training run's length: hours under two days, else days. */
export function trainingTime(s: number): string {
  if (!Number.isFinite(s)) return '—';
  return s < 2 * 86400 ? `${sig(s / 3600)} h` : `${sig(s / 86400)} days`;
}

/** Money in dollars on the short scale: $569 k, $1.2 M. */
export function dollars(v: number): string {
  return Number.isFinite(v) ? `$${bigCount(v)}` : '—';
}

/** Energy from MWh: GWh from a thousand. */
export function energy(mwh: number | null): string {
  if (mwh === null || !Number.isFinite(mwh)) return '—';
  return Math.abs(mwh) >= 1000 ? `${sig(mwh / 1000)} GWh` : `${sig(mwh)} MWh`;
}
