/**
 * The dimensions of a parallel configuration, listed once. Everything that lists a configuration's fields
 * derives from this table: the search's buffer layout and tie-break order, CSV columns and cells, the zod
 * schema, the shared link's `cfg=` aliases and the tables of the UI. A new dimension is one row here (and
 * one field of `ParallelConfig`, which the table's type requires).
 */
import type { LIMITS } from './schema.ts';
import type { ParallelConfig } from './spec.ts';

export type DimKey = keyof ParallelConfig;

/**
 * Whether a dimension must be given:
 * - `required`: always a whole number;
 * - `nullable`: null where it does not apply (SUMMA panels outside the 2d strategy);
 * - `optional`: may be absent, meaning `default`. Configurations leave it out at its default, so inputs
 *   written before it existed keep giving the same output, byte for byte (the CLI's contract).
 */
export type DimPresence = 'required' | 'nullable' | 'optional';

export interface DimSpec {
  /** CSV column (snake case). */
  readonly csv: string;
  /** Alias in a shared link's `cfg=` value: lower-case letters only (a number follows it). */
  readonly url: string;
  /** Column header in the explorer's tables. */
  readonly short: string;
  /** Spelled out with its unit, for tooltips and messages. */
  readonly label: string;
  readonly presence: DimPresence;
  /** The value an absent optional dimension means; every dimension is a whole number from 1. */
  readonly default: number | null;
  /** Largest accepted value: a bound of `LIMITS`. */
  readonly max: keyof typeof LIMITS;
  /** One group's share of an NVLink domain (the placement), not a parallel degree or a batch size. */
  readonly placement: boolean;
}

// Row order is the order of the search buffer, of CSV columns and of the tie-break between equal
// candidates. The first ten rows keep the reference's order; optional dimensions come after every other
// (appended, they leave today's buffer positions, columns and order as they were).
const DIMS = {
  dp: {
    csv: 'dp',
    url: 'dp',
    short: 'dp',
    label: 'data-parallel degree dp (GPUs)',
    presence: 'required',
    default: null,
    max: 'gpus',
    placement: false,
  },
  tp1: {
    csv: 'tp1',
    url: 'tpa',
    short: 'tp1',
    label: 'tensor-parallel degree tp1, first dimension (GPUs)',
    presence: 'required',
    default: null,
    max: 'gpus',
    placement: false,
  },
  tp2: {
    csv: 'tp2',
    url: 'tpb',
    short: 'tp2',
    label: 'tensor-parallel degree tp2, second dimension (GPUs)',
    presence: 'required',
    default: null,
    max: 'gpus',
    placement: false,
  },
  pp: {
    csv: 'pp',
    url: 'pp',
    short: 'pp',
    label: 'pipeline-parallel degree pp (stages)',
    presence: 'required',
    default: null,
    max: 'gpus',
    placement: false,
  },
  mbs: {
    csv: 'mbs',
    url: 'mbs',
    short: 'Micro-batch',
    label: 'micro-batch size (sequences)',
    presence: 'required',
    default: null,
    max: 'globalBatch',
    placement: false,
  },
  nb: {
    csv: 'nb',
    url: 'nb',
    short: 'nb',
    label: 'SUMMA panels nb (2d strategy)',
    presence: 'nullable',
    default: null,
    max: 'embedding',
    placement: false,
  },
  nvTp1: {
    csv: 'nv_tp1',
    url: 'nva',
    short: 'nv tp1',
    label: 'tp1 GPUs per NVLink domain',
    presence: 'required',
    default: null,
    max: 'nvlinkSize',
    placement: true,
  },
  nvTp2: {
    csv: 'nv_tp2',
    url: 'nvb',
    short: 'nv tp2',
    label: 'tp2 GPUs per NVLink domain',
    presence: 'required',
    default: null,
    max: 'nvlinkSize',
    placement: true,
  },
  nvDp: {
    csv: 'nv_dp',
    url: 'nvd',
    short: 'nv dp',
    label: 'dp GPUs per NVLink domain',
    presence: 'required',
    default: null,
    max: 'nvlinkSize',
    placement: true,
  },
  nvPp: {
    csv: 'nv_pp',
    url: 'nvp',
    short: 'nv pp',
    label: 'pp GPUs per NVLink domain',
    presence: 'required',
    default: null,
    max: 'nvlinkSize',
    placement: true,
  },
  ep: {
    csv: 'ep',
    url: 'ep',
    short: 'ep',
    label: 'expert-parallel degree ep (GPUs)',
    presence: 'optional',
    default: 1,
    max: 'gpus',
    placement: false,
  },
  v: {
    csv: 'v',
    url: 'vp',
    short: 'v',
    label: 'virtual pipeline stages per GPU v',
    presence: 'optional',
    default: 1,
    max: 'depth',
    placement: false,
  },
} as const satisfies Record<DimKey, DimSpec>;

export interface ConfigDim extends DimSpec {
  readonly key: DimKey;
}

/** Every dimension, in table order. */
export const CONFIG_DIMS: readonly ConfigDim[] = (Object.keys(DIMS) as DimKey[]).map((key) => ({
  key,
  ...DIMS[key],
}));

/** The NVLink placement's dimensions (GPUs of each group in one domain), from the table. */
export type PlacementKey = {
  [K in DimKey]: (typeof DIMS)[K]['placement'] extends true ? K : never;
}[DimKey];
export const PLACEMENT_KEYS = CONFIG_DIMS.filter((d) => d.placement).map(
  (d) => d.key,
) as readonly PlacementKey[];

/** A configuration with any of its placement dimensions left out. */
export type OpenPlacement = Omit<ParallelConfig, PlacementKey> & Partial<Pick<ParallelConfig, PlacementKey>>;

/** Each dimension's position in `CONFIG_DIMS`: the search buffer's index of it (`buf[DIM.dp]`). */
export const DIM: { readonly [K in DimKey]: number } = Object.fromEntries(
  CONFIG_DIMS.map((d, i) => [d.key, i]),
) as { readonly [K in DimKey]: number };

/** A dimension's value in a configuration: an absent optional one is its default; null only for `nb`. */
export function dimValue(c: ParallelConfig, d: ConfigDim): number | null {
  return c[d.key] ?? d.default;
}

/**
 * Whether a configuration leaves `d` out: an optional dimension at its default. Configurations are written
 * this way (search results, links), so today's outputs keep their shape.
 */
export const omitsDim = (d: ConfigDim, value: number | null): boolean =>
  d.presence === 'optional' && value === d.default;

/**
 * The dimensions a set of configurations needs to show: all but the optional ones every configuration
 * leaves at its default (tables and CSV files of today's configurations keep today's columns).
 */
export function dimsUsed(configs: readonly ParallelConfig[]): readonly ConfigDim[] {
  return CONFIG_DIMS.filter(
    (d) => d.presence !== 'optional' || configs.some((c) => !omitsDim(d, dimValue(c, d))),
  );
}
