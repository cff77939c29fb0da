import { efficiencyOf, type EfficiencySpec } from './efficiency.ts';
import type { GB, GBps, Seconds, TFLOP, TFLOPps } from './units.ts';

/**
 * An accelerator and its two-tier network, in the reference implementation's own field names (its
 * `systems/config-*.json`), so a golden file, a CLI input and a preset are the same object.
 */
export interface SystemSpec {
  /** Dense bf16/fp16 tensor-core rate. */
  readonly matrix_flops_fp16: TFLOPps;
  /** Vector (non tensor-core) fp16 rate, used by pointwise layers. */
  readonly vector_flops_fp16: TFLOPps;
  readonly hbm_bandwidth: GBps;
  readonly hbm_capacity: GB;
  /** Per-GPU NVLink bandwidth (one direction) inside the fast domain. */
  readonly nvlink_bandwidth: GBps;
  /** Achieved fraction of `nvlink_bandwidth`. */
  readonly nvlink_eff: number;
  readonly nvlink_latency: Seconds;
  /** Per-NIC InfiniBand bandwidth between NVLink domains. */
  readonly ib_bandwidth: GBps;
  readonly ib_eff: number;
  readonly ib_latency: Seconds;
  /** GPUs in one NVLink (NVSwitch) domain. */
  readonly nvlink_size: number;
  /** NICs per GPU (may be fractional, e.g. 0.5). */
  readonly nic_factor: number;
  /** Bytes of one bf16 element, in GB (2e-9). */
  readonly element_size: GB;
  /** Bytes of one dropout-mask element, in GB (1e-9). */
  readonly mask_element_size: GB;
  /** TFLOP per FLOP (1e-12). */
  readonly flops_units: number;
  /**
   * Beyond the reference (absent in its files and the paper's presets): dense FP8 tensor-core rate; absent =
   * no FP8 tensor cores (FP8 matmuls run at the bf16 rate).
   */
  readonly matrix_flops_fp8?: TFLOPps;
  /** Beyond the reference: board power per GPU in watts (for energy estimates); absent = unknown. */
  readonly gpu_power?: number;
  /**
   * Beyond the reference: how close kernels and collectives come to these figures (efficiency.ts); absent =
   * the paper's constants.
   */
  readonly efficiency?: EfficiencySpec;
}

/** The keys of a `SystemSpec`, in the reference's file order. */
export const SYSTEM_KEYS = [
  'matrix_flops_fp16',
  'vector_flops_fp16',
  'hbm_bandwidth',
  'hbm_capacity',
  'nvlink_bandwidth',
  'nvlink_eff',
  'nvlink_latency',
  'ib_bandwidth',
  'ib_eff',
  'ib_latency',
  'nvlink_size',
  'nic_factor',
  'element_size',
  'mask_element_size',
  'flops_units',
] as const satisfies readonly (keyof SystemSpec)[];

/** A field the reference's system files always carry (every `SystemSpec` field but the optional extras). */
export type SystemKey = (typeof SYSTEM_KEYS)[number];

/** The optional fields beyond the reference: a preset, a link or a file may set them or leave them out. */
export const EXTRA_SYSTEM_KEYS = ['matrix_flops_fp8', 'gpu_power'] as const satisfies readonly Exclude<
  keyof SystemSpec,
  SystemKey
>[];

/** A figure of a system: a number the panel, the link and the sweeps edit (every field but `efficiency`). */
export type FigureKey = SystemKey | (typeof EXTRA_SYSTEM_KEYS)[number];

/**
 * The model's fields of a system record that may carry others (a reference file's `empirical`, ...); an
 * optional field stays absent when the record leaves it out.
 */
export function pickSystem(raw: { readonly [K in keyof SystemSpec]: SystemSpec[K] }): SystemSpec {
  const out = {} as Record<SystemKey | (typeof EXTRA_SYSTEM_KEYS)[number], number>;
  for (const k of SYSTEM_KEYS) out[k] = raw[k];
  for (const k of EXTRA_SYSTEM_KEYS) {
    const v = raw[k];
    if (v !== undefined) out[k] = v;
  }
  return raw.efficiency ? { ...out, efficiency: raw.efficiency } : out;
}

/**
 * Rates the time model uses, derived once per system so the search's inner loop reads them instead of
 * recomputing. Each is computed exactly as the reference does, so results stay bit-identical.
 */
export interface Machine {
  readonly spec: SystemSpec;
  /** Tensor-core rate after the reference's 0.8 average efficiency (estimates.py, get_time_flops). */
  readonly tensorRate: TFLOPps;
  /**
   * FP8 tensor-core rate after the same 0.8 efficiency (not in the paper): `matrix_flops_fp8`, or the bf16
   * rate when the system has no FP8 tensor cores; times efficiency's `fp8` (1 by default).
   */
  readonly fp8Rate: TFLOPps;
  /** The FP8 rate of rowwise-scaled GEMMs (efficiency's `fp8Rowwise`); used for runs that state it. */
  readonly fp8RowwiseRate: TFLOPps;
  /** Vector rate after the same 0.8 efficiency. */
  readonly vectorRate: TFLOPps;
  /** matrix / vector: the reference's correction for softmax and dropout inside fused attention. */
  readonly tensorCoreFactor: number;
  readonly hbmBandwidth: GBps;
  /** Effective NVLink bandwidth `nvlink_bandwidth * nvlink_eff`. */
  readonly fastBandwidth: GBps;
  /** Effective InfiniBand bandwidth per NIC `ib_bandwidth * ib_eff`. */
  readonly slowBandwidth: GBps;
  readonly fastLatency: Seconds;
  readonly slowLatency: Seconds;
  readonly nvlinkSize: number;
  readonly nicFactor: number;
  /**
   * A matmul's extra work for its shape, TFLOP per GB of its HBM traffic (efficiency.ts
   * `matmulHalfIntensity` in FLOP/B x 1e-3): time = (flops + this x bytes) / tensorRate. 0 in the paper.
   */
  readonly matmulShape: number;
  /** A collective's half-bandwidth message size in GB, added to each message's volume; 0 in the paper. */
  readonly commHalf: GB;
  /** Fraction of the data-parallel and of the tensor-parallel communication left exposed; 1 in the paper. */
  readonly dpExposed: number;
  readonly tpExposed: number;
  /** Memory a framework adds: a constant and a fraction of the model's memory. */
  readonly memoryGB: GB;
  readonly memoryFraction: number;
}

/** The reference's average achieved fraction of peak FLOP/s (estimates.py, get_time_flops). */
export const COMPUTE_EFFICIENCY = 0.8;

/** The reference's fixed kernel launch overhead per layer and pass (estimates.py: `20 * 1E-6`). */
export const LAUNCH_OVERHEAD: Seconds = 20 * 1e-6;

/**
 * The system's rates after efficiency. Without `spec.efficiency` every figure is the reference's: the
 * paper's constants enter as x 1 and + 0, which IEEE arithmetic keeps exact.
 */
export function prepareMachine(spec: SystemSpec): Machine {
  const e = spec.efficiency;
  const eff = (k: Parameters<typeof efficiencyOf>[1]) => efficiencyOf(e, k, spec);
  // Written as the reference writes it (`hardware_flops *= 0.8`) so every rounding matches.
  let tensorRate = spec.matrix_flops_fp16;
  tensorRate *= eff('matmul');
  let fp8Rate = spec.matrix_flops_fp8 ?? spec.matrix_flops_fp16;
  fp8Rate *= eff('matmul');
  fp8Rate *= eff('fp8');
  let fp8RowwiseRate = spec.matrix_flops_fp8 ?? spec.matrix_flops_fp16;
  fp8RowwiseRate *= eff('matmul');
  fp8RowwiseRate *= eff('fp8Rowwise');
  let vectorRate = spec.vector_flops_fp16;
  vectorRate *= eff('vector');
  const matmulShape: TFLOP = eff('matmulHalfIntensity') * 1e-3;
  return {
    spec,
    tensorRate,
    fp8Rate,
    fp8RowwiseRate,
    vectorRate,
    tensorCoreFactor: spec.matrix_flops_fp16 / spec.vector_flops_fp16,
    hbmBandwidth: spec.hbm_bandwidth * eff('hbm'),
    fastBandwidth: spec.nvlink_bandwidth * eff('nvlink'),
    slowBandwidth: spec.ib_bandwidth * eff('ib'),
    fastLatency: spec.nvlink_latency,
    slowLatency: spec.ib_latency,
    nvlinkSize: spec.nvlink_size,
    nicFactor: spec.nic_factor,
    matmulShape,
    commHalf: eff('commHalfMB') * 1e-3,
    dpExposed: 1 - eff('dpOverlap'),
    tpExposed: 1 - eff('tpOverlap'),
    memoryGB: eff('memoryGB'),
    memoryFraction: eff('memoryFraction'),
  };
}

/** Memory per GPU with what the framework adds to the model's `mem` (GB). */
export const frameworkMemory = (m: Machine, mem: GB): GB => mem + m.memoryGB + m.memoryFraction * mem;
