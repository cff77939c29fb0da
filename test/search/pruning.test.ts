import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { Accumulator, newConfigBuffer, type ConfigBuffer } from '../../src/search/accumulator.ts';
import { SweepContext, searchInto, type SearchRequest } from '../../src/search/search.ts';
import { SMALL_MODEL, anyPreset, scaledSystem } from '../helpers/scenarios.ts';

/** Counts the candidates the search actually timed (offered or passed below the bar). */
class Counting extends Accumulator {
  timed = 0;
  override offer(throughput: number, mem: number, buf: ConfigBuffer): void {
    this.timed++;
    super.offer(throughput, mem, buf);
  }
  override pass(throughput: number, mem: number, buf: ConfigBuffer): void {
    this.timed++;
    super.pass(throughput, mem, buf);
  }
}

/** Never prunes: every feasible candidate is timed and offered. */
class Unpruned extends Accumulator {
  override bar(): number {
    return -Infinity;
  }
}

function both(r: SearchRequest, n: number) {
  const keepFront = r.front !== false;
  const pruned = new Counting(r.top, r.cloudSize ?? 0, keepFront);
  searchInto(new SweepContext(r), n, pruned);
  const full = new Unpruned(r.top, r.cloudSize ?? 0, keepFront);
  searchInto(new SweepContext(r), n, full);
  return { pruned, full };
}

describe('pruning below the bar', () => {
  it('keeps exactly the unpruned top-k, front, sample and counts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Strategy>('1d', '2d', '2d-seqp'),
        anyPreset(),
        fc.constantFrom(4, 8, 64),
        fc.constantFrom(16, 64, 256),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.constantFrom(1, 3, 10),
        fc.constantFrom(0, 7, 60),
        fc.boolean(),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (strategy, preset, nvs, gpus, capacityScale, top, cloudSize, front, ibScale) => {
          const system = scaledSystem(preset, nvs, capacityScale);
          const r: SearchRequest = {
            model: SMALL_MODEL,
            // InfiniBand from far slower to faster than NVLink: the pruning floor must hold either way.
            system: { ...system, ib_bandwidth: system.ib_bandwidth * ibScale },
            strategy,
            globalBatchSize: 512,
            gpus: [gpus],
            top,
            options: { flashAttention: true },
            cloudSize,
            front,
          };
          const { pruned, full } = both(r, gpus);
          expect(pruned.state()).toEqual(full.state());
        },
      ),
      { numRuns: 80 },
    );
  });

  it('skips most of a paper-scale 2D search for the best alone, and finds the same configurations', () => {
    const r: SearchRequest = {
      model: MODEL_PRESETS['gpt3-1t'].spec,
      system: systemWithDomain('A100', 64),
      strategy: '2d',
      globalBatchSize: 4096,
      gpus: [1024],
      top: 1,
      options: { flashAttention: true },
      cloudSize: 50,
      front: false,
    };
    const { pruned, full } = both(r, 1024);
    expect(pruned.state()).toEqual(full.state());
    expect(pruned.feasible).toBeGreaterThan(10_000);
    // Deterministic: 1,436 of 10,104 feasible candidates are timed.
    expect(pruned.timed).toBeLessThan(pruned.feasible / 4);
    // With the front kept, fewer candidates are out of reach; the result is still the unpruned one.
    const withFront = both({ ...r, front: true, top: 10 }, 1024);
    expect(withFront.pruned.state()).toEqual(withFront.full.state());
    // 6,318 of 10,104: a slow candidate that needs little memory can still be on the front.
    expect(withFront.pruned.timed).toBeLessThan(0.75 * withFront.pruned.feasible);
  });
});

describe('the most promising micro-batches first', () => {
  it('a top-10 search of a paper-scale 2D space times few candidates and builds few block plans', () => {
    const r: SearchRequest = {
      model: MODEL_PRESETS['gpt3-1t'].spec,
      system: systemWithDomain('A100', 64),
      strategy: '2d',
      globalBatchSize: 4096,
      gpus: [1024],
      top: 10,
      options: { flashAttention: true },
      cloudSize: 0,
      front: false,
    };
    const ctx = new SweepContext(r);
    const pruned = new Counting(r.top, 0, false);
    searchInto(ctx, 1024, pruned);
    const full = new Unpruned(r.top, 0, false);
    searchInto(new SweepContext(r), 1024, full);
    expect(pruned.state()).toEqual(full.state());
    // Deterministic: 73 of 10,104 feasible candidates timed and 153 block plans built (in enumeration
    // order 3,072 and 243: the top-10 filled slowly, and every panel count's plan was built for its floor).
    expect(pruned.timed).toBeLessThan(pruned.feasible / 50);
    expect(ctx.blocksEvaluated).toBeLessThan(200);
  });
});

describe('the accumulator bar', () => {
  const point = fc.record({
    throughput: fc.integer({ min: 1, max: 40 }),
    mem: fc.integer({ min: 1, max: 40 }),
    field: fc.integer({ min: 0, max: 5 }),
  });

  it('a candidate below it changes neither the top-k nor the front', () => {
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 40 }),
        point,
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (seen, next, k, keepFront) => {
          const acc = new Accumulator(k, 0, keepFront);
          const buf = newConfigBuffer();
          for (const p of seen) {
            buf[0] = p.field;
            acc.offer(p.throughput, p.mem, buf);
          }
          fc.pre(next.throughput < acc.bar(next.mem));
          const before = acc.state();
          buf[0] = next.field;
          acc.offer(next.throughput, next.mem, buf);
          const after = acc.state();
          expect(after.top).toEqual(before.top);
          expect(after.front).toEqual(before.front);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rises to the k-th throughput once the top-k is full and the front covers the memory', () => {
    const acc = new Accumulator(2, 0);
    const buf = newConfigBuffer();
    expect(acc.bar(10)).toBe(-Infinity);
    acc.offer(5, 4, buf);
    expect(acc.bar(10)).toBe(-Infinity);
    acc.offer(7, 6, buf);
    expect(acc.bar(10)).toBe(5);
    expect(acc.bar(5)).toBe(5);
    expect(acc.bar(3)).toBe(-Infinity);
    const topOnly = new Accumulator(1, 0, false);
    topOnly.offer(5, 4, buf);
    expect(topOnly.bar(3)).toBe(5);
  });
});
