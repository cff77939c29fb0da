/**
 * Derived views of the state. Pure; return existing references where they can so React re-renders only
 * on real change.
 */
import { LIMITS } from '../model/schema.ts';
import type { ParallelConfig } from '../model/spec.ts';
import { compareConfigs } from '../search/accumulator.ts';
import type { GpuResult } from '../search/search.ts';
import { gpuCounts, inputIssues, type Inputs } from './inputs.ts';
import type { AppState, SeriesState } from './store.ts';

/** The GPU counts of the current range. */
export function selectGpuList(i: Inputs): number[] {
  return gpuCounts(i.gpuMin, i.gpuMax);
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
