/**
 * Planner metrics derived from a step's throughput: tokens per second (per GPU and in all), model FLOPs
 * utilisation (MFU), and from a token budget the time, GPU-hours, cost and energy of a training run.
 */
import { modelFlopsPerToken } from './params.ts';
import type { ModelSpec } from './spec.ts';
import type { SystemSpec } from './system.ts';
import type { SamplesPerSecond, Seconds } from './units.ts';

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

/** Tokens per second of the whole job: samples/s x tokens per sample (l). */
export function tokensPerSecond(throughput: SamplesPerSecond, l: number): number {
  return throughput * l;
}

/** What a planner states about a training run beyond the step: how long it trains, and what that costs. */
export interface PlannerAssumptions {
  /** Tokens to train on. */
  readonly tokenBudget: number;
  /** Price of one GPU for one hour, in dollars (any currency: cost comes out in it). */
  readonly pricePerGpuHour: number;
  /** Power use effectiveness: facility energy over the GPUs' own (1 counts the GPU boards alone). */
  readonly pue: number;
}

/**
 * The explorer's defaults, stated in the UI and the README. 1 T tokens: Chinchilla's 20 tokens per
 * parameter for a 50 B model, the order of today's open models' budgets (Llama 3 used 15 T). $2 per
 * GPU-hour: the order of 2025 cloud prices for H100-class GPUs; one price for every system, so cost
 * compares GPU-hours, to be edited per system. PUE 1: the GPU boards' power alone, no cooling or hosts.
 */
export const DEFAULT_PLANNER: PlannerAssumptions = { tokenBudget: 1e12, pricePerGpuHour: 2, pue: 1 };

export interface TrainingCost {
  /** Wall-clock time to train on the budget. */
  readonly timeToTrain: Seconds;
  readonly gpuHours: number;
  /** gpuHours x price per GPU-hour. */
  readonly cost: number;
  /** GPUs x power x PUE x time, in MWh; null when the power per GPU is unknown. */
  readonly energyMWh: number | null;
}

/** Joules in a megawatt-hour. */
const J_PER_MWH = 3.6e9;

/**
 * Time, GPU-hours, cost and energy of training on `a.tokenBudget` tokens at `tokensPerSecond` (the whole
 * job's) on `gpus` GPUs drawing `gpuPower` watts each (undefined: unknown, so no energy).
 */
export function trainingCost(
  tokensPerSecond: number,
  gpus: number,
  a: PlannerAssumptions,
  gpuPower: number | undefined,
): TrainingCost {
  const timeToTrain = a.tokenBudget / tokensPerSecond;
  const gpuHours = (gpus * timeToTrain) / 3600;
  return {
    timeToTrain,
    gpuHours,
    cost: gpuHours * a.pricePerGpuHour,
    energyMWh: gpuPower === undefined ? null : (gpus * gpuPower * a.pue * timeToTrain) / J_PER_MWH,
  };
}
