/**
 * The shared URL, one row per field: its query key, how to read and write it, its default. Reading never
 * throws: a value that does not parse yields `undefined`, which the codec reports and replaces by the
 * default. Values use only characters a URL carries unescaped (letters, digits, `.`, `-`, `_`, `,`).
 *
 * Typed against `Inputs` and `ViewState`: a new field without a URL decision fails the type check.
 */
import { CONFIG_DIMS, dimValue, omitsDim } from '../model/dims.ts';
import { LIMITS } from '../model/schema.ts';
import { STRATEGIES, type ModelSpec, type ParallelConfig, type Strategy } from '../model/spec.ts';
import { SYSTEM_KEYS, type SystemSpec } from '../model/system.ts';
import { MODEL_PRESETS, MODEL_PRESET_IDS, type ModelPresetId } from '../presets/models.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS, type SystemPresetId } from '../presets/systems.ts';
import {
  DEFAULT_INPUTS,
  MAX_SYSTEMS,
  modelPresetOf,
  systemOverrides,
  type Inputs,
  type SystemEntry,
} from '../state/inputs.ts';
import { figureById } from '../presets/figures.ts';
import { DESIGN_MODES, type DesignMode } from '../state/design.ts';
import { DEFAULT_VIEW, TABS, type BreakdownMode, type Tab, type ViewState } from '../state/store.ts';
import { SWEEP_KINDS, type SweepKind, type SweepResolution } from '../search/sweeps.ts';

export const URL_VERSION = 1;

export interface FieldSpec<T> {
  /** Query key. */
  readonly key: string;
  /** What the field is, for messages. */
  readonly label: string;
  readonly parse: (raw: string) => T | undefined;
  readonly serialize: (value: T) => string;
  readonly default: T;
  readonly equals?: (a: T, b: T) => boolean;
}

export type UrlSchema = { readonly [K in keyof Inputs]: FieldSpec<Inputs[K]> } & {
  readonly [K in keyof ViewState]: FieldSpec<ViewState[K]>;
};

/** A whole number in [min, max] written in plain decimal digits, else undefined. */
export function parseWhole(raw: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^\d{1,16}$/.test(raw)) return undefined;
  const v = Number(raw);
  return v >= min && v <= max ? v : undefined;
}

/** A finite decimal (JavaScript's shortest round-trip form), else undefined. */
export function parseDecimal(raw: string): number | undefined {
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d{1,3})?$/i.test(raw) || raw.length > 32) return undefined;
  const v = Number(raw);
  return Number.isFinite(v) ? v : undefined;
}

const num = (v: number): string => String(v);

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): T | undefined =>
    (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** `key123_other4.5`: an alias made of letters, then a number. */
function splitPairs(raw: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const part of raw.split('_')) {
    const m = /^([a-z]+)(.+)$/.exec(part);
    if (!m) return undefined;
    out.push([m[1] as string, m[2] as string]);
  }
  return out;
}

const MODEL_ALIASES = { l: 'l', e: 'e', f: 'f', h: 'h', d: 'depth' } as const satisfies Record<
  string,
  keyof ModelSpec
>;

/** `model=gpt3-1t`, or every figure: `model=l2048_e25600_f102400_h160_d128`. */
function parseModel(raw: string): ModelSpec | undefined {
  if ((MODEL_PRESET_IDS as readonly string[]).includes(raw)) return MODEL_PRESETS[raw as ModelPresetId].spec;
  const pairs = splitPairs(raw);
  if (!pairs || pairs.length !== 5) return undefined;
  const m: Partial<Record<'l' | 'e' | 'f' | 'h' | 'depth', number>> = {};
  for (const [alias, value] of pairs) {
    const field = MODEL_ALIASES[alias as keyof typeof MODEL_ALIASES];
    const v = parseWhole(value);
    if (!field || v === undefined || field in m) return undefined;
    m[field] = v;
  }
  return m as ModelSpec;
}

function serializeModel(m: ModelSpec): string {
  return modelPresetOf(m) ?? `l${m.l}_e${m.e}_f${m.f}_h${m.h}_d${m.depth}`;
}

/** Short names of the system figures in links. */
export const SYSTEM_ALIASES = {
  matrix_flops_fp16: 'mf',
  vector_flops_fp16: 'vf',
  hbm_bandwidth: 'hbw',
  hbm_capacity: 'hbm',
  nvlink_bandwidth: 'nvbw',
  nvlink_eff: 'nveff',
  nvlink_latency: 'nvlat',
  ib_bandwidth: 'ibbw',
  ib_eff: 'ibeff',
  ib_latency: 'iblat',
  nvlink_size: 'nvs',
  nic_factor: 'nic',
  element_size: 'es',
  mask_element_size: 'mes',
  flops_units: 'fu',
} as const satisfies Record<keyof SystemSpec, string>;

const FIELD_OF_ALIAS = new Map<string, keyof SystemSpec>(
  SYSTEM_KEYS.map((k) => [SYSTEM_ALIASES[k], k] as [string, keyof SystemSpec]),
);

/** `A100_nvs8_hbm96`: a preset, then the figures that differ from it. */
function parseSystem(raw: string): SystemEntry | undefined {
  const [preset, ...rest] = raw.split('_');
  if (!preset || !(SYSTEM_PRESET_IDS as readonly string[]).includes(preset)) return undefined;
  const base = SYSTEM_PRESETS[preset as SystemPresetId].spec;
  const pairs = rest.length ? splitPairs(rest.join('_')) : [];
  if (!pairs) return undefined;
  const spec: Record<string, number> = { ...base };
  const seen = new Set<string>();
  for (const [alias, value] of pairs) {
    const field = FIELD_OF_ALIAS.get(alias);
    const v = field === 'nvlink_size' ? parseWhole(value) : parseDecimal(value);
    if (!field || v === undefined || seen.has(field)) return undefined;
    seen.add(field);
    spec[field] = v;
  }
  return { preset: preset as SystemPresetId, spec: spec as unknown as SystemSpec };
}

function serializeSystem(s: SystemEntry): string {
  return [s.preset, ...systemOverrides(s).map((k) => `${SYSTEM_ALIASES[k]}${num(s.spec[k])}`)].join('_');
}

function parseSystems(raw: string): readonly SystemEntry[] | undefined {
  const parts = raw.split(',');
  if (parts.length < 1 || parts.length > MAX_SYSTEMS) return undefined;
  const out: SystemEntry[] = [];
  for (const p of parts) {
    const s = parseSystem(p);
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

const systemsEqual = (a: readonly SystemEntry[], b: readonly SystemEntry[]) =>
  a.length === b.length && a.every((s, i) => serializeSystem(s) === serializeSystem(b[i] as SystemEntry));

const DIM_OF_ALIAS = new Map(CONFIG_DIMS.map((d) => [d.url, d]));

/**
 * `cfg=dp1_tpa16_tpb1_pp32_mbs1_nva4_nvb1_nvd1_nvp1` (aliases from `CONFIG_DIMS`; `nb16` for SUMMA, `ep2`,
 * `vp2` when not 1), or `best`.
 */
function parseConfig(raw: string): ParallelConfig | null | undefined {
  if (raw === 'best') return null;
  const pairs = splitPairs(raw);
  if (!pairs) return undefined;
  const c: Record<string, number | null> = {};
  for (const [alias, value] of pairs) {
    const d = DIM_OF_ALIAS.get(alias);
    const v = d && parseWhole(value, 1, LIMITS[d.max]);
    if (!d || v === undefined || d.key in c) return undefined;
    c[d.key] = v;
  }
  if (CONFIG_DIMS.some((d) => d.presence === 'required' && !(d.key in c))) return undefined;
  // Written as configurations are everywhere: table order, no panels as null, ep and v left out at 1.
  const out: Record<string, number | null> = {};
  for (const d of CONFIG_DIMS) {
    const v = c[d.key] ?? d.default;
    if (!omitsDim(d, v)) out[d.key] = v;
  }
  return out as unknown as ParallelConfig;
}

function serializeConfig(c: ParallelConfig | null): string {
  if (!c) return 'best';
  return CONFIG_DIMS.map((d) => [d, dimValue(c, d)] as const)
    .filter(([d, v]) => v !== null && !omitsDim(d, v))
    .map(([d, v]) => `${d.url}${v}`)
    .join('_');
}

const configsEqual = (a: ParallelConfig | null, b: ParallelConfig | null) =>
  serializeConfig(a) === serializeConfig(b);

const wholeField = (key: string, label: string, def: number, min = 1, max?: number): FieldSpec<number> => ({
  key,
  label,
  parse: (raw) => parseWhole(raw, min, max),
  serialize: num,
  default: def,
});

export const URL_SCHEMA: UrlSchema = {
  model: {
    key: 'model',
    label: 'model',
    parse: parseModel,
    serialize: serializeModel,
    default: DEFAULT_INPUTS.model,
    equals: (a, b) => serializeModel(a) === serializeModel(b),
  },
  globalBatchSize: wholeField('b', 'global batch', DEFAULT_INPUTS.globalBatchSize, 1, LIMITS.globalBatch),
  strategy: {
    key: 's',
    label: 'strategy',
    parse: oneOf<Strategy>(STRATEGIES),
    serialize: (s) => s,
    default: DEFAULT_INPUTS.strategy,
  },
  flashAttention: {
    key: 'fa',
    label: 'FlashAttention',
    parse: (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
    serialize: (v) => (v ? '1' : '0'),
    default: DEFAULT_INPUTS.flashAttention,
  },
  systems: {
    key: 'sys',
    label: 'systems',
    parse: parseSystems,
    serialize: (s) => s.map(serializeSystem).join(','),
    default: DEFAULT_INPUTS.systems,
    equals: systemsEqual,
  },
  gpuMin: wholeField('gmin', 'smallest GPU count', DEFAULT_INPUTS.gpuMin, 1, LIMITS.gpus),
  gpuMax: wholeField('gmax', 'largest GPU count', DEFAULT_INPUTS.gpuMax, 1, LIMITS.gpus),
  tab: { key: 'tab', label: 'view', parse: oneOf<Tab>(TABS), serialize: (t) => t, default: DEFAULT_VIEW.tab },
  activeSystem: wholeField('edit', 'edited system', DEFAULT_VIEW.activeSystem, 0, MAX_SYSTEMS - 1),
  selectedGpus: {
    key: 'n',
    label: 'selected GPU count',
    parse: (raw) => (raw === 'auto' ? null : parseWhole(raw)),
    serialize: (v) => (v === null ? 'auto' : num(v)),
    default: DEFAULT_VIEW.selectedGpus,
  },
  selectedConfig: {
    key: 'cfg',
    label: 'selected configuration',
    parse: parseConfig,
    serialize: serializeConfig,
    default: DEFAULT_VIEW.selectedConfig,
    equals: configsEqual,
  },
  designMode: {
    key: 'design',
    label: 'design view',
    parse: oneOf<DesignMode>(DESIGN_MODES),
    serialize: (m) => m,
    default: DEFAULT_VIEW.designMode,
  },
  sweepKind: {
    key: 'sweep',
    label: 'hardware sweep',
    parse: oneOf<SweepKind>(SWEEP_KINDS),
    serialize: (k) => k,
    default: DEFAULT_VIEW.sweepKind,
  },
  sweepResolution: {
    key: 'grid',
    label: 'sweep grid',
    parse: oneOf<SweepResolution>(['coarse', 'paper']),
    serialize: (r) => r,
    default: DEFAULT_VIEW.sweepResolution,
  },
  figure: {
    key: 'fig',
    label: 'paper figure',
    parse: (raw) => (figureById(raw) ? raw : undefined),
    serialize: (f) => f ?? '',
    default: DEFAULT_VIEW.figure,
  },
  breakdown: {
    key: 'bd',
    label: 'breakdown',
    parse: oneOf<BreakdownMode>(['absolute', 'fraction']),
    serialize: (b) => b,
    default: DEFAULT_VIEW.breakdown,
  },
};
