/**
 * The two blocks of a transformer layer, MLP and self-attention, for each strategy: the layers of the
 * reference's `modules.py` in its order, with each tensor's sharding. Rows are for ONE micro-batch of
 * size b through ONE layer.
 */
import {
  activation,
  attend,
  attendSeqp,
  bias,
  dropout,
  fusedAttention,
  fusedAttentionSeqp,
  layerNorm,
  layerNorm2d,
  linear1d,
  linearSumma,
  logits,
  logitsSeqp,
  softmax,
  type LayerCounts,
} from './layers.ts';
import type { Machine } from './system.ts';
import type { ModelSpec, Strategy } from './spec.ts';

const div = (a: number, b: number): number => Math.floor(a / b);

/** One layer of a block, counted on demand. */
type Make = () => LayerCounts;

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

/** Tensor layout of one block: degrees m1 (heads/hidden), m2 (sequence or SUMMA rows), their NVLink shares. */
export interface TensorLayout {
  readonly b: number;
  readonly m1: number;
  readonly m2: number;
  readonly t1: number;
  readonly t2: number;
  /** SUMMA panels (2d only). */
  readonly nb: number;
}

/** MLP, 1D: fc1 column-parallel, fc2 row-parallel, dropout and norm sequence-parallel. Reference `mlp_1d`. */
function mlp1d(m: Machine, s: ModelSpec, x: TensorLayout): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1: t, t1: tt } = x;
  return [
    linear1d(m, 'fc1', { b, l, e, f, me: 1, mf: t, te: 1, tf: tt }),
    bias(m, 'fc1-bias', { b, l, f, m1: t, m2: 1 }),
    activation(m, 'act1', b * l * div(f, t)),
    dropout(m, 'dpr1', b * l * div(f, t)),
    linear1d(m, 'fc2', { b, l, e: f, f: e, me: t, mf: 1, te: tt, tf: 1 }),
    bias(m, 'fc2-bias', { b, l, f: e, m1: 1, m2: 1 }),
    dropout(m, 'dpr2', b * div(l, t) * e),
    layerNorm(m, 'ln1', { b, l, e, m: t, t: tt }),
  ];
}

/** MLP, 2D SUMMA on an m2 x m1 grid. Reference `mlp_2d`. */
function mlp2d(m: Machine, s: ModelSpec, x: TensorLayout, base?: readonly LayerCounts[]): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1, m2, t1, t2, nb } = x;
  const grid = { m1, m2, t1, t2, nb };
  return build(base, [
    () => linearSumma(m, 'fc1', { b, l, e, f, ...grid }),
    () => bias(m, 'fc1-bias', { b, l, f, m1, m2 }),
    () => activation(m, 'act1', b * div(l, m2) * div(f, m1)),
    () => dropout(m, 'dpr1', b * div(l, m2) * div(f, m1)),
    () => linearSumma(m, 'fc2', { b, l, e: f, f: e, ...grid }),
    () => bias(m, 'fc2-bias', { b, l, f: e, m1, m2 }),
    () => dropout(m, 'dpr2', b * div(l, m2) * div(e, m1)),
    () => layerNorm2d(m, 'ln1', { b, l, e, m1, m2, t1 }),
  ]);
}

/** MLP, 1D TP (m1) x context parallel (m2). Reference `mlp_seqp`. */
function mlpSeqp(m: Machine, s: ModelSpec, x: TensorLayout): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1, m2, t1 } = x;
  return [
    linear1d(m, 'fc1', { b, l, e, f, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
    bias(m, 'fc1-bias', { b, l, f, m1, m2 }),
    activation(m, 'act1', b * div(l, m2) * div(f, m1)),
    dropout(m, 'dpr1', b * div(l, m2) * div(f, m1)),
    linear1d(m, 'fc2', { b, l, e: f, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
    bias(m, 'fc2-bias', { b, l: div(l, m2), f: e, m1: 1, m2: m1 }),
    dropout(m, 'dpr2', b * div(l, m1 * m2) * e),
    layerNorm(m, 'ln1', { b, l: div(l, m2), e, m: m1, t: t1 }),
  ];
}

/** Self-attention, 1D (heads sharded), fused or unfused attention. Reference `sa_1d`. */
function sa1d(m: Machine, s: ModelSpec, x: TensorLayout, flash: boolean): LayerCounts[] {
  const { l, e, h } = s;
  const { b, m1: t, t1: tt } = x;
  const q = div(e, h);
  const attention = flash
    ? [fusedAttention(m, 'fusedla', { b, l, q, h, m: t })]
    : [
        logits(m, 'logits', { b, l, q, h, m: t }),
        softmax(m, 'softmax', { b, h, l1: l, l2: l, m: t }),
        dropout(m, 'dpr_at', b * div(h, t) * l * l),
        attend(m, 'attend', { b, l, q, h, m: t }),
      ];
  return [
    linear1d(m, 'qkv', { b, l, e, f: 3 * e, me: 1, mf: t, te: 1, tf: tt }),
    ...attention,
    linear1d(m, 'vproj', { b, l, e, f: e, me: t, mf: 1, te: tt, tf: 1 }),
    bias(m, 'vproj-bias', { b, l, f: e, m1: 1, m2: 1 }),
    dropout(m, 'dpr_v', b * div(l, t) * e),
    layerNorm(m, 'ln2', { b, l, e, m: t, t: tt }),
  ];
}

/** Context-parallel attention core shared by both 2D strategies (`sa_2d_seqp`, `sa_seqp`). */
function attentionSeqp(m: Machine, s: ModelSpec, x: TensorLayout, flash: boolean): Make[] {
  const { l, e, h } = s;
  const { b, m1, m2, t2 } = x;
  const q = div(e, h);
  const p = { b, l, q, h, m1, m2, t2 };
  return flash
    ? [() => fusedAttentionSeqp(m, 'fusedla', p)]
    : [
        () => logitsSeqp(m, 'logits', p),
        () => softmax(m, 'softmax', { b, h, l1: div(l, m2), l2: l, m: m1 }),
        () => dropout(m, 'dpr_at', b * div(h, m1) * div(l, m2) * l),
        () => attendSeqp(m, 'attend', p),
      ];
}

/**
 * Self-attention for `2d`: SUMMA projections around context-parallel attention. This is what the
 * reference's 2D search evaluates (`sa_2d_seqp`).
 */
function sa2dSeqp(
  m: Machine,
  s: ModelSpec,
  x: TensorLayout,
  flash: boolean,
  base?: readonly LayerCounts[],
): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1, t2, nb } = x;
  const grid = { m1, m2, t1, t2, nb };
  return build(base, [
    () => linearSumma(m, 'qkv', { b, l, e, f: 3 * e, ...grid }),
    ...attentionSeqp(m, s, x, flash),
    () => linearSumma(m, 'vproj', { b, l, e, f: e, ...grid }),
    () => bias(m, 'vproj-bias', { b, l, f: e, m1, m2 }),
    () => dropout(m, 'dpr_v', b * div(l, m2) * div(e, m1)),
    () => layerNorm2d(m, 'ln2', { b, l, e, m1, m2, t1 }),
  ]);
}

/** Self-attention for `2d-seqp`: 1D TP projections, context-parallel attention. Reference `sa_seqp`. */
function saSeqp(m: Machine, s: ModelSpec, x: TensorLayout, flash: boolean): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1 } = x;
  return [
    linear1d(m, 'qkv', { b, l, e, f: 3 * e, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
    ...attentionSeqp(m, s, x, flash).map((make) => make()),
    linear1d(m, 'vproj', { b, l, e, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
    bias(m, 'vproj-bias', { b, l, f: e, m1, m2 }),
    dropout(m, 'dpr_v', b * div(l, m1 * m2) * e),
    layerNorm(m, 'ln2', { b, l: div(l, m2), e, m: m1, t: t1 }),
  ];
}

export interface BlockLayers {
  readonly mlp: LayerCounts[];
  readonly sa: LayerCounts[];
}

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
  switch (strategy) {
    case '1d':
      return { mlp: mlp1d(m, s, x), sa: sa1d(m, s, x, flash) };
    case '2d':
      return { mlp: mlp2d(m, s, x, base?.mlp), sa: sa2dSeqp(m, s, x, flash, base?.sa) };
    case '2d-seqp':
      return { mlp: mlpSeqp(m, s, x), sa: saSeqp(m, s, x, flash) };
  }
}
