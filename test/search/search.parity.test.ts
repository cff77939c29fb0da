import { describe, expect, it } from 'vitest';
import { searchFixtureNames } from '../helpers/golden.ts';
import { checkAgainstGolden, runGolden } from '../helpers/searchGolden.ts';

// The 1D sweeps are quick; the 2D ones (up to 570,844 candidates each) run in search.full.test.ts.
const quick = searchFixtureNames().filter((f) => f.startsWith('exec_1d_'));

describe('search matches the reference (1D sweeps)', () => {
  it.each(quick)('%s', (name) => {
    const { golden, results } = runGolden(name);
    expect(checkAgainstGolden(golden, results)).toEqual([]);
  });
});
