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

/** Submits one task that tells `record` which worker took it, then waits for `release`. */
function hold(
  pool: WorkerPool,
  release: Promise<void>,
  record: (worker: number) => void,
  opts: { weight: number; home?: number },
) {
  return pool.submit(
    async (api) => {
      record((api as unknown as { id: number }).id);
      await release;
    },
    { priority: 0, generation: 1, ...opts },
  );
}

/** Submits `n` tasks of `weight`; each records which worker took it and waits for `release`. */
function submitHeld(pool: WorkerPool, n: number, weight: number, taken: number[], release: Promise<void>) {
  return Array.from({ length: n }, () => hold(pool, release, (w) => taken.push(w), { weight }));
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

describe('worker pool homes', () => {
  /** Submits a held task with `home` that records which worker took it as `name@worker`. */
  const homed = (
    pool: WorkerPool,
    name: string,
    home: number,
    weight: number,
    taken: string[],
    release: Promise<void>,
  ) => hold(pool, release, (w) => taken.push(`${name}@${w}`), { weight, home });

  it('a task goes to its home worker while it has room, even past a less loaded one', async () => {
    let open!: () => void;
    const release = new Promise<void>((r) => (open = r));
    let next = 0;
    const pool = new WorkerPool(2, () => heldWorker(next++));
    const taken: string[] = [];
    const done = [
      homed(pool, 'a', 1, 1, taken, release),
      homed(pool, 'b', 1, 1, taken, release),
      homed(pool, 'c', 3, 1, taken, release), // home taken modulo the pool size: worker 1
    ];
    expect(taken).toEqual(['a@1', 'b@1', 'c@1']);
    open();
    await Promise.all(done);
  });

  it('an idle worker takes a task whose home is full; a waiting task lets later ones go first', async () => {
    let openHeld!: () => void;
    const held = new Promise<void>((r) => (openHeld = r));
    let next = 0;
    const pool = new WorkerPool(2, () => heldWorker(next++));
    const taken: string[] = [];
    // Worker 0 full (3 chunks), worker 1 busy with one.
    const done = [
      homed(pool, 'h0', 0, 1, taken, held),
      homed(pool, 'h1', 0, 1, taken, held),
      homed(pool, 'h2', 0, 1, taken, held),
      homed(pool, 'w1', 1, 1, taken, held),
    ];
    // Waits for worker 0; the task behind it, homed at worker 1, goes now.
    done.push(homed(pool, 'wait', 0, 1, taken, held), homed(pool, 'later', 1, 1, taken, held));
    expect(taken).toEqual(['h0@0', 'h1@0', 'h2@0', 'w1@1', 'later@1']);
    // A third worker-0 task, with worker 1 still busy, waits too.
    expect(pool.queued).toBe(1);
    openHeld();
    await Promise.all(done);
    expect(taken).toContain('wait@0');

    // Now worker 0 is full again and worker 1 idle: the idle one takes worker 0's task.
    let open2!: () => void;
    const held2 = new Promise<void>((r) => (open2 = r));
    const taken2: string[] = [];
    const more = [0, 1, 2, 3].map((i) => homed(pool, `t${i}`, 0, 1, taken2, held2));
    expect(taken2).toEqual(['t0@0', 't1@0', 't2@0', 't3@1']);
    open2();
    await Promise.all(more);
  });
});
