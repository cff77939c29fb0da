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
import { chainParams, chainShape, hsoftposWidths, rebuildFlop } from './anthe.ts';
import {
  activation,
  allToAll,
  chainRebuild,
  crossAttention,
  kgvGate,
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
import { architecture, type Architecture, type ModelSpec, type Strategy, type TensorChain } from './spec.ts';
import type { GB } from './units.ts';

const div = (a: number, b: number): number => Math.floor(a / b);

/** One layer of a block, counted on demand. */
type Make = () => LayerCounts;

/**
 * The layers whose condition holds, in order (an absent bias or dropout is no layer at all). Loops here
 * and in `build`, not filter and map callbacks: every block plan of a search runs them, mostly cold.
 */
function present(...makes: (Make | false)[]): Make[] {
  const out: Make[] = [];
  for (let i = 0; i < makes.length; i++) {
    const make = makes[i] as Make | false;
    if (make !== false) out.push(make);
  }
  return out;
}

/**
 * A block's layers in order. A layer depends on the SUMMA panel count only through its `summa`
 * overlap (which carries nb), so where `base` (the block at another panel count) has a serial layer
 * at the same position, that layer is the same and is reused: the search builds a block for each panel
 * count of a grid, and this is most of the cost.
 */
function build(base: readonly LayerCounts[] | undefined, makes: readonly Make[]): LayerCounts[] {
  const out: LayerCounts[] = [];
  for (let i = 0; i < makes.length; i++) {
    const same = base?.[i];
    out.push(same && same.overlap.kind === 'serial' ? same : (makes[i] as Make)());
  }
  return out;
}

/**
 * `build`'s rule for one position, for builders that list their layers without closures: the layer at
 * index `i` of `base` when it is serial (the same at any panel count), else undefined (make it).
 */
function reusable(base: readonly LayerCounts[] | undefined, i: number): LayerCounts | undefined {
  const same = base?.[i];
  return same && same.overlap.kind === 'serial' ? same : undefined;
}

/**
 * Appends a SUMMA linear layer, as `linearMaybeChain` and `build` would: [rebuild, matmul] when stored
 * as a tensor chain (the weight split over m1 and m2), else the matmul.
 */
function pushSumma(
  out: LayerCounts[],
  base: readonly LayerCounts[] | undefined,
  m: Machine,
  layer: LayerCounts,
  tc: TensorChain | null,
  parts: readonly (readonly [number, number])[],
  x: TensorLayout,
): void {
  if (tc) {
    out.push(
      reusable(base, out.length) ??
        rebuild(m, layer.name, tc, parts, elements(m, layer), [
          [x.m1, x.t1],
          [x.m2, x.t2],
        ]),
    );
    out.push(reusable(base, out.length) ?? onChain(tc, layer));
    return;
  }
  out.push(reusable(base, out.length) ?? layer);
}

/**
 * A tensor chain's rebuild row (see layers.ts `chainRebuild`) for the weights `parts` (input x output
 * each, one chain per part) of which this GPU holds `shard` elements, split over `groups` (GPUs, of them
 * in a domain: one group in 1D, m1 and m2 on a SUMMA grid). The last contraction, which writes the weight, is done for the shard only.
 */
function rebuild(
  m: Machine,
  name: string,
  tc: TensorChain,
  parts: readonly (readonly [number, number])[],
  shard: number,
  groups: readonly (readonly [number, number])[],
): LayerCounts {
  let cores = 0;
  let inner = 0;
  let last = 0;
  let full = 0;
  for (const [input, output] of parts) {
    const shape = chainShape(input, output, tc);
    const [a, b] = rebuildFlop(shape);
    cores += chainParams(shape);
    inner += a;
    last += b;
    full += input * output;
  }
  return chainRebuild(m, `${name}-tc`, {
    cores,
    flop: [inner, (last * shard) / full],
    shardElements: shard,
    groups,
  });
}

/** A matmul on a rebuilt weight: the weights (and their gradients) are the cores', on the rebuild row. */
const onChain = (tc: TensorChain | null, layer: LayerCounts): LayerCounts =>
  tc ? { ...layer, weightsMem: 0, weightsGradMem: 0 } : layer;

/** Elements of the weight a GPU holds of a layer whose row says `weightsMem`. */
const elements = (m: Machine, layer: LayerCounts): number => layer.weightsMem / m.spec.element_size;

/**
 * A linear layer, stored as a tensor chain when `tc` is set: [rebuild, matmul] or [matmul]. The
 * weight is split over `group` GPUs (`fast` in a domain), and on a SUMMA grid `also` over the other axis.
 */
function linearMaybeChain(
  m: Machine,
  layer: LayerCounts,
  tc: TensorChain | null,
  parts: readonly (readonly [number, number])[],
  group: number,
  fast: number,
  also?: readonly [number, number],
): Make[] {
  if (!tc) return [() => layer];
  const groups: (readonly [number, number])[] = also ? [[group, fast], also] : [[group, fast]];
  return [() => rebuild(m, layer.name, tc, parts, elements(m, layer), groups), () => onChain(tc, layer)];
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
  /** The chains of fc1, fc2 and the fused Q/K/V projection (one per matrix, as the official code). */
  readonly fc1Parts: readonly (readonly [number, number])[];
  readonly fc2Parts: readonly (readonly [number, number])[];
  readonly qkvParts: readonly (readonly [number, number])[];
}

/** Per model: the search builds a block for every plan of a sweep, all of the same model. */
const widthsOf = new WeakMap<ModelSpec, Widths>();

function widths(s: ModelSpec): Widths {
  let w = widthsOf.get(s);
  if (!w) widthsOf.set(s, (w = countWidths(s)));
  return w;
}

function countWidths(s: ModelSpec): Widths {
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
    fc1Parts: gated
      ? [
          [s.e, s.f],
          [s.e, s.f],
        ]
      : [[s.e, s.f]],
    fc2Parts: [[s.f, s.e]],
    qkvParts: [
      [s.e, s.h * q],
      [s.e, a.kvHeads * q],
      [s.e, a.kvHeads * q],
    ],
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
  const tc = a.tcFfn;
  return present(
    ...linearMaybeChain(
      m,
      linear1d(m, 'fc1', { b, l, e, f: f1, me: 1, mf: t, te: 1, tf: tt }),
      tc,
      w.fc1Parts,
      t,
      tt,
    ),
    a.bias && (() => bias(m, 'fc1-bias', { b, l, f: f1, m1: t, m2: 1 })),
    () => activation(m, 'act1', b * l * div(f, t), a.mlp),
    a.dropout && (() => dropout(m, 'dpr1', b * l * div(f, t))),
    ...linearMaybeChain(
      m,
      linear1d(m, 'fc2', { b, l, e: f, f: e, me: t, mf: 1, te: tt, tf: 1 }),
      tc,
      w.fc2Parts,
      t,
      tt,
    ),
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

/**
 * MLP, 2D SUMMA on an m2 x m1 grid. Reference `mlp_2d`. Written as appends rather than `present` and
 * `build` over closures (the same layers, the same reuse of `base`): the reference's 2D search builds
 * hundreds of these, nearly all before V8 has optimised this code.
 */
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
  const tc = a.tcFfn;
  const out: LayerCounts[] = [];
  const fc1 = linearSumma(m, 'fc1', { b, l, e, f: f1, m1, m2, t1, t2, nb });
  pushSumma(out, base, m, fc1, tc, w.fc1Parts, x);
  if (a.bias) out.push(reusable(base, out.length) ?? bias(m, 'fc1-bias', { b, l, f: f1, m1, m2 }));
  out.push(reusable(base, out.length) ?? activation(m, 'act1', b * div(l, m2) * div(f, m1), a.mlp));
  if (a.dropout) out.push(reusable(base, out.length) ?? dropout(m, 'dpr1', b * div(l, m2) * div(f, m1)));
  const fc2 = linearSumma(m, 'fc2', { b, l, e: f, f: e, m1, m2, t1, t2, nb });
  pushSumma(out, base, m, fc2, tc, w.fc2Parts, x);
  if (a.bias) out.push(reusable(base, out.length) ?? bias(m, 'fc2-bias', { b, l, f: e, m1, m2 }));
  if (a.dropout) out.push(reusable(base, out.length) ?? dropout(m, 'dpr2', b * div(l, m2) * div(e, m1)));
  out.push(reusable(base, out.length) ?? norm2d(m, 'ln1', s, w, x));
  return out;
}

/** MLP, 1D TP (m1) x context parallel (m2). Reference `mlp_seqp`. */
function mlpSeqp(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout): LayerCounts[] {
  const { l, e, f } = s;
  const { b, m1, m2, t1 } = x;
  const { a, f1 } = w;
  const tc = a.tcFfn;
  return present(
    ...linearMaybeChain(
      m,
      linear1d(m, 'fc1', { b, l, e, f: f1, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
      tc,
      w.fc1Parts,
      m1,
      t1,
    ),
    a.bias && (() => bias(m, 'fc1-bias', { b, l, f: f1, m1, m2 })),
    () => activation(m, 'act1', b * div(l, m2) * div(f, m1), a.mlp),
    a.dropout && (() => dropout(m, 'dpr1', b * div(l, m2) * div(f, m1))),
    ...linearMaybeChain(
      m,
      linear1d(m, 'fc2', { b, l, e: f, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
      tc,
      w.fc2Parts,
      m1,
      t1,
    ),
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
  const es = m.spec.element_size;
  return present(
    ...linearMaybeChain(
      m,
      linear1d(m, 'qkv', { b, l, e, f: qw + 2 * kvw, me: 1, mf: t, te: 1, tf: tt }),
      a.tcAttn,
      w.qkvParts,
      t,
      tt,
    ),
    // The Q output is sharded over heads, the value input whole: the gate is gathered.
    a.kgv && (() => kgvGate(m, 'kgv', b * l * div(qw, t), b * l * qw * es, t, tt)),
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
  // As `mlp2d`: appends, not closures, with `build`'s reuse of `base`.
  const out: LayerCounts[] = [];
  const qkv = linearSumma(m, 'qkv', { b, l, e, f: qw + 2 * kvw, m1, m2, t1, t2, nb });
  pushSumma(out, base, m, qkv, a.tcAttn, w.qkvParts, x);
  // On the SUMMA grid the Q output and the value input share one layout: no gathering.
  if (a.kgv) out.push(reusable(base, out.length) ?? kgvGate(m, 'kgv', b * div(l, m2) * div(qw, m1), 0, 1, 1));
  const core = attentionSeqp(m, s, w, x, flash);
  for (let i = 0; i < core.length; i++) out.push(reusable(base, out.length) ?? (core[i] as Make)());
  out.push(reusable(base, out.length) ?? linearSumma(m, 'vproj', { b, l, e: qw, f: e, m1, m2, t1, t2, nb }));
  if (a.bias) out.push(reusable(base, out.length) ?? bias(m, 'vproj-bias', { b, l, f: e, m1, m2 }));
  if (a.dropout) out.push(reusable(base, out.length) ?? dropout(m, 'dpr_v', b * div(l, m2) * div(e, m1)));
  out.push(reusable(base, out.length) ?? norm2d(m, 'ln2', s, w, x));
  return out;
}

/** Self-attention for `2d-seqp`: 1D TP projections, context-parallel attention. Reference `sa_seqp`. */
function saSeqp(m: Machine, s: ModelSpec, w: Widths, x: TensorLayout, flash: boolean): LayerCounts[] {
  const { l, e } = s;
  const { b, m1, m2, t1 } = x;
  const { a, qw, kvw } = w;
  const es = m.spec.element_size;
  const lc = div(l, m2);
  return present(
    ...linearMaybeChain(
      m,
      linear1d(m, 'qkv', { b, l, e, f: qw + 2 * kvw, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
      a.tcAttn,
      w.qkvParts,
      m1,
      t1,
    ),
    a.kgv && (() => kgvGate(m, 'kgv', b * lc * div(qw, m1), b * lc * qw * es, m1, t1)),
    ...attentionSeqp(m, s, w, x, flash),
    () => linear1d(m, 'vproj', { b, l, e: qw, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
    a.bias && (() => bias(m, 'vproj-bias', { b, l, f: e, m1, m2 })),
    a.dropout && (() => dropout(m, 'dpr_v', b * div(l, m1 * m2) * e)),
    () => layerNorm(m, 'ln2', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms }),
  ).map((make) => make());
}

/**
 * The decoder's cross-attention (not in the paper): Q from the decoder's l tokens, K and V from the
 * encoder's `ls` output tokens, laid out as the self-attention is under each strategy (so under tensor
 * and context parallelism the encoder's output is gathered as the decoder's own tokens are); the core is
 * fused (`crossAttention`), context-parallel over m2 where the strategy has it. With KgV the gate sits on
 * the encoder side (the official `gatingmech`: key and value are both the encoder's output).
 */
function crossLayers(
  m: Machine,
  s: ModelSpec,
  w: Widths,
  x: TensorLayout,
  strategy: Strategy,
  ls: number,
  base?: readonly LayerCounts[],
): LayerCounts[] {
  const { l, e, h } = s;
  const { b, m1, m2, t1, t2, nb } = x;
  const { a, q, qw, kvw } = w;
  const kv = a.kvHeads;
  const es = m.spec.element_size;
  const qParts = w.qkvParts.slice(0, 1);
  const kvParts = w.qkvParts.slice(1);
  const tc = a.tcAttn;
  switch (strategy) {
    case '1d':
      return present(
        ...linearMaybeChain(
          m,
          linear1d(m, 'xq', { b, l, e, f: qw, me: 1, mf: m1, te: 1, tf: t1 }),
          tc,
          qParts,
          m1,
          t1,
        ),
        ...linearMaybeChain(
          m,
          linear1d(m, 'xkv', { b, l: ls, e, f: 2 * kvw, me: 1, mf: m1, te: 1, tf: t1 }),
          tc,
          kvParts,
          m1,
          t1,
        ),
        a.kgv && (() => kgvGate(m, 'xkgv', b * ls * div(qw, m1), b * ls * qw * es, m1, t1)),
        () => crossAttention(m, 'xattn', { b, lq: l, lk: ls, q, h, m1, m2: 1, t2: 1, kv }),
        () => linear1d(m, 'xvproj', { b, l, e: qw, f: e, me: m1, mf: 1, te: t1, tf: 1 }),
        a.bias && (() => bias(m, 'xvproj-bias', { b, l, f: e, m1: 1, m2: 1 })),
        a.dropout && (() => dropout(m, 'dpr_x', b * div(l, m1) * e)),
        () => layerNorm(m, 'ln3', { b, l, e, m: m1, t: t1, rms: w.rms }),
      ).map((make) => make());
    case '2d': {
      const grid = { m1, m2, t1, t2, nb };
      const chain = (layer: LayerCounts, parts: Widths['qkvParts']) =>
        linearMaybeChain(m, layer, tc, parts, m1, t1, [m2, t2]);
      return build(
        base,
        present(
          ...chain(linearSumma(m, 'xq', { b, l, e, f: qw, ...grid }), qParts),
          ...chain(linearSumma(m, 'xkv', { b, l: ls, e, f: 2 * kvw, ...grid }), kvParts),
          a.kgv && (() => kgvGate(m, 'xkgv', b * div(ls, m2) * div(qw, m1), 0, 1, 1)),
          () => crossAttention(m, 'xattn', { b, lq: l, lk: ls, q, h, m1, m2, t2, kv }),
          () => linearSumma(m, 'xvproj', { b, l, e: qw, f: e, ...grid }),
          a.bias && (() => bias(m, 'xvproj-bias', { b, l, f: e, m1, m2 })),
          a.dropout && (() => dropout(m, 'dpr_x', b * div(l, m2) * div(e, m1))),
          () => norm2d(m, 'ln3', s, w, x),
        ),
      );
    }
    case '2d-seqp':
      return present(
        ...linearMaybeChain(
          m,
          linear1d(m, 'xq', { b, l, e, f: qw, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
          tc,
          qParts,
          m1,
          t1,
        ),
        ...linearMaybeChain(
          m,
          linear1d(m, 'xkv', { b, l: ls, e, f: 2 * kvw, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 }),
          tc,
          kvParts,
          m1,
          t1,
        ),
        a.kgv && (() => kgvGate(m, 'xkgv', b * div(ls, m2) * div(qw, m1), b * div(ls, m2) * qw * es, m1, t1)),
        () => crossAttention(m, 'xattn', { b, lq: l, lk: ls, q, h, m1, m2, t2, kv }),
        () => linear1d(m, 'xvproj', { b, l, e: qw, f: e, me: m1, mf: 1, te: t1, tf: 1, mseq: m2 }),
        a.bias && (() => bias(m, 'xvproj-bias', { b, l, f: e, m1, m2 })),
        a.dropout && (() => dropout(m, 'dpr_x', b * div(l, m1 * m2) * e)),
        () => layerNorm(m, 'ln3', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms }),
      ).map((make) => make());
  }
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

/** An encoder-decoder model's two kinds of layer. */
export interface EncoderDecoderLayers {
  readonly encoder: BlockLayers;
  readonly decoder: BlockLayers;
}

/**
 * The layers of an encoder-decoder model (needs `encoder`): the encoder's layer on the source tokens,
 * the decoder's (self-attention and cross-attention in its attention list, then the MLP) on the target
 * tokens. The pipeline runs the encoder's layers first, then the decoder's, split evenly over the stages
 * (a stage may hold both). What crosses every stage boundary is both token streams: the target
 * embeddings ride through the encoder stages, and the encoder's output (which every decoder layer reads)
 * through the decoder stages, so each p2p carries (b, source + target, e), sharded as a layer's output.
 * `base` as for `blockLayers`.
 */
export function encoderDecoderLayers(
  m: Machine,
  s: ModelSpec,
  strategy: Strategy,
  x: TensorLayout,
  flash: boolean,
  base?: EncoderDecoderLayers,
): EncoderDecoderLayers {
  const enc = architecture(s).encoder;
  if (!enc) throw new Error('encoderDecoderLayers: the model has no encoder');
  const encoder = blockLayers(m, { ...s, l: enc.l }, strategy, x, flash, base?.encoder);
  const self = blockLayers(m, s, strategy, x, flash, base?.decoder);
  const cross = crossLayers(m, s, widths(s), x, strategy, enc.l, base?.decoder.sa.slice(self.sa.length));
  const p2pVolume = encoder.p2pVolume + self.p2pVolume;
  return {
    encoder: { ...encoder, p2pVolume },
    decoder: { ...self, sa: [...self.sa, ...cross], p2pVolume },
  };
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
  const a = architecture(s);
  const { vocab, encoder } = a;
  if (!encoder && a.hsoftpos === 0 && !a.tcEmbed)
    return [embedding(m, 'embedding', { b: x.b, l: s.l, e: s.e, vocab, m: x.m1, t: x.t1, mseq: x.m2 })];
  if (!encoder) return tokenEmbedding(m, s, a, x, 'embedding', s.l, false);
  // Source and target both embedded on the first stage; a shared module holds its weights once.
  return [
    ...tokenEmbedding(m, s, a, x, 'src-embedding', encoder.l, false),
    ...tokenEmbedding(m, s, a, x, 'tgt-embedding', s.l, encoder.sharedEmbeddings),
  ];
}

/**
 * One stream's embedding: the vocabulary-parallel lookup (a tensor chain's rows rebuilt per shard with
 * `tcEmbed`), and with H-SoftPOS (Anthe) a table of a fraction of the width, then per level a causal
 * convolution of kernel 3 (from the second level; as a matmul of 3 x its input width) and a soft
 * position (a softmax over the level's width and a local x local matmul), all on each GPU's tokens with
 * the small weights replicated. `shared`: the module is another stream's, its weights counted there.
 */
function tokenEmbedding(
  m: Machine,
  s: ModelSpec,
  a: Architecture,
  x: TensorLayout,
  name: string,
  l: number,
  shared: boolean,
): LayerCounts[] {
  const { b, m1, m2, t1 } = x;
  const levels = a.hsoftpos;
  const { local, table } = levels > 0 ? hsoftposWidths(s.e, levels) : { local: 0, table: s.e };
  const lookup = embedding(m, name, { b, l, e: table, vocab: a.vocab, m: m1, t: t1, mseq: m2 });
  const tc = shared ? null : a.tcEmbed;
  const rows: LayerCounts[] = tc
    ? [rebuild(m, name, tc, [[a.vocab, table]], elements(m, lookup), [[m1, t1]]), onChain(tc, lookup)]
    : [lookup];
  const seq = { me: 1, mf: 1, te: 1, tf: 1, mseq: m1 * m2 };
  for (let i = 0; i < levels; i++) {
    if (i > 0) {
      const input = 3 * (i === 1 ? table : local);
      rows.push(linear1d(m, `${name}-conv${i}`, { b, l, e: input, f: local, ...seq }));
    }
    rows.push(softmax(m, `${name}-spos${i}-softmax`, { b, h: 1, l1: div(l, m1 * m2), l2: local, m: 1 }));
    rows.push(linear1d(m, `${name}-spos${i}`, { b, l, e: local, f: local, ...seq }));
  }
  return shared ? rows.map((r) => ({ ...r, weightsMem: 0, weightsGradMem: 0 })) : rows;
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
  const { a } = w;
  const vocab = a.vocab;
  const padded = m1 * Math.ceil(vocab / m1);
  const head = linear1d(m, 'lm-head', { b, l, e, f: padded, me: 1, mf: m1, te: 1, tf: t1, mseq: m2 });
  return present(
    // Post-norm models end each layer with a norm: none before the head.
    !a.postNorm && (() => layerNorm(m, 'final-norm', { b, l: div(l, m2), e, m: m1, t: t1, rms: w.rms })),
    ...linearMaybeChain(m, head, a.tcHead, [[e, vocab]], m1, t1),
    a.denseBiases && !a.tiedEmbeddings && (() => bias(m, 'lm-head-bias', { b, l, f: padded, m1, m2 })),
    () => crossEntropy(m, 'loss', { b, l: div(l, m2), vocab, m: m1, t: t1 }),
  ).map((make) => make());
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
  if (a.encoder) {
    // The encoder's layers take the place of the leading dense layers, the decoder's of the experts.
    const { encoder, decoder } = encoderDecoderLayers(m, s, strategy, x, flash);
    return {
      dense: encoder,
      moe: decoder,
      embed: a.vocab > 0 ? embeddingLayers(m, s, x) : null,
      head: a.vocab > 0 ? headLayers(m, s, x) : null,
    };
  }
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
