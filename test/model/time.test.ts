import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareMachine } from '../../src/model/system.ts';
import { collectiveFloor, collectiveTime, type CollectiveType } from '../../src/model/time.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { divisors } from '../../src/search/enumerate.ts';

describe('collective floor', () => {
  it('is never above the collective time, whatever the NVLink share and however the tiers compare', () => {
    const scale = fc.double({ min: 0.01, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom(...SYSTEM_PRESET_IDS),
        fc.record({ nvBw: scale, ibBw: scale, nvLat: scale, ibLat: scale }),
        fc.constantFrom<CollectiveType>(
          'allgather',
          'reducescatter',
          'allreduce',
          'broadcast',
          'reduce',
          'p2p',
        ),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.constantFrom(1, 2, 3, 4, 8, 12, 64, 256, 4096),
        fc.nat(),
        (preset, k, type, volume, group, pick) => {
          const s = SYSTEM_PRESETS[preset].spec;
          const m = prepareMachine({
            ...s,
            nvlink_bandwidth: s.nvlink_bandwidth * k.nvBw,
            ib_bandwidth: s.ib_bandwidth * k.ibBw,
            nvlink_latency: s.nvlink_latency * k.nvLat,
            ib_latency: s.ib_latency * k.ibLat,
          });
          const shares = divisors(group);
          const fast = shares[pick % shares.length] as number;
          expect(collectiveFloor(m, volume, group, type)).toBeLessThanOrEqual(
            collectiveTime(m, volume, group, type, fast),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is the cheaper tier: latency per hop plus the faster bandwidth', () => {
    const m = prepareMachine(SYSTEM_PRESETS.A100.spec);
    const v = 2;
    const floor = collectiveFloor(m, v, 8, 'allgather');
    const inDomain = collectiveTime(m, v, 8, 'allgather', 8);
    // All eight in one NVLink domain is what the floor describes when NVLink is the faster, cheaper tier.
    expect(m.fastBandwidth).toBeGreaterThan(m.slowBandwidth);
    expect(m.fastLatency).toBeLessThanOrEqual(m.slowLatency);
    expect(floor).toBeCloseTo(inDomain, 12);
    expect(collectiveFloor(m, 0, 8, 'allreduce')).toBe(0);
    expect(collectiveFloor(m, v, 1, 'allreduce')).toBe(0);
  });
});
