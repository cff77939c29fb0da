/**
 * Full evaluation of one parallel configuration: every layer's row, the DP and PP communication rows,
 * the step totals, throughput and whether it fits in HBM. This is what the per-layer view and the CLI's
 * `evaluate` show; the search uses the same pieces without building rows it does not need.
 */
import { modelLayers, type BlockLayers, type TensorLayout } from './blocks.ts';
import { communication, type LayerCounts } from './layers.ts';
import { timeLayer, type LayerRow } from './layerTime.ts';
import { mfu, tokensPerSecondPerGpu } from './metrics.ts';
import { modelParams, type ParamCounts } from './params.ts';
import {
  architecture,
  PAPER_TRAINING,
  headSharesEmbedding,
  leadingLayers,
  type ModelOptions,
  type TrainingSpec,
  type ModelSpec,
  type ParallelConfig,
  type Strategy,
} from './spec.ts';
import {
  evaluateStep,
  newStepScratch,
  stepTotals,
  summariseBlock,
  summariseExtra,
  type BlockSummary,
  type ModelBlocks,
  type ModelSummary,
  type StepLayout,
  type StepTotals,
} from './step.ts';
import { dpFastOf, dpGroupOf, edpFastOf, epFastOf, m2Of, seqReplicasOf, STRATEGY_RULES } from './strategy.ts';
import { frameworkMemory, prepareMachine, type Machine, type SystemSpec } from './system.ts';
import {
  attentionInputs,
  heldTransient,
  optimizerFactor,
  torchtitanSelective,
  eagerLayer,
  recipeMachine,
  ringAttention,
  sdpaAttention,
  attentionMachine,
  trainHead,
  trainLayer,
  withFloat8Casts,
  withFloat8Gathers,
} from './training.ts';
import type { SamplesPerSecond } from './units.ts';

export interface Scenario {
  readonly model: ModelSpec;
  readonly system: SystemSpec;
  readonly strategy: Strategy;
  readonly globalBatchSize: number;
  readonly options: ModelOptions;
  /** How the model is trained; absent = the paper's (`PAPER_TRAINING`). */
  readonly training?: TrainingSpec;
}

/**
 * A block of the model as the per-layer view lists it: the paper's two blocks, and with a modern
 * architecture the embedding (first pipeline stage), expert MLPs and the head and loss (last stage).
 */
export type BlockName =
  'embedding' | 'attention' | 'mlp' | 'moe' | 'decoder-attention' | 'decoder-mlp' | 'head';

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

/** The block's tensor layout for a configuration, with the NVLink shares of its placement. */
export function tensorLayout(strategy: Strategy, c: ParallelConfig): TensorLayout {
  const r = STRATEGY_RULES[strategy];
  const ep = c.ep ?? 1;
  return {
    b: c.mbs,
    m1: c.tp1,
    m2: m2Of(r, c.tp2),
    t1: c.nvTp1,
    t2: m2Of(r, c.nvTp2),
    nb: r.panels ? (c.nb ?? 1) : 1,
    ep,
    tEp: epFastOf(ep, dpFastOf(r, c.nvDp, c.nvTp2)),
  };
}

/** How the step is laid out around the blocks for a configuration. */
export function stepLayout(s: Scenario, c: ParallelConfig): StepLayout {
  const r = STRATEGY_RULES[s.strategy];
  const ep = c.ep ?? 1;
  const dpFast = dpFastOf(r, c.nvDp, c.nvTp2);
  const training = s.training ?? PAPER_TRAINING;
  return {
    globalBatchSize: s.globalBatchSize,
    depth: s.model.depth,
    pp: c.pp,
    dp: c.dp,
    mbs: c.mbs,
    dpGroup: dpGroupOf(r, c.dp, c.tp2),
    dpFast,
    ppFast: c.nvPp,
    seqp: seqReplicasOf(r, c.tp2),
    denseLayers: leadingLayers(s.model),
    ep,
    edpFast: edpFastOf(ep, dpFast),
    tied: headSharesEmbedding(s.model),
    zero: training.zero,
    optimizer: optimizerFactor(training),
    v: c.v ?? 1,
    ...(training.framework ? { framework: training.framework } : {}),
  };
}

/** One block's rows and sums. */
export interface EvaluatedBlock {
  readonly lists: readonly (readonly LayerRow[])[];
  readonly summary: BlockSummary;
}

function evaluateLists(
  m: Machine,
  lists: readonly (readonly LayerCounts[])[],
  p2pVolume: number,
  expertWeights = 0,
  rebuilt = 0,
  attention: Machine = m,
): EvaluatedBlock {
  const rows = lists.map((list) =>
    list.map((layer) => timeLayer(layer.name === 'fusedla' ? attention : m, layer)),
  );
  const summary =
    rows.length === 2
      ? summariseBlock(rows[0] as LayerRow[], rows[1] as LayerRow[], p2pVolume, expertWeights, rebuilt)
      : summariseExtra(rows[0] as LayerRow[], rebuilt);
  return { lists: rows, summary };
}

/** Every block's rows and sums for one micro-batch and tensor layout. */
export function evaluateBlocks(m: Machine, s: Scenario, x: TensorLayout): ModelBlocks<EvaluatedBlock> {
  const layers = modelLayers(m, s.model, s.strategy, x, s.options.flashAttention);
  const arch = architecture(s.model);
  const qkv = attentionInputs(s.model, arch, x.b, x.m1, x.m2, m.spec.element_size);
  const training = s.training ?? PAPER_TRAINING;
  // A framework's recipe (torchtitan's) rewrites the layers below; Megatron's and the paper's are as built.
  const torchtitan = training.framework !== undefined;
  const ops =
    torchtitan && training.recompute === 'selective'
      ? torchtitanSelective(s.model, arch, x.b, x.m1, x.m2, m.spec.element_size)
      : null;
  // torchtitan without torch.compile: its norms and activations as chains of eager kernels.
  const eager = torchtitan && training.compiled === false;
  const rms = arch.norm === 'rmsnorm';
  const gated = arch.mlp === 'swiglu' || arch.mlp === 'geglu';
  const casts = torchtitan && training.precision === 'fp8';
  // ... and under tensorwise scaling its tensor-parallel all-gathers in float8.
  const gathers = casts && training.fp8Scaling !== 'rowwise' && x.m1 > 1;
  // torchtitan's context parallelism is PyTorch's ring attention, not a gathered kernel.
  const ring =
    torchtitan && x.m2 > 1
      ? {
          b: x.b,
          hl: Math.floor(s.model.h / x.m1),
          ll: Math.floor(s.model.l / x.m2),
          q: arch.headDim,
          c: x.m2,
          es: m.spec.element_size,
          u: m.spec.flops_units,
        }
      : null;
  // torchtitan's attention: SDPA's causal flash kernel, at its own rate.
  const attention = torchtitan ? attentionMachine(m) : m;
  const run = (list: readonly LayerCounts[]) => {
    let kernels = eager ? list.map((l) => eagerLayer(l, rms, gated)) : list;
    if (torchtitan) kernels = kernels.map((l) => (l.name === 'fusedla' ? sdpaAttention(l) : l));
    if (ring) kernels = kernels.flatMap((l) => (l.name === 'fusedla' ? ringAttention(l, ring) : [l]));
    if (gathers) kernels = withFloat8Gathers(kernels);
    return casts ? withFloat8Casts(kernels, training.fp8Scaling === 'rowwise') : kernels;
  };
  const pair = (b: BlockLayers | null) => {
    if (!b) return null;
    const t = trainLayer(run(b.mlp), run(b.sa), training, qkv, ops);
    return evaluateLists(m, [t.mlp, t.sa], b.p2pVolume, b.expertWeights, t.rebuilt, attention);
  };
  const head = layers.head ? trainHead(layers.head, training, x.m1) : null;
  return {
    dense: pair(layers.dense),
    moe: pair(layers.moe),
    embed: layers.embed ? evaluateLists(m, [layers.embed], 0, 0, heldTransient(layers.embed)) : null,
    // The loss's peak (a framework's) or a tensor chain's rebuilt shard, whichever is larger.
    head: head
      ? evaluateLists(m, [head.layers], 0, 0, Math.max(head.transient, heldTransient(head.layers)))
      : null,
  };
}

function commRow(
  name: string,
  fwd: LayerRow['commFwd'],
  bwd: LayerRow['commBwd'],
  tFwd: number,
  tBwd: number,
): LayerRow {
  const pass = (t: number) => ({ t, comm: t, comp: 0, mem: 0, intensity: 0 });
  return { ...communication(name, fwd, bwd), fwd: pass(tFwd), bwd: pass(tBwd), t: tFwd + tBwd };
}

/** Evaluates one configuration end to end. Precondition: `config` is valid for the scenario. */
export function evaluate(
  s: Scenario,
  config: ParallelConfig,
  prepared: Machine = prepareMachine(s.system),
): Evaluation {
  const machine = recipeMachine(prepared, s.training ?? PAPER_TRAINING);
  const blocks = evaluateBlocks(machine, s, tensorLayout(s.strategy, config));
  const summary: ModelSummary = {
    dense: blocks.dense?.summary ?? null,
    moe: blocks.moe?.summary ?? null,
    embed: blocks.embed?.summary ?? null,
    head: blocks.head?.summary ?? null,
  };
  const layout = stepLayout(s, config);
  const out = newStepScratch();
  evaluateStep(machine, summary, layout, out);
  out.mem = frameworkMemory(machine, out.mem);
  const layer = (blocks.dense ?? blocks.moe) as EvaluatedBlock;
  const w = layer.summary.weights;
  const v = layer.summary.p2pVolume;
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
  const nl = Math.floor(s.model.depth / config.pp);
  const dense = Math.min(layout.denseLayers, nl);
  const list: BlockRows[] = [];
  const rows = (b: EvaluatedBlock | null, i: number) => (b?.lists[i] ?? []) as readonly LayerRow[];
  if (blocks.embed)
    list.push({ block: 'embedding', title: 'Embedding', perStage: 1, rows: rows(blocks.embed, 0) });
  if (architecture(s.model).encoder) {
    // Encoder layers first, then decoder layers; perStage counts the first stage's, as for experts.
    const decoder = blocks.moe as EvaluatedBlock;
    list.push(
      { block: 'mlp', title: 'Encoder MLP', perStage: dense, rows: rows(layer, 0) },
      { block: 'attention', title: 'Encoder attention', perStage: dense, rows: rows(layer, 1) },
      { block: 'decoder-mlp', title: 'Decoder MLP', perStage: nl - dense, rows: rows(decoder, 0) },
      {
        block: 'decoder-attention',
        title: 'Decoder self- and cross-attention',
        perStage: nl - dense,
        rows: rows(decoder, 1),
      },
    );
  } else {
    if (blocks.dense) {
      list.push({
        block: 'mlp',
        title: 'MLP',
        perStage: blocks.moe ? dense : nl,
        rows: rows(blocks.dense, 0),
      });
    }
    if (blocks.moe)
      list.push({
        block: 'moe',
        title: 'Experts',
        perStage: nl - (blocks.dense ? dense : 0),
        rows: rows(blocks.moe, 0),
      });
    list.push({ block: 'attention', title: 'Attention', perStage: nl, rows: rows(layer, 1) });
  }
  if (blocks.head)
    list.push({ block: 'head', title: 'Head and loss', perStage: 1, rows: rows(blocks.head, 0) });
  return {
    blocks: list,
    mlp: rows(layer, 0),
    sa: rows(layer, 1),
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
