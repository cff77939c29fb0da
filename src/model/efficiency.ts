/**
 * How close a system's kernels and collectives come to its datasheet figures (not in the paper, which runs
 * every matmul and pointwise kernel at 0.8 of peak, moves HBM traffic at the full bandwidth, charges each
 * collective its tier's fixed link efficiency and overlaps nothing). A handful of parameters per system,
 * each absent = the paper's constant, so a system without `efficiency` is the reference bit for bit: every
 * default enters the arithmetic as a multiplication by 1 or an addition of 0, both exact in IEEE doubles.
 * The calibration (src/calibrate) fits them to published measured runs.
 */
import type { GB } from './units.ts';

export interface EfficiencySpec {
  /** Fraction of the matrix peak a large, square matmul reaches; default 0.8 (the reference's). */
  readonly matmul?: number;
  /**
   * Arithmetic intensity (FLOP per byte of HBM traffic) at which a matmul reaches half of `matmul`: small or
   * skinny matmuls (few tokens per GPU, narrow shards) have low intensity and run further from peak,
   * eff = matmul x I / (I + this). Default 0 (every matmul at `matmul`).
   */
  readonly matmulHalfIntensity?: number;
  /** Fraction of the vector peak pointwise layers reach; default 0.8 (the reference's). */
  readonly vector?: number;
  /** Fraction of the HBM bandwidth memory-bound kernels achieve; default 1 (the reference's). */
  readonly hbm?: number;
  /** Achieved fraction of the NVLink bandwidth; default the system's `nvlink_eff`. */
  readonly nvlink?: number;
  /** Achieved fraction of the InfiniBand bandwidth; default the system's `ib_eff`. */
  readonly ib?: number;
  /**
   * Message size (MB per GPU) at which a collective reaches half its tier's bandwidth: small messages are
   * latency- and protocol-bound, bw(V) = bw x V / (V + this). Default 0 (every size at full bandwidth).
   */
  readonly commHalfMB?: number;
  /** Fraction of the data-parallel (and ZeRO/FSDP) traffic hidden under compute; default 0. */
  readonly dpOverlap?: number;
  /** Fraction of the tensor-parallel communication hidden under compute; default 0. */
  readonly tpOverlap?: number;
  /**
   * FP8 matmuls' efficiency relative to bf16's (fraction of `matrix_flops_fp8` = `matmul` x this): FP8's
   * casts and scaling cost it part of its doubled peak; default 1.
   */
  readonly fp8?: number;
  /**
   * The same for FP8 matmuls with a scale per row (torchao's `rowwise` recipe, spec.ts `Fp8Scaling`): a
   * CUTLASS kernel that torchao/float8/README.md's tables show slower than cuBLAS's tensorwise one, on
   * skinny shapes slower than bf16 (pytorch/torchtitan issue 1207). Default: `fp8`'s value.
   */
  readonly fp8Rowwise?: number;
  /**
   * The attention kernel's rate relative to large matmuls' (a fraction of `matmul`), for frameworks whose
   * attention is PyTorch's SDPA (torchtitan; training.ts `sdpaAttention`): its flash backend is
   * FlashAttention-2, written for Ampere, without Hopper's warpgroup MMA and TMA, "only 35% utilization on
   * the H100" (Shah et al. 2024, FlashAttention-3, arXiv 2407.08608, abstract), where cuBLAS's GEMMs run
   * far closer to peak. Default 1 (attention at `matmul`, as the engine times it otherwise).
   */
  readonly attention?: number;
  /** Memory a framework adds per GPU beyond weights, gradients, optimizer and activations, in GB; default 0. */
  readonly memoryGB?: GB;
  /** ... and in proportion to that model memory (allocator fragmentation, buffers); default 0. */
  readonly memoryFraction?: number;
}

/** Every field of an `EfficiencySpec`, in display order. */
export const EFFICIENCY_KEYS = [
  'matmul',
  'matmulHalfIntensity',
  'vector',
  'hbm',
  'nvlink',
  'ib',
  'commHalfMB',
  'dpOverlap',
  'tpOverlap',
  'fp8',
  'fp8Rowwise',
  'attention',
  'memoryGB',
  'memoryFraction',
] as const satisfies readonly (keyof EfficiencySpec)[];
export type EfficiencyKey = (typeof EFFICIENCY_KEYS)[number];

/** The paper's constants (reference estimates.py: `hardware_flops *= 0.8`); nvlink and ib come from the system. */
export const PAPER_EFFICIENCY = {
  matmul: 0.8,
  matmulHalfIntensity: 0,
  vector: 0.8,
  hbm: 1,
  commHalfMB: 0,
  dpOverlap: 0,
  tpOverlap: 0,
  fp8: 1,
  attention: 1,
  memoryGB: 0,
  memoryFraction: 0,
} as const satisfies Required<Omit<EfficiencySpec, 'nvlink' | 'ib' | 'fp8Rowwise'>>;

/**
 * What each field means and the range the system panel, the URL and the calibration accept. `lo`/`hi` bound
 * the fit too, so it cannot wander into physically meaningless values.
 */
export const EFFICIENCY_FIELDS: Readonly<
  Record<EfficiencyKey, { readonly label: string; readonly lo: number; readonly hi: number }>
> = {
  matmul: { label: 'Matmul efficiency (large matmuls)', lo: 0.2, hi: 1 },
  matmulHalfIntensity: { label: 'Matmul half-efficiency intensity (FLOP/B)', lo: 0, hi: 1000 },
  vector: { label: 'Vector efficiency', lo: 0.05, hi: 1 },
  hbm: { label: 'HBM bandwidth efficiency', lo: 0.2, hi: 1 },
  nvlink: { label: 'NVLink efficiency', lo: 0.1, hi: 1 },
  ib: { label: 'InfiniBand efficiency', lo: 0.1, hi: 1 },
  commHalfMB: { label: 'Collective half-bandwidth message (MB)', lo: 0, hi: 1000 },
  dpOverlap: { label: 'Data-parallel overlap', lo: 0, hi: 1 },
  tpOverlap: { label: 'Tensor-parallel overlap', lo: 0, hi: 1 },
  fp8: { label: 'FP8 efficiency relative to BF16', lo: 0.2, hi: 1 },
  fp8Rowwise: { label: 'FP8 rowwise-scaled efficiency relative to BF16', lo: 0.2, hi: 1 },
  attention: { label: 'Attention kernel efficiency relative to matmul (SDPA)', lo: 0.1, hi: 1 },
  memoryGB: { label: 'Framework memory (GB)', lo: 0, hi: 40 },
  memoryFraction: { label: 'Framework memory fraction', lo: 0, hi: 1 },
};

/**
 * The value of one field for a system: its own, else the paper's (nvlink and ib: the system's link
 * efficiency; fp8Rowwise: the system's `fp8`).
 */
export function efficiencyOf(
  e: EfficiencySpec | undefined,
  key: EfficiencyKey,
  linkEff: { readonly nvlink_eff: number; readonly ib_eff: number },
): number {
  const own = e?.[key];
  if (own !== undefined) return own;
  if (key === 'nvlink') return linkEff.nvlink_eff;
  if (key === 'ib') return linkEff.ib_eff;
  if (key === 'fp8Rowwise') return efficiencyOf(e, 'fp8', linkEff);
  return PAPER_EFFICIENCY[key];
}

/** Whether an efficiency object changes nothing (absent, or every field absent). */
export const isPaperEfficiency = (e: EfficiencySpec | undefined): boolean =>
  e === undefined || EFFICIENCY_KEYS.every((k) => e[k] === undefined);
