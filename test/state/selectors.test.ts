import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, searchedGpus } from '../../src/state/inputs.ts';
import { selectGpuList } from '../../src/state/selectors.ts';

describe('selectGpuList', () => {
  it('is the searched GPU counts, one list per inputs object', () => {
    const gpus = selectGpuList(DEFAULT_INPUTS);
    expect(gpus).toEqual(searchedGpus(DEFAULT_INPUTS));
    // Every store update asks each view's selectors again: the same inputs give the same list.
    expect(selectGpuList(DEFAULT_INPUTS)).toBe(gpus);
    // New inputs (an edit) give their own counts.
    const edited = { ...DEFAULT_INPUTS, gpuMax: 64 };
    expect(selectGpuList(edited)).not.toBe(gpus);
    expect(selectGpuList(edited)).toEqual([4, 8, 16, 32, 64]);
  });
});
