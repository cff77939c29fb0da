/**
 * Planner metrics derived from a step's throughput: tokens per second per GPU and model FLOPs
 * utilisation (MFU).
 */
import { modelFlopsPerToken } from './params.ts';
import type { ModelSpec } from './spec.ts';
import type { SystemSpec } from './system.ts';
import type { SamplesPerSecond } from './units.ts';

/** Tokens per second per GPU: samples/s x tokens per sample (l) / GPUs. */
export function tokensPerSecondPerGpu(throughput: SamplesPerSecond, l: number, gpus: number): number {
  return (throughput * l) / gpus;
}

/**
 * Model FLOPs utilisation, a fraction: model FLOP/s per GPU (modelFlopsPerToken x tokens/s per GPU) over
 * the peak matrix rate of the precision the model computes in (`matrix_flops_fp16`, bf16 today).
 * `flops_units` (TFLOP per FLOP) converts the FLOP count to the rate's TFLOP.
 */
export function mfu(spec: ModelSpec, system: SystemSpec, throughput: SamplesPerSecond, gpus: number): number {
  const perGpu = modelFlopsPerToken(spec) * tokensPerSecondPerGpu(throughput, spec.l, gpus);
  return (perGpu * system.flops_units) / system.matrix_flops_fp16;
}
