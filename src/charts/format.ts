/**
 * Numbers as charts show them: 3 significant digits with thousands separators. The locale is pinned so
 * exported images and tests read the same on every machine.
 */
import type { ParallelConfig } from '../model/spec.ts';

/**
 * Numbers are written here, not by `Intl.NumberFormat`: the page's first formatter loaded ICU's number data,
 * a main-thread task of 15-35 ms of CPU during the boot on this project's 2-core machine (traced). The
 * output is `Intl.NumberFormat('en-US')`'s, character for character (test/charts/format.test.ts checks it
 * against Intl on random numbers): like ICU, the rounding starts from the shortest decimal that reads back
 * as the same double (`String(v)`: 1.005 rounds to 1.01), ties go away from zero, nothing is written in
 * exponent form, and the integer digits are grouped in threes.
 */

/** |v| as decimal digits without leading or trailing zeros, and where the point is: 0.`digits` × 10^`point`. */
function decimal(v: number): { digits: string; point: number } {
  const s = String(Math.abs(v));
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const dot = mantissa.indexOf('.');
  let digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let point = (dot < 0 ? mantissa.length : dot) + (e < 0 ? 0 : Number(s.slice(e + 1)));
  let lead = 0;
  while (lead < digits.length && digits[lead] === '0') lead++;
  digits = digits.slice(lead);
  point -= lead;
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end--;
  return { digits: digits.slice(0, end), point };
}

/** Keeps the first `keep` digits, rounding half away from zero; trailing zeros dropped. */
function round(d: { digits: string; point: number }, keep: number): { digits: string; point: number } {
  if (d.digits.length <= keep) return d;
  if (keep < 0) return { digits: '', point: 0 };
  let kept = d.digits.slice(0, keep);
  let point = d.point;
  if (d.digits.charCodeAt(keep) >= 53 /* '5' */) {
    let i = keep - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      kept = '1';
      point += 1;
    } else kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  }
  let end = kept.length;
  while (end > 0 && kept[end - 1] === '0') end--;
  return { digits: kept.slice(0, end), point };
}

/** Writes 0.`digits` × 10^`point` in positional notation, the integer part grouped in threes. */
function written(negative: boolean, { digits, point }: { digits: string; point: number }): string {
  let whole: string;
  let fraction = '';
  if (digits === '') whole = '0';
  else if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) whole = digits + '0'.repeat(point - digits.length);
  else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Intl writes a minus before negative zero too. */
const isNegative = (v: number) => v < 0 || Object.is(v, -0);

/** `Intl.NumberFormat('en-US', { maximumSignificantDigits })`'s text of a finite number. */
export function significant(v: number, digits: number): string {
  return written(isNegative(v), round(decimal(v), digits));
}

/** `Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })`'s text of a finite number. */
export function whole(v: number): string {
  const d = decimal(v);
  return written(isNegative(v), round(d, d.point));
}

/** 12,300 / 4.56 / 0.0123; a dash for missing or non-finite values. */
export function formatNumber(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? significant(v, 3) : '—';
}

/** A tooltip value formatter: 3 significant digits and a unit suffix; a dash for non-numbers. */
export function withUnit(suffix: string): (v: unknown) => string {
  return (v) => `${formatNumber(typeof v === 'number' ? v : null)}${suffix}`;
}

/** A speed-up: 3 significant digits and '×'. */
export const formatTimes = withUnit('×');

/** A count (GPUs) with separators: 16,384. */
export function formatCount(v: number): string {
  return Number.isFinite(v) ? whole(v) : '—';
}

/** A GPU count as charts name it: "16,384 GPUs". */
export function formatGpus(v: number): string {
  return `${formatCount(v)} GPUs`;
}

/** A fraction (0..1) as a percentage: 12.3%. */
export function formatPercent(f: number | null | undefined): string {
  return typeof f === 'number' && Number.isFinite(f) ? `${significant(f * 100, 3)}%` : '—';
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
