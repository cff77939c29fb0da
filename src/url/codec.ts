/**
 * URL <-> state. `decodeState` never throws and always returns a valid state: every value that is
 * malformed, out of range, or inconsistent with the others is named in a message and replaced by its
 * default. Decoding is bounded: an over-long query is ignored as a whole.
 */
import { formatIssue, modelSchema, parseWith, systemSchema } from '../model/schema.ts';
import { SYSTEM_PRESETS } from '../presets/systems.ts';
import { DEFAULT_INPUTS, GPU_EXP_MAX, configProblem, searchedGpus, type Inputs } from '../state/inputs.ts';
import { comparedModel, resolveModel } from '../state/models.ts';
import { DEFAULT_VIEW, type ViewState } from '../state/store.ts';
import { migrate } from './migrate.ts';
import { URL_SCHEMA, URL_VERSION, type FieldSpec } from './schema.ts';

/** Longest query read; real links are a few hundred characters. */
export const MAX_QUERY_LENGTH = 4096;

export interface Decoded {
  readonly inputs: Inputs;
  readonly view: ViewState;
  /** What was not taken from the link, and why. */
  readonly messages: string[];
}

type Fields = Inputs & ViewState;
const KEYS = Object.keys(URL_SCHEMA) as (keyof Fields)[];

const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function field<K extends keyof Fields>(k: K): FieldSpec<Fields[K]> {
  return URL_SCHEMA[k] as unknown as FieldSpec<Fields[K]>;
}

const equal = <T>(spec: FieldSpec<T>, a: T, b: T) => (spec.equals ? spec.equals(a, b) : a === b);

export function encodeState(inputs: Inputs, view: ViewState): string {
  const values: Fields = { ...inputs, ...view };
  const parts = [`v=${URL_VERSION}`];
  for (const k of KEYS) {
    const spec = field(k);
    if (equal(spec, values[k], spec.default)) continue;
    parts.push(`${spec.key}=${encodeValue(spec.serialize(values[k]))}`);
  }
  return `?${parts.join('&')}`;
}

/** Leaves the characters our values use readable; escapes anything else. */
function encodeValue(s: string): string {
  return encodeURIComponent(s).replace(/%2C/g, ',');
}

export function decodeState(search: string): Decoded {
  const messages: string[] = [];
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query.length > MAX_QUERY_LENGTH) {
    messages.push(`The link's settings are over ${MAX_QUERY_LENGTH} characters long; they were ignored.`);
    return { inputs: DEFAULT_INPUTS, view: DEFAULT_VIEW, messages };
  }
  const params = new Map<string, string>();
  try {
    for (const [k, v] of new URLSearchParams(query)) if (!params.has(k)) params.set(k, v);
  } catch {
    messages.push('The link could not be read; the default view is shown.');
    return { inputs: DEFAULT_INPUTS, view: DEFAULT_VIEW, messages };
  }
  const migrated = migrate(params);
  messages.push(...migrated.messages);

  const values: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const k of KEYS) {
    const spec = field(k);
    known.add(spec.key);
    const raw = migrated.params.get(spec.key);
    let value = spec.default;
    if (raw !== undefined) {
      const parsed = spec.parse(raw);
      if (parsed === undefined)
        messages.push(
          `The link's ${spec.label} "${spec.key}=${shorten(raw)}" is not valid; using the default.`,
        );
      else value = parsed;
    }
    values[k] = value;
  }
  const unknown = [...migrated.params.keys()].filter((k) => !known.has(k));
  if (unknown.length)
    messages.push(
      `The link's settings ${unknown.map((k) => `"${shorten(k)}"`).join(', ')} are unknown; ignored.`,
    );

  return consistent(values as unknown as Fields, messages);
}

/** Checks the fields against each other, replacing what does not fit by defaults. */
function consistent(f: Fields, messages: string[]): Decoded {
  let { model, systems, gpuMin, gpuMax, gpuCount, activeSystem, selectedGpus, selectedConfig } = f;
  const m = parseWith(modelSchema, model, 'model');
  if (!m.ok) {
    messages.push(`The link's model is not valid (${formatIssue(m.issues[0]!)}); using the default model.`);
    model = DEFAULT_INPUTS.model;
  }
  systems = systems.map((s, k) => {
    const r = parseWith(systemSchema, s.spec, 'system');
    if (r.ok) return s;
    messages.push(
      `The link's system ${k + 1} is not valid (${formatIssue(r.issues[0]!)}); using the ${s.preset} preset's figures.`,
    );
    return { preset: s.preset, spec: SYSTEM_PRESETS[s.preset].spec };
  });
  const maxGpus = 2 ** GPU_EXP_MAX;
  if (gpuMin > gpuMax || gpuMax > maxGpus) {
    messages.push(
      `The link's GPU range (${gpuMin} to ${gpuMax}) must run up to ${maxGpus}, low to high; using the default range.`,
    );
    gpuMin = DEFAULT_INPUTS.gpuMin;
    gpuMax = DEFAULT_INPUTS.gpuMax;
  }
  if (gpuCount !== null && (gpuCount < gpuMin || gpuCount > gpuMax)) {
    messages.push(`The link's GPU count (${gpuCount}) is outside the GPU range; leaving it out.`);
    gpuCount = null;
  }
  if (activeSystem >= systems.length) {
    messages.push(
      `The link edits system ${activeSystem + 1}, but compares only ${systems.length}; editing the first.`,
    );
    activeSystem = 0;
  }
  const inputs: Inputs = { ...f, model, systems, gpuMin, gpuMax, gpuCount };
  if (selectedGpus !== null && !searchedGpus(inputs).includes(selectedGpus)) {
    messages.push(
      `The link's selected GPU count (${selectedGpus}) is outside the GPU range; selecting automatically.`,
    );
    selectedGpus = null;
  }
  if (selectedConfig !== null) {
    const gpus = selectedConfig.dp * selectedConfig.tp1 * selectedConfig.tp2 * selectedConfig.pp;
    const problem = configProblem(inputs, activeSystem, selectedConfig);
    if (problem || selectedGpus !== gpus) {
      messages.push(
        `The link's selected configuration does not fit the scenario (${problem ?? `it uses ${gpus} GPUs, not ${selectedGpus ?? 'the selected count'}`}); showing the best instead.`,
      );
      selectedConfig = null;
    }
  }
  const view: ViewState = {
    tab: f.tab,
    breakdown: f.breakdown,
    activeSystem,
    selectedGpus,
    selectedConfig,
    designMode: f.designMode,
    sweepKind: f.sweepKind,
    sweepResolution: f.sweepResolution,
    figure: f.figure,
    tokenBudget: f.tokenBudget,
    pricePerGpuHour: f.pricePerGpuHour,
    pue: f.pue,
    compareModels: f.compareModels.map((m, k) => {
      const r = parseWith(modelSchema, resolveModel(m, model), 'model');
      if (r.ok) return m;
      messages.push(
        `The link's compared model ${k + 1} is not valid (${formatIssue(r.issues[0]!)}); using ${m.source === 'current' ? 'the current model' : m.source} as it is.`,
      );
      return comparedModel(m.source);
    }),
  };
  return {
    inputs: {
      model: inputs.model,
      globalBatchSize: inputs.globalBatchSize,
      strategy: inputs.strategy,
      flashAttention: inputs.flashAttention,
      training: inputs.training,
      systems: inputs.systems,
      gpuMin: inputs.gpuMin,
      gpuMax: inputs.gpuMax,
      gpuCount: inputs.gpuCount,
    },
    view,
    messages,
  };
}
