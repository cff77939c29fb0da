/**
 * A model as data: the blocks a pipeline stage runs, each a list of layers in order, with each tensor's
 * sharding. The paper's transformer layer is two blocks, MLP and self-attention, the layers of the
 * reference's `modules.py` in its order; a modern architecture adds an embedding block (first stage), a
 * head block with the loss (last stage) and expert MLPs. Rows are for ONE micro-batch of size b through
 * ONE layer.
 *
 * Every option beyond the paper (`architecture(spec)`) changes only what it names: at its default each
 * builder issues the reference's layers with the reference's arguments, so paper mode stays bit for bit.
 */
import {
  activation,
  allToAll,
  attend,
  attendSeqp,
  bias,
  crossEntropy,
  dropout,
  embedding,
  experts,
  fusedAttention,
  gatherTokens,
  fusedAttentionSeqp,
  layerNorm,
  layerNorm2d,
  linear1d,
  linearSumma,
  logits,
  logitsSeqp,
  routerTopK,
  softmax,
  type LayerCounts,
} from './layers.ts';
import type { Machine } from './system.ts';
import { architecture, type Architecture, type ModelSpec, type Strategy } from './spec.ts';
import type { GB } from './units.ts';

const div = (a: number, b: number): number => Math.floor(a / b);

/** One layer of a block, counted on demand. */
type Make = () => LayerCounts;

/** The layers whose condition holds, in order (an absent bias or dropout is no layer at all). */
function present(...makes: (Make | false)[]): Make[] {
  return makes.filter((m): m is Make => m !== false);
}

/**
 * A block's layers in order. A layer depends on the SUMMA panel count only through its `summa`
 * overlap (which carries nb), so where `base` (the block at another panel count) has a serial layer
 * at the same position, that layer is the same and is reused: the search builds a block for each panel
 * count of a grid, and this is most of the cost.
 */
function build(base: readonly LayerCounts[] | undefined, makes: readonly Make[]): LayerCounts[] {
  return makes.map((make, i) => {
    const same = base?.[i];
    return same && same.overlap.kind === 'serial' ? same : make();
  });
}

/**
 * Tensor layout of one block: degrees m1 (heads/hidden), m2 (sequence or SUMMA rows), their NVLink
 * shares; the expert-parallel degree and its share (1 and 1 for dense models).
 */
export interface TensorLayout {
  readonly b: number;
  readonly m1: number;
  readonly m2: number;
  readonly t1: number;
  readonly t2: number;
  /** SUMMA panels (2d only). */
  readonly nb: number;
  readonly ep: number;
  readonly tEp: number;
}

/** The widths the attention and MLP builders read. */
interface Widths {
  readonly a: Architecture;
  /** Head width. */
  readonly q: number;
  /** Q projection width h * q (e in the paper) and K/V width kvHeads * q (e in the paper). */
  readonly qw: number;
  readonly kvw: number;
  /** fc1's output: f, or 2f for gated MLPs (gate and up projections fused). */
  readonly f1: number;
  readonly rms: boolean;
}

function widths(s: ModelSpec): Widths {
  const a = architecture(s);
  const q = a.headDim;
  const gated = a.mlp === 'swiglu' || a.mlp === 'geglu';
  return {
    a,
    q,
    qw: s.h * q,
    kvw: a.kvHeads * q,
    f1: gated ? 2 * s.f : s.f,
    rms: a.norm === 'rmsnorm',
  };
}

/** A transformer layer: its MLP and attention blocks, and the activation it hands the next stage. */
export interface BlockLayers {
  readonly mlp: LayerCounts[];
  readonly sa: LayerCounts[];
  /** What a pipeline stage sends its neighbour per micro-batch: the layer's output (the norm's input). */
  readonly p2pVolume: GB;
  /** Of the layer's weights, the experts' (sharded over ep, synchronised over dp/ep); 0 when dense. */
  readonly expertWeights: GB;
}

/** MLP, 1D: fc1 column-parallel, fc2 row-parallel, dropout and norm sequence-parallel. Reference `mlp_1d`. */
function mlp1d(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1: t, t1: tt } = x;
  const { a, f1 } = w;
  return present(
    () => linear1d(m, 'fc1', { b, l, e, f: f1, me: 1, mf: t, te: 1, tf: tt }),
    a.bias && (() => bias(m, 'fc1-bias', { b, l, f: f1, m1: t, m2: 1 })),
    () => activation(m, 'act1', b * l * div(f, t), a.mlp),
    a.dropout && (() => dropout(m, 'dpr1', b * l * div(f, t))),
    () => linear1d(m, 'fc2', { b, l, e: f, f: e, me: t, mf: 1, te: tt, tf: 1 }),
    a.bias && (() => bias(m, 'fc2-bias', { b, l, f: e, m1: 1, m2: 1 })),
    a.dropout && (() => dropout(m, 'dpr2', b * div(l, t) * e)),
    () => layerNorm(m, 'ln1', { b, l, e, m: t, t: tt, rms: w.rms }),
  ).map((make) => make());
}

/**
 * The norm closing a block on a SUMMA grid: the reference's `LayerNorm2D` (its slip included, for parity), or
 * RMSNorm in the context-parallel layout (not in the paper, so written without the slip).
 */
function norm2d(m: Machine, name: string, s: ModelSpec, w: Widths, x: TensorLayout): LayerCounts {
  const { l, e } = s;
  const { b, m1, m2, t1 } = x;
  return w.rms
    ? layerNorm(m, name, { b, l: div(l, m2), e, m: m1, t: t1, rms: true })
    : layerNorm2d(m, name, { b, l, e, m1, m2, t1 });
}

/** MLP, 2D SUMMA on an m2 x m1 grid. Reference `mlp_2d`. */
function mlp2d(
  m: Machine,
  s: ModelSpec,
  w: Widths,
  x: TensorLayout,
  base?: readonly LayerCounts[],
): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1, m2, t1, t2, nb } = x;
  const { a, f1 } = w;
  const grid = { m1, m2, t1, t2, nb };
  return build(
    base,
    present(
      () => linearSumma(m, 'fc1', { b, l, e, f: f1, ...grid }),
      a.bias && (() => bias(m, 'fc1-bias', { b, l, f: f1, m1, m2 })),
      () => activation(m, 'act1', b * div(l, m2) * div(f, m1), a.mlp),
      a.dropout && (() => dropout(m, 'dpr1', b * div(l, m2) * div(f, m1))),
      () => linearSumma(m, 'fc2', { b, l, e: f, f: e, ...grid }),
      a.bias && (() => bias(m, 'fc2-bias', { b, l, f: e, m1, m2 })),
      a.dropout && (() => dropout(m, 'dpr2', b * div(l, m2) * div(e, m1))),
      () => norm2d(m, 'ln1', s, w, x),
    ),
  );
}

/** MLP, 1D TP (m1) x context parallel (m2). Reference `mlp_seqp`. */
function mlpSeqp(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1, m2, t1 } = x;
  const { a, f1 } = w;
  return present(
    () => linear1d(m, 'fc1', { b, l, e, f: f1, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
    a.bias && (() => bias(m, 'fc1-bias', { b, l, f: f1, m1, m2 })),
    () => activation(m, 'act1', b * div(l, m2) * div(f, m1), a.mlp),
    a.dropout && (() => dropout(m, 'dpr1', b * div(l, m2) * div(f, m1))),
    () => linear1d(m, 'fc2', { b, l, e: f, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
    a.bias && (() => bias(m, 'fc2-bias', { b, l: div(l, m2), f: e, m1: 1, m2: m1 })),
    a.dropout && (() => dropout(m, 'dpr2', b * div(l, m1 * m2) * e)),
    () => layerNorm(m, 'ln1', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms }),
  ).map((make) => make());
}

/**
 * The MLP of an expert layer (not in the paper). The model, documented in About:
 * - the router (an e x experts matmul, softmax and top-k) runs on each GPU's sequence shard;
 * - balanced routing: each GPU dispatches topK copies of its tokens over the expert-parallel group (an
 *   all-to-all) and receives as many, for the experts/ep experts it holds;
 * - the experts are tensor-parallel over m1 like the dense MLP (expert tensor parallelism = tensor
 *   parallelism, Megatron-Core's default): the received copies are all-gathered over m1, fc1
 *   column-parallel, fc2 row-parallel with its reduce-scatter, then the combine all-to-all returns them;
 * - an optional shared expert runs on every token like the dense MLP;
 * - under 2D SUMMA the experts use the context-parallel layout (1D over m1 on l/m2 tokens).
 */
function mlpMoe(
  m: Machine,
  s: ModelSpec,
  w: Widths,
  x: TensorLayout,
): { layers: LayerCounts[]; expertWeights: GB } {
  const { l, e } = s;
  const { b, m1, m2, t1, ep, tEp } = x;
  const { a } = w;
  const moe = a.moe as NonNullable<Architecture['moe']>;
  const es = m.spec.element_size;
  const gated = a.mlp === 'swiglu' || a.mlp === 'geglu';
  const width = (f: number) => (gated ? 2 * f : f);
  const local = div(moe.experts, ep);
  const lc = div(l, m2);
  const routed = b * div(l, m1 * m2) * moe.topK;
  const copies = b * moe.topK;
  const shared = moe.sharedExpertF;
  const fc1 = experts(
    linear1d(m, 'expert-fc1', {
      b: copies,
      l,
      e,
      f: width(moe.expertF),
      me: 1,
      mf: m1,
      te: 1,
      tf: t1,
      mseq: m2,
    }),
    local,
  );
  const fc2 = experts(
    linear1d(m, 'expert-fc2', {
      b: copies,
      l,
      e: moe.expertF,
      f: e,
      me: m1,
      mf: 1,
      te: t1,
      tf: 1,
      mseq: m2,
    }),
    local,
  );
  const layers = present(
    () => linear1d(m, 'router', { b, l, e, f: moe.experts, me: 1, mf: 1, te: 1, tf: 1, mseq: m1 * m2 }),
    () => routerTopK(m, 'router-topk', b * div(l, m1 * m2), moe.experts),
    () => allToAll('dispatch', routed * e * es, ep, tEp),
    () => gatherTokens('expert-gather', copies * lc * e * es, m1, t1),
    () => fc1,
    () => activation(m, 'expert-act', copies * lc * div(moe.expertF, m1), a.mlp),
    () => fc2,
    () => allToAll('combine', routed * e * es, ep, tEp),
    shared > 0 &&
      (() =>
        linear1d(m, 'shared-fc1', { b, l, e, f: width(shared), me: 1, mf: m1, te: 1, tf: t1, mseq: m2 })),
    shared > 0 && (() => activation(m, 'shared-act', b * lc * div(shared, m1), a.mlp)),
    shared > 0 &&
      (() => linear1d(m, 'shared-fc2', { b, l, e: shared, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 })),
    a.dropout && (() => dropout(m, 'dpr2', b * div(l, m1 * m2) * e)),
    () => layerNorm(m, 'ln1', { b, l: lc, e, m: m1, t: t1, rms: w.rms }),
  ).map((make) => make());
  return { layers, expertWeights: fc1.weightsMem + fc2.weightsMem };
}

/** Self-attention, 1D (heads sharded), fused or unfused attention. Reference `sa_1d`. */
function sa1d(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout, flash: boolean): LayerCounts[] {
  const { l, e, h } = s;
  const { b, m1: t, t1: tt } = x;
  const { a, q, qw, kvw } = w;
  const kv = a.kvHeads;
  const attention = flash
    ? [() => fusedAttention(m, 'fusedla', { b, l, q, h, m: t, kv })]
    : present(
        () => logits(m, 'logits', { b, l, q, h, m: t, kv }),
        () => softmax(m, 'softmax', { b, h, l1: l, l2: l, m: t }),
        a.dropout && (() => dropout(m, 'dpr_at', b * div(h, t) * l * l)),
        () => attend(m, 'attend', { b, l, q, h, m: t, kv }),
      );
  return present(
    () => linear1d(m, 'qkv', { b, l, e, f: qw + 2 * kvw, me: 1, mf: t, te: 1, tf: tt }),
    ...attention,
    () => linear1d(m, 'vproj', { b, l, e: qw, f: e, me: t, mf: 1, te: tt, tf: 1 }),
    a.bias && (() => bias(m, 'vproj-bias', { b, l, f: e, m1: 1, m2: 1 })),
    a.dropout && (() => dropout(m, 'dpr_v', b * div(l, t) * e)),
    () => layerNorm(m, 'ln2', { b, l, e, m: t, t: tt, rms: w.rms }),
  ).map((make) => make());
}

/** Context-parallel attention core shared by both 2D strategies (`sa_2d_seqp`, `sa_seqp`). */
function attentionSeqp(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout, flash: boolean): Make[] {
  const { l, h } = s;
  const { b, m1, m2, t2 } = x;
  const { a, q } = w;
  const p = { b, l, q, h, m1, m2, t2, kv: a.kvHeads };
  return flash
    ? [() => fusedAttentionSeqp(m, 'fusedla', p)]
    : present(
        () => logitsSeqp(m, 'logits', p),
        () => softmax(m, 'softmax', { b, h, l1: div(l, m2), l2: l, m: m1 }),
        a.dropout && (() => dropout(m, 'dpr_at', b * div(h, m1) * div(l, m2) * l)),
        () => attendSeqp(m, 'attend', p),
      );
}

/**
 * Self-attention for `2d`: SUMMA projections around context-parallel attention. This is what the
 * reference's 2D search evaluates (`sa_2d_seqp`).
 */
function sa2dSeqp(
  m: Machine,
  s: ModelSpec,
  w: Widths,
  x: TensorLayout,
  flash: boolean,
  base?: readonly LayerCounts[],
): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1, t2, nb } = x;
  const { a, qw, kvw } = w;
  const grid = { m1, m2, t1, t2, nb };
  return build(
    base,
    present(
      () => linearSumma(m, 'qkv', { b, l, e, f: qw + 2 * kvw, ...grid }),
      ...attentionSeqp(m, s, w, x, flash),
      () => linearSumma(m, 'vproj', { b, l, e: qw, f: e, ...grid }),
      a.bias && (() => bias(m, 'vproj-bias', { b, l, f: e, m1, m2 })),
      a.dropout && (() => dropout(m, 'dpr_v', b * div(l, m2) * div(e, m1))),
      () => norm2d(m, 'ln2', s, w, x),
    ),
  );
}

/** Self-attention for `2d-seqp`: 1D TP projections, context-parallel attention. Reference `sa_seqp`. */
function saSeqp(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout, flash: boolean): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1 } = x;
  const { a, qw, kvw } = w;
  return present(
    () => linear1d(m, 'qkv', { b, l, e, f: qw + 2 * kvw, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
    ...attentionSeqp(m, s, w, x, flash),
    () => linear1d(m, 'vproj', { b, l, e: qw, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
    a.bias && (() => bias(m, 'vproj-bias', { b, l, f: e, m1, m2 })),
    a.dropout && (() => dropout(m, 'dpr_v', b * div(l, m1 * m2) * e)),
    () => layerNorm(m, 'ln2', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms }),
  ).map((make) => make());
}

/** The stage-to-stage activation: the input the layer's last norm keeps, (b, l, e) sharded as it is. */
const p2pOf = (mlp: readonly LayerCounts[]): GB => (mlp[mlp.length - 1] as LayerCounts).activationBuffer;

/**
 * The MLP and self-attention layers of one transformer layer under `strategy`. `base`, when given, is
 * the same block (same strategy, micro-batch, grid, placement and attention) at another SUMMA panel
 * count: its layers that do not depend on the panels are taken as they are instead of counted again.
 */
export function blockLayers(
  m: Machine,
  s: ModelSpec,
  strategy: Strategy,
  x: TensorLayout,
  flash: boolean,
  base?: BlockLayers,
): BlockLayers {
  const w = widths(s);
  let mlp: LayerCounts[];
  let sa: LayerCounts[];
  switch (strategy) {
    case '1d':
      mlp = mlp1d(m, s, w, x);
      sa = sa1d(m, s, w, x, flash);
      break;
    case '2d':
      mlp = mlp2d(m, s, w, x, base?.mlp);
      sa = sa2dSeqp(m, s, w, x, flash, base?.sa);
      break;
    case '2d-seqp':
      mlp = mlpSeqp(m, s, w, x);
      sa = saSeqp(m, s, w, x, flash);
      break;
  }
  return { mlp, sa, p2pVolume: p2pOf(mlp), expertWeights: 0 };
}

/** An expert layer: the same attention as the dense layer, the expert MLP. Needs `moe`. */
export function moeLayers(m: Machine, s: ModelSpec, x: TensorLayout, dense: BlockLayers): BlockLayers {
  const { layers: mlp, expertWeights } = mlpMoe(m, s, widths(s), x);
  return { mlp, sa: dense.sa, p2pVolume: p2pOf(mlp), expertWeights };
}

/**
 * The first stage's extra block (not in the paper): the vocabulary-parallel input embedding over m1,
 * the sequence over m2.
 */
export function embeddingLayers(m: Machine, s: ModelSpec, x: TensorLayout): LayerCounts[] {
  const { vocab } = architecture(s);
  return [embedding(m, 'embedding', { b: x.b, l: s.l, e: s.e, vocab, m: x.m1, t: x.t1, mseq: x.m2 })];
}

/**
 * The last stage's extra block (not in the paper): the final norm (which gathers the sequence shards
 * over m1), the LM head (e x vocab, column-parallel over m1, vocabulary padded to a multiple of m1) and
 * the vocabulary-parallel cross-entropy. Under 2D SUMMA it uses the context-parallel layout.
 */
export function headLayers(m: Machine, s: ModelSpec, x: TensorLayout): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1 } = x;
  const w = widths(s);
  const vocab = w.a.vocab;
  const padded = m1 * Math.ceil(vocab / m1);
  return [
    layerNorm(m, 'final-norm', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms }),
    linear1d(m, 'lm-head', { b, l, e, f: padded, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
    crossEntropy(m, 'loss', { b, l: div(l, m2), vocab, m: m1, t: t1 }),
  ];
}

/** Every block a model's stages run, for one micro-batch and tensor layout. */
export interface ModelLayers {
  /** The paper's layer (dense MLP of width f); null for an expert model with no dense layer. */
  readonly dense: BlockLayers | null;
  /** An expert layer; null for dense models. */
  readonly moe: BlockLayers | null;
  /** First stage only; null without a vocabulary. */
  readonly embed: LayerCounts[] | null;
  /** Last stage only; null without a vocabulary. */
  readonly head: LayerCounts[] | null;
}

/** The model's blocks under `strategy` and layout `x`. */
export function modelLayers(
  m: Machine,
  s: ModelSpec,
  strategy: Strategy,
  x: TensorLayout,
  flash: boolean,
): ModelLayers {
  const a = architecture(s);
  const layer = blockLayers(m, s, strategy, x, flash);
  const moe = a.moe ? moeLayers(m, s, x, layer) : null;
  const hasDense = !a.moe || a.moe.denseLayers > 0;
  return {
    dense: hasDense ? layer : null,
    moe,
    embed: a.vocab > 0 ? embeddingLayers(m, s, x) : null,
    head: a.vocab > 0 ? headLayers(m, s, x) : null,
  };
}
