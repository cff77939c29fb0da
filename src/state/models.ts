/**
 * The compare-models view's models: each is a preset or the current model (the one the model panel
 * edits), plus figures that differ from it, plus an optional named variant (a pure ModelSpec -> ModelSpec
 * rewrite, such as a slim version of the model). Pure: no React, no DOM.
 */
import type { ModelSpec } from '../model/spec.ts';
import { slimVariant } from '../model/anthe.ts';
import { MODEL_PRESETS, type ModelPresetId } from '../presets/models.ts';
import type { GpuResult } from '../search/search.ts';
import type { RunStatus } from './store.ts';

/** Where a compared model starts from: a preset, or the model being edited in the model panel. */
export type ModelSource = ModelPresetId | 'current';

export interface ComparedModel {
  readonly source: ModelSource;
  /** Figures that differ from the source's (empty: the source as it is). */
  readonly overrides: Partial<ModelSpec>;
  /** A key of `MODEL_VARIANTS`, applied after the overrides; null: none. */
  readonly variant: string | null;
}

export interface ModelVariant {
  /** Shown after the model's name: "llama3.1-8b, slim". */
  readonly label: string;
  readonly apply: (spec: ModelSpec) => ModelSpec;
}

/**
 * Named rewrites of a model that the view offers for any compared model: the engine's slim (Anthe-style)
 * variant (KgV, tensor chains, H-SoftPOS, a 2/3-width GEGLU; src/model/anthe.ts), so a model can be put
 * beside its own slim version.
 */
export const MODEL_VARIANTS: Readonly<Record<string, ModelVariant>> = {
  slim: { label: 'slim (Anthe-style)', apply: slimVariant },
};

/** Two to four models side by side. */
export const MIN_MODELS = 2;
export const MAX_MODELS = 4;

export const comparedModel = (source: ModelSource, variant: string | null = null): ComparedModel => ({
  source,
  overrides: {},
  variant,
});

/** The model being edited against the paper's other flagship. */
export const DEFAULT_COMPARED_MODELS: readonly ComparedModel[] = [
  comparedModel('current'),
  comparedModel('gpt3-175b'),
];

/** The figures of a compared model; `current` is the model panel's model. */
export function resolveModel(m: ComparedModel, current: ModelSpec): ModelSpec {
  const base = m.source === 'current' ? current : MODEL_PRESETS[m.source].spec;
  const spec = Object.keys(m.overrides).length ? ({ ...base, ...m.overrides } as ModelSpec) : base;
  const variant = m.variant === null ? undefined : MODEL_VARIANTS[m.variant];
  return variant ? variant.apply(spec) : spec;
}

/** A readable name: the source, `*` when figures were changed, the variant's label. */
export function comparedModelLabel(m: ComparedModel): string {
  const name = m.source === 'current' ? 'current model' : m.source;
  const edited = Object.keys(m.overrides).length > 0 ? '*' : '';
  const variant = m.variant === null ? '' : `, ${MODEL_VARIANTS[m.variant]?.label ?? m.variant}`;
  return `${name}${edited}${variant}`;
}

/** One compared model's results. */
export interface ModelSeriesState {
  /** The request's identity; '' when the model cannot be searched (see `invalid`). */
  readonly key: string;
  readonly byGpus: Readonly<Record<number, GpuResult>>;
  readonly errors: Readonly<Record<number, string>>;
  /** Why the model's figures cannot be searched, or null. */
  readonly invalid: string | null;
}

export interface ModelsState {
  /** Identity of what was asked (`modelsKey`); a change starts a new run. */
  readonly key: string;
  readonly status: RunStatus;
  readonly series: readonly ModelSeriesState[];
}

export const EMPTY_MODELS: ModelsState = { key: '', status: 'idle', series: [] };
