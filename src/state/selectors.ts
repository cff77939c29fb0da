/**
 * Derived views of the state. Pure; return existing references where they can so React re-renders only
 * on real change.
 */
import type { PlannerAssumptions, TrainingCost } from '../model/metrics.ts';
import { trainingCost, tokensPerSecond } from '../model/metrics.ts';
import { LIMITS } from '../model/schema.ts';
import type { ParallelConfig } from '../model/spec.ts';
import { compareConfigs } from '../search/accumulator.ts';
import type { GpuResult } from '../search/search.ts';
import { searchedGpus, inputIssues, type Inputs } from './inputs.ts';
import type { AppState, SeriesState, ViewState } from './store.ts';

const gpuLists = new WeakMap<Inputs, readonly number[]>();

/**
 * The GPU counts of the current range: one list per inputs object (every store update asks each view's
 * selectors for the detailed GPU count, and the inputs change only on edits).
 */
export function selectGpuList(i: Inputs): readonly number[] {
  let gpus = gpuLists.get(i);
  if (!gpus) gpuLists.set(i, (gpus = searchedGpus(i)));
  return gpus;
}

/** Results of series k in GPU order (only the counts in range). */
export function seriesResults(
  series: Pick<SeriesState, 'byGpus'> | undefined,
  gpus: readonly number[],
): GpuResult[] {
  if (!series) return [];
  const out: GpuResult[] = [];
  for (const n of gpus) {
    const r = series.byGpus[n];
    if (r) out.push(r);
  }
  return out;
}

/** The GPU count detailed: the user's choice, else the largest count where something fits. */
export function effectiveGpus(s: AppState): number | null {
  const gpus = selectGpuList(s.inputs);
  if (s.view.selectedGpus !== null && gpus.includes(s.view.selectedGpus)) return s.view.selectedGpus;
  const series = s.results.series[s.view.activeSystem] ?? s.results.series[0];
  for (let i = gpus.length - 1; i >= 0; i--) {
    const r = series?.byGpus[gpus[i] as number];
    if (r && r.top.length > 0) return gpus[i] as number;
  }
  return null;
}

/** The result at the detailed GPU count for the edited system. */
export function effectiveResult(s: AppState): GpuResult | null {
  const n = effectiveGpus(s);
  if (n === null) return null;
  return s.results.series[s.view.activeSystem]?.byGpus[n] ?? null;
}

/** The configuration detailed: the user's choice, else the best at the detailed GPU count. */
export function effectiveConfig(s: AppState): ParallelConfig | null {
  return s.view.selectedConfig ?? effectiveResult(s)?.top[0]?.config ?? null;
}

export function sameConfig(a: ParallelConfig | null, b: ParallelConfig | null): boolean {
  return a === b || (a !== null && b !== null && compareConfigs(a, b) === 0);
}

/**
 * Whether the results on screen are of earlier inputs that the current ones, being invalid, cannot
 * replace: they are then shown dimmed, never as the answer.
 */
export function resultsStale(s: AppState): boolean {
  return s.results.status === 'invalid';
}

/**
 * Rules between two fields, which the schema reports at the first (`at`). A user who has just changed
 * the other field reads the message there, under the control they touched, not under one they did not.
 */
const TIED_RULES: readonly { at: string; other: string; broken: (i: Inputs) => boolean }[] = [
  // Heads must divide the embedding; with heads itself a valid count, a message at heads is this rule's.
  {
    at: 'model.h',
    other: 'model.e',
    broken: ({ model: { e, h } }) =>
      Number.isInteger(h) && h >= 1 && h <= LIMITS.heads && Number.isInteger(e) && e % h !== 0,
  },
];

/**
 * Problems with the inputs, keyed by field path, for inline messages next to the controls. `edited` is
 * the path of the field the user changed last, if known.
 */
export function issuesByField(i: Inputs, edited: string | null = null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of inputIssues(i)) out[issue.path] ??= issue.message;
  for (const rule of TIED_RULES) {
    const message = out[rule.at];
    if (edited !== rule.other || message === undefined || rule.other in out || !rule.broken(i)) continue;
    out[rule.other] = message;
    delete out[rule.at];
  }
  return out;
}

/** The planner's bounds: a budget up to 1e18 tokens, a price up to $1e6 per GPU-hour, a PUE of 1 to 10. */
export const PLANNER_LIMITS = {
  tokenBudget: { min: 0, max: 1e18, open: true },
  pricePerGpuHour: { min: 0, max: 1e6, open: false },
  pue: { min: 1, max: 10, open: false },
} as const satisfies Record<keyof PlannerAssumptions, { min: number; max: number; open: boolean }>;

/** What is wrong with each planner assumption as typed (empty when all can be used). */
export function plannerIssues(v: ViewState): Partial<Record<keyof PlannerAssumptions, string>> {
  const out: Partial<Record<keyof PlannerAssumptions, string>> = {};
  for (const [field, { min, max, open }] of Object.entries(PLANNER_LIMITS)) {
    const x = v[field as keyof PlannerAssumptions];
    if (!Number.isFinite(x) || (open ? x <= min : x < min) || x > max)
      out[field as keyof PlannerAssumptions] =
        `must be ${open ? 'greater than' : 'at least'} ${min} and at most ${max} (got ${x})`;
  }
  return out;
}

/** The planner's assumptions when every one is valid, else null (no figures are shown from them). */
export function plannerOf(v: ViewState): PlannerAssumptions | null {
  if (Object.keys(plannerIssues(v)).length > 0) return null;
  return { tokenBudget: v.tokenBudget, pricePerGpuHour: v.pricePerGpuHour, pue: v.pue };
}

/**
 * Time to train, GPU-hours, cost and energy of a configuration running at `throughput` samples/s on
 * `gpus` GPUs, for model sequence length `l` and the system's power (null: the assumptions are invalid).
 */
export function costAt(
  planner: PlannerAssumptions | null,
  throughput: number,
  l: number,
  gpus: number,
  gpuPower: number | undefined,
): TrainingCost | null {
  return planner && trainingCost(tokensPerSecond(throughput, l), gpus, planner, gpuPower);
}
