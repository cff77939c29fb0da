/**
 * Sums a column the way the reference does. It sums pandas columns, i.e. numpy's `add.reduce` on a
 * float64 array, which is pairwise: below 8 values a plain loop; up to 128 values eight interleaved
 * partial sums combined as a tree. Matching that order keeps our totals bit-identical to the
 * reference's, which matters where two candidates tie or a difference cancels.
 */
export function columnSum<T>(rows: readonly T[], pick: (row: T) => number): number {
  const n = rows.length;
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += pick(rows[i] as T);
    return s;
  }
  if (n > 128) throw new Error('columnSum: blocks have at most a dozen layers');
  const r = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let j = 0; j < 8; j++) r[j] = pick(rows[j] as T);
  let i = 8;
  for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) (r[j] as number) += pick(rows[i + j] as T);
  const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) s += pick(rows[i] as T);
  return s;
}
