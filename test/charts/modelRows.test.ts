import { describe, expect, it } from 'vitest';
import { compareMemoryRows, fewestGpus, paramsOf } from '../../src/charts/modelRows.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';

const results = searchSweep({
  model: MODEL_PRESETS['llama3.1-70b'].spec,
  system: { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 },
  strategy: '1d',
  globalBatchSize: 256,
  gpus: [1, 2, 4, 8, 16],
  top: 1,
  options: { flashAttention: true },
  cloudSize: 0,
});

describe('compare-models rows', () => {
  it('the fewest GPUs that fit: a count, none, or not known while a smaller count is pending', () => {
    const first = results.find((r) => r.top.length > 0)!.gpus;
    expect(first).toBeGreaterThan(1);
    expect(fewestGpus(results, [1, 2, 4, 8, 16])).toBe(first);
    expect(fewestGpus(results.slice(1), [1, 2, 4, 8, 16])).toBeUndefined();
    expect(
      fewestGpus(
        results.filter((r) => r.gpus < first),
        [1, 2, 4, 8, 16].filter((n) => n < first),
      ),
    ).toBeNull();
  });

  it("memory by kind is the fastest configuration's, and adds up to its memory per GPU", () => {
    const at = results.at(-1)!;
    const [row] = compareMemoryRows([{ key: 'm0', label: '1. llama3.1-70b', results }], at.gpus);
    const t = at.top[0]!.totals;
    expect(row).toMatchObject({ weights: t.wts_mem, optimizer: t.wts_optimizer_states_mem, total: t.mem });
    expect(row!.weights + row!.gradients + row!.optimizer + row!.activations).toBeCloseTo(t.mem, 9);
    expect(compareMemoryRows([{ key: 'm0', label: 'x', results }], 1)).toEqual([]);
    expect(paramsOf(results)).toEqual(at.best!.params);
  });
});
