/**
 * The compare-models view's results -> chart rows and figures. Pure: every number is the engine's (a
 * search result's fastest configuration, its totals, its evaluation), picked and arranged, not computed.
 */
import type { ParamCounts } from '../model/params.ts';
import type { GB } from '../model/units.ts';
import type { GpuResult } from '../search/search.ts';
import { MEMORY_PARTS, type MemoryParts, type SeriesInput } from './rows.ts';

export interface CompareMemoryRow extends MemoryParts {
  readonly key: string;
  readonly label: string;
  /** The parts' sum: memory per GPU of the fastest configuration. */
  readonly total: GB;
}

/** One row per series with something feasible at `gpus`: its fastest configuration's memory by kind. */
export function compareMemoryRows(series: readonly SeriesInput[], gpus: number): CompareMemoryRow[] {
  const rows: CompareMemoryRow[] = [];
  for (const s of series) {
    const best = s.results.find((r) => r.gpus === gpus)?.top[0];
    if (!best) continue;
    const t = best.totals;
    rows.push({
      key: s.key,
      label: s.label,
      weights: t.wts_mem,
      gradients: t.wts_grad_mem,
      optimizer: t.wts_optimizer_states_mem,
      activations: t.acts_mem,
      total: t.mem,
    });
  }
  return rows;
}

/** Memory kinds in the stacking order of `MEMORY_PARTS`, for tables that list them. */
export const MEMORY_KINDS = MEMORY_PARTS;

/**
 * The fewest GPUs of `gpus` (ascending) at which something fits: a count, null when nothing fits at any,
 * undefined while a count below the first that fits has not been searched yet.
 */
export function fewestGpus(
  results: readonly GpuResult[],
  gpus: readonly number[],
): number | null | undefined {
  const by = new Map(results.map((r) => [r.gpus, r]));
  for (const n of gpus) {
    const r = by.get(n);
    if (!r) return undefined;
    if (r.top.length > 0) return n;
  }
  return null;
}

/** The model's parameter counts, from the evaluation of any GPU count's fastest configuration. */
export function paramsOf(results: readonly GpuResult[]): ParamCounts | null {
  for (const r of results) if (r.best) return r.best.params;
  return null;
}
