/**
 * The shared URL, one row per field: its query key, how to read and write it, its default. Reading never
 * throws: a value that does not parse yields `undefined`, which the codec reports and replaces by the
 * default. Values use only characters a URL carries unescaped (letters, digits, `.`, `-`, `_`, `,`).
 *
 * Typed against `Inputs` and `ViewState`: a new field without a URL decision fails the type check.
 */
import { CONFIG_DIMS, dimValue, omitsDim } from '../model/dims.ts';
import { LIMITS } from '../model/schema.ts';
import {
  PRECISIONS,
  RECOMPUTES,
  STRATEGIES,
  ZERO_STAGES,
  type ModelSpec,
  type MoeSpec,
  type ParallelConfig,
  type Strategy,
  type TensorChain,
  type TensorChains,
} from '../model/spec.ts';
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS, type EfficiencyKey } from '../model/efficiency.ts';
import { EXTRA_SYSTEM_KEYS, SYSTEM_KEYS, type FigureKey, type SystemSpec } from '../model/system.ts';
import type { TrainingChoice } from '../model/training.ts';
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
import { PLANNER_LIMITS } from '../state/selectors.ts';
import { DESIGN_MODES, type DesignMode } from '../state/design.ts';
import {
  MAX_MODELS,
  MIN_MODELS,
  MODEL_VARIANTS,
  type ComparedModel,
  type ModelSource,
} from '../state/models.ts';
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

/** The architecture's numbers: key/value heads, head width, vocabulary, H-SoftPOS levels. */
const ARCH_ALIASES = {
  kv: 'kvHeads',
  hd: 'headDim',
  voc: 'vocab',
  hsp: 'hsoftpos',
} as const satisfies Record<string, keyof ModelSpec>;

/** The experts' numbers; a model with experts carries all five. */
const MOE_ALIASES = {
  ex: 'experts',
  tk: 'topK',
  ef: 'expertF',
  sf: 'sharedExpertF',
  dl: 'denseLayers',
} as const satisfies Record<string, keyof MoeSpec>;

/** The architecture's choices: one word per value, so `swiglu` or `nobias` reads as itself. */
const ARCH_WORDS = {
  gelu: ['mlp', 'gelu'],
  swiglu: ['mlp', 'swiglu'],
  geglu: ['mlp', 'geglu'],
  relu2: ['mlp', 'relu2'],
  layernorm: ['norm', 'layernorm'],
  rmsnorm: ['norm', 'rmsnorm'],
  bias: ['bias', true],
  nobias: ['bias', false],
  dropout: ['dropout', true],
  nodropout: ['dropout', false],
  tied: ['tiedEmbeddings', true],
  untied: ['tiedEmbeddings', false],
  densebias: ['denseBiases', true],
  nodensebias: ['denseBiases', false],
  postnorm: ['postNorm', true],
  prenorm: ['postNorm', false],
  kgv: ['kgv', true],
  nokgv: ['kgv', false],
} as const satisfies Record<string, readonly [keyof ModelSpec, string | boolean]>;

/** An encoder: `enc6_src100_sharedemb` (or `sepemb`), all three together. */
const ENCODER_ALIASES = { enc: 'depth', src: 'l' } as const;
const SHARED_WORDS = { sharedemb: true, sepemb: false } as const;

/** Tensor chains: `tcffn0.005l2` (family, ratio, length); the families' words as the official options. */
const TC_FAMILIES = { ffn: 'ffn', att: 'attn', emb: 'embed', out: 'head' } as const satisfies Record<
  string,
  keyof TensorChains
>;
const TC_PART = /^tc(ffn|att|emb|out)([0-9.e-]+)l([234])$/;

function parseChain(part: string): [keyof TensorChains, TensorChain] | undefined {
  const m = TC_PART.exec(part);
  if (!m) return undefined;
  const ratio = Number(m[2]);
  if (!(ratio > 0 && ratio < 1) || String(ratio) !== m[2]) return undefined;
  const family = TC_FAMILIES[m[1] as keyof typeof TC_FAMILIES];
  return [family, { ratio, length: Number(m[3]) as TensorChain['length'] }];
}

const WORDS = new Map<string, readonly [string, string | boolean]>(Object.entries(ARCH_WORDS));
const NUMBERS = new Map<string, { readonly name: string; readonly moe: boolean }>([
  ...Object.entries({ ...MODEL_ALIASES, ...ARCH_ALIASES }).map(
    ([alias, name]) => [alias, { name, moe: false }] as const,
  ),
  ...Object.entries(MOE_ALIASES).map(([alias, name]) => [alias, { name, moe: true }] as const),
]);
/** Zero is "none" for these: no vocabulary, no shared expert, no leading dense layers, no H-SoftPOS. */
const ZERO_MEANS_NONE = new Set(['voc', 'sf', 'dl', 'hsp']);

const wordOf = (field: keyof ModelSpec, value: unknown): string | undefined =>
  Object.entries(ARCH_WORDS).find(([, [f, v]]) => f === field && v === value)?.[0];

/**
 * The model fields of `_`-separated parts (aliases with figures, words), each at most once; undefined when
 * a part is neither or repeats a field. Experts come all five or not at all.
 */
function readModelParts(parts: readonly string[]): Partial<ModelSpec> | undefined {
  const m: Record<string, unknown> = {};
  const moe: Record<string, unknown> = {};
  const encoder: Record<string, unknown> = {};
  const tc: Record<string, unknown> = {};
  for (const part of parts) {
    const word = WORDS.get(part);
    if (word) {
      if (word[0] in m) return undefined;
      m[word[0]] = word[1];
      continue;
    }
    if (part in SHARED_WORDS) {
      if ('sharedEmbeddings' in encoder) return undefined;
      encoder.sharedEmbeddings = SHARED_WORDS[part as keyof typeof SHARED_WORDS];
      continue;
    }
    const chain = parseChain(part);
    if (chain) {
      if (chain[0] in tc) return undefined;
      tc[chain[0]] = chain[1];
      continue;
    }
    const enc = /^(enc|src)(\d+)$/.exec(part);
    if (enc) {
      const field = ENCODER_ALIASES[enc[1] as keyof typeof ENCODER_ALIASES];
      const v = parseWhole(enc[2] as string, field === 'depth' ? 0 : 1);
      if (v === undefined || field in encoder) return undefined;
      encoder[field] = v;
      continue;
    }
    const pair = /^([a-z]+)(\d+)$/.exec(part);
    const alias = pair?.[1] ?? '';
    const field = NUMBERS.get(alias);
    const v = parseWhole(pair?.[2] ?? '', ZERO_MEANS_NONE.has(alias) ? 0 : 1);
    if (!field || v === undefined) return undefined;
    const into = field.moe ? moe : m;
    if (field.name in into) return undefined;
    into[field.name] = v;
  }
  const moeFields = Object.keys(moe).length;
  if (moeFields > 0) {
    if (moeFields !== Object.keys(MOE_ALIASES).length) return undefined;
    m.moe = moe;
  }
  const encoderFields = Object.keys(encoder).length;
  if (encoderFields > 0) {
    if (encoderFields !== 3) return undefined;
    m.encoder = { depth: encoder.depth, l: encoder.l, sharedEmbeddings: encoder.sharedEmbeddings };
  }
  if (Object.keys(tc).length > 0) m.tc = tc;
  return m as Partial<ModelSpec>;
}

/**
 * `model=gpt3-1t`, or every figure: `model=l2048_e25600_f102400_h160_d128`, followed by the architecture
 * fields the model sets (`kv8_hd128_swiglu_rmsnorm_nobias_nodropout_voc128256_untied`, experts as
 * `ex8_tk2_ef14336_sf0_dl0`). A field the link leaves out is absent from the model: the paper's default,
 * so every link written before these fields existed reads as it did.
 */
function parseModel(raw: string): ModelSpec | undefined {
  if ((MODEL_PRESET_IDS as readonly string[]).includes(raw)) return MODEL_PRESETS[raw as ModelPresetId].spec;
  const m = readModelParts(raw.split('_'));
  if (!m || !Object.values(MODEL_ALIASES).every((f) => f in m)) return undefined;
  return m as ModelSpec;
}

/** The parts of the fields a (partial) model sets, in the order `model=` writes them. */
function modelParts(m: Partial<ModelSpec>): string[] {
  const parts: string[] = [];
  for (const [alias, field] of Object.entries(MODEL_ALIASES))
    if (m[field] !== undefined) parts.push(`${alias}${m[field]}`);
  if (m.kvHeads !== undefined) parts.push(`kv${m.kvHeads}`);
  if (m.headDim !== undefined) parts.push(`hd${m.headDim}`);
  for (const field of ['mlp', 'norm', 'bias', 'dropout'] as const)
    if (m[field] !== undefined) parts.push(wordOf(field, m[field]) as string);
  if (m.vocab !== undefined) parts.push(`voc${m.vocab}`);
  if (m.tiedEmbeddings !== undefined) parts.push(wordOf('tiedEmbeddings', m.tiedEmbeddings) as string);
  if (m.moe) for (const [alias, field] of Object.entries(MOE_ALIASES)) parts.push(`${alias}${m.moe[field]}`);
  if (m.encoder)
    parts.push(
      `enc${m.encoder.depth}`,
      `src${m.encoder.l}`,
      m.encoder.sharedEmbeddings ? 'sharedemb' : 'sepemb',
    );
  for (const field of ['denseBiases', 'postNorm', 'kgv'] as const)
    if (m[field] !== undefined) parts.push(wordOf(field, m[field]) as string);
  if (m.hsoftpos !== undefined) parts.push(`hsp${m.hsoftpos}`);
  for (const [word, family] of Object.entries(TC_FAMILIES)) {
    const chain = m.tc?.[family];
    if (chain) parts.push(`tc${word}${String(chain.ratio)}l${chain.length}`);
  }
  return parts;
}

function serializeModel(m: ModelSpec): string {
  return modelPresetOf(m) ?? modelParts(m).join('_');
}

/** The part naming a compared model's variant: `var-slim`. */
const VARIANT_PREFIX = 'var-';

/**
 * One compared model: its source (`current` or a preset id), then the figures it changes in `model=`'s
 * parts, then its variant: `llama3.1-8b`, `current_d16`, `llama3.1-8b_var-slim`.
 */
function parseComparedModel(raw: string): ComparedModel | undefined {
  const [source, ...rest] = raw.split('_');
  if (source !== 'current' && !(MODEL_PRESET_IDS as readonly string[]).includes(source ?? ''))
    return undefined;
  let variant: string | null = null;
  const last = rest[rest.length - 1];
  if (last?.startsWith(VARIANT_PREFIX)) {
    variant = last.slice(VARIANT_PREFIX.length);
    if (!Object.hasOwn(MODEL_VARIANTS, variant)) return undefined;
    rest.pop();
  }
  const overrides = readModelParts(rest);
  if (!overrides) return undefined;
  return { source: source as ModelSource, overrides, variant };
}

function serializeComparedModel(m: ComparedModel): string {
  const variant = m.variant === null ? [] : [`${VARIANT_PREFIX}${m.variant}`];
  return [m.source, ...modelParts(m.overrides), ...variant].join('_');
}

function parseComparedModels(raw: string): readonly ComparedModel[] | undefined {
  const parts = raw.split(',');
  if (parts.length < MIN_MODELS || parts.length > MAX_MODELS) return undefined;
  const out: ComparedModel[] = [];
  for (const p of parts) {
    const m = parseComparedModel(p);
    if (!m) return undefined;
    out.push(m);
  }
  return out;
}

const serializeComparedModels = (ms: readonly ComparedModel[]) => ms.map(serializeComparedModel).join(',');

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
  // Beyond the reference; letters only, as an alias is the letters before the number.
  matrix_flops_fp8: 'mfe',
  gpu_power: 'pw',
} as const satisfies Record<FigureKey, string>;

const FIELD_OF_ALIAS = new Map<string, FigureKey>(
  [...SYSTEM_KEYS, ...EXTRA_SYSTEM_KEYS].map((k) => [SYSTEM_ALIASES[k], k] as [string, FigureKey]),
);

/**
 * Short names of the efficiency fields (efficiency.ts) in links, after the figures: `x` and letters, none
 * a figure's alias. Only a field that differs from the preset's own (its calibration) is written, so a
 * link without them opens the preset's efficiency, as links did before the fields existed.
 */
export const EFFICIENCY_ALIASES = {
  matmul: 'xmm',
  matmulHalfIntensity: 'xmi',
  vector: 'xv',
  hbm: 'xhbm',
  nvlink: 'xnv',
  ib: 'xib',
  commHalfMB: 'xcm',
  dpOverlap: 'xdp',
  tpOverlap: 'xtp',
  fp8: 'xfe',
  fp8Rowwise: 'xfr',
  attention: 'xat',
  memoryGB: 'xmg',
  memoryFraction: 'xmf',
} as const satisfies Record<EfficiencyKey, string>;

const EFFICIENCY_OF_ALIAS = new Map<string, EfficiencyKey>(
  EFFICIENCY_KEYS.map((k) => [EFFICIENCY_ALIASES[k], k] as [string, EfficiencyKey]),
);

/** `A100_nvs8_hbm96_xmm0.7`: a preset, then the figures and efficiency fields that differ from it. */
function parseSystem(raw: string): SystemEntry | undefined {
  const [preset, ...rest] = raw.split('_');
  if (!preset || !(SYSTEM_PRESET_IDS as readonly string[]).includes(preset)) return undefined;
  const base = SYSTEM_PRESETS[preset as SystemPresetId].spec;
  const pairs = rest.length ? splitPairs(rest.join('_')) : [];
  if (!pairs) return undefined;
  const spec: Record<string, unknown> = { ...base };
  const seen = new Set<string>();
  const efficiency: Record<string, number> = { ...base.efficiency };
  let editedEfficiency = false;
  for (const [alias, value] of pairs) {
    const key = EFFICIENCY_OF_ALIAS.get(alias);
    if (key) {
      const v = parseDecimal(value);
      const { lo, hi } = EFFICIENCY_FIELDS[key];
      if (v === undefined || v < lo || v > hi || seen.has(key)) return undefined;
      seen.add(key);
      efficiency[key] = v;
      editedEfficiency = true;
      continue;
    }
    const field = FIELD_OF_ALIAS.get(alias);
    const v = field === 'nvlink_size' ? parseWhole(value) : parseDecimal(value);
    if (!field || v === undefined || seen.has(field)) return undefined;
    seen.add(field);
    spec[field] = v;
  }
  if (editedEfficiency) spec['efficiency'] = efficiency;
  return { preset: preset as SystemPresetId, spec: spec as unknown as SystemSpec };
}

/** An optional figure a preset has and the system has not (only a file can do that) is not written. */
function serializeSystem(s: SystemEntry): string {
  const figures = systemOverrides(s).flatMap((k) => {
    const v = s.spec[k];
    return v === undefined ? [] : [`${SYSTEM_ALIASES[k]}${num(v)}`];
  });
  const base = SYSTEM_PRESETS[s.preset].spec.efficiency;
  const efficiency = EFFICIENCY_KEYS.flatMap((k) => {
    const v = s.spec.efficiency?.[k];
    return v === undefined || v === base?.[k] ? [] : [`${EFFICIENCY_ALIASES[k]}${num(v)}`];
  });
  return [s.preset, ...figures, ...efficiency].join('_');
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

/** A planner value within its bounds (selectors.ts), else undefined. */
function inPlannerRange(v: number | undefined, field: keyof typeof PLANNER_LIMITS): number | undefined {
  if (v === undefined) return undefined;
  const { min, max, open } = PLANNER_LIMITS[field];
  return (open ? v > min : v >= min) && v <= max ? v : undefined;
}

const wholeField = (key: string, label: string, def: number, min = 1, max?: number): FieldSpec<number> => ({
  key,
  label,
  parse: (raw) => parseWhole(raw, min, max),
  serialize: num,
  default: def,
});

/**
 * Training settings as `recompute.zero.precision.optimizerBytes.v`, each a value or `s` for searched
 * (`none.1.bf16.12.1` is the paper's, left out of links). Links from before it open the paper's.
 */
function serializeTraining(t: TrainingChoice): string {
  const f = (x: string | number) => (x === 'search' ? 's' : String(x));
  return [t.recompute, t.zero, t.precision, t.optimizerBytes, t.v].map(f).join('.');
}

function parseTraining(raw: string): TrainingChoice | undefined {
  const [r, z, p, o, v, ...rest] = raw.split('.');
  if (rest.length > 0 || r === undefined || z === undefined || p === undefined) return undefined;
  if (o === undefined || v === undefined) return undefined;
  const recompute = r === 's' ? 'search' : RECOMPUTES.find((x) => x === r);
  const zero = z === 's' ? 'search' : ZERO_STAGES.find((x) => String(x) === z);
  const precision = p === 's' ? 'search' : PRECISIONS.find((x) => x === p);
  const optimizerBytes = parseWhole(o, 0, 64);
  const virtual = v === 's' ? 'search' : parseWhole(v, 1, LIMITS.depth);
  if (recompute === undefined || zero === undefined || precision === undefined) return undefined;
  if (optimizerBytes === undefined || virtual === undefined) return undefined;
  return { recompute, zero, precision, optimizerBytes, v: virtual };
}

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
  training: {
    key: 'tr',
    label: 'training settings',
    parse: parseTraining,
    serialize: serializeTraining,
    default: DEFAULT_INPUTS.training,
    equals: (a, b) => serializeTraining(a) === serializeTraining(b),
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
  gpuCount: {
    key: 'gn',
    label: 'GPU count searched besides the range',
    parse: (raw) => (raw === 'none' ? null : parseWhole(raw, 1, LIMITS.gpus)),
    serialize: (v) => (v === null ? 'none' : num(v)),
    default: DEFAULT_INPUTS.gpuCount,
  },
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
  tokenBudget: {
    key: 'tok',
    label: 'token budget',
    parse: (raw) => inPlannerRange(parseDecimal(raw), 'tokenBudget'),
    serialize: num,
    default: DEFAULT_VIEW.tokenBudget,
  },
  pricePerGpuHour: {
    key: 'price',
    label: 'price per GPU-hour',
    parse: (raw) => inPlannerRange(parseDecimal(raw), 'pricePerGpuHour'),
    serialize: num,
    default: DEFAULT_VIEW.pricePerGpuHour,
  },
  pue: {
    key: 'pue',
    label: 'PUE',
    parse: (raw) => inPlannerRange(parseDecimal(raw), 'pue'),
    serialize: num,
    default: DEFAULT_VIEW.pue,
  },
  compareModels: {
    key: 'cm',
    label: 'compared models',
    parse: parseComparedModels,
    serialize: serializeComparedModels,
    default: DEFAULT_VIEW.compareModels,
    equals: (a, b) => serializeComparedModels(a) === serializeComparedModels(b),
  },
  breakdown: {
    key: 'bd',
    label: 'breakdown',
    parse: oneOf<BreakdownMode>(['absolute', 'fraction']),
    serialize: (b) => b,
    default: DEFAULT_VIEW.breakdown,
  },
};
