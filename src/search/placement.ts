/**
 * The fastest NVLink placement of one configuration whose placement is partly or wholly left open: for
 * evaluating a configuration by its parallel degrees alone (the CLI's `evaluate`).
 */
import type { OpenPlacement } from '../model/dims.ts';
import { evaluate, type Evaluation, type Scenario } from '../model/evaluate.ts';
import { configIssues } from '../model/schema.ts';
import type { ParallelConfig } from '../model/spec.ts';
import { m2Of, STRATEGY_RULES } from '../model/strategy.ts';
import { prepareMachine, type Machine } from '../model/system.ts';
import { rank } from './accumulator.ts';
import { placements } from './enumerate.ts';

/**
 * Every placement the search would try for the configuration's groups (enumerate.ts `placements`) that
 * agrees with the placement fields given and is valid, evaluated; the fastest, or null when there is
 * none. Tie-break as the search ranks: higher throughput, then lower memory, then (nvTp1, nvTp2, nvDp,
 * nvPp) ascending. Precondition: the configuration is valid apart from its placement.
 */
export function fastestPlacement(
  s: Scenario,
  open: OpenPlacement,
  machine: Machine = prepareMachine(s.system),
): { readonly config: ParallelConfig; readonly evaluation: Evaluation } | null {
  const { nvTp1, nvTp2, nvDp, nvPp, ...rest } = open;
  const given = [nvTp1, nvTp2, nvDp, nvPp];
  const tp2 = m2Of(STRATEGY_RULES[s.strategy], rest.tp2);
  let best: { config: ParallelConfig; evaluation: Evaluation } | null = null;
  for (const p of placements(s.system.nvlink_size, rest.tp1, tp2, rest.dp, rest.pp)) {
    if (!p.every((n, k) => given[k] === undefined || given[k] === n)) continue;
    const config = { ...rest, nvTp1: p[0], nvTp2: p[1], nvDp: p[2], nvPp: p[3] };
    if (configIssues(s.model, s.system, s.strategy, s.globalBatchSize, config).length) continue;
    const evaluation = evaluate(s, config, machine);
    const point = (c: ParallelConfig, e: Evaluation) => ({
      throughput: e.throughput,
      mem: e.totals.mem,
      config: c,
    });
    if (!best || rank(point(config, evaluation), point(best.config, best.evaluation)) < 0)
      best = { config, evaluation };
  }
  return best;
}
