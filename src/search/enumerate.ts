/**
 * The candidate space, identical to the reference's `execution.py`: tensor degrees that divide heads and
 * embedding, pipeline degrees that divide depth, data parallelism that divides the global batch, micro-
 * batch sizes, SUMMA panel counts and every placement of the groups in the NVLink domain.
 *
 * Each helper returns plain arrays so the search can loop over them without allocating per candidate.
 */
import {
  architecture,
  type Architecture,
  type ModelSpec,
  type ParallelConfig,
  type Strategy,
} from '../model/spec.ts';
import { dpGroupOf, gcd, STRATEGY_RULES } from '../model/strategy.ts';

/** What fixes the candidate space (besides the GPU count). */
export interface SpaceSpec {
  readonly model: ModelSpec;
  readonly strategy: Strategy;
  readonly globalBatchSize: number;
  readonly nvlinkSize: number;
}

/** The reference skips shards narrower than this many elements (execution.py). */
export const MIN_SHARD = 128;
/** SUMMA panels stay at least this wide unless the first candidate already is narrower (execution.py). */
export const MIN_PANEL = 512;

const divisorCache = new Map<number, readonly number[]>();

/** Positive divisors of n, ascending (the reference's `factors`). */
export function divisors(n: number): readonly number[] {
  let d = divisorCache.get(n);
  if (d) return d;
  const small: number[] = [];
  const large: number[] = [];
  for (let c = 1; c * c <= n; c++) {
    if (n % c === 0) {
      small.push(c);
      if (c * c !== n) large.push(n / c);
    }
  }
  d = [...small, ...large.reverse()];
  if (divisorCache.size > 4096) divisorCache.clear();
  divisorCache.set(n, d);
  return d;
}

export interface TensorGrid {
  readonly tp1: number;
  readonly tp2: number;
}

/**
 * Tensor-parallel degrees for n GPUs. tp1 divides n, heads and embedding; for `2d` tp2 divides n/tp1 and
 * the embedding, for `2d-seqp` any divisor of n/tp1. Shards narrower than 128 are skipped:
 * 3e/tp for 1D (the QKV output), e/tp1 and l/tp2 for 2D.
 */
export function tensorGrids(s: SpaceSpec, n: number): TensorGrid[] {
  const { e, h, l } = s.model;
  const a = architecture(s.model);
  // Q is h x headDim wide, K and V kvHeads x headDim (3e in the paper); K/V heads shard like heads.
  const qw = h * a.headDim;
  const qkv = qw + 2 * a.kvHeads * a.headDim;
  const out: TensorGrid[] = [];
  for (const tp1 of divisors(n)) {
    if (h % tp1 !== 0 || e % tp1 !== 0 || a.kvHeads % tp1 !== 0) continue;
    if (s.strategy === '1d') {
      if (Math.floor(qkv / tp1) < MIN_SHARD) continue;
      out.push({ tp1, tp2: 1 });
      continue;
    }
    for (const tp2 of divisors(n / tp1)) {
      if (s.strategy === '2d' && (e % tp2 !== 0 || qw % tp2 !== 0)) continue;
      if (Math.floor(e / tp1) < MIN_SHARD || Math.floor(l / tp2) < MIN_SHARD) continue;
      out.push({ tp1, tp2 });
    }
  }
  return out;
}

/** Pipeline degrees: divisors of min(n/tp, depth) that divide depth and leave n/(tp pp) whole. */
export function pipelineDegrees(s: SpaceSpec, n: number, tp: number): number[] {
  const depth = s.model.depth;
  const maxPp = Math.min(Math.floor(n / tp), depth);
  // Loops rather than filter callbacks here and below: a search runs these per layout, mostly before V8
  // has optimised them, where every callback call costs.
  const all = divisors(maxPp);
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const pp = all[i] as number;
    if (n % (tp * pp) === 0 && depth % pp === 0) out.push(pp);
  }
  return out;
}

/** Whether dp data-parallel replicas can split the global batch (dp <= batch and divides it). */
export function dataParallelFits(s: SpaceSpec, dp: number): boolean {
  return dp <= s.globalBatchSize && s.globalBatchSize % dp === 0;
}

/**
 * Micro-batch sizes: divisors of the local batch whose tokens (mbs * l) divide over the GPUs that shard
 * them: tp (1d), tp2 (2d), tp1 * tp2 (2d-seqp).
 */
export function microBatchSizes(s: SpaceSpec, dp: number, grid: TensorGrid): number[] {
  const local = s.globalBatchSize / dp;
  const shard = STRATEGY_RULES[s.strategy].tokenShard(grid.tp1, grid.tp2);
  const l = s.model.l;
  const all = divisors(local);
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const mbs = all[i] as number;
    if ((mbs * l) % shard === 0) out.push(mbs);
  }
  return out;
}

/**
 * SUMMA panel counts (`2d` only; `[null]` otherwise): max(tp1, tp2) times powers of two below e, keeping
 * those that divide e into panels of at least 512 columns, or the first one alone when even it is
 * narrower. Where the reference would fail (no candidate at all) there are none.
 */
export function panelCounts(s: SpaceSpec, grid: TensorGrid): (number | null)[] {
  if (s.strategy !== '2d') return [null];
  const e = s.model.e;
  const start = Math.max(grid.tp1, grid.tp2);
  const end = Math.log2(Math.floor(e / start));
  const count = end > 0 ? Math.ceil(end) : 0;
  if (count === 0) return [];
  if (e / start < MIN_PANEL) return [start];
  const out: number[] = [];
  for (let i = 0, c = start; i < count; i++, c *= 2) {
    if (e % c === 0 && Math.floor(e / c) >= MIN_PANEL) out.push(c);
  }
  return out;
}

/** GPUs of each group inside one NVLink domain: [tp1, tp2, dp, pp]. */
export type Placement = readonly [number, number, number, number];

const factorisationCache = new Map<number, readonly Placement[]>();

/** Every ordered way to write nvs = n1 * n2 * n3 * n4, in the reference's loop order. */
function factorisations(nvs: number): readonly Placement[] {
  let f = factorisationCache.get(nvs);
  if (f) return f;
  const out: Placement[] = [];
  for (const n1 of divisors(nvs)) {
    const rem = nvs / n1;
    for (const n2 of divisors(rem)) {
      const rem2 = rem / n2;
      for (const n3 of divisors(rem2)) out.push([n1, n2, n3, rem2 / n3]);
    }
  }
  f = out;
  factorisationCache.set(nvs, f);
  return f;
}

/**
 * Placements of the groups in the NVLink domain: everything inside when it fits, else every way to fill
 * a domain of `nvs` with factors that divide the groups. For 1D, tp2 = 1 gives the reference's triples.
 *
 * Not in the reference: when no such factors fill the domain exactly (a domain of 72 and power-of-two
 * groups, or 1,000 GPUs on a domain of 8 whose groups are odd), the groups fill as much of it as they can
 * (`partialPlacements`). Whenever the reference's rule has a placement, it is the only rule used.
 */
export function placements(
  nvs: number,
  tp1: number,
  tp2: number,
  dp: number,
  pp: number,
): readonly Placement[] {
  const inside = tp1 * tp2 * dp * pp <= nvs;
  // A factor of nvs divides a degree exactly when it divides their gcd, so the list depends on the
  // four gcds alone (and, inside one domain, each degree is at most nvs): one list per key, reused by
  // every layout that shares it instead of filtered again for each.
  const a = inside ? tp1 : gcd(tp1, nvs);
  const b = inside ? tp2 : gcd(tp2, nvs);
  const c = inside ? dp : gcd(dp, nvs);
  const d = inside ? pp : gcd(pp, nvs);
  const span = nvs + 1;
  const key = (((a * span + b) * span + c) * span + d) * 2 + (inside ? 1 : 0);
  // Domains past ~8,000 GPUs would overflow the key's exact range: listed afresh each time.
  let list: readonly Placement[];
  if (span > MAX_CACHED_SPAN) list = filterPlacements(nvs, inside, a, b, c, d);
  else {
    let byKey = placementCache.get(nvs);
    if (!byKey) placementCache.set(nvs, (byKey = new Map()));
    let cached = byKey.get(key);
    if (!cached) {
      cached = filterPlacements(nvs, inside, a, b, c, d);
      if (byKey.size > 4096) byKey.clear();
      byKey.set(key, cached);
    }
    list = cached;
  }
  return list.length > 0 ? list : partialPlacements(nvs, tp1, tp2, dp, pp);
}

/**
 * How many placements `placements` lists, without listing them (the CLI's thread decision counts the
 * candidates of three GPU counts; listing their placements was most of its cost). A placement is one
 * factorisation of nvs, and n1 divides tp1 exactly when, for each prime p of nvs, n1 holds p no more
 * often than tp1 does: so the count is, per prime, the ways to split its exponent in nvs among the four
 * groups, each part at most the exponent in that group's degree, multiplied over the primes.
 */
export function placementCount(nvs: number, tp1: number, tp2: number, dp: number, pp: number): number {
  if (tp1 * tp2 * dp * pp <= nvs) return 1;
  let count = 1;
  let rest = nvs;
  for (let p = 2; rest > 1 && count > 0; p++) {
    // What is left once p * p exceeds it is one prime.
    if (p * p > rest) p = rest;
    if (rest % p !== 0) continue;
    let e = 0;
    while (rest % p === 0) {
      rest /= p;
      e++;
    }
    count *= splits(
      e,
      timesDivides(p, tp1, e),
      timesDivides(p, tp2, e),
      timesDivides(p, dp, e),
      timesDivides(p, pp, e),
    );
  }
  return count > 0 ? count : partialPlacements(nvs, tp1, tp2, dp, pp).length;
}

/** How many times p divides x, up to `most`. */
function timesDivides(p: number, x: number, most: number): number {
  let k = 0;
  while (k < most && x % p === 0) {
    x /= p;
    k++;
  }
  return k;
}

/** Ways to write e = x1 + x2 + x3 + x4 with 0 <= xi <= the i-th bound. */
function splits(e: number, a: number, b: number, c: number, d: number): number {
  let ways = 0;
  for (let x1 = 0; x1 <= a && x1 <= e; x1++)
    for (let x2 = 0; x2 <= b && x1 + x2 <= e; x2++)
      for (let x3 = 0; x3 <= c && x1 + x2 + x3 <= e; x3++) if (e - x1 - x2 - x3 <= d) ways++;
  return ways;
}

const partialCache = new Map<string, readonly Placement[]>();

/**
 * The hierarchical placement of groups that cannot fill a domain of `nvs` exactly (not in the paper):
 * the largest number of GPUs M < nvs that factors into divisors of the groups, and every such
 * factorisation of M, in the reference's loop order (tp1 first, then tp2, dp, pp: the search's tie-break
 * among equally fast ones). Each group keeps as many of its GPUs inside one domain as fit beside the
 * others; the rest of each group reaches over the slow tier, which `collectiveTime` charges from these
 * shares as for any placement. The domain's other nvs - M GPUs stay idle (a job of 64 GPUs per 72-GPU
 * rack), since `nv*` describes groups of equal shape in every domain. The reference's rule is the case
 * M = nvs: its list, when not empty, is exactly this one.
 */
export function partialPlacements(
  nvs: number,
  tp1: number,
  tp2: number,
  dp: number,
  pp: number,
): readonly Placement[] {
  const key = `${nvs},${tp1},${tp2},${dp},${pp}`;
  let list = partialCache.get(key);
  if (list) return list;
  const fitting = (g: number, room: number) => divisors(g).filter((x) => x <= room);
  let best = 0;
  let out: Placement[] = [];
  for (const n1 of fitting(tp1, nvs))
    for (const n2 of fitting(tp2, Math.floor(nvs / n1)))
      for (const n3 of fitting(dp, Math.floor(nvs / (n1 * n2))))
        for (const n4 of fitting(pp, Math.floor(nvs / (n1 * n2 * n3)))) {
          const m = n1 * n2 * n3 * n4;
          if (m < best) continue;
          if (m > best) {
            best = m;
            out = [];
          }
          out.push([n1, n2, n3, n4]);
        }
  list = out;
  if (partialCache.size > 4096) partialCache.clear();
  partialCache.set(key, list);
  return list;
}

const placementCache = new Map<number, Map<number, readonly Placement[]>>();
/** The largest nvs + 1 whose keys, 2 span^4, stay exact doubles. */
const MAX_CACHED_SPAN = Math.floor((Number.MAX_SAFE_INTEGER / 2) ** 0.25);

function filterPlacements(
  nvs: number,
  inside: boolean,
  a: number,
  b: number,
  c: number,
  d: number,
): readonly Placement[] {
  if (inside) return [[a, b, c, d]];
  // Indexed, not destructured: each destructuring ran the iterator protocol, allocating in cold code.
  const all = factorisations(nvs);
  const out: Placement[] = [];
  for (let i = 0; i < all.length; i++) {
    const f = all[i] as Placement;
    if (a % f[0] === 0 && b % f[1] === 0 && c % f[2] === 0 && d % f[3] === 0) out.push(f);
  }
  return out;
}

/**
 * Expert-parallel degrees (not in the paper): divisors of the experts that divide the data-parallel group
 * (dp, times tp2 under context parallelism), which holds the expert-parallel groups; [1] for dense models.
 */
export function expertDegrees(s: SpaceSpec, dp: number, grid: TensorGrid): readonly number[] {
  return expertDegreesOf(s, architecture(s.model).moe, dp, grid);
}

/** `expertDegrees` with the model's experts read once (`forEachLayout` asks per layout). */
function expertDegreesOf(
  s: SpaceSpec,
  moe: Architecture['moe'],
  dp: number,
  grid: TensorGrid,
): readonly number[] {
  if (!moe) return ONE;
  return divisors(gcd(moe.experts, dpGroupOf(STRATEGY_RULES[s.strategy], dp, grid.tp2)));
}
const ONE: readonly number[] = [1];

/** Every candidate configuration for n GPUs, in enumeration order (for tests and small spaces). */
export function enumerateCandidates(s: SpaceSpec, n: number): ParallelConfig[] {
  const out: ParallelConfig[] = [];
  const experts = architecture(s.model).moe !== null;
  forEachLayout(s, n, (grid, pp, dp, mbsList, nbList, places, epList) => {
    for (const ep of epList)
      for (const mbs of mbsList)
        for (const nb of nbList)
          for (const [nvTp1, nvTp2, nvDp, nvPp] of places) {
            const c = { dp, tp1: grid.tp1, tp2: grid.tp2, pp, mbs, nb, nvTp1, nvTp2, nvDp, nvPp };
            // A configuration leaves ep out at its default 1 (dims.ts), as the search reports it.
            out.push(experts && ep !== 1 ? { ...c, ep } : c);
          }
  });
  return out;
}

/**
 * One (grid, pp) layout of n GPUs: its data-parallel degree and the lists its candidates are the product
 * of; `places` as the walk gives them (listed, or null where only `placeCount` is wanted).
 */
type LayoutVisit<P> = (
  grid: TensorGrid,
  pp: number,
  dp: number,
  mbsList: readonly number[],
  nbList: readonly (number | null)[],
  places: P,
  epList: readonly number[],
  placeCount: number,
) => void;

/**
 * Visits each (grid, pp) layout of n GPUs with its data-parallel degree and the lists its candidates are
 * the product of. The search and the counters share it, so they see the same space.
 */
export function forEachLayout(
  s: SpaceSpec,
  n: number,
  visit: LayoutVisit<readonly Placement[]>,
  grids: readonly TensorGrid[] = tensorGrids(s, n),
): void {
  eachLayout(s, n, grids, true, (grid, pp, dp, mbsList, nbList, places, epList, count) =>
    visit(grid, pp, dp, mbsList, nbList, places as readonly Placement[], epList, count),
  );
}

/**
 * `forEachLayout`'s walk; with `listed` false, each layout's placements are counted (`placementCount`)
 * and not listed (`places` is null).
 */
function eachLayout(
  s: SpaceSpec,
  n: number,
  grids: readonly TensorGrid[],
  listed: boolean,
  visit: LayoutVisit<readonly Placement[] | null>,
): void {
  const moe = architecture(s.model).moe;
  const nvs = s.nvlinkSize;
  // Indexed loops: array iterators allocate in code V8 has not optimised yet.
  for (let g = 0; g < grids.length; g++) {
    const grid = grids[g] as TensorGrid;
    const tp = grid.tp1 * grid.tp2;
    const nbList = panelCounts(s, grid);
    if (nbList.length === 0) continue;
    const pps = pipelineDegrees(s, n, tp);
    for (let p = 0; p < pps.length; p++) {
      const pp = pps[p] as number;
      const dp = n / (tp * pp);
      if (!dataParallelFits(s, dp)) continue;
      const mbsList = microBatchSizes(s, dp, grid);
      if (mbsList.length === 0) continue;
      const places = listed ? placements(nvs, grid.tp1, grid.tp2, dp, pp) : null;
      const count = places ? places.length : placementCount(nvs, grid.tp1, grid.tp2, dp, pp);
      if (count === 0) continue;
      visit(grid, pp, dp, mbsList, nbList, places, expertDegreesOf(s, moe, dp, grid), count);
    }
  }
}

/** How many candidates n GPUs have, without listing them. */
export function countCandidates(s: SpaceSpec, n: number, grids?: readonly TensorGrid[]): number {
  let count = 0;
  eachLayout(s, n, grids ?? tensorGrids(s, n), false, (_g, _pp, _dp, mbsList, nbList, _p, epList, places) => {
    count += epList.length * mbsList.length * nbList.length * places;
  });
  return count;
}
