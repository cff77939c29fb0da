/**
 * Why a GPU count has no configuration that fits (not in the paper): how many ways of splitting the GPUs
 * each of the search's rules removed, and by how much the smallest remaining configuration overflows HBM.
 * Plain data for the explorer and the CLI, with one sentence that names the rule and what to change.
 */
import { architecture } from '../model/spec.ts';
import { STRATEGY_RULES } from '../model/strategy.ts';
import {
  MIN_SHARD,
  dataParallelFits,
  divisors,
  microBatchSizes,
  panelCounts,
  placements,
  type SpaceSpec,
} from './enumerate.ts';

/** The rules that remove a split of the GPUs, in the order enumerate.ts applies them. */
export type SplitRule = 'heads' | 'hidden' | 'shard' | 'panels' | 'layers' | 'batch' | 'tokens' | 'placement';
export const SPLIT_RULES = [
  'heads',
  'hidden',
  'shard',
  'panels',
  'layers',
  'batch',
  'tokens',
  'placement',
] as const satisfies readonly SplitRule[];

/** Why nothing fits at one GPU count. Plain data. */
export interface Diagnosis {
  readonly gpus: number;
  /** Ways to write gpus = dp x tp1 x tp2 x pp (tp2 = 1 for the 1d strategy). */
  readonly splits: number;
  /** Splits each rule removed, each counted at the first rule it breaks. */
  readonly removed: Readonly<Record<SplitRule, number>>;
  /** Candidates of the splits left (micro-batches, panels, placements); none fits when nothing does. */
  readonly candidates: number;
  /** Memory per GPU of the smallest candidate (GB); Infinity when there is none. */
  readonly minMem: number;
  /** HBM per GPU (GB). */
  readonly capacity: number;
  /** The figures the rules test, for the sentence. */
  readonly heads: number;
  readonly layers: number;
  readonly batch: number;
  readonly nvlinkSize: number;
}

/** The rule a split breaks first, or null when the search keeps it. Mirrors enumerate.ts. */
function brokenRule(s: SpaceSpec, n: number, tp1: number, tp2: number, pp: number): SplitRule | null {
  const { e, h, l, depth } = s.model;
  const a = architecture(s.model);
  const qw = h * a.headDim;
  if (h % tp1 !== 0 || a.kvHeads % tp1 !== 0) return 'heads';
  if (e % tp1 !== 0) return 'hidden';
  if (s.strategy === '1d') {
    if (Math.floor((qw + 2 * a.kvHeads * a.headDim) / tp1) < MIN_SHARD) return 'shard';
  } else {
    if (s.strategy === '2d' && (e % tp2 !== 0 || qw % tp2 !== 0)) return 'hidden';
    if (Math.floor(e / tp1) < MIN_SHARD || Math.floor(l / tp2) < MIN_SHARD) return 'shard';
  }
  const grid = { tp1, tp2 };
  if (panelCounts(s, grid).length === 0) return 'panels';
  if (depth % pp !== 0) return 'layers';
  const dp = n / (tp1 * tp2 * pp);
  if (!dataParallelFits(s, dp)) return 'batch';
  if (microBatchSizes(s, dp, grid).length === 0) return 'tokens';
  if (placements(s.nvlinkSize, tp1, tp2, dp, pp).length === 0) return 'placement';
  return null;
}

/**
 * Counts, for n GPUs, the splits each rule removes. `candidates` and `minMem` come from the search
 * (search.ts counts every candidate of the splits left and the smallest memory among them).
 */
export function diagnose(
  s: SpaceSpec,
  n: number,
  candidates: number,
  minMem: number,
  capacity: number,
): Diagnosis {
  const removed = Object.fromEntries(SPLIT_RULES.map((r) => [r, 0])) as Record<SplitRule, number>;
  let splits = 0;
  const usesTp2 = STRATEGY_RULES[s.strategy].usesTp2;
  for (const tp1 of divisors(n))
    for (const tp2 of usesTp2 ? divisors(n / tp1) : [1])
      for (const pp of divisors(n / (tp1 * tp2))) {
        splits++;
        const rule = brokenRule(s, n, tp1, tp2, pp);
        if (rule) removed[rule]++;
      }
  return {
    gpus: n,
    splits,
    removed,
    candidates,
    minMem,
    capacity,
    heads: s.model.h,
    layers: s.model.depth,
    batch: s.globalBatchSize,
    nvlinkSize: s.nvlinkSize,
  };
}

/**
 * An integer's US text with thousands separators ("16,384"), as `toLocaleString('en-US')` writes it, without
 * Intl: the explorer's main thread explains a search that found nothing with this, and loading ICU's number
 * data there is a long task of its own (15-35 ms on this project's machines). Other numbers go to Intl.
 */
export const count = (n: number): string =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');
const gb = (x: number) => `${x >= 100 ? Math.ceil(x) : Number(x.toPrecision(3))} GB`;

/** What each rule removed, as the end of "N splits ...". */
const RULE_TEXT: Readonly<Record<SplitRule, (d: Diagnosis) => string>> = {
  heads: (d) => `a tensor-parallel degree that does not divide the ${count(d.heads)} heads`,
  hidden: () => 'a tensor-parallel degree that does not divide the hidden size',
  shard: () => `tensor shards narrower than ${MIN_SHARD}`,
  panels: () => 'no SUMMA panel count',
  layers: (d) => `a pipeline degree that does not divide the ${count(d.layers)} layers`,
  batch: (d) => `a data-parallel degree that does not divide the batch of ${count(d.batch)}`,
  tokens: () => 'no micro-batch whose tokens divide over the sequence shards',
  placement: (d) => `no placement in NVLink domains of ${count(d.nvlinkSize)}`,
};

/**
 * What to change, for the last rule (in the search's order) that removed a split: the splits it removed
 * passed every rule before it, so changing what it tests is the smallest change that lets one through.
 */
const RULE_ADVICE: Readonly<Record<SplitRule, (d: Diagnosis) => string>> = {
  heads: (d) => `try a GPU count that shares more factors with the ${count(d.heads)} heads`,
  hidden: () => 'try a GPU count with more factors of two',
  shard: () => 'try fewer GPUs or a wider model',
  panels: () => 'try another strategy',
  layers: (d) => `try a GPU count that shares more factors with the ${count(d.layers)} layers`,
  batch: (d) =>
    `try a GPU count that shares more factors with the batch of ${count(d.batch)}, or another batch`,
  tokens: () => 'try another sequence length or strategy',
  placement: () => 'try another NVLink domain size',
};

/** One sentence: which rule removed every configuration at this GPU count, and what to change. */
export function explainDiagnosis(d: Diagnosis): string {
  const at = `${count(d.gpus)} GPUs`;
  if (d.candidates > 0)
    return `Every configuration at ${at} needs more than ${gb(d.capacity)} per GPU: the smallest needs ${gb(d.minMem)}; try more GPUs or a larger HBM.`;
  const ranked = SPLIT_RULES.filter((r) => d.removed[r] > 0);
  const last = ranked.at(-1);
  if (last === undefined) return `${at}: no configuration to search.`;
  const reasons = ranked.map((r) => {
    const k = d.removed[r];
    return `${k === d.splits ? 'every one has' : `${count(k)} have`} ${RULE_TEXT[r](d)}`;
  });
  const list = reasons.length > 1 ? `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1)}` : reasons[0];
  return `${at}: no split of ${count(d.gpus)} into dp × tp × pp works (${count(d.splits)} tried: ${list}); ${RULE_ADVICE[last](d)}.`;
}
