/**
 * What a search keeps per GPU count, bounded however large the space: the top-k by throughput, the
 * Pareto front of throughput against memory per GPU, and a fixed-size uniform sample of feasible
 * candidates for scatter plots. All three are independent of the order candidates arrive in and merge
 * exactly, so a search split over workers gives the same result as one pass.
 *
 * Order (documented tie-break): higher throughput first; equal throughput, lower memory; then the
 * configuration's fields ascending in the order of `CONFIG_DIMS` (dp, tp1, tp2, pp, mbs, nb, nvTp1, nvTp2,
 * nvDp, nvPp, ep, v), no SUMMA panels (null) before any and an absent ep or v as its default 1.
 */
import { CONFIG_DIMS, DIM, type DimKey } from '../model/dims.ts';
import type { ParallelConfig, TrainingSpec } from '../model/spec.ts';
import { trainingCode, trainingOfCode } from '../model/training.ts';

/** A candidate as the accumulator stores it. */
export interface Point {
  readonly throughput: number;
  readonly mem: number;
  readonly config: ParallelConfig;
  /** The training settings the search chose for it; absent when the request pins the paper's. */
  readonly training?: TrainingSpec;
}

/**
 * The candidate being offered, in a reused buffer: one whole number per dimension at its index in
 * `CONFIG_DIMS` (`buf[DIM.pp]`), null SUMMA panels as 0, absent optional dimensions as their default.
 */
export type ConfigBuffer = Int32Array;
export const CONFIG_FIELDS = CONFIG_DIMS.length;

const KEYS: readonly DimKey[] = CONFIG_DIMS.map((d) => d.key);
/** Each dimension's buffer value when the configuration leaves it out (0 for null: no dimension is 0). */
const ABSENT = Int32Array.from(CONFIG_DIMS, (d) => d.default ?? 0);
/** How many leading dimensions precede the first optional one (ep): the table lists the optional last. */
const ALWAYS = ((i) => (i < 0 ? CONFIG_DIMS.length : i))(
  CONFIG_DIMS.findIndex((d) => d.presence === 'optional'),
);

/** A buffer holding every dimension's absent value (ep = v = 1, no panels). */
export function newConfigBuffer(): ConfigBuffer {
  return Int32Array.from(ABSENT);
}

/**
 * The configuration in a buffer, in `CONFIG_DIMS` order, leaving out ep and v at 1. Written as literals,
 * not a loop over the table: every kept candidate comes through here, and stores under computed keys
 * are ten times slower (150 against 15 ns a call in Node 20). The return type makes a new required
 * dimension a compile error here; test/model/dims.test.ts round-trips every dimension of the table.
 */
export function configFromBuffer(buf: ConfigBuffer): ParallelConfig {
  const nb = buf[DIM.nb] as number;
  const ep = buf[DIM.ep] as number;
  const v = buf[DIM.v] as number;
  const c: ParallelConfig = {
    dp: buf[DIM.dp] as number,
    tp1: buf[DIM.tp1] as number,
    tp2: buf[DIM.tp2] as number,
    pp: buf[DIM.pp] as number,
    mbs: buf[DIM.mbs] as number,
    nb: nb === 0 ? null : nb,
    nvTp1: buf[DIM.nvTp1] as number,
    nvTp2: buf[DIM.nvTp2] as number,
    nvDp: buf[DIM.nvDp] as number,
    nvPp: buf[DIM.nvPp] as number,
  };
  if (ep === 1 && v === 1) return c;
  return { ...c, ...(ep === 1 ? {} : { ep }), ...(v === 1 ? {} : { v }) };
}

/** Dimension `i` of a configuration as the buffer holds it. */
function field(c: ParallelConfig, i: number): number {
  return c[KEYS[i] as DimKey] ?? (ABSENT[i] as number);
}

/** Writes a configuration into a buffer. */
export function configToBuffer(c: ParallelConfig, buf: ConfigBuffer = newConfigBuffer()): ConfigBuffer {
  for (let i = 0; i < CONFIG_FIELDS; i++) buf[i] = field(c, i);
  return buf;
}

/** Lexicographic order of two configurations' fields. */
export function compareConfigs(a: ParallelConfig, b: ParallelConfig): number {
  for (let i = 0; i < CONFIG_FIELDS; i++) {
    const x = field(a, i);
    const y = field(b, i);
    if (x !== y) return x - y;
  }
  return 0;
}

function compareBufferToConfig(buf: ConfigBuffer, c: ParallelConfig): number {
  for (let i = 0; i < CONFIG_FIELDS; i++) {
    const y = field(c, i);
    if (buf[i] !== y) return (buf[i] as number) - y;
  }
  return 0;
}

/** Negative when a ranks before b (better). */
export function rank(a: Point, b: Point): number {
  if (a.throughput !== b.throughput) return b.throughput - a.throughput;
  if (a.mem !== b.mem) return a.mem - b.mem;
  return compareConfigs(a.config, b.config);
}

function ranksBefore(throughput: number, mem: number, buf: ConfigBuffer, p: Point): boolean {
  if (throughput !== p.throughput) return throughput > p.throughput;
  if (mem !== p.mem) return mem < p.mem;
  return compareBufferToConfig(buf, p.config) < 0;
}

/**
 * 32-bit mix of a configuration, the sampling key of the cloud (murmur3's finaliser per field). A field
 * at the value its configuration leaves out (ep, v at 1) is not mixed in, so a new dimension does not
 * reshuffle the samples of today's spaces. Only the trailing (optional) fields are tested: this runs for
 * nearly every candidate of a search that keeps a cloud, and a test per field costs a third more.
 */
function hashConfig(fields: ArrayLike<number>): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < ALWAYS; i++) {
    h = Math.imul(h ^ (fields[i] as number), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  for (let i = ALWAYS; i < CONFIG_FIELDS; i++) {
    const v = fields[i] as number;
    if (v === ABSENT[i]) continue;
    h = Math.imul(h ^ v, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export interface CloudPoint extends Point {
  readonly key: number;
}

/** Plain, structured-cloneable state of an accumulator (what crosses the worker boundary). */
export interface AccumulatorState {
  readonly candidates: number;
  readonly feasible: number;
  /** Best first. */
  readonly top: readonly Point[];
  /** By memory ascending; throughput strictly rises along it. */
  readonly front: readonly Point[];
  /** Bottom-`cloudSize` candidates by configuration hash: a uniform sample, order independent. */
  readonly cloud: readonly CloudPoint[];
}

function cloudBefore(a: CloudPoint, b: CloudPoint): boolean {
  return a.key !== b.key ? a.key < b.key : compareConfigs(a.config, b.config) < 0;
}

export class Accumulator {
  candidates = 0;
  feasible = 0;
  readonly top: Point[] = [];
  readonly front: Point[] = [];
  /** Max-heap on (key, config): the root is the sample's worst member. */
  private readonly cloud: CloudPoint[] = [];
  /**
   * The training settings of the candidates being offered (set by a search over them, null otherwise):
   * points kept from now on carry them.
   */
  training: TrainingSpec | null = null;

  /**
   * @param k how many of the fastest to keep
   * @param cloudSize how many candidates to sample for scatter plots
   * @param keepFront whether to keep the Pareto front; without it fewer candidates can still matter
   *   (only the top-k), so the search skips more of them
   */
  constructor(
    readonly k: number,
    readonly cloudSize: number,
    readonly keepFront = true,
  ) {}

  private point(throughput: number, mem: number, buf: ConfigBuffer): Point {
    const config = configFromBuffer(buf);
    return this.training ? { throughput, mem, config, training: this.training } : { throughput, mem, config };
  }

  /** Offers one feasible candidate. Allocates only when it is kept. */
  offer(throughput: number, mem: number, buf: ConfigBuffer): void {
    this.feasible++;
    const top = this.top;
    if (top.length < this.k || ranksBefore(throughput, mem, buf, top[top.length - 1] as Point)) {
      this.insertTop(this.point(throughput, mem, buf));
    }
    if (this.keepFront && !this.frontDominates(throughput, mem, buf)) {
      this.insertFront(this.point(throughput, mem, buf));
    }
    if (this.cloudSize > 0) this.sample(throughput, mem, buf);
  }

  /**
   * The throughput a feasible candidate using `mem` per GPU must at least reach to enter the top-k or
   * the front: one below it ranks after the k-th and is dominated by a front point with no more memory,
   * so `offer` would only count and sample it (`pass` does that). Holds until `offer` keeps something.
   */
  bar(mem: number): number {
    const top = this.top;
    if (top.length < this.k) return -Infinity;
    const kth = (top[top.length - 1] as Point).throughput;
    if (!this.keepFront) return kth;
    const i = this.frontUpTo(mem);
    return i === 0 ? -Infinity : Math.min(kth, (this.front[i - 1] as Point).throughput);
  }

  /** A feasible candidate below `bar`: counted, and sampled when a cloud is kept. */
  pass(throughput: number, mem: number, buf: ConfigBuffer): void {
    this.feasible++;
    if (this.cloudSize > 0) this.sample(throughput, mem, buf);
  }

  /** Whether the candidate in `buf` would enter the cloud (its sampling key is low enough). */
  samples(buf: ConfigBuffer): boolean {
    if (this.cloud.length < this.cloudSize) return true;
    return this.cloudSize > 0 && this.beatsWorstSample(hashConfig(buf), buf);
  }

  private sample(throughput: number, mem: number, buf: ConfigBuffer): void {
    const key = hashConfig(buf);
    if (this.cloud.length < this.cloudSize) {
      this.heapPush({ key, ...this.point(throughput, mem, buf) });
    } else if (this.beatsWorstSample(key, buf)) {
      this.heapReplaceRoot({ key, ...this.point(throughput, mem, buf) });
    }
  }

  /** Whether a candidate with sampling key `key` ranks before the full cloud's worst member. */
  private beatsWorstSample(key: number, buf: ConfigBuffer): boolean {
    const worst = this.cloud[0] as CloudPoint;
    return key < worst.key || (key === worst.key && compareBufferToConfig(buf, worst.config) < 0);
  }

  private insertTop(p: Point): void {
    const top = this.top;
    let i = top.length;
    while (i > 0 && rank(p, top[i - 1] as Point) < 0) i--;
    top.splice(i, 0, p);
    if (top.length > this.k) top.pop();
  }

  /**
   * Whether a point on the front is at least as good in both coordinates, which makes the candidate
   * redundant. Exact duplicates (same throughput and memory) keep the lower configuration, so the front
   * does not depend on arrival order.
   */
  private frontDominates(throughput: number, mem: number, buf: ConfigBuffer): boolean {
    const lo = this.frontUpTo(mem);
    if (lo === 0) return false;
    const q = this.front[lo - 1] as Point;
    if (q.throughput > throughput) return true;
    if (q.throughput < throughput) return false;
    if (q.mem < mem) return true;
    return compareBufferToConfig(buf, q.config) >= 0;
  }

  /** How many front points use at most `mem` (the front is sorted by memory ascending). */
  private frontUpTo(mem: number): number {
    const front = this.front;
    let lo = 0;
    let hi = front.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((front[mid] as Point).mem <= mem) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertFront(p: Point): void {
    const front = this.front;
    // Remove the points p dominates (memory >= p's and throughput <= p's), then insert p in memory order.
    let i = 0;
    while (i < front.length && (front[i] as Point).mem < p.mem) i++;
    let j = i;
    while (j < front.length && (front[j] as Point).throughput <= p.throughput) j++;
    front.splice(i, j - i, p);
  }

  private heapPush(p: CloudPoint): void {
    const h = this.cloud;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!cloudBefore(h[parent] as CloudPoint, p)) break;
      h[i] = h[parent] as CloudPoint;
      i = parent;
    }
    h[i] = p;
  }

  private heapReplaceRoot(p: CloudPoint): void {
    const h = this.cloud;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const big = r < n && cloudBefore(h[l] as CloudPoint, h[r] as CloudPoint) ? r : l;
      if (!cloudBefore(p, h[big] as CloudPoint)) break;
      h[i] = h[big] as CloudPoint;
      i = big;
    }
    h[i] = p;
  }

  /** Folds another accumulator's state in; the result equals one pass over both inputs. */
  merge(s: AccumulatorState): void {
    this.candidates += s.candidates;
    this.feasible += s.feasible;
    for (const p of s.top)
      if (this.top.length < this.k || rank(p, this.top[this.top.length - 1] as Point) < 0) this.insertTop(p);
    const buf = newConfigBuffer();
    if (this.keepFront)
      for (const p of s.front) {
        configToBuffer(p.config, buf);
        if (!this.frontDominates(p.throughput, p.mem, buf)) this.insertFront(p);
      }
    for (const p of s.cloud) {
      if (this.cloud.length < this.cloudSize) this.heapPush(p);
      else if (cloudBefore(p, this.cloud[0] as CloudPoint)) this.heapReplaceRoot(p);
    }
  }

  state(): AccumulatorState {
    const cloud = [...this.cloud].sort((a, b) => (cloudBefore(a, b) ? -1 : 1));
    return {
      candidates: this.candidates,
      feasible: this.feasible,
      top: [...this.top],
      front: [...this.front],
      cloud,
    };
  }
}

/**
 * An accumulator state as flat numbers, for crossing threads as transferable buffers instead of
 * thousands of small objects: each point is [throughput, mem, key, training code (training.ts), then
 * its configuration as the search buffer holds it (CONFIG_DIMS order, no panels as 0, ep and v always)].
 */
export interface PackedState {
  readonly candidates: number;
  readonly feasible: number;
  readonly top: Float64Array;
  readonly front: Float64Array;
  readonly cloud: Float64Array;
}

const STRIDE = 4 + CONFIG_FIELDS;

/**
 * Points (a top list, a front, a cloud) as one buffer of STRIDE numbers each: what crosses the worker
 * boundary, transferred rather than cloned point by point.
 */
export function packPoints(points: readonly (Point & { readonly key?: number })[]): Float64Array {
  const out = new Float64Array(points.length * STRIDE);
  points.forEach((p, i) => {
    const o = i * STRIDE;
    out[o] = p.throughput;
    out[o + 1] = p.mem;
    out[o + 2] = p.key ?? 0;
    out[o + 3] = trainingCode(p.training);
    for (let j = 0; j < CONFIG_FIELDS; j++) out[o + 4 + j] = field(p.config, j);
  });
  return out;
}

export function unpackPoints(data: Float64Array): CloudPoint[] {
  const out: CloudPoint[] = [];
  const buf = newConfigBuffer();
  for (let o = 0; o < data.length; o += STRIDE) {
    for (let j = 0; j < CONFIG_FIELDS; j++) buf[j] = data[o + 4 + j] as number;
    const training = trainingOfCode(data[o + 3] as number);
    const p = {
      throughput: data[o] as number,
      mem: data[o + 1] as number,
      key: data[o + 2] as number,
      config: configFromBuffer(buf),
    };
    out.push(training ? { ...p, training } : p);
  }
  return out;
}

export function packState(s: AccumulatorState): PackedState {
  return {
    candidates: s.candidates,
    feasible: s.feasible,
    top: packPoints(s.top),
    front: packPoints(s.front),
    cloud: packPoints(s.cloud),
  };
}

export function unpackState(p: PackedState): AccumulatorState {
  const plain = (pts: CloudPoint[]): Point[] =>
    pts.map(({ throughput, mem, config, training }) =>
      training ? { throughput, mem, config, training } : { throughput, mem, config },
    );
  return {
    candidates: p.candidates,
    feasible: p.feasible,
    top: plain(unpackPoints(p.top)),
    front: plain(unpackPoints(p.front)),
    cloud: unpackPoints(p.cloud),
  };
}

/** The buffers of a packed state, to hand over rather than copy. */
export const packedBuffers = (p: PackedState): ArrayBuffer[] =>
  [p.top.buffer, p.front.buffer, p.cloud.buffer] as ArrayBuffer[];
