import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { searchSweep, type SearchRequest } from '../../src/search/search.ts';
import { searchApi } from '../../src/worker/api.ts';
import { SearchBridge, type BridgeUpdate } from '../../src/worker/bridge.ts';
import { WorkerPool, type PoolWorker, type RemoteApi } from '../../src/worker/pool.ts';

/** An in-process worker: calls the real API asynchronously; can be made to die or throw. */
function fakeWorker(log: {
  calls: number;
  crashNext?: boolean;
  throwNext?: boolean;
  delayMs?: number;
}): PoolWorker {
  let crash: ((m: string) => void) | undefined;
  const api = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) =>
          new Promise((resolve, reject) => {
            log.calls++;
            setTimeout(() => {
              if (log.crashNext) {
                log.crashNext = false;
                crash?.('out of memory');
                return; // a dead worker never answers
              }
              if (log.throwNext) {
                log.throwNext = false;
                reject(new Error('engine bug'));
                return;
              }
              const f = (searchApi as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
              resolve(structuredClone(f(...args)));
            }, log.delayMs ?? 1);
          }),
    },
  ) as RemoteApi;
  return { api, onCrash: (l) => (crash = l), terminate: () => undefined };
}

const request = (nvs: number): SearchRequest => ({
  model: MODEL_PRESETS['gpt3-1t'].spec,
  system: systemWithDomain('A100', nvs),
  strategy: '1d',
  globalBatchSize: 4096,
  gpus: [512, 1024, 2048],
  top: 10,
  options: { flashAttention: true },
  cloudSize: 100,
});

function collect(bridge: SearchBridge, jobs: Parameters<SearchBridge['run']>[0]) {
  const updates: BridgeUpdate[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const run = bridge.run(jobs, (u) => {
    updates.push(u);
    if (u.kind === 'done') resolve();
  });
  return { run, updates, done };
}

describe('search bridge over a worker pool', () => {
  it('a large GPU count goes as a plan, chunks and a finish; the result equals a direct search', async () => {
    const log = { calls: 0 };
    const bridge = new SearchBridge(new WorkerPool(2, () => fakeWorker(log)));
    const big: SearchRequest = { ...request(64), strategy: '2d', gpus: [4096] };
    const { updates, done } = collect(bridge, [{ series: '0', request: big }]);
    await done;
    expect(log.calls).toBeGreaterThan(3);
    const got = updates.find((u) => u.kind === 'result');
    expect(got && got.kind === 'result' && got.result).toEqual(searchSweep(big)[0]);
  });

  it('streams one result per GPU count per series, equal to a direct search', async () => {
    const bridge = new SearchBridge(new WorkerPool(2, () => fakeWorker({ calls: 0 })));
    const { updates, done } = collect(bridge, [
      { series: '0', request: request(4) },
      { series: '1', request: request(8) },
    ]);
    await done;
    const results = updates.filter((u) => u.kind === 'result');
    expect(results).toHaveLength(6);
    for (const [series, nvs] of [
      ['0', 4],
      ['1', 8],
    ] as const) {
      const direct = searchSweep(request(nvs));
      for (const g of direct) {
        const got = results.find(
          (u) => u.kind === 'result' && u.series === series && u.result.gpus === g.gpus,
        );
        expect(got && got.kind === 'result' && got.result).toEqual(g);
      }
    }
    const last = updates.filter((u) => u.kind === 'progress').at(-1);
    expect(last && last.kind === 'progress' && last.done).toBe(
      last && last.kind === 'progress' && last.total,
    );
  });

  it('evaluates the best in full only at the GPU count asked for, small or chunked', async () => {
    const bridge = new SearchBridge(new WorkerPool(2, () => fakeWorker({ calls: 0 })));
    for (const [r, at] of [
      [request(4), 1024],
      [{ ...request(64), strategy: '2d', gpus: [2048, 4096] } as SearchRequest, 4096],
    ] as const) {
      const { updates, done } = collect(bridge, [{ series: '0', request: r, bestAt: at }]);
      await done;
      const direct = searchSweep(r);
      const results = updates.flatMap((u) => (u.kind === 'result' ? [u.result] : []));
      expect(results).toHaveLength(r.gpus.length);
      for (const got of results) {
        const one = direct.find((g) => g.gpus === got.gpus)!;
        expect(got).toEqual(got.gpus === at ? one : { ...one, best: null });
      }
    }
  });

  it('keeps finished GPU counts: a changed range only searches what is new', async () => {
    const log = { calls: 0 };
    const bridge = new SearchBridge(new WorkerPool(1, () => fakeWorker(log)));
    await collect(bridge, [{ series: '0', request: request(4) }]).done;
    const before = log.calls;
    const wider = { ...request(4), gpus: [256, 512, 1024, 2048] };
    const { updates, done } = collect(bridge, [{ series: '0', request: wider }]);
    await done;
    expect(
      updates
        .filter((u) => u.kind === 'result')
        .map((u) => u.kind === 'result' && u.result.gpus)
        .sort(),
    ).toEqual([1024, 2048, 256, 512]);
    // Only 256 GPUs was searched, and it is small: one call that plans, searches and finishes it.
    expect(log.calls - before).toBe(1);
  });

  it('a new run supersedes the old: no update of the old run arrives after it', async () => {
    const bridge = new SearchBridge(new WorkerPool(1, () => fakeWorker({ calls: 0 })));
    const first = collect(bridge, [{ series: '0', request: request(4) }]);
    const second = collect(bridge, [{ series: '0', request: request(64) }]);
    await second.done;
    await new Promise((r) => setTimeout(r, 50));
    expect(first.updates.every((u) => u.run === first.run)).toBe(true);
    expect(first.updates.some((u) => u.kind === 'done')).toBe(false);
    expect(second.updates.filter((u) => u.kind === 'result')).toHaveLength(3);
  });

  it('cancel stops a run: queued work is dropped and a cancelled done is the last update', async () => {
    const bridge = new SearchBridge(new WorkerPool(1, () => fakeWorker({ calls: 0, delayMs: 20 })));
    const { updates } = collect(bridge, [
      { series: '0', request: { ...request(4), gpus: [256, 512, 1024, 2048, 4096] } },
    ]);
    await new Promise((r) => setTimeout(r, 5));
    bridge.cancel();
    const count = updates.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(updates.length).toBe(count);
    expect(updates.at(-1)).toMatchObject({ kind: 'done', cancelled: true });
    expect(updates.filter((u) => u.kind === 'result').length).toBeLessThan(5);
  });

  it('plans a series in one call per worker, however many GPU counts it has', async () => {
    const log = { calls: 0 };
    const bridge = new SearchBridge(new WorkerPool(2, () => fakeWorker(log)));
    const r = { ...request(4), gpus: [64, 128, 256, 512, 1024, 2048] };
    const { updates, done } = collect(bridge, [{ series: '0', request: r, bestAt: 2048 }]);
    await done;
    // Every count here is one chunk: searched whole in its batch's call, nothing more to send.
    expect(log.calls).toBe(2);
    const direct = searchSweep(r);
    const results = updates.flatMap((u) => (u.kind === 'result' ? [u.result] : []));
    expect(results.map((g) => g.gpus).sort((a, b) => a - b)).toEqual(r.gpus);
    for (const got of results) {
      const one = direct.find((g) => g.gpus === got.gpus)!;
      expect(got).toEqual(got.gpus === 2048 ? one : { ...one, best: null });
    }
  });

  it('a worker that dies is replaced; each GPU count it had is reported failed, and the next run completes', async () => {
    const log = { calls: 0, crashNext: true };
    const pool = new WorkerPool(1, () => fakeWorker(log));
    const bridge = new SearchBridge(pool);
    const { updates, done } = collect(bridge, [{ series: '0', request: request(4) }]);
    await done;
    expect(pool.restarts).toBe(1);
    const errors = updates.filter((u) => u.kind === 'error');
    // One worker: the series' three counts went in its one call.
    expect(errors.map((u) => u.kind === 'error' && u.gpus)).toEqual([512, 1024, 2048]);
    expect(errors[0]!.kind === 'error' && errors[0]!.message).toMatch(
      /a search worker stopped: out of memory/,
    );
    const next = collect(bridge, [{ series: '0', request: request(4) }]);
    await next.done;
    expect(next.updates.filter((u) => u.kind === 'result')).toHaveLength(3);
  });

  it('a worker that throws reports the error and keeps serving', async () => {
    const log = { calls: 0, throwNext: true };
    const pool = new WorkerPool(1, () => fakeWorker(log));
    const bridge = new SearchBridge(pool);
    const { updates, done } = collect(bridge, [{ series: '0', request: request(4) }]);
    await done;
    expect(pool.restarts).toBe(0);
    expect(updates.filter((u) => u.kind === 'error')).toHaveLength(3);
    const next = collect(bridge, [{ series: '0', request: request(4) }]);
    await next.done;
    expect(next.updates.filter((u) => u.kind === 'result')).toHaveLength(3);
  });

  it('keeps each series on one worker when there are at least two series per worker', async () => {
    const homesOf = async (series: number) => {
      const homes = new Map<string, Set<number | undefined>>();
      class Recording extends WorkerPool {
        override submit<T>(
          run: (api: RemoteApi) => Promise<T>,
          opts: Parameters<WorkerPool['submit']>[1],
        ): Promise<T> {
          // The series is the request's NVLink size (below); read it by running the task on a recorder.
          let nvs = 0;
          void run(
            new Proxy({} as RemoteApi, {
              get: () => (r: SearchRequest) => {
                nvs = r.system.nvlink_size;
                return new Promise(() => undefined);
              },
            }),
          );
          const set = homes.get(String(nvs)) ?? new Set();
          set.add(opts.home);
          homes.set(String(nvs), set);
          return super.submit(run, opts);
        }
      }
      const pool = new Recording(2, () => fakeWorker({ calls: 0 }));
      const jobs = Array.from({ length: series }, (_, i) => ({
        series: String(i),
        request: { ...request(2 + i), gpus: [512, 4096] },
      }));
      await collect(new SearchBridge(pool), jobs).done;
      return [...homes.values()].map((s) => [...s]);
    };
    // Four series on two workers: each series always asks for the same worker, alternating.
    expect(await homesOf(4)).toEqual([[0], [1], [2], [3]]);
    // Three: not enough to keep both workers busy by series alone, so any worker may take any task.
    expect(await homesOf(3)).toEqual([[undefined], [undefined], [undefined]]);
  });
});
