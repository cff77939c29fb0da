/**
 * The systems the measured runs ran on, for calibration. Figures are the hardware presets' (datasheets:
 * NVIDIA A100, H100, H200 and GB200 NVL72 product pages and DGX user guides), the network the paper's
 * defaults (0.7 link efficiency, 2.5 / 5 us latency). Kept here, keyed by the presets' ids, so the
 * calibration runs before those presets land in systems.ts; then it reads them from there.
 */
import type { RunSystemId } from '../model/runs.ts';
import type { SystemSpec } from '../model/system.ts';

/** bf16 element and 1-byte dropout mask, in GB; FLOP counts in TFLOP (reference config files). */
const UNITS = { element_size: 2e-9, mask_element_size: 1e-9, flops_units: 1e-12 } as const;
/** The paper's network constants (reference systems/config-*.json). */
const NETWORK = { nvlink_eff: 0.7, nvlink_latency: 2.5e-6, ib_eff: 0.7, ib_latency: 5e-6 } as const;

/** H100 SXM5 80 GB (DGX H100): 989.4 / 1978.9 dense BF16 / FP8, 3.35 TB/s, NVLink 900 GB/s both ways, 8 x 400 Gb/s NICs. */
const H100: SystemSpec = {
  matrix_flops_fp16: 989.4,
  matrix_flops_fp8: 1978.9,
  vector_flops_fp16: 133.8,
  hbm_bandwidth: 3350,
  hbm_capacity: 80,
  nvlink_bandwidth: 450,
  ib_bandwidth: 50,
  nvlink_size: 8,
  nic_factor: 1,
  gpu_power: 700,
  ...NETWORK,
  ...UNITS,
};

export const RUN_SYSTEMS: Readonly<
  Record<RunSystemId, { readonly label: string; readonly spec: SystemSpec }>
> = {
  // A100 80 GB SXM (DGX A100): 312 BF16 dense, 2,039 GB/s, NVLink 600 GB/s both ways, 8 x HDR 200 Gb/s NICs.
  'a100-80gb': {
    label: 'NVIDIA A100 80 GB (DGX A100)',
    spec: {
      matrix_flops_fp16: 312,
      vector_flops_fp16: 78,
      hbm_bandwidth: 2039,
      hbm_capacity: 80,
      nvlink_bandwidth: 300,
      ib_bandwidth: 25,
      nvlink_size: 8,
      nic_factor: 1,
      gpu_power: 400,
      ...NETWORK,
      ...UNITS,
    },
  },
  'h100-sxm': { label: 'NVIDIA H100 SXM 80 GB (DGX H100)', spec: H100 },
  // torchtitan's Grand Teton H100s: 96 GB HBM2e parts capped at 500 W (its benchmark READMEs); the cap and
  // the slower memory are what their own fit absorbs, so they are not mixed with DGX H100 runs.
  'h100-96gb-500w': {
    label: 'NVIDIA H100 96 GB HBM2e, 500 W cap (Grand Teton)',
    spec: { ...H100, hbm_capacity: 96, gpu_power: 500 },
  },
  // H200 SXM: the H100's compute with 141 GB at 4.8 TB/s.
  'h200-sxm': {
    label: 'NVIDIA H200 SXM 141 GB',
    spec: { ...H100, hbm_bandwidth: 4800, hbm_capacity: 141 },
  },
  // GB200 NVL72: 2,500 / 5,000 dense BF16 / FP8 per GPU, 186 GB at 8 TB/s, 72 GPUs on NVLink 5 (1.8 TB/s both ways).
  'gb200-nvl72': {
    label: 'NVIDIA GB200 NVL72',
    spec: {
      matrix_flops_fp16: 2500,
      matrix_flops_fp8: 5000,
      vector_flops_fp16: 160,
      hbm_bandwidth: 8000,
      hbm_capacity: 186,
      nvlink_bandwidth: 900,
      ib_bandwidth: 50,
      nvlink_size: 72,
      nic_factor: 1,
      gpu_power: 1200,
      ...NETWORK,
      ...UNITS,
    },
  },
};
