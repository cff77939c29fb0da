/** The planner's numbers: time to train, GPU-hours, cost and energy follow from the job's token rate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLANNER,
  tokensPerSecond,
  tokensPerSecondPerGpu,
  trainingCost,
} from '../../src/model/metrics.ts';

describe('planner metrics', () => {
  it('a worked case: 1 T tokens at 1 M tokens/s on 1,024 GPUs of 700 W at $2 per GPU-hour', () => {
    const c = trainingCost(1e6, 1024, { tokenBudget: 1e12, pricePerGpuHour: 2, pue: 1 }, 700);
    // 1e6 s (11.6 days); 1024 x 1e6 / 3600 GPU-hours; 1024 x 700 W x 1e6 s = 7.168e11 J = 199.1 MWh.
    expect(c.timeToTrain).toBe(1e6);
    expect(c.gpuHours).toBeCloseTo(284444.44, 2);
    expect(c.cost).toBeCloseTo(568888.89, 2);
    expect(c.energyMWh).toBeCloseTo(199.111, 3);
  });

  it('tokens per second in all are the per-GPU rate times the GPUs', () => {
    expect(tokensPerSecond(10, 4096)).toBe(40960);
    expect(tokensPerSecondPerGpu(10, 4096, 64) * 64).toBe(tokensPerSecond(10, 4096));
  });

  it('without a power per GPU there is no energy, and the rest is unchanged', () => {
    const withPower = trainingCost(2e5, 64, DEFAULT_PLANNER, 1000);
    const without = trainingCost(2e5, 64, DEFAULT_PLANNER, undefined);
    expect(without.energyMWh).toBeNull();
    expect({ ...without, energyMWh: 0 }).toEqual({ ...withPower, energyMWh: 0 });
  });

  it('relations: time inverse in the rate, GPU-hours fixed by the per-GPU rate, cost and energy linear', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 100000 }),
        fc.double({ min: 1e9, max: 1e14, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 100, max: 2000, noNaN: true }),
        (rate, gpus, tokenBudget, price, pue, power) => {
          const a = { tokenBudget, pricePerGpuHour: price, pue };
          const c = trainingCost(rate, gpus, a, power);
          const twiceAsFast = trainingCost(2 * rate, gpus, a, power);
          expect(twiceAsFast.timeToTrain / c.timeToTrain).toBeCloseTo(0.5, 12);
          // Twice the GPUs at the same per-GPU rate: half the time, the same GPU-hours, cost and energy.
          const doubled = trainingCost(2 * rate, 2 * gpus, a, power);
          expect(doubled.gpuHours / c.gpuHours).toBeCloseTo(1, 12);
          expect(doubled.energyMWh! / c.energyMWh!).toBeCloseTo(1, 12);
          expect(
            trainingCost(rate, gpus, { ...a, pricePerGpuHour: 2 * price }, power).cost / c.cost,
          ).toBeCloseTo(2, 12);
          expect(
            trainingCost(rate, gpus, { ...a, pue: 2 * pue }, power).energyMWh! / c.energyMWh!,
          ).toBeCloseTo(2, 12);
          expect(c.cost).toBeCloseTo(c.gpuHours * price, 6);
        },
      ),
    );
  });
});
