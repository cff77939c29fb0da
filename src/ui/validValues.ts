/**
 * The values a number field accepts, declared once per field: a drag lands on the nearest one, an arrow
 * key moves to the next one, Page Up/Down jump several. Values are in the field's displayed unit.
 */
export interface ValidValues {
  /** The valid value nearest to `v`. */
  readonly nearest: (v: number) => number;
  /** The first valid value strictly above (`dir` 1) or below (-1) `v`, which need not be valid itself. */
  readonly next: (v: number, dir: 1 | -1) => number;
  /** Every valid value in increasing order, when the slider walks them one per position. */
  readonly list?: readonly number[];
}

// Absorbs float noise (0.7 / 0.01 = 69.99999999999999) when asking which multiple a value is.
const EPS = 1e-9;
const tidy = (v: number) => Number(v.toPrecision(12));

/** Whole multiples of `unit` (counts: unit 1; sequence lengths: 64; fractions: 0.01). */
export function multiplesOf(unit: number): ValidValues {
  return {
    nearest: (v) => tidy(Math.round(v / unit) * unit),
    next: (v, dir) => {
      const k = v / unit;
      return tidy((dir > 0 ? Math.floor(k + EPS) + 1 : Math.ceil(k - EPS) - 1) * unit);
    },
  };
}

/** Whole numbers. */
export const INTEGERS: ValidValues = multiplesOf(1);

/**
 * Numbers with at most `digits` significant digits, for continuous rates and sizes: the steps are 0.1% to
 * 1% of the value (for 3 digits), so arrow keys fine-tune and Page Up/Down cover the range.
 */
export function significant(digits: number): ValidValues {
  // The unit of the last digit kept at v's magnitude.
  const unitAt = (v: number) => 10 ** (Math.floor(Math.log10(Math.abs(v))) - digits + 1);
  return {
    nearest: (v) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits))),
    next: (v, dir) => {
      if (!(v > 0)) return dir > 0 ? unitAt(1) : v;
      const unit = unitAt(v);
      const step = multiplesOf(unit).next(v, dir);
      // Just below a power of ten the digits are one place finer: 1000 -> 999, not 990 (3 digits).
      return step > 0 && unitAt(step) < unit ? multiplesOf(unitAt(step)).next(v, dir) : step;
    },
  };
}

/** One of a list of values (divisors, powers of two), walked in order. */
export function oneOf(values: readonly number[]): ValidValues {
  const list = [...new Set(values)].sort((a, b) => a - b);
  return {
    list,
    nearest: (v) => {
      // Nearest on a log scale when both are positive (8 is nearer to 6 than 4 is), else by difference.
      const distance = (x: number) => (x > 0 && v > 0 ? Math.abs(Math.log(x / v)) : Math.abs(x - v));
      return list.reduce((best, x) => (distance(x) < distance(best) ? x : best), list[0] ?? v);
    },
    next: (v, dir) =>
      (dir > 0
        ? list.find((x) => x > v + EPS * Math.abs(v))
        : list.findLast((x) => x < v - EPS * Math.abs(v))) ?? v,
  };
}

/** Powers of two from 2^lo to 2^hi. */
export function powersOfTwo(lo: number, hi: number): ValidValues {
  return oneOf(Array.from({ length: hi - lo + 1 }, (_, i) => 2 ** (lo + i)));
}
