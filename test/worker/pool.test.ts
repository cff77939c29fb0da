import { describe, expect, it } from 'vitest';
import { WorkerPool, type PoolWorker, type RemoteApi } from '../../src/worker/pool.ts';

/** A stand-in worker: the tasks below only record which worker took them and wait for the test. */
function heldWorker(id: number): PoolWorker {
  return {
    api: { id } as unknown as RemoteApi,
    onCrash: () => undefined,
    terminate: () => undefined,
  };
}

/** Submits `n` tasks of `weight`; each records which worker took it and waits for `release`. */
function submitHeld(pool: WorkerPool, n: number, weight: number, taken: number[], release: Promise<void>) {
  return Array.from({ length: n }, () =>
    pool.submit(
      async (api) => {
        taken.push((api as unknown as { id: number }).id);
        await release;
      },
      { priority: 0, generation: 1, weight },
    ),
  );
}

describe('worker pool in-flight allowance', () => {
  it('keeps three chunks of work in flight per worker, and more of light tasks', async () => {
    let open!: () => void;
    const release = new Promise<void>((r) => (open = r));
    const heavy: number[] = [];
    const pool = new WorkerPool(1, () => heldWorker(0));
    const done = submitHeld(pool, 5, 1, heavy, release);
    expect(pool.running).toBe(3);
    expect(pool.queued).toBe(2);
    open();
    await Promise.all(done);
    expect(heavy).toHaveLength(5);

    let open2!: () => void;
    const release2 = new Promise<void>((r) => (open2 = r));
    const light: number[] = [];
    const lightDone = submitHeld(pool, 10, 0.4, light, release2);
    // 7 × 0.4 = 2.8 fits in 3; an eighth would not.
    expect(pool.running).toBe(7);
    open2();
    await Promise.all(lightDone);
    expect(light).toHaveLength(10);
  });

  it('an idle worker takes a task heavier than the allowance', async () => {
    let open!: () => void;
    const release = new Promise<void>((r) => (open = r));
    const pool = new WorkerPool(1, () => heldWorker(0));
    const done = submitHeld(pool, 2, 5, [], release);
    expect(pool.running).toBe(1);
    open();
    await Promise.all(done);
  });

  it('sends each task to the least loaded worker', async () => {
    let open!: () => void;
    const release = new Promise<void>((r) => (open = r));
    let next = 0;
    const pool = new WorkerPool(2, () => heldWorker(next++));
    const taken: number[] = [];
    const done = submitHeld(pool, 4, 1, taken, release);
    // The API call starts synchronously when a task is sent.
    expect(taken).toEqual([0, 1, 0, 1]);
    open();
    await Promise.all(done);
  });
});
