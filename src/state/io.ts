/**
 * Scenario files: what the explorer exports (the CLI's `search` input form, with the results it showed)
 * and reads back. Pure.
 */
import { isPaperChoice, PAPER_CHOICE } from '../model/training.ts';
import { parseWith, formatIssue, searchFileSchema, type SearchFile } from '../model/schema.ts';
import { EXTRA_SYSTEM_KEYS, pickSystem, SYSTEM_KEYS, type SystemSpec } from '../model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS, type SystemPresetId } from '../presets/systems.ts';
import type { GpuResult } from '../search/search.ts';
import { decodeState, encodeState } from '../url/codec.ts';
import {
  DEFAULT_INPUTS,
  GPU_EXP_MAX,
  TOP_K,
  gpuCounts,
  searchedGpus,
  type Inputs,
  type SystemEntry,
} from './inputs.ts';
import { DEFAULT_VIEW, type ViewState } from './store.ts';

/** Imported files larger than this are refused: a scenario with results is well under 1 MB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export interface ScenarioFile extends Omit<SearchFile, 'system'> {
  readonly source: string;
  readonly system: SystemSpec;
  /**
   * Everything a shared link keeps (every compared system, the selected GPU count and configuration,
   * the tab, ...), as the link's query; the CLI ignores it, "Open JSON" restores it.
   */
  readonly explorer: string;
  readonly results: readonly { gpus: number; top: readonly unknown[] }[];
}

/**
 * The scenario of system k with its results, in the form `cli search --input` reads, and the explorer's
 * whole state (`view`, editing system k) as its link's query.
 */
export function scenarioFile(
  inputs: Inputs,
  k: number,
  results: readonly GpuResult[],
  view: ViewState = DEFAULT_VIEW,
): ScenarioFile {
  const system = inputs.systems[k] ?? inputs.systems[0];
  if (!system) throw new Error('scenarioFile: no system');
  return {
    source: `Parallax explorer export (${system.preset}${k > 0 ? `, system ${k + 1}` : ''})`,
    explorer: encodeState(inputs, { ...view, activeSystem: k }),
    model: inputs.model,
    system: pickSystem(system.spec),
    strategy: inputs.strategy,
    globalBatchSize: inputs.globalBatchSize,
    gpusSearched: searchedGpus(inputs),
    top: TOP_K,
    flashAttention: inputs.flashAttention,
    // The CLI's training contract, only when off the paper's (older files stay as they were).
    ...(!isPaperChoice(inputs.training) && {
      training: {
        recompute: inputs.training.recompute,
        zero: inputs.training.zero,
        precision: inputs.training.precision,
        optimizerBytes: inputs.training.optimizerBytes,
      },
      v: inputs.training.v,
    }),
    results: results
      .filter((r) => r.top.length > 0)
      .map((r) => ({
        gpus: r.gpus,
        top: r.top.map((t) => ({
          throughput: t.throughput,
          mem: t.mem,
          config: t.config,
          totals: t.totals,
          tokensPerSecondPerGpu: t.tokensPerSecondPerGpu,
          mfu: t.mfu,
          ...(t.training && { training: t.training }),
        })),
      })),
  };
}

/**
 * The preset a system's figures differ least from, the optional ones counted too (a reference file has
 * no FP8 rate or power: the paper's presets, listed first, win a tie).
 */
function closestPreset(spec: SystemSpec): SystemPresetId {
  let best: SystemPresetId = 'A100';
  let fewest = Infinity;
  for (const id of SYSTEM_PRESET_IDS) {
    const base = SYSTEM_PRESETS[id].spec;
    const diff = [...SYSTEM_KEYS, ...EXTRA_SYSTEM_KEYS].filter((k) => base[k] !== spec[k]).length;
    if (diff < fewest) {
      fewest = diff;
      best = id;
    }
  }
  return best;
}

export type Imported =
  /** `view` is null when the file carries no explorer state (a CLI file, an older export). */
  { ok: true; inputs: Inputs; view: ViewState | null; messages: string[] } | { ok: false; message: string };

const sameSystem = (a: SystemSpec, b: SystemSpec) => SYSTEM_KEYS.every((k) => a[k] === b[k]);

/**
 * The explorer state a file's `explorer` query describes, if it agrees with the file's scenario (the
 * fields the CLI reads): a file edited by hand after its export is read by those fields alone.
 */
function explorerState(
  raw: unknown,
  f: SearchFile,
  messages: string[],
): { inputs: Inputs; view: ViewState } | null {
  const query =
    typeof raw === 'object' && raw !== null ? (raw as { explorer?: unknown }).explorer : undefined;
  if (typeof query !== 'string') return null;
  const decoded = decodeState(query);
  const { inputs, view } = decoded;
  const system = inputs.systems[view.activeSystem]?.spec;
  const gpus = searchedGpus(inputs);
  const agrees =
    system !== undefined &&
    sameSystem(system, pickSystem(f.system)) &&
    (['l', 'e', 'f', 'h', 'depth'] as const).every((k) => inputs.model[k] === f.model[k]) &&
    inputs.globalBatchSize === f.globalBatchSize &&
    inputs.strategy === f.strategy &&
    inputs.flashAttention === f.flashAttention &&
    gpus.length === f.gpusSearched.length &&
    gpus.every((n, i) => n === f.gpusSearched[i]);
  if (!agrees) {
    messages.push(
      "The file's scenario was changed after export; the explorer settings saved with it were not restored.",
    );
    return null;
  }
  messages.push(...decoded.messages);
  return { inputs, view };
}

/** Reads a scenario file's text (CLI search form or an explorer export) into explorer inputs. */
export function importScenario(text: string, current: Inputs = DEFAULT_INPUTS): Imported {
  if (text.length > MAX_IMPORT_BYTES)
    return {
      ok: false,
      message: `The file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB; a scenario file is far smaller.`,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The file is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = parseWith(searchFileSchema, raw);
  if (!parsed.ok)
    return { ok: false, message: `The file is not a scenario: ${formatIssue(parsed.issues[0]!)}` };
  const f = parsed.value;
  const messages: string[] = [];
  const saved = explorerState(raw, f, messages);
  if (saved) return { ok: true, ...saved, messages };
  const spec = pickSystem(f.system);
  const system: SystemEntry = { preset: closestPreset(spec), spec };
  const lo = Math.min(...f.gpusSearched);
  const hi = Math.max(...f.gpusSearched);
  let gpuMin = lo;
  let gpuMax = Math.min(hi, 2 ** GPU_EXP_MAX);
  if (gpuMin > gpuMax) {
    gpuMin = current.gpuMin;
    gpuMax = current.gpuMax;
  }
  // One count besides the range's own is the explorer's typed GPU count (what it exports); more are not.
  const searched = gpuCounts(gpuMin, gpuMax, [spec.nvlink_size]);
  const others = [...new Set(f.gpusSearched.filter((n) => !searched.includes(n) && n <= gpuMax))];
  const gpuCount = others.length === 1 ? (others[0] as number) : null;
  if (others.length > 1 || hi > gpuMax)
    messages.push(
      `The explorer searches the range's ends, the powers of two and whole NVLink domains between them, and one GPU count more; the file's GPU counts were mapped to ${gpuMin} to ${gpuMax}.`,
    );
  if (f.top !== TOP_K)
    messages.push(`The explorer keeps the top ${TOP_K} configurations (the file asked for ${f.top}).`);
  return {
    ok: true,
    inputs: {
      model: f.model,
      globalBatchSize: f.globalBatchSize,
      strategy: f.strategy,
      flashAttention: f.flashAttention,
      training: {
        recompute: f.training?.recompute ?? PAPER_CHOICE.recompute,
        zero: f.training?.zero ?? PAPER_CHOICE.zero,
        precision: f.training?.precision ?? PAPER_CHOICE.precision,
        optimizerBytes: f.training?.optimizerBytes ?? PAPER_CHOICE.optimizerBytes,
        v: f.v ?? PAPER_CHOICE.v,
      },
      systems: [system],
      gpuMin,
      gpuMax,
      gpuCount,
    },
    view: null,
    messages,
  };
}
