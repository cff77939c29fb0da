import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { SweepContext, searchGpuCount, type SearchRequest } from '../../src/search/search.ts';

const mixtral: SearchRequest = {
  model: MODEL_PRESETS['mixtral-8x22b'].spec,
  system: systemWithDomain('H200', 8),
  strategy: '1d',
  globalBatchSize: 1024,
  gpus: [64, 256],
  top: 10,
  options: { flashAttention: true },
  cloudSize: 100,
};
const withSystem = (r: SearchRequest, change: Partial<SearchRequest['system']>): SearchRequest => ({
  ...r,
  system: { ...r.system, ...change },
});

describe('block plans shared between sweeps', () => {
  it('a new HBM capacity reuses the plans and finds exactly what a fresh sweep finds', () => {
    const first = new SweepContext(mixtral);
    for (const n of mixtral.gpus) searchGpuCount(first, n);
    // Smaller, then larger than the first: fewer micro-batches fit, then more (plans built on demand).
    for (const capacity of [60, 100, 400]) {
      const r = withSystem(mixtral, { hbm_capacity: capacity });
      const shared = new SweepContext(r, first);
      expect(shared.plans).toBe(first.plans);
      for (const n of r.gpus)
        expect(searchGpuCount(shared, n)).toEqual(searchGpuCount(new SweepContext(r), n));
    }
  });

  it("so do the plans of searched recomputation settings, and the results are a fresh sweep's", () => {
    const llama: SearchRequest = {
      model: MODEL_PRESETS['llama3.1-70b'].spec,
      system: systemWithDomain('h100-sxm', 8),
      strategy: '1d',
      globalBatchSize: 512,
      gpus: [64, 512],
      top: 10,
      options: { flashAttention: true },
      cloudSize: 100,
      training: { recompute: 'search', zero: 'search', precision: 'bf16', optimizerBytes: 12, v: 'search' },
    };
    const first = new SweepContext(llama);
    for (const n of llama.gpus) searchGpuCount(first, n);
    const built = first.blocksEvaluated;
    // Only more memory lets larger micro-batches fit, whose plans are then built; less builds none.
    for (const capacity of [60, 70]) {
      const r = withSystem(llama, { hbm_capacity: capacity });
      const shared = new SweepContext(r, first);
      for (const n of r.gpus)
        expect(searchGpuCount(shared, n)).toEqual(searchGpuCount(new SweepContext(r), n));
      expect(shared.blocksEvaluated).toBe(built);
    }
  });

  it('anything else the plans time from is not shared', () => {
    const first = new SweepContext(mixtral);
    for (const change of [{ hbm_bandwidth: 5000 }, { nvlink_bandwidth: 100 }]) {
      expect(new SweepContext(withSystem(mixtral, change), first).plans).not.toBe(first.plans);
    }
    expect(new SweepContext({ ...mixtral, globalBatchSize: 512 }, first).plans).not.toBe(first.plans);
    expect(new SweepContext({ ...mixtral, options: { flashAttention: false } }, first).plans).not.toBe(
      first.plans,
    );
  });
});
