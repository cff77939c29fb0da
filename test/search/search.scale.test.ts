/**
 * GPU counts and NVLink domains beyond powers of two (not in the paper): a GB200-NVL72-like system (a
 * B200 with a 72-GPU domain, until its own preset lands) and arbitrary GPU counts.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { searchSweep, type SearchRequest } from '../../src/search/search.ts';

const nvl72: SearchRequest = {
  model: MODEL_PRESETS['llama3.1-70b'].spec,
  system: systemWithDomain('B200', 72),
  strategy: '1d',
  globalBatchSize: 1152,
  gpus: [64, 72, 128, 144, 256, 288, 512, 576],
  top: 3,
  options: { flashAttention: true },
  withBest: false,
  front: false,
};

describe('a 72-GPU NVLink domain', () => {
  const results = searchSweep(nvl72);

  it('is searchable at 64-512 GPUs and at multiples of 72', () => {
    for (const r of results) expect(r.top.length, `${r.gpus} GPUs`).toBeGreaterThan(0);
  });

  it('places jobs that do not fill whole racks hierarchically, and fills racks the groups factor', () => {
    const inDomain = (gpus: number) => {
      const c = results.find((r) => r.gpus === gpus)!.top[0]!.config;
      return c.nvTp1 * c.nvTp2 * c.nvDp * c.nvPp;
    };
    // 64 GPUs share one rack; 128 and 256 split into groups of powers of two fill 64 of each 72.
    expect(inDomain(64)).toBe(64);
    expect(inDomain(128)).toBe(64);
    expect(inDomain(256)).toBe(64);
    expect(inDomain(144)).toBe(72);
    expect(inDomain(576)).toBe(72);
  });

  it('charges the slow tier for the part of a group outside the rack', () => {
    // The same split at 128 GPUs, its data-parallel group inside a rack or spread over both.
    const config = results.find((r) => r.gpus === 128)!.top[0]!.config;
    const { model, system, strategy, globalBatchSize, options } = nvl72;
    const s = { model, system, strategy, globalBatchSize, options };
    const spread = evaluate(s, { ...config, nvTp1: config.tp1, nvDp: 1, nvPp: 1, nvTp2: 1 });
    expect(evaluate(s, config).totals.t).toBeLessThan(spread.totals.t);
  });
});

describe('any GPU count', () => {
  it('searches 1,000 and 3,072 GPUs on a domain of 8', () => {
    const r = [1000, 3072].flatMap((n) =>
      searchSweep({ ...nvl72, system: systemWithDomain('H200', 8), globalBatchSize: n * 2, gpus: [n] }),
    );
    for (const g of r) {
      expect(g.top.length, `${g.gpus} GPUs`).toBeGreaterThan(0);
      const c = g.top[0]!.config;
      expect(c.dp * c.tp1 * c.tp2 * c.pp).toBe(g.gpus);
    }
  });
});
