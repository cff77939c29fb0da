import * as Comlink from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { Accumulator, packState, unpackState } from '../../src/search/accumulator.ts';
import { searchSweep, type SearchRequest } from '../../src/search/search.ts';
import { fromWire, searchApi, type SearchApi } from '../../src/worker/api.ts';

const request: SearchRequest = {
  model: MODEL_PRESETS['gpt3-1t'].spec,
  system: systemWithDomain('A100', 8),
  strategy: '2d',
  globalBatchSize: 4096,
  gpus: [256, 1024],
  top: 10,
  options: { flashAttention: true },
  cloudSize: 300,
};

describe('worker API (plain object)', () => {
  it('plan + chunks + finish give exactly the one-pass result', () => {
    const direct = searchSweep(request);
    for (const n of request.gpus) {
      const plan = searchApi.plan(request, n, 5000);
      expect(plan.chunks.length).toBeGreaterThan(1);
      expect(plan.chunks.reduce((s, c) => s + c[2], 0)).toBe(plan.total);
      // Chunks searched in reverse order, as workers might return them.
      const parts = [...plan.chunks].reverse().map(([a, b]) => searchApi.searchChunk(request, n, a, b));
      const merged = fromWire(searchApi.finish(request, n, parts));
      const one = direct.find((g) => g.gpus === n)!;
      expect(merged.candidates).toBe(plan.total);
      expect(merged).toEqual(one);
    }
  });

  it("unpacks a result's cloud when it is first read, once", () => {
    const plan = searchApi.plan(request, 1024, 5000);
    const parts = plan.chunks.map(([a, b]) => searchApi.searchChunk(request, 1024, a, b));
    const wire = searchApi.finish(request, 1024, parts);
    const result = fromWire(wire);
    // Written after fromWire returned: seen only if the cloud was not unpacked yet.
    wire.cloud[0] = 42;
    expect(result.cloud[0]?.throughput).toBe(42);
    expect(result.cloud).toBe(result.cloud);
  });

  it('evaluates a configuration, or says why it cannot run', () => {
    const best = searchSweep({ ...request, gpus: [256] })[0]!.top[0]!;
    const ok = searchApi.evaluate(request, best.config);
    expect(ok.ok && ok.evaluation.totals.t).toBe(best.totals.t);
    const bad = searchApi.evaluate(request, { ...best.config, tp1: 3 });
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/tensor parallel degree \(3\) must divide heads/),
    });
  });

  it('merging accumulators is independent of how the space was split', () => {
    const plan = searchApi.plan(request, 1024, 3000);
    const parts = plan.chunks.map(([a, b]) => searchApi.searchChunk(request, 1024, a, b));
    const forward = new Accumulator(10, 300);
    parts.forEach((p) => forward.merge(unpackState(p)));
    const backward = new Accumulator(10, 300);
    [...parts].reverse().forEach((p) => backward.merge(unpackState(p)));
    expect(backward.state()).toEqual(forward.state());
  });

  it('a packed state unpacks to exactly the state packed', () => {
    const ctxState = (() => {
      const acc = new Accumulator(10, 300);
      for (const p of searchApi
        .plan(request, 1024)
        .chunks.map(([a, b]) => searchApi.searchChunk(request, 1024, a, b)))
        acc.merge(unpackState(p));
      return acc.state();
    })();
    expect(unpackState(packState(ctxState))).toEqual(ctxState);
  });
});

describe('worker API across a real MessageChannel (comlink expose/wrap)', () => {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(searchApi, port1 as unknown as Comlink.Endpoint);
  const remote = Comlink.wrap<SearchApi>(port2 as unknown as Comlink.Endpoint);
  afterAll(() => {
    port1.close();
    port2.close();
  });

  it('carries requests and results as plain structured-cloneable data', async () => {
    const plan = await remote.plan(request, 256);
    const parts = await Promise.all(plan.chunks.map(([a, b]) => remote.searchChunk(request, 256, a, b)));
    const wire = await remote.finish(request, 256, parts);
    // The cloud crosses as one buffer and unpacks to exactly the points searched.
    expect(wire.cloud).toBeInstanceOf(Float64Array);
    const result = fromWire(wire);
    expect(result.cloud.length).toBeGreaterThan(0);
    expect(result).toEqual(searchSweep({ ...request, gpus: [256] })[0]);
    expect(structuredClone(result)).toEqual(result);
  });

  it('returns a small GPU count searched in one call, its cloud packed the same way', async () => {
    const reply = await remote.planOrSearch(request, 8, 1e9);
    if (!('result' in reply)) throw new Error('expected a result, got a plan');
    expect(reply.result.cloud).toBeInstanceOf(Float64Array);
    expect(fromWire(reply.result)).toEqual(searchSweep({ ...request, gpus: [8] })[0]);
  });

  it('plans several GPU counts in one call: each as planOrSearch, the best in full only at bestAt', async () => {
    const replies = await remote.planOrSearchMany(request, [8, 16, 1024], 16, 50_000);
    const direct = searchSweep({ ...request, gpus: [8, 16] });
    const [small, best, large] = replies;
    if (!small || !('result' in small) || !best || !('result' in best)) throw new Error('expected results');
    expect(small.result.cloud).toBeInstanceOf(Float64Array);
    expect(fromWire(small.result)).toEqual({ ...direct[0], best: null });
    expect(fromWire(best.result)).toEqual(direct[1]);
    expect(large).toEqual({ plan: searchApi.plan(request, 1024, 50_000) });
  });

  it("a GPU count that fails comes back as its error, not as the call's", async () => {
    const broken = { ...request, strategy: 'none' } as unknown as SearchRequest;
    const replies = await remote.planOrSearchMany(broken, [8, 16]);
    expect(replies).toEqual([{ error: expect.any(String) }, { error: expect.any(String) }]);
  });
});
