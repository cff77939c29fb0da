import { describe, expect, it } from 'vitest';
import { dpVolumePerStep } from '../../src/model/traffic.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';

describe('data-parallel volume per step', () => {
  it("is the dp row's all-gather and reduce-scatter over every layer of a stage (uniform model)", () => {
    for (const [model, gpus] of [
      ['gpt3-175b', 256],
      ['gpt3-1t', 2048],
    ] as const) {
      const [r] = searchSweep({
        model: MODEL_PRESETS[model].spec,
        system: { ...SYSTEM_PRESETS.A100.spec, nvlink_size: 8 },
        strategy: '1d',
        globalBatchSize: 4096,
        gpus: [gpus],
        top: 1,
        options: { flashAttention: true },
      });
      const best = r!.best!;
      const c = r!.top[0]!.config;
      const layers = Math.floor(MODEL_PRESETS[model].spec.depth / c.pp);
      const perLayer = best.dp.commFwd[0]!.volume + best.dp.commBwd[0]!.volume;
      expect(c.dp).toBeGreaterThan(1);
      expect(dpVolumePerStep(best.totals)).toBeCloseTo(perLayer * layers, 9);
    }
  });
});
