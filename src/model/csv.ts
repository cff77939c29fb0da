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

/** CSV columns of a parallel configuration, and its cells in that order (shared by the CLI and the UI). */
export const CONFIG_COLUMNS = [
  'dp',
  'tp1',
  'tp2',
  'pp',
  'mbs',
  'nb',
  'nv_tp1',
  'nv_tp2',
  'nv_dp',
  'nv_pp',
] as const;

export const configCells = (c: ParallelConfig): (number | null)[] => [
  c.dp,
  c.tp1,
  c.tp2,
  c.pp,
  c.mbs,
  c.nb,
  c.nvTp1,
  c.nvTp2,
  c.nvDp,
  c.nvPp,
];
