/**
 * Design-space maps (arXiv 2410.00273 §5): the best throughput for each pair of parallel degrees with
 * everything else optimised — (tp, pp) for 1D, (tp1, tp2) for the 2D strategies — so the space's
 * non-convexity shows. A cell whose candidates all overflow HBM is marked, not dropped.
 */
import { DIM } from '../model/dims.ts';
import {
  Accumulator,
  compareConfigs,
  configFromBuffer,
  type ConfigBuffer,
  type Point,
} from './accumulator.ts';
import { forEachLayout, tensorGrids } from './enumerate.ts';
import { searchInto, type SweepContext } from './search.ts';

export interface MapCell {
  readonly a: number;
  readonly b: number;
  /** Candidates with these degrees (feasible or not). */
  readonly candidates: number;
  /** The fastest that fits, or null when none does. */
  readonly best: Point | null;
}

export interface DesignMap {
  readonly gpus: number;
  /** What the two axes are: ['tp', 'pp'] or ['tp1', 'tp2']. */
  readonly axes: readonly [string, string];
  readonly a: readonly number[];
  readonly b: readonly number[];
  /** Only pairs that have candidates. */
  readonly cells: readonly MapCell[];
}

const KEY_SPAN = 1 << 22;

/** The search's accumulator, also keeping the best candidate of each cell. */
class CellAccumulator extends Accumulator {
  readonly best = new Map<number, Point>();

  constructor(private readonly oneD: boolean) {
    super(1, 0);
  }

  /** Every candidate may be its cell's best. */
  override bar(): number {
    return -Infinity;
  }

  override offer(throughput: number, mem: number, buf: ConfigBuffer): void {
    super.offer(throughput, mem, buf);
    const key =
      (buf[DIM.tp1] as number) * KEY_SPAN + (this.oneD ? (buf[DIM.pp] as number) : (buf[DIM.tp2] as number));
    const cur = this.best.get(key);
    if (cur && throughput < cur.throughput) return;
    const p = { throughput, mem, config: configFromBuffer(buf) };
    if (
      cur &&
      throughput === cur.throughput &&
      (mem > cur.mem || (mem === cur.mem && compareConfigs(p.config, cur.config) >= 0))
    )
      return;
    this.best.set(key, p);
  }
}

/** The map of n GPUs for the context's scenario. */
export function designMap(ctx: SweepContext, n: number): DesignMap {
  const oneD = ctx.space.strategy === '1d';
  const counts = new Map<number, number>();
  const grids = tensorGrids(ctx.space, n);
  forEachLayout(
    ctx.space,
    n,
    (grid, pp, _dp, mbsList, nbList, places) => {
      const key = grid.tp1 * KEY_SPAN + (oneD ? pp : grid.tp2);
      counts.set(key, (counts.get(key) ?? 0) + mbsList.length * nbList.length * places.length);
    },
    grids,
  );
  const acc = new CellAccumulator(oneD);
  searchInto(ctx, n, acc, grids);
  const cells: MapCell[] = [...counts.entries()]
    .map(([key, candidates]) => ({
      a: Math.floor(key / KEY_SPAN),
      b: key % KEY_SPAN,
      candidates,
      best: acc.best.get(key) ?? null,
    }))
    .sort((x, y) => x.a - y.a || x.b - y.b);
  return {
    gpus: n,
    axes: oneD ? ['tp', 'pp'] : ['tp1', 'tp2'],
    a: [...new Set(cells.map((c) => c.a))].sort((x, y) => x - y),
    b: [...new Set(cells.map((c) => c.b))].sort((x, y) => x - y),
    cells,
  };
}
