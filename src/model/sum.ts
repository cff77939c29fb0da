/**
 * Sums a column the way the reference does. It sums pandas columns, i.e. numpy's `add.reduce` on a
 * float64 array, which is pairwise: below 8 values a plain loop; up to 128 values eight interleaved
 * partial sums combined as a tree. Matching that order keeps our totals bit-identical to the
 * reference's, which matters where two candidates tie or a difference cancels.
 */
export function pairwiseSum(values: ArrayLike<number>, n: number = values.length): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[i] as number;
    return s;
  }
  if (n > 128) throw new Error('pairwiseSum: blocks have at most a dozen layers');
  let r0 = values[0] as number;
  let r1 = values[1] as number;
  let r2 = values[2] as number;
  let r3 = values[3] as number;
  let r4 = values[4] as number;
  let r5 = values[5] as number;
  let r6 = values[6] as number;
  let r7 = values[7] as number;
  let i = 8;
  for (; i < n - (n % 8); i += 8) {
    r0 += values[i] as number;
    r1 += values[i + 1] as number;
    r2 += values[i + 2] as number;
    r3 += values[i + 3] as number;
    r4 += values[i + 4] as number;
    r5 += values[i + 5] as number;
    r6 += values[i + 6] as number;
    r7 += values[i + 7] as number;
  }
  let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) s += values[i] as number;
  return s;
}

/** `pairwiseSum` of one field over rows. */
export function columnSum<T>(rows: readonly T[], pick: (row: T) => number): number {
  return pairwiseSum(rows.map(pick));
}
