/**
 * What the user edits — the scenario — and what is derived from it. Pure: no React, no DOM.
 */
import { architecture, type ModelSpec, type Strategy } from '../model/spec.ts';
import { EXTRA_SYSTEM_KEYS, SYSTEM_KEYS, type FigureKey, type SystemSpec } from '../model/system.ts';
import { EFFICIENCY_KEYS } from '../model/efficiency.ts';
import {
  configIssues,
  formatIssue,
  globalBatchSchema,
  modelSchema,
  parseWith,
  systemSchema,
  type InputIssue,
} from '../model/schema.ts';
import {
  MODEL_PRESETS,
  MODEL_PRESET_IDS,
  PAPER_GLOBAL_BATCH,
  type ModelPresetId,
} from '../presets/models.ts';
import { SYSTEM_PRESETS, type SystemPresetId } from '../presets/systems.ts';
import type { SearchRequest } from '../search/search.ts';
import type { ParallelConfig } from '../model/spec.ts';
import { isPaperChoice, PAPER_CHOICE, type TrainingChoice } from '../model/training.ts';

/** One accelerator system of the comparison: the preset it started from and its (possibly edited) figures. */
export interface SystemEntry {
  readonly preset: SystemPresetId;
  readonly spec: SystemSpec;
}

export interface Inputs {
  readonly model: ModelSpec;
  readonly globalBatchSize: number;
  readonly strategy: Strategy;
  readonly flashAttention: boolean;
  /** Training settings, each pinned or searched (training.ts); the paper's by default. */
  readonly training: TrainingChoice;
  /** One to four systems; the first is the baseline of speed-ups. */
  readonly systems: readonly SystemEntry[];
  /**
   * GPU counts searched (`searchedGpus`): gpuMin, gpuMax and, between them, the powers of two and each
   * system's NVLink domain times powers of two. Any whole numbers from 1 to 2^GPU_EXP_MAX.
   */
  readonly gpuMin: number;
  readonly gpuMax: number;
  /** One more GPU count to search, typed by the user (any whole number in the range), or null. */
  readonly gpuCount: number | null;
}

export const MAX_SYSTEMS = 4;
/** The largest GPU count the explorer searches: 2^20 = 1,048,576. */
export const GPU_EXP_MAX = 20;
/** Top configurations kept per GPU count. */
export const TOP_K = 10;
/** Feasible candidates sampled per GPU count for the scatter plot. */
export const CLOUD_SIZE = 400;

export function systemEntry(preset: SystemPresetId, nvlinkSize?: number): SystemEntry {
  const spec = SYSTEM_PRESETS[preset].spec;
  return { preset, spec: nvlinkSize === undefined ? spec : { ...spec, nvlink_size: nvlinkSize } };
}

/** The paper's headline scenario: GPT3-1T on A100 with NVLink domains of 4, batch 4096, 1D TP. */
export const DEFAULT_INPUTS: Inputs = {
  model: MODEL_PRESETS['gpt3-1t'].spec,
  globalBatchSize: PAPER_GLOBAL_BATCH,
  strategy: '1d',
  flashAttention: true,
  training: PAPER_CHOICE,
  systems: [systemEntry('A100', 4)],
  gpuMin: 4,
  gpuMax: 16384,
  gpuCount: null,
};

export const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/**
 * The GPU counts of a range, ascending: its ends, the powers of two between them and, for each NVLink
 * domain size that is not a power of two, the domain times powers of two (72, 144, 288 ... for a 72-GPU
 * rack: whole racks, a few points per doubling so the scaling chart stays readable), plus `extra`
 * when it lies in the range. For power-of-two ends and domains: the powers of two, as before.
 */
export function gpuCounts(
  min: number,
  max: number,
  domains: readonly number[] = [],
  extra: number | null = null,
): number[] {
  const set = new Set<number>([min, max]);
  const doubling = (from: number) => {
    for (let n = from; n <= max; n *= 2) if (n >= min) set.add(n);
  };
  doubling(1);
  for (const d of domains) if (!isPowerOfTwo(d)) doubling(d);
  if (extra !== null && extra >= min && extra <= max) set.add(extra);
  return [...set].filter((n) => n >= min && n <= max).sort((a, b) => a - b);
}

/** The GPU counts the inputs search (see `gpuCounts`). */
export function searchedGpus(i: Inputs): number[] {
  return gpuCounts(
    i.gpuMin,
    i.gpuMax,
    i.systems.map((s) => s.spec.nvlink_size),
    i.gpuCount,
  );
}

/** Every figure of a model in a fixed order, absent architecture fields read as their defaults. */
function modelKey(m: ModelSpec): string {
  const a = architecture(m);
  const moe = a.moe && [a.moe.experts, a.moe.topK, a.moe.expertF, a.moe.sharedExpertF, a.moe.denseLayers];
  const { kvHeads, headDim, mlp, norm, bias, dropout, vocab, tiedEmbeddings } = a;
  return JSON.stringify([
    m.l,
    m.e,
    m.f,
    m.h,
    m.depth,
    kvHeads,
    headDim,
    mlp,
    norm,
    bias,
    dropout,
    vocab,
    tiedEmbeddings,
    moe,
    // Encoder-decoder and Anthe's options (a.moe is null with an encoder).
    a.encoder && [a.encoder.depth, a.encoder.l, a.encoder.sharedEmbeddings],
    a.denseBiases,
    a.postNorm,
    a.kgv,
    [a.tcFfn, a.tcAttn, a.tcEmbed, a.tcHead].map((c) => c && [c.ratio, c.length]),
    a.hsoftpos,
  ]);
}

const PRESET_KEYS = new Map(MODEL_PRESET_IDS.map((id) => [modelKey(MODEL_PRESETS[id].spec), id]));

/**
 * The model preset whose figures these are, or null for a custom model. Every field counts: GPT-3 175B
 * with and without its vocabulary share their layers but are different presets.
 */
export function modelPresetOf(m: ModelSpec): ModelPresetId | null {
  return PRESET_KEYS.get(modelKey(m)) ?? null;
}

/** Figures of a system that differ from its preset, the optional ones (FP8 rate, power) included. */
export function systemOverrides(s: SystemEntry): FigureKey[] {
  const base = SYSTEM_PRESETS[s.preset].spec;
  return [...SYSTEM_KEYS, ...EXTRA_SYSTEM_KEYS].filter((k) => base[k] !== s.spec[k]);
}

/** Whether any efficiency field (model/efficiency.ts) differs from the preset's calibrated or paper values. */
export function efficiencyEdited(s: SystemEntry): boolean {
  const preset = SYSTEM_PRESETS[s.preset].spec.efficiency;
  return EFFICIENCY_KEYS.some((key) => s.spec.efficiency?.[key] !== preset?.[key]);
}

/**
 * A readable name for a system: its preset, its NVLink domain, and whether it was edited (its figures or its
 * efficiency: either changes every number, so a label without the mark would pass it off as the preset).
 */
export function systemLabel(s: SystemEntry): string {
  const edited = systemOverrides(s).filter((k) => k !== 'nvlink_size').length > 0 || efficiencyEdited(s);
  return `${s.preset}${edited ? '*' : ''} NVS${s.spec.nvlink_size}`;
}

/** Every problem with the inputs, field by field (empty when a search can run). */
export function inputIssues(i: Inputs): readonly InputIssue[] {
  let issues = issuesOf.get(i);
  if (!issues) issuesOf.set(i, (issues = findIssues(i)));
  return issues;
}

/**
 * The issues of each inputs object seen, as inputs are immutable: one edit asked for them six times (the
 * search, four panels, the design and models views), each a run of the schemas, in the input's own task.
 */
const issuesOf = new WeakMap<Inputs, readonly InputIssue[]>();

function findIssues(i: Inputs): InputIssue[] {
  const issues: InputIssue[] = [];
  const m = parseWith(modelSchema, i.model, 'model');
  if (!m.ok) issues.push(...m.issues);
  i.systems.forEach((s, k) => {
    const r = parseWith(systemSchema, s.spec, `systems[${k}]`);
    if (!r.ok) issues.push(...r.issues);
  });
  const b = parseWith(globalBatchSchema, i.globalBatchSize, 'globalBatchSize');
  if (!b.ok) issues.push(...b.issues);
  const whole = (n: number) => Number.isInteger(n) && n >= 1 && n <= 2 ** GPU_EXP_MAX;
  if (!whole(i.gpuMin) || !whole(i.gpuMax) || i.gpuMin > i.gpuMax)
    issues.push({
      path: 'gpus',
      message: `the GPU range must run between whole numbers from 1 to ${2 ** GPU_EXP_MAX}, low to high (got ${i.gpuMin} to ${i.gpuMax})`,
    });
  else if (i.gpuCount !== null && (!whole(i.gpuCount) || i.gpuCount < i.gpuMin || i.gpuCount > i.gpuMax))
    issues.push({
      path: 'gpuCount',
      message: `the GPU count must be a whole number from ${i.gpuMin} to ${i.gpuMax}, in the range searched (got ${i.gpuCount})`,
    });
  if (i.systems.length < 1 || i.systems.length > MAX_SYSTEMS)
    issues.push({
      path: 'systems',
      message: `compare 1 to ${MAX_SYSTEMS} systems (got ${i.systems.length})`,
    });
  return issues;
}

/** The search of system k, as the worker receives it. */
export function searchRequest(i: Inputs, k: number): SearchRequest {
  const s = i.systems[k] ?? i.systems[0];
  if (!s) throw new Error('searchRequest: no system');
  // Power per GPU changes no step time: left out, editing it does not search again.
  const { gpu_power: _power, ...system } = s.spec;
  return {
    model: i.model,
    system,
    strategy: i.strategy,
    globalBatchSize: i.globalBatchSize,
    gpus: searchedGpus(i),
    top: TOP_K,
    options: { flashAttention: i.flashAttention },
    cloudSize: CLOUD_SIZE,
    // Left out at the paper's: the request (and its results) stay what they were.
    ...(!isPaperChoice(i.training) && { training: i.training }),
  };
}

/** Why a configuration cannot run on system k, as one line (null when it can). */
export function configProblem(i: Inputs, k: number, c: ParallelConfig): string | null {
  const s = i.systems[k];
  if (!s) return 'no such system';
  const issues = configIssues(i.model, s.spec, i.strategy, i.globalBatchSize, c);
  return issues.length ? issues.map(formatIssue).join('; ') : null;
}

export { formatIssue };
