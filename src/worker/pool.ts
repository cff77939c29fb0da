/**
 * A pool of search workers on the main thread. Tasks are short (one chunk of one GPU count), so a
 * superseded run is cancelled by dropping its queued tasks; the few in flight finish within a chunk and
 * their results are ignored. A worker that throws stays; one that dies is replaced and its task fails
 * with a message the user sees.
 */
import type * as Comlink from 'comlink';
import type { SearchApi } from './api.ts';

export type RemoteApi = Comlink.Remote<SearchApi>;

/** What the pool needs of a worker: an API to call and a way to learn that it died. */
export interface PoolWorker {
  readonly api: RemoteApi;
  onCrash(listener: (message: string) => void): void;
  terminate(): void;
}

/**
 * A worker started when first asked for work, not when its slot is made: on a 2-core machine the workers'
 * module evaluation (about 35 ms of CPU each) ran beside the boot's first frame and stretched it (traced);
 * the explorer's first search starts after that frame.
 */
export function lazyWorker(spawn: () => PoolWorker): PoolWorker {
  let worker: PoolWorker | undefined;
  const listeners: ((message: string) => void)[] = [];
  let terminated = false;
  const started = (): PoolWorker => {
    if (!worker) {
      worker = spawn();
      for (const l of listeners) worker.onCrash(l);
      if (terminated) worker.terminate();
    }
    return worker;
  };
  return {
    get api() {
      return started().api;
    },
    onCrash: (listener) => {
      if (worker) worker.onCrash(listener);
      else listeners.push(listener);
    },
    terminate: () => {
      terminated = true;
      worker?.terminate();
    },
  };
}

export class Cancelled extends Error {
  constructor() {
    super('superseded by newer input');
    this.name = 'Cancelled';
  }
}

/**
 * The one rejection of dropped tasks: a dragged slider drops a dozen tasks per step, and an Error with a
 * captured stack each time showed in profiles of the input events.
 */
const CANCELLED = new Cancelled();

interface Task {
  readonly run: (api: RemoteApi) => Promise<unknown>;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly priority: number;
  /** Its share of a worker's in-flight allowance (a full chunk of work is 1). */
  readonly weight: number;
  readonly generation: number;
  /** Who queued it: each lane's generations are its own (the explorer's and the design views'). */
  readonly lane: string;
  /**
   * The worker (slot index) that should run it, or -1 for any. A worker keeps its sweep contexts (block
   * plans) between tasks, so a series kept on one worker builds its plans once instead of on every
   * worker; an idle worker still takes another's task rather than wait.
   */
  readonly home: number;
  readonly seq: number;
}

interface Slot {
  worker: PoolWorker;
  /** Tasks sent to this worker and not yet answered, oldest first. */
  busy: Task[];
}

/**
 * Work kept in flight per worker, in chunks (task weights). More than one, so a worker goes straight on
 * to its next task while the main thread is busy (an input event, a render) instead of waiting for it to
 * read a reply and send more; little, because a superseded run cannot recall what was already sent, so
 * a new input waits for up to this much of the old run's work. Light tasks (plans and small GPU counts)
 * stack deeper: a 1D sweep's counts all go out at once (in one planning call per worker), and its
 * results no longer wait for the main thread to finish the input event that started it.
 */
const IN_FLIGHT = 3;
/** Tasks in flight per worker at most, however light. */
const MAX_TASKS = 12;
/**
 * How far past a waiting task (its home worker busy) the pool looks for one that can go now. Series
 * alternate between homes, so another worker's task is rarely more than a series (13 tasks) away; the
 * bound keeps every pump cheap however long the queue.
 */
const SCAN = 64;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private queue: Task[] = [];
  private seq = 0;
  private closed = false;
  /** Workers replaced after dying, for diagnostics and tests. */
  restarts = 0;

  constructor(
    readonly size: number,
    private readonly spawn: () => PoolWorker,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.newSlot());
  }

  private newSlot(): Slot {
    const slot: Slot = { worker: this.spawn(), busy: [] };
    slot.worker.onCrash((message) => this.crashed(slot, message));
    return slot;
  }

  private crashed(slot: Slot, message: string): void {
    if (this.closed) return;
    const tasks = slot.busy;
    slot.worker.terminate();
    this.restarts++;
    const fresh = this.newSlot();
    slot.worker = fresh.worker;
    slot.busy = [];
    slot.worker.onCrash((m) => this.crashed(slot, m));
    // A worker handles its messages in order: it died running the oldest; the others had not started
    // and go back to the front of the queue.
    const [running, ...waiting] = tasks;
    this.queue.unshift(...waiting);
    running?.reject(new Error(`a search worker stopped: ${message}`));
    this.pump();
  }

  /** Queues `run`; lower priority values run first, then first come first served. */
  submit<T>(
    run: (api: RemoteApi) => Promise<T>,
    opts: { priority: number; generation: number; lane?: string; weight?: number; home?: number },
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        run,
        resolve: resolve as (v: unknown) => void,
        reject,
        priority: opts.priority,
        weight: opts.weight ?? 1,
        generation: opts.generation,
        lane: opts.lane ?? '',
        home: opts.home === undefined ? -1 : opts.home % this.size,
        seq: this.seq++,
      };
      let i = this.queue.length;
      while (i > 0 && compare(task, this.queue[i - 1] as Task) < 0) i--;
      this.queue.splice(i, 0, task);
      this.pump();
    });
  }

  /** Rejects every queued task of `lane` older than `generation` with `Cancelled`. */
  dropBefore(generation: number, lane = ''): void {
    const keep: Task[] = [];
    for (const t of this.queue) {
      if (t.lane === lane && t.generation < generation) t.reject(CANCELLED);
      else keep.push(t);
    }
    this.queue = keep;
  }

  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.slots.reduce((n, s) => n + s.busy.length, 0);
  }

  /**
   * Sends queued tasks to the least loaded workers, up to IN_FLIGHT of weight (an idle worker takes any
   * task). A task with a home goes to its home worker, or to an idle one; while it waits, one of the
   * next SCAN tasks of the same priority that can go somewhere goes first.
   */
  private pump(): void {
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      // Nothing can go anywhere: every worker is busy to its allowance (the common case when a run
      // submits hundreds of tasks at once).
      if (
        this.slots.every(
          (s) => s.busy.length >= MAX_TASKS || (s.busy.length > 0 && weightOf(s.busy) >= IN_FLIGHT),
        )
      )
        return;
      const end = Math.min(this.queue.length, SCAN);
      let sent = false;
      for (let i = 0; i < end; i++) {
        const task = this.queue[i] as Task;
        if (task.priority !== head.priority) break;
        const slot = this.slotFor(task);
        if (!slot) continue;
        this.queue.splice(i, 1);
        this.send(slot, task);
        sent = true;
        break;
      }
      if (!sent) return;
    }
  }

  private slotFor(task: Task): Slot | undefined {
    const fits = (s: Slot) =>
      s.busy.length === 0 || (weightOf(s.busy) + task.weight <= IN_FLIGHT && s.busy.length < MAX_TASKS);
    if (task.home >= 0) {
      const home = this.slots[task.home] as Slot;
      if (fits(home)) return home;
      return this.slots.find((s) => s.busy.length === 0);
    }
    let slot: Slot | undefined;
    let least = Infinity;
    for (const s of this.slots) {
      const load = weightOf(s.busy);
      if (fits(s) && load < least) {
        slot = s;
        least = load;
      }
    }
    return slot;
  }

  private send(target: Slot, task: Task): void {
    target.busy.push(task);
    const worker = target.worker;
    task.run(worker.api).then(
      (v) => this.settle(target, worker, task, () => task.resolve(v)),
      (e: unknown) => this.settle(target, worker, task, () => task.reject(e)),
    );
  }

  private settle(slot: Slot, worker: PoolWorker, task: Task, done: () => void): void {
    // A crash already replaced this worker and failed the task.
    const i = slot.busy.indexOf(task);
    if (slot.worker !== worker || i < 0) return;
    slot.busy.splice(i, 1);
    done();
    this.pump();
  }

  terminate(): void {
    this.closed = true;
    for (const t of this.queue) t.reject(CANCELLED);
    this.queue = [];
    for (const s of this.slots) s.worker.terminate();
  }
}

function weightOf(tasks: readonly Task[]): number {
  let w = 0;
  for (const t of tasks) w += t.weight;
  return w;
}

function compare(a: Task, b: Task): number {
  return a.priority !== b.priority ? a.priority - b.priority : a.seq - b.seq;
}
