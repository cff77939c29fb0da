/**
 * The systems the measured runs ran on, for calibration: the hardware presets (systems.ts, each figure
 * with its source), and torchtitan's capped H100s, which are no preset of their own.
 */
import type { RunSystemId } from '../model/runs.ts';
import type { SystemSpec } from '../model/system.ts';
import { SYSTEM_PRESETS } from './systems.ts';

/** A preset's figures without the efficiency it ships with: the fit starts from the paper's constants. */
const bare = (spec: SystemSpec): SystemSpec => {
  const { efficiency: _shipped, ...figures } = spec;
  return figures;
};
const preset = (id: Exclude<RunSystemId, 'h100-96gb-500w'>) => ({
  label: SYSTEM_PRESETS[id].label,
  spec: bare(SYSTEM_PRESETS[id].spec),
});

export const RUN_SYSTEMS: Readonly<
  Record<RunSystemId, { readonly label: string; readonly spec: SystemSpec }>
> = {
  'a100-80gb': preset('a100-80gb'),
  'h100-sxm': preset('h100-sxm'),
  // torchtitan's Grand Teton H100s: 96 GB HBM2e parts at 2.4 TB/s peak, capped at 500 W (its benchmark
  // READMEs, benchmarks/llama3_h100_202412_torchtitan.md "Hardware"); the cap lowers the clocks, which
  // their own fit absorbs, so they are not mixed with DGX H100 runs.
  'h100-96gb-500w': {
    label: 'NVIDIA H100 96 GB HBM2e, 500 W cap (Grand Teton)',
    spec: {
      ...bare(SYSTEM_PRESETS['h100-sxm'].spec),
      hbm_capacity: 96,
      hbm_bandwidth: 2400,
      gpu_power: 500,
    },
  },
  'h200-sxm': preset('h200-sxm'),
  'gb200-nvl72': preset('gb200-nvl72'),
};

/**
 * Systems that take their matmul shape term (efficiency's `matmulHalfIntensity`) from another system's fit
 * instead of fitting it: the GEMMs' efficiency by shape is the die's and cuBLAS's, and the DGX H100s' 58
 * runs of 6 models (Megatron-LM) span narrow and wide shards, where torchtitan's H100 runs have one model
 * with narrow ones (Llama 3 8B with TP 8): leaving it out, their own fit set the term to 1 FLOP/B, and
 * with it to its bound (1000). The H200 is the same GH100 die.
 */
export const SHAPE_FROM: Readonly<Partial<Record<RunSystemId, RunSystemId>>> = {
  'h100-96gb-500w': 'h100-sxm',
  'h200-sxm': 'h100-sxm',
};
