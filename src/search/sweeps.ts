/**
 * System-design sweeps (arXiv 2410.00273 §5): families of system variants around a baseline, each searched
 * like any other system. Pure: this only builds the variants; searching them is the search's job.
 */
import type { SystemKey, SystemSpec } from '../model/system.ts';
import { SYSTEM_PRESETS } from '../presets/systems.ts';

export type SweepKind = 'cap-bw' | 'flops-cap' | 'nvlink-ib' | 'domain-gpus';
export const SWEEP_KINDS = [
  'cap-bw',
  'flops-cap',
  'nvlink-ib',
  'domain-gpus',
] as const satisfies readonly SweepKind[];
export type SweepResolution = 'coarse' | 'paper';

export interface SweepAxis {
  /** Label with unit, e.g. "HBM bandwidth (GB/s)". */
  readonly label: string;
  /** The system figure the axis varies ('gpus': the columns are GPU counts). */
  readonly field: SystemKey | 'gpus';
  readonly values: readonly number[];
}

export interface SweepCell {
  /** Column (x) and row (y) index. */
  readonly x: number;
  readonly y: number;
  readonly system: SystemSpec;
  readonly gpus: number;
}

export interface SweepGrid {
  readonly kind: SweepKind;
  readonly title: string;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  /** Row-major: cells[y * x.values.length + x]. */
  readonly cells: readonly SweepCell[];
}

/** numpy.linspace(a, b, n). */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * step));
}

/** Factors from 1/4 to 4 on a log scale, 1 in the middle. */
const FACTORS = [0.25, 0.354, 0.5, 0.707, 1, 1.414, 2, 2.828, 4];

/**
 * The reference's FLOP/capacity path through the GPU generations (sweeps/sweep_utils.py,
 * `sweep_flops_cap_bw`): capacity with bandwidth, and matrix with vector rate, each interpolated
 * A100 → H200 → B200 → B200-next, shared end points counted once.
 */
function generationPath(field: SystemKey, n: number): number[] {
  const ids = ['A100', 'H200', 'B200', 'B200-next'] as const;
  const out: number[] = [];
  ids.slice(1).forEach((to, k) => {
    const seg = linspace(SYSTEM_PRESETS[ids[k] ?? to].spec[field], SYSTEM_PRESETS[to].spec[field], n);
    out.push(...(k < 2 ? seg.slice(0, -1) : seg));
  });
  return out;
}

function grid(
  kind: SweepKind,
  title: string,
  x: SweepAxis,
  y: SweepAxis,
  cell: (xi: number, yi: number) => Omit<SweepCell, 'x' | 'y'>,
): SweepGrid {
  const cells: SweepCell[] = [];
  for (let yi = 0; yi < y.values.length; yi++)
    for (let xi = 0; xi < x.values.length; xi++) cells.push({ x: xi, y: yi, ...cell(xi, yi) });
  return { kind, title, x, y, cells };
}

/**
 * The grid of one sweep around `base` at `gpus` GPUs (`domain-gpus` spans `gpuCounts` instead).
 * `paper` uses the reference's grids (32 x 28 capacities x bandwidths; 10 x 22 along the generations);
 * `coarse` a quicker 9 x 8 / 10 x 8 subset of the same ranges.
 */
export function sweepGrid(
  kind: SweepKind,
  base: SystemSpec,
  gpus: number,
  gpuCounts: readonly number[],
  resolution: SweepResolution,
): SweepGrid {
  const paper = resolution === 'paper';
  const at = (patch: Partial<SystemSpec>, n = gpus) => ({ system: { ...base, ...patch }, gpus: n });
  switch (kind) {
    case 'cap-bw': {
      // sweep_bw_capacity: capacities from the A100's 80 GB to 1000 GB, bandwidths 500 to 16,000 GB/s.
      const caps = linspace(SYSTEM_PRESETS.A100.spec.hbm_capacity, 1000, paper ? 32 : 9);
      const bws = linspace(500, 16000, paper ? 28 : 8);
      return grid(
        kind,
        'HBM capacity × HBM bandwidth',
        { label: 'HBM bandwidth (GB/s)', field: 'hbm_bandwidth', values: bws },
        { label: 'HBM capacity (GB)', field: 'hbm_capacity', values: caps },
        (xi, yi) => at({ hbm_bandwidth: bws[xi]!, hbm_capacity: caps[yi]! }),
      );
    }
    case 'flops-cap': {
      const n = 8;
      const caps = generationPath('hbm_capacity', n / 2);
      const bws = generationPath('hbm_bandwidth', n / 2);
      const matrix = generationPath('matrix_flops_fp16', n);
      const vector = generationPath('vector_flops_fp16', n);
      const keepX = paper ? matrix.map((_, i) => i) : [0, 3, 6, 9, 12, 15, 18, 21];
      return grid(
        kind,
        'Matrix TFLOP/s × HBM capacity (A100 → H200 → B200 → next)',
        {
          label: 'Matrix rate (TFLOP/s), vector rate alongside',
          field: 'matrix_flops_fp16',
          values: keepX.map((i) => matrix[i]!),
        },
        { label: 'HBM capacity (GB), bandwidth alongside', field: 'hbm_capacity', values: caps },
        (xi, yi) =>
          at({
            matrix_flops_fp16: matrix[keepX[xi]!]!,
            vector_flops_fp16: vector[keepX[xi]!]!,
            hbm_capacity: caps[yi]!,
            hbm_bandwidth: bws[yi]!,
          }),
      );
    }
    case 'nvlink-ib': {
      const nv = FACTORS.map((f) => base.nvlink_bandwidth * f);
      const ib = FACTORS.map((f) => base.ib_bandwidth * f);
      return grid(
        kind,
        'NVLink bandwidth × InfiniBand bandwidth',
        { label: 'InfiniBand bandwidth per NIC (GB/s)', field: 'ib_bandwidth', values: ib },
        { label: 'NVLink bandwidth (GB/s)', field: 'nvlink_bandwidth', values: nv },
        (xi, yi) => at({ ib_bandwidth: ib[xi]!, nvlink_bandwidth: nv[yi]! }),
      );
    }
    case 'domain-gpus': {
      const sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];
      return grid(
        kind,
        'NVLink domain size × GPU count',
        { label: 'GPUs', field: 'gpus', values: gpuCounts },
        { label: 'NVLink domain size (GPUs)', field: 'nvlink_size', values: sizes },
        (xi, yi) => at({ nvlink_size: sizes[yi]! }, gpuCounts[xi]!),
      );
    }
  }
}

/** Hardware figures whose improvement the sensitivity view ranks. */
export interface SensitivityFigure {
  readonly field: SystemKey;
  readonly label: string;
  /** Latencies improve downwards. */
  readonly better: 'higher' | 'lower';
  /** The improvements studied: 1.1 (10% better) and 2 (twice as good). */
  readonly factors: readonly number[];
}

const BOTH = [1.1, 2] as const;

export const SENSITIVITY_FIGURES: readonly SensitivityFigure[] = [
  { field: 'matrix_flops_fp16', label: 'Matrix rate', better: 'higher', factors: BOTH },
  { field: 'vector_flops_fp16', label: 'Vector rate', better: 'higher', factors: BOTH },
  { field: 'hbm_bandwidth', label: 'HBM bandwidth', better: 'higher', factors: BOTH },
  { field: 'hbm_capacity', label: 'HBM capacity', better: 'higher', factors: BOTH },
  { field: 'nvlink_bandwidth', label: 'NVLink bandwidth', better: 'higher', factors: BOTH },
  { field: 'nvlink_latency', label: 'NVLink latency', better: 'lower', factors: BOTH },
  { field: 'ib_bandwidth', label: 'InfiniBand bandwidth', better: 'higher', factors: BOTH },
  { field: 'ib_latency', label: 'InfiniBand latency', better: 'lower', factors: BOTH },
  { field: 'nic_factor', label: 'NICs per GPU', better: 'higher', factors: BOTH },
  // A domain the groups cannot fill exactly (8 + 10% = 9 GPUs) is filled as far as they allow
  // (enumerate.ts `partialPlacements`), so the domain takes the 10% step like every other figure.
  { field: 'nvlink_size', label: 'NVLink domain size', better: 'higher', factors: BOTH },
];

/**
 * A system with one figure improved by `factor` (1.1 = 10% better): rates and sizes multiplied,
 * latencies divided. The NVLink domain size only grows in whole GPUs (×2 rounds, +10% rounds up).
 */
export function improved(base: SystemSpec, f: SensitivityFigure, factor: number): SystemSpec {
  const v = base[f.field];
  const next =
    f.better === 'lower'
      ? v / factor
      : f.field === 'nvlink_size'
        ? Math.max(v + 1, Math.round(v * factor))
        : v * factor;
  return { ...base, [f.field]: next };
}
