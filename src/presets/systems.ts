/**
 * Accelerator systems of the paper (arXiv 2410.00273, Table 2), with the figures of the reference
 * implementation's `systems/config-<name>.json` (commit 54278b0). B200-next is the paper's extrapolated
 * next generation. The NVLink domain size is a parameter: each preset carries the reference file's
 * default and the UI lets it vary.
 */
import type { SystemSpec } from '../model/system.ts';

export type SystemPresetId = 'A100' | 'H200' | 'B200' | 'B200-next';
export const SYSTEM_PRESET_IDS = [
  'A100',
  'H200',
  'B200',
  'B200-next',
] as const satisfies readonly SystemPresetId[];

export interface SystemPreset {
  readonly id: SystemPresetId;
  readonly label: string;
  readonly source: string;
  readonly spec: SystemSpec;
}

/** bf16 element and 1-byte dropout mask, in GB; FLOP counts in TFLOP (reference config files). */
const UNITS = { element_size: 2e-9, mask_element_size: 1e-9, flops_units: 1e-12 } as const;

export const SYSTEM_PRESETS: Readonly<Record<SystemPresetId, SystemPreset>> = {
  A100: {
    id: 'A100',
    label: 'NVIDIA A100 80 GB',
    source: 'reference systems/config-A100.json',
    spec: {
      matrix_flops_fp16: 312,
      vector_flops_fp16: 78,
      hbm_bandwidth: 1555,
      hbm_capacity: 80,
      nvlink_bandwidth: 300,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 25,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 4,
      nic_factor: 1,
      ...UNITS,
    },
  },
  H200: {
    id: 'H200',
    label: 'NVIDIA H200 141 GB',
    source: 'reference systems/config-H200.json',
    spec: {
      matrix_flops_fp16: 989.4,
      vector_flops_fp16: 133.8,
      hbm_bandwidth: 4800,
      hbm_capacity: 141,
      nvlink_bandwidth: 450,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 50,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 64,
      nic_factor: 1,
      ...UNITS,
    },
  },
  B200: {
    id: 'B200',
    label: 'NVIDIA B200 192 GB',
    source: 'reference systems/config-B200.json',
    spec: {
      matrix_flops_fp16: 2500,
      vector_flops_fp16: 339,
      hbm_bandwidth: 8000,
      hbm_capacity: 192,
      nvlink_bandwidth: 900,
      nvlink_eff: 0.7,
      nvlink_latency: 2.5e-6,
      ib_bandwidth: 100,
      ib_eff: 0.7,
      ib_latency: 5e-6,
      nvlink_size: 4,
      nic_factor: 1,
      ...UNITS,
    },
  },
  'B200-next': {
    id: 'B200-next',
    label: 'Next generation (extrapolated)',
    source: 'reference systems/config-B200-next.json (the paper extrapolates it from B200)',
    spec: {
      matrix_flops_fp16: 3750,
      vector_flops_fp16: 508.5,
      hbm_bandwidth: 16000,
      hbm_capacity: 384,
      nvlink_bandwidth: 3600,
      nvlink_eff: 0.8,
      nvlink_latency: 5e-6,
      ib_bandwidth: 200,
      ib_eff: 0.8,
      ib_latency: 1e-5,
      nvlink_size: 64,
      nic_factor: 1,
      ...UNITS,
    },
  },
};

/** NVLink domain sizes the paper compares (§5). */
export const PAPER_NVLINK_SIZES = [4, 8, 64] as const;

/** A preset with its NVLink domain resized. */
export function systemWithDomain(id: SystemPresetId, nvlinkSize: number): SystemSpec {
  return { ...SYSTEM_PRESETS[id].spec, nvlink_size: nvlinkSize };
}
