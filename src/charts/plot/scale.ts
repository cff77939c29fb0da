/**
 * Scales and ticks of the plain-SVG charts (see Plot.tsx): pure functions from data to pixels.
 */

/** A map from data values to pixels, linear in the value or in its logarithm. */
export type Scale = (v: number) => number;

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Log scale; the domain must be positive. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log(d0);
  const k = d1 === d0 ? 0 : (r1 - r0) / (Math.log(d1) - l0);
  return (v) => r0 + (Math.log(v) - l0) * k;
}

/** Step mantissas of round linear ticks. */
const STEPS = [1, 2, 2.5, 5, 10] as const;

/** The round tick step giving about `target` intervals over `span`. */
function tickStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const e = Math.floor(Math.log10(raw));
  const base = 10 ** e;
  const m = raw / base;
  return (STEPS.find((s) => s >= m - 1e-9) ?? 10) * base;
}

/**
 * Round ticks within [lo, hi] (about `target` intervals). Each tick is computed from its index, not by
 * repeated addition, and rounded to the step's precision, so 0.1 steps read 0.3, not 0.30000000000000004.
 */
export function linearTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const step = tickStep(hi - lo, target);
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const first = Math.ceil(lo / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toFixed(digits)));
  return ticks;
}

/**
 * Ticks of a log axis over [lo, hi] (lo > 0): the powers of ten inside it; with fewer than `least`, also
 * 2× and 5× those powers; with fewer than that still, every whole multiple of each power; and for a
 * range narrower than that, round linear steps.
 */
export function logTicks(lo: number, hi: number, least = 2): number[] {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [];
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks: number[] = [];
    for (let e = from; e <= to; e++)
      for (const m of mantissas) {
        const v = e >= 0 ? m * 10 ** e : m / 10 ** -e;
        if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) ticks.push(v);
      }
    if (ticks.length >= least) return ticks;
  }
  return linearTicks(lo, hi);
}

/**
 * Show every k-th of `n` labels `spacing` px apart: the smallest k for which labels at most `widest` px
 * wide, with `gap` px between them, do not overlap.
 */
export function labelStride(n: number, spacing: number, widest: number, gap = 8): number {
  if (n <= 1 || !(spacing > 0)) return 1;
  return Math.max(1, Math.ceil((widest + gap) / spacing));
}

/** Width in px of `text` at `size` px in a sans-serif UI font, estimated (no layout to measure in workers or tests). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.58;
}
