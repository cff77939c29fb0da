import { describe, expect, it } from 'vitest';
import { searchFixtureNames } from '../helpers/golden.ts';
import { checkAgainstGolden, runGolden } from '../helpers/searchGolden.ts';

// Every 2D and 2D context-parallel published sweep, in full (about 2.2 million candidates in all).
const full = searchFixtureNames().filter((f) => !f.startsWith('exec_1d_'));

describe('search matches the reference (2D sweeps, full)', () => {
  it.each(full)('%s', (name) => {
    const { golden, results } = runGolden(name);
    expect(checkAgainstGolden(golden, results)).toEqual([]);
  });
});
