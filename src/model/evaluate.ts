/**
 * Full evaluation of one parallel configuration: every layer's row, the DP and PP communication rows,
 * the step totals, throughput and whether it fits in HBM. This is what the per-layer view and the CLI's
 * `evaluate` show; the search uses the same pieces without building rows it does not need.
 */
import { blockLayers, type TensorLayout } from './blocks.ts';
import { timeLayer, type LayerRow } from './layerTime.ts';
import { mfu, tokensPerSecondPerGpu } from './metrics.ts';
import { modelParams, type ParamCounts } from './params.ts';
import type { ModelOptions, ModelSpec, ParallelConfig, Strategy } from './spec.ts';
import {
  evaluateStep,
  newStepScratch,
  stepTotals,
  summariseBlock,
  type BlockSummary,
  type StepLayout,
  type StepTotals,
} from './step.ts';
import { prepareMachine, type Machine, type SystemSpec } from './system.ts';
import type { SamplesPerSecond } from './units.ts';

export interface Scenario {
  readonly model: ModelSpec;
  readonly system: SystemSpec;
  readonly strategy: Strategy;
  readonly globalBatchSize: number;
  readonly options: ModelOptions;
}

export interface EvaluatedBlock {
  readonly mlp: readonly LayerRow[];
  readonly sa: readonly LayerRow[];
  readonly summary: BlockSummary;
}

/**
 * A block of the model as the per-layer view lists it: the paper's two blocks, and with a modern
 * architecture the embedding (first pipeline stage), expert MLPs and the head and loss (last stage).
 */
export type BlockName = 'embedding' | 'attention' | 'mlp' | 'moe' | 'head';

export interface BlockRows {
  readonly block: BlockName;
  /** What the user reads, e.g. "Attention". */
  readonly title: string;
  /** Layers of this block in one pipeline stage (the embedding and head: 1, on the first/last stage). */
  readonly perStage: number;
  readonly rows: readonly LayerRow[];
}

export interface Evaluation {
  /** Every block of the model in order, for display. */
  readonly blocks: readonly BlockRows[];
  /** The paper's transformer layer (the reference's record keeps these two). */
  readonly mlp: readonly LayerRow[];
  readonly sa: readonly LayerRow[];
  readonly dp: LayerRow;
  readonly pp: LayerRow;
  readonly totals: StepTotals;
  readonly throughput: SamplesPerSecond;
  readonly fits: boolean;
  /** Parameters of the whole model (not per GPU). */
  readonly params: ParamCounts;
  readonly tokensPerSecondPerGpu: number;
  /** Model FLOPs utilisation, a fraction of the peak matrix rate (see metrics.ts). */
  readonly mfu: number;
}

/** The block's tensor layout for a configuration. */
export function tensorLayout(strategy: Strategy, c: ParallelConfig): TensorLayout {
  return {
    b: c.mbs,
    m1: c.tp1,
    m2: strategy === '1d' ? 1 : c.tp2,
    t1: c.nvTp1,
    t2: strategy === '1d' ? 1 : c.nvTp2,
    nb: strategy === '2d' ? (c.nb ?? 1) : 1,
  };
}

/** How the step is laid out around the block for a configuration. */
export function stepLayout(s: Scenario, c: ParallelConfig): StepLayout {
  const seqp = s.strategy === '2d-seqp';
  return {
    globalBatchSize: s.globalBatchSize,
    depth: s.model.depth,
    pp: c.pp,
    dp: c.dp,
    mbs: c.mbs,
    // Under context parallelism the sequence replicas also hold copies of every weight shard.
    dpGroup: seqp ? c.dp * c.tp2 : c.dp,
    dpFast: seqp ? c.nvDp * c.nvTp2 : c.nvDp,
    ppFast: c.nvPp,
    seqp: seqp ? c.tp2 : 1,
  };
}

/** Rows and sums of both blocks for one micro-batch and one layer. */
export function evaluateBlock(m: Machine, s: Scenario, x: TensorLayout): EvaluatedBlock {
  const layers = blockLayers(m, s.model, s.strategy, x, s.options.flashAttention);
  const mlp = layers.mlp.map((layer) => timeLayer(m, layer));
  const sa = layers.sa.map((layer) => timeLayer(m, layer));
  return { mlp, sa, summary: summariseBlock(mlp, sa) };
}

function commRow(
  name: string,
  fwd: LayerRow['commFwd'],
  bwd: LayerRow['commBwd'],
  tFwd: number,
  tBwd: number,
): LayerRow {
  const pass = (t: number) => ({ t, comm: t, comp: 0, mem: 0, intensity: 0 });
  return {
    name,
    tensorCores: false,
    flopsFwd: 0,
    flopsBwd: 0,
    memFwd: 0,
    memBwd: 0,
    activationBuffer: 0,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: fwd,
    commBwd: bwd,
    overlap: { kind: 'serial' },
    fwd: pass(tFwd),
    bwd: pass(tBwd),
    t: tFwd + tBwd,
  };
}

/** Evaluates one configuration end to end. Precondition: `config` is valid for the scenario. */
export function evaluate(
  s: Scenario,
  config: ParallelConfig,
  machine: Machine = prepareMachine(s.system),
): Evaluation {
  const block = evaluateBlock(machine, s, tensorLayout(s.strategy, config));
  const layout = stepLayout(s, config);
  const out = newStepScratch();
  evaluateStep(machine, block.summary, layout, out);
  const w = block.summary.weights;
  const v = block.summary.p2pVolume;
  const dp = commRow(
    'dp_comms',
    [{ type: 'allgather', volume: w, group: layout.dpGroup, fast: layout.dpFast }],
    [{ type: 'reducescatter', volume: w, group: layout.dpGroup, fast: layout.dpFast }],
    out.dpFwd,
    out.dpBwd,
  );
  const pp = commRow(
    'pp_comms',
    [{ type: 'p2p', volume: v, group: 2, fast: layout.ppFast }],
    [{ type: 'p2p', volume: v, group: 2, fast: layout.ppFast }],
    out.ppPass,
    out.ppPass,
  );
  const perStage = Math.floor(s.model.depth / config.pp);
  return {
    blocks: [
      { block: 'mlp', title: 'MLP', perStage, rows: block.mlp },
      { block: 'attention', title: 'Attention', perStage, rows: block.sa },
    ],
    mlp: block.mlp,
    sa: block.sa,
    dp,
    pp,
    totals: stepTotals(out),
    throughput: s.globalBatchSize / out.t,
    fits: out.mem <= s.system.hbm_capacity,
    ...planner(s, s.globalBatchSize / out.t, config.dp * config.tp1 * config.tp2 * config.pp),
  };
}

/** Parameter counts and the planner's per-GPU metrics of a throughput on `gpus` GPUs. */
function planner(s: Scenario, throughput: SamplesPerSecond, gpus: number) {
  return {
    params: modelParams(s.model),
    tokensPerSecondPerGpu: tokensPerSecondPerGpu(throughput, s.model.l, gpus),
    mfu: mfu(s.model, s.system, throughput, gpus),
  };
}
