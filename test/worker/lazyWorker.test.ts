import { describe, expect, it, vi } from 'vitest';
import { lazyWorker, type PoolWorker, WorkerPool } from '../../src/worker/pool.ts';
import type { RemoteApi } from '../../src/worker/pool.ts';

/** A stand-in worker that records what was done to it. */
function fakeWorker() {
  const crashListeners: ((m: string) => void)[] = [];
  const worker = {
    api: { ping: () => 'pong' } as unknown as RemoteApi,
    onCrash: (l: (m: string) => void) => crashListeners.push(l),
    terminate: vi.fn(),
    crash: (m: string) => crashListeners.forEach((l) => l(m)),
  };
  return worker;
}

describe('lazyWorker', () => {
  it('starts its worker when first asked for work, with the crash listeners given before', () => {
    const real = fakeWorker();
    const spawn = vi.fn((): PoolWorker => real);
    const lazy = lazyWorker(spawn);
    const crashed = vi.fn();
    lazy.onCrash(crashed);
    expect(spawn).not.toHaveBeenCalled();
    expect(lazy.api).toBe(real.api);
    expect(lazy.api).toBe(real.api);
    expect(spawn).toHaveBeenCalledTimes(1);
    real.crash('boom');
    expect(crashed).toHaveBeenCalledWith('boom');
    lazy.terminate();
    expect(real.terminate).toHaveBeenCalledTimes(1);
  });

  it('a pool of them starts no worker until a task is submitted', async () => {
    const spawn = vi.fn((): PoolWorker => fakeWorker());
    const pool = new WorkerPool(2, () => lazyWorker(spawn));
    expect(spawn).not.toHaveBeenCalled();
    await pool.submit(async () => 1, { priority: 0, generation: 0 });
    expect(spawn).toHaveBeenCalledTimes(1);
    pool.terminate();
  });
});
