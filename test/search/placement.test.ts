/** The fastest placement of a configuration whose NVLink placement is left open. */
import { describe, expect, it } from 'vitest';
import { evaluate, type Scenario } from '../../src/model/evaluate.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { placements } from '../../src/search/enumerate.ts';
import { fastestPlacement } from '../../src/search/placement.ts';

const scenario: Scenario = {
  model: MODEL_PRESETS['gpt3-175b'].spec,
  system: { ...SYSTEM_PRESETS.A100.spec, nvlink_size: 8 },
  strategy: '2d-seqp',
  globalBatchSize: 1024,
  options: { flashAttention: true },
};
const open = { dp: 8, tp1: 4, tp2: 4, pp: 4, mbs: 1, nb: null };

describe('fastestPlacement', () => {
  it('is the fastest of every placement the search tries', () => {
    const all = placements(8, 4, 4, 8, 4).map(([nvTp1, nvTp2, nvDp, nvPp]) =>
      evaluate(scenario, { ...open, nvTp1, nvTp2, nvDp, nvPp }),
    );
    expect(all.length).toBeGreaterThan(3);
    const best = fastestPlacement(scenario, open)!;
    expect(best.evaluation.throughput).toBe(Math.max(...all.map((e) => e.throughput)));
    expect(best.evaluation).toEqual(evaluate(scenario, best.config));
  });

  it('keeps the placement fields given, and finds nothing when none agrees', () => {
    const best = fastestPlacement(scenario, { ...open, nvDp: 2, nvPp: 1 })!;
    expect([best.config.nvDp, best.config.nvPp]).toEqual([2, 1]);
    expect(best.config.nvTp1 * best.config.nvTp2 * 2).toBe(8);
    expect(fastestPlacement(scenario, { ...open, nvDp: 16 })).toBeNull();
    expect(fastestPlacement(scenario, { ...open, dp: 3, tp1: 3, tp2: 3, pp: 3 })).toBeNull();
  });
});
