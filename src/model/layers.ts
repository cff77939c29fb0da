/**
 * Per-layer counts for one micro-batch through one transformer layer, forward and backward:
 * FLOPs (TFLOP), HBM traffic (GB), memory held (GB) and the collectives each pass issues.
 *
 * Symbols as in arXiv 2410.00273 §3: b micro-batch, l sequence, e embedding, f MLP hidden, h heads,
 * q = e/h head size; m1/m2 the two tensor-parallel degrees, t1/t2 how many GPUs of each group share an
 * NVLink domain. Each estimator mirrors a class of the reference's `layers.py`, keeping its integer
 * divisions (`//`) and its order of operations, so the numbers match it to the last bit where it can.
 */
import type { MlpKind } from './spec.ts';
import type { Machine } from './system.ts';
import type { CollectiveType } from './time.ts';
import type { GB, TFLOP } from './units.ts';

/** One collective issued by a layer in one pass. `fast` GPUs of the `group` sit in one NVLink domain. */
export interface Collective {
  readonly type: CollectiveType;
  readonly volume: GB;
  readonly group: number;
  readonly fast: number;
}

/**
 * How a layer's collectives combine with its compute:
 * - `serial`: they follow the compute (time = roofline + sum of collectives);
 * - `summa`: SUMMA's `nb` panels pipeline one panel's collectives behind the compute (§3.2.2).
 */
export type CommOverlap =
  | { readonly kind: 'serial' }
  | { readonly kind: 'summa'; readonly nb: number }
  /**
   * Ring attention (training.ts `ringAttention`, not in the paper): the pass runs as `steps` equal kernels;
   * an all-gather is issued before the first and hides under it, each point-to-point exchange (a list
   * entry's volume is all `steps` - 1 of them) under one of the others.
   */
  | { readonly kind: 'ring'; readonly steps: number };

export interface LayerCounts {
  readonly name: string;
  /** Tensor cores (matrix rate) or vector units. */
  readonly tensorCores: boolean;
  readonly flopsFwd: TFLOP;
  readonly flopsBwd: TFLOP;
  /** HBM traffic. */
  readonly memFwd: GB;
  readonly memBwd: GB;
  /** Kept from the forward for the backward pass. */
  readonly activationBuffer: GB;
  readonly weightsMem: GB;
  readonly weightsGradMem: GB;
  /** Non-zero collectives only, in the reference's order. */
  readonly commFwd: readonly Collective[];
  readonly commBwd: readonly Collective[];
  readonly overlap: CommOverlap;
  /** Beyond the paper (training.ts): a GEMM run at the FP8 rate; absent = bf16. */
  readonly fp8?: boolean;
  /** Beyond the paper (training.ts): the backward redoes this layer's forward; absent = no. */
  readonly recomputed?: boolean;
  /**
   * Beyond the paper: memory the layer holds only while it runs (a tensor chain's rebuilt weight shard);
   * the step adds the largest of a layer's once to the peak. Absent = none.
   */
  readonly transient?: GB;
}

const SERIAL: CommOverlap = { kind: 'serial' };

/**
 * Builds the collective list, dropping zero-volume entries (they cost nothing in the reference). Up to
 * four, as parameters rather than a rest list: the search counts layers for every block plan, mostly in
 * unoptimised code, where each call's rest array is one more allocation.
 */
function comms(a: Collective, b?: Collective, c?: Collective, d?: Collective): Collective[] {
  const out: Collective[] = [];
  if (a.volume !== 0) out.push(a);
  if (b !== undefined && b.volume !== 0) out.push(b);
  if (c !== undefined && c.volume !== 0) out.push(c);
  if (d !== undefined && d.volume !== 0) out.push(d);
  return out;
}

function coll(type: CollectiveType, volume: GB, group: number, fast: number): Collective {
  return { type, volume, group, fast };
}

/** Python's `//` on non-negative integers. */
export const div = (a: number, b: number): number => Math.floor(a / b);

/** `x if cond else 0`, and the reference's `bool * x` (m_parallel * volume). */
const when = (cond: boolean, x: number): number => (cond ? x : 0);

interface Ctx {
  /** TFLOP per multiply or add. */
  readonly U: number;
  /** GB per bf16 element. */
  readonly es: number;
  /** GB per dropout-mask element. */
  readonly mes: number;
  readonly tcf: number;
}

/** The last machine's constants: a sweep builds every layer of every plan on one machine. */
let ctxMachine: Machine | null = null;
let ctxLast: Ctx = { U: 0, es: 0, mes: 0, tcf: 0 };

function ctx(m: Machine): Ctx {
  if (m !== ctxMachine) {
    ctxLast = {
      U: 1 * m.spec.flops_units,
      es: m.spec.element_size,
      mes: m.spec.mask_element_size,
      tcf: m.tensorCoreFactor,
    };
    ctxMachine = m;
  }
  return ctxLast;
}

/**
 * Linear Y = XW (no bias) with 1D tensor parallelism (Megatron) and optional context parallelism:
 * `me` shards e (row-parallel: reduce-scatter the output in fwd), `mf` shards f (column-parallel:
 * reduce-scatter dX in bwd), `mseq` shards the sequence. §3.2.1, eqs. for the 1D linear layer.
 * Reference: `Linear` (mseq = 1) and `LinearSeqp`.
 */
export function linear1d(
  m: Machine,
  name: string,
  p: {
    b: number;
    l: number;
    e: number;
    f: number;
    me: number;
    mf: number;
    te: number;
    tf: number;
    mseq?: number;
  },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, e, f, me, mf, te, tf } = p;
  const l = div(p.l, p.mseq ?? 1);
  const fl = div(f, mf);
  const el = div(e, me);

  const flopsFwd = b * l * fl * (el * U + (el - 1) * U);
  const activationIn = b * l * el * es;
  const activationOut = b * l * fl * es;
  const activationBuffer = b * l * el * es;
  const weightsMem = el * fl * es;
  const memFwd = activationIn + activationOut + weightsMem;
  const commFwd = comms(coll('reducescatter', when(me > 1, b * l * f * es), me, te));

  const xgradFlops = b * l * el * (fl * U + (fl - 1) * U);
  const wgradFlops = el * fl * (b * l * U + (b * l - 1) * U);
  const flopsBwd = xgradFlops + wgradFlops;
  const weightsGradMem = el * fl * es;
  const xgradMem = b * l * el * es;
  const ygradMem = b * l * fl * es;
  // dY is read twice: once for dX, once for dW.
  const memBwd = weightsGradMem + xgradMem + 2 * ygradMem + weightsMem + activationBuffer;
  const commBwd = comms(coll('reducescatter', when(mf > 1, b * l * e * es), mf, tf));

  return {
    name,
    tensorCores: true,
    flopsFwd,
    flopsBwd,
    memFwd,
    memBwd,
    activationBuffer,
    weightsMem,
    weightsGradMem,
    commFwd,
    commBwd,
    overlap: SERIAL,
  };
}

/**
 * Linear with 2D SUMMA tensor parallelism on an m2 x m1 grid: X is (b, l/m2, e/m1), W is (e/m2, f/m1),
 * `nb` panels, each a row broadcast of X and a column broadcast of W; the backward adds the two
 * reductions. §3.2.2. Reference: `LinearSumma`.
 */
export function linearSumma(
  m: Machine,
  name: string,
  p: {
    b: number;
    l: number;
    e: number;
    f: number;
    m1: number;
    m2: number;
    t1: number;
    t2: number;
    nb: number;
  },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l, e, f, m1, m2, t1, t2, nb } = p;
  const p1 = m1 > 1;
  const p2 = m2 > 1;
  const ll = div(l, m2);
  const fl = div(f, m1);
  const el1 = div(e, m1);
  const el2 = div(e, m2);

  // Counted over all panels: e multiplies and e adds per output element.
  const flopsFwd = b * ll * fl * (e * U + e * U);
  const activationBuffer = b * ll * el1 * es;
  const weightsMem = el2 * fl * es;
  const memFwd = (b * ll * e + e * fl + b * ll * fl * nb) * es;
  const commFwd = comms(
    coll('broadcast', when(p1, b * ll * e) * es, m1, t1),
    coll('broadcast', when(p2, e * fl) * es, m2, t2),
  );

  const xgradFlops = b * ll * e * (fl * U + (fl - 1) * U);
  const wgradFlops = e * fl * (b * ll * U + (b * ll - 1) * U);
  const flopsBwd = xgradFlops + wgradFlops;
  const weightsGradMem = el2 * fl * es;
  let memBwd = (fl * e + b * ll * fl * nb + b * ll * e) * es;
  memBwd += (e * b * ll + b * ll * fl * nb + e * fl) * es;
  const commBwd = comms(
    coll('broadcast', when(p2, e * fl) * es, m2, t2), // dX = dY W^T: broadcast W panels
    coll('reduce', when(p1, b * ll * e) * es, m1, t1), // reduce the dX panels
    coll('broadcast', when(p1, b * ll * e) * es, m1, t1), // dW = X^T dY: broadcast X panels
    coll('reduce', when(p2, e * fl) * es, m2, t2), // reduce the dW panels
  );

  return {
    name,
    tensorCores: true,
    flopsFwd,
    flopsBwd,
    memFwd,
    memBwd,
    activationBuffer,
    weightsMem,
    weightsGradMem,
    commFwd,
    commBwd,
    overlap: { kind: 'summa', nb },
  };
}

/**
 * Bias add on (b, l/m2, f/m1). The bias-gradient all-reduce is left out, as in the reference
 * (assumed overlapped). Reference: `Bias`.
 */
export function bias(
  m: Machine,
  name: string,
  p: { b: number; l: number; f: number; m1: number; m2: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b } = p;
  const ll = div(p.l, p.m2);
  const fl = div(p.f, p.m1);
  const weightsMem = 1 * fl * es;
  const flopsFwd = b * ll * (fl * U);
  const memFwd = (b * ll * fl + 1 * fl) * es;
  return {
    name,
    tensorCores: false,
    flopsFwd,
    flopsBwd: b * ll * fl * U,
    memFwd,
    memBwd: (b * ll * fl + 1 * fl) * es,
    activationBuffer: 0,
    weightsMem,
    weightsGradMem: 1 * fl * es,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/**
 * The MLP's activation on `n` local output elements. GELU (the paper): 8 FLOPs forward, 13 backward per
 * element, reference `Act`. Gated (SwiGLU, GeGLU; not in the paper): the same for the gate's activation
 * plus the product with the linear branch (1 forward, 2 backward: one gradient per branch); it reads two
 * inputs and keeps both for the backward. Squared ReLU (Nemotron-4): 2 forward (max, square), 3 backward.
 */
export function activation(m: Machine, name: string, n: number, kind: MlpKind = 'gelu'): LayerCounts {
  const { U, es } = ctx(m);
  const gated = kind === 'swiglu' || kind === 'geglu';
  const inputs = gated ? 2 : 1;
  const activationBuffer = inputs * n * es;
  const [fwd, bwd] = kind === 'relu2' ? [2, 3] : gated ? [9, 15] : [8, 13];
  return {
    name,
    tensorCores: false,
    flopsFwd: n * U * fwd,
    flopsBwd: n * U * bwd,
    memFwd: gated ? 3 * n * es : n * es + n * es,
    // Reads dY and the kept inputs, writes one gradient per input.
    memBwd: gated ? 3 * n * es + activationBuffer : 2 * n * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/** Dropout on `n` local elements; keeps a 1-byte mask for the backward. Reference: `DropOut`. */
export function dropout(m: Machine, name: string, n: number): LayerCounts {
  const { U, es, mes } = ctx(m);
  let activationIn = n * es;
  activationIn += n * mes;
  const activationOut = n * es;
  const activationBuffer = n * mes;
  return {
    name,
    tensorCores: false,
    flopsFwd: n * U,
    flopsBwd: n * U,
    memFwd: activationIn + activationOut,
    memBwd: 2 * n * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/** Softmax over (b, h/m, l1, l2), heads sharded (1D). Reference: `Softmax`. */
export function softmax(
  m: Machine,
  name: string,
  p: { b: number; h: number; l1: number; l2: number; m: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l1, l2 } = p;
  const hl = div(p.h, p.m);
  const n = b * hl * l1 * l2;
  const activationBuffer = n * es;
  return {
    name,
    tensorCores: false,
    flopsFwd: b * hl * l1 * l2 * (U + U) + b * hl * l1 * (l2 - 1) * U,
    flopsBwd: 2 * b * hl * l1 * l2 * U + b * hl * l1 * (l2 - 1) * U + b * hl * l1 * l2 * U,
    memFwd: n * es + n * es,
    memBwd: 2 * n * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/**
 * RMSNorm on (b, ll, el) local elements (not in the paper): the layer norm's counts without the mean and
 * the shift, one statistic per row and a gain only.
 */
function rmsNormCounts(
  c: Ctx,
  b: number,
  ll: number,
  el: number,
  name: string,
  commFwd: Collective[],
  commBwd: Collective[],
): LayerCounts {
  const { U, es } = c;
  const n = b * ll * el;
  const flopsFwd = 2 * n * U + n * U + n * U; // mean square, normalise, scale
  const activationBuffer = n * es;
  const weightsMem = el * es;
  const flopsBwd = 2 * n * U + 4 * n * U + 2 * b * ll * (el - 1) * U; // dgamma, dX
  return {
    name,
    tensorCores: false,
    flopsFwd,
    flopsBwd,
    memFwd: n * es + b * ll * es + n * es + weightsMem,
    memBwd: 3 * n * es + weightsMem + activationBuffer,
    activationBuffer,
    weightsMem,
    weightsGradMem: weightsMem,
    commFwd,
    commBwd,
    overlap: SERIAL,
  };
}

/**
 * Shared arithmetic of both layer norms on (b, ll, el) local elements, written into the layer itself
 * (no counts object spread into it: most plans are built in unoptimised code).
 */
function layerNormCounts(
  c: Ctx,
  b: number,
  ll: number,
  el: number,
  name: string,
  commFwd: Collective[],
  commBwd: Collective[],
): LayerCounts {
  const { U, es } = c;
  let flopsFwd = 2 * b * ll * el * U; // mean
  flopsFwd += 2 * b * ll * el * U + b * ll * el * U; // variance
  flopsFwd += b * ll * el * U + b * ll * el * U; // normalise
  flopsFwd += b * ll * el * U + b * ll * el * U; // scale and shift
  let activationIn = b * ll * el * es;
  activationIn += 2 * (b * ll) * es; // mean and std
  const activationOut = b * ll * el * es;
  const activationBuffer = b * ll * el * es;
  const weightsMem = 2 * el * es;
  let flopsBwd = b * ll * el * U + 2 * b * ll * el * U; // dgamma, dbeta
  flopsBwd += 5 * b * ll * el * U + 4 * b * ll * (el - 1) * U; // dX
  const activationGradMem = 4 * (b * ll * el) * es;
  const weightsGradMem = 2 * el * es;
  return {
    name,
    tensorCores: false,
    flopsFwd,
    flopsBwd,
    memFwd: activationIn + activationOut + weightsMem,
    memBwd: activationGradMem + weightsGradMem + activationBuffer,
    activationBuffer,
    weightsMem,
    weightsGradMem,
    commFwd,
    commBwd,
    overlap: SERIAL,
  };
}

/**
 * Layer norm with the sequence sharded m ways (Megatron sequence parallelism): all-gather the full
 * activation forward, reduce-scatter its gradient backward. Reference: `LayerNorm`.
 */
export function layerNorm(
  m: Machine,
  name: string,
  p: { b: number; l: number; e: number; m: number; t: number; rms?: boolean },
): LayerCounts {
  const c = ctx(m);
  const { b, l, e } = p;
  const volume = when(p.m > 1, b * l * e * c.es);
  return (p.rms ? rmsNormCounts : layerNormCounts)(
    c,
    b,
    div(l, p.m),
    e,
    name,
    comms(coll('allgather', volume, p.m, p.t)),
    comms(coll('reducescatter', volume, p.m, p.t)),
  );
}

/**
 * Layer norm on a SUMMA grid, (b, l/m2, e/m1): statistics all-reduced over m1 forward, statistics and
 * gamma/beta gradients backward. Reference: `LayerNorm2D`. Faithful to a slip there: the local width is
 * `l // m1` (sequence), not `e // m1`; the golden figures carry it, so parity keeps it.
 */
export function layerNorm2d(
  m: Machine,
  name: string,
  p: { b: number; l: number; e: number; m1: number; m2: number; t1: number },
): LayerCounts {
  const c = ctx(m);
  const { b, l, e, m1, m2, t1 } = p;
  const ll = div(l, m2);
  return layerNormCounts(
    c,
    b,
    ll,
    div(l, m1),
    name,
    comms(coll('allreduce', when(m1 > 1, 2 * b * ll) * c.es, m1, t1)),
    comms(coll('allreduce', when(m1 > 1, div(2 * e, m1) + div(2 * b * l, m2)) * c.es, m1, t1)),
  );
}

/** A = Q K^T with heads sharded m ways (1D, unfused). Reference: `Logits`. */
export function logits(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m: number; kv?: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l, q } = p;
  const hl = div(p.h, p.m);
  const kvl = div(p.kv ?? p.h, p.m);
  let activationIn = b * hl * l * q * es;
  activationIn += b * kvl * l * q * es;
  const activationOut = b * hl * l * l * es;
  const activationBuffer = (b * hl * l * q + b * kvl * l * q) * es; // Q and K
  return {
    name,
    tensorCores: true,
    flopsFwd: b * hl * l * l * (q * U + (q - 1) * U),
    flopsBwd: 2 * b * hl * l * q * (l * U + (l - 1) * U),
    memFwd: activationIn + activationOut,
    memBwd: (b * hl * l * q + b * kvl * l * q) * es + 2 * (b * hl * l * l) * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/** Y = A V with heads sharded m ways (1D, unfused). Reference: `Attend`. */
export function attend(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m: number; kv?: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l, q } = p;
  const hl = div(p.h, p.m);
  const kvl = div(p.kv ?? p.h, p.m);
  let activationIn = b * hl * l * l * es;
  activationIn += b * kvl * l * q * es;
  const activationOut = b * hl * l * q * es;
  const bufferA = b * hl * l * l * es;
  const bufferV = b * kvl * l * q * es;
  let flopsBwd = b * hl * l * l * (q * U + (q - 1) * U);
  flopsBwd += b * hl * l * q * (l * U + (l - 1) * U);
  return {
    name,
    tensorCores: true,
    flopsFwd: b * hl * l * q * (l * U + (l - 1) * U),
    flopsBwd,
    memFwd: activationIn + activationOut,
    memBwd: (2 * (b * hl * l * q) + b * kvl * l * q) * es + b * hl * l * l * es + bufferA + bufferV,
    activationBuffer: bufferA + bufferV,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/**
 * A = Q K^T with heads sharded m1 ways and the sequence m2 ways (context parallel): K is all-gathered
 * forward; backward all-gathers K again and reduce-scatters dK. Reference: `LogitsSeqp`.
 */
export function logitsSeqp(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m1: number; m2: number; t2: number; kv?: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l, q, m2, t2 } = p;
  const ll = div(l, m2);
  const hl = div(p.h, p.m1);
  const kvl = div(p.kv ?? p.h, p.m1);
  let activationIn = b * hl * ll * q * es;
  activationIn += b * kvl * l * q * es;
  const activationOut = b * hl * ll * l * es;
  const activationBuffer = (b * hl * ll * q + b * kvl * ll * q) * es;
  let flopsBwd = b * hl * ll * q * (l * U + (l - 1) * U);
  flopsBwd += b * hl * l * q * (ll * U + (ll - 1) * U);
  const gathered = when(m2 > 1, b * kvl * l * q) * es;
  return {
    name,
    tensorCores: true,
    flopsFwd: b * hl * ll * l * (q * U + (q - 1) * U),
    flopsBwd,
    memFwd: activationIn + activationOut,
    memBwd: (b * hl * ll * q + b * kvl * l * q) * es + 2 * (b * hl * ll * l) * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: comms(coll('allgather', gathered, m2, t2)),
    commBwd: comms(coll('allgather', gathered, m2, t2), coll('reducescatter', gathered, m2, t2)),
    overlap: SERIAL,
  };
}

/** Y = A V, context parallel: V all-gathered forward and backward, dV reduce-scattered. Reference: `AttendSeqp`. */
export function attendSeqp(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m1: number; m2: number; t2: number; kv?: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, l, q, m2, t2 } = p;
  const ll = div(l, m2);
  const hl = div(p.h, p.m1);
  const kvl = div(p.kv ?? p.h, p.m1);
  let activationIn = b * hl * ll * l * es;
  activationIn += b * kvl * l * q * es;
  const activationOut = b * hl * ll * q * es;
  let activationBuffer = b * hl * ll * l * es;
  activationBuffer += b * hl * ll * q * es;
  let flopsBwd = b * hl * ll * l * (q * U + (q - 1) * U);
  flopsBwd += b * hl * l * q * (ll * U + (ll - 1) * U);
  const activationGradMem = 2 * (b * hl * ll * q) * es + b * hl * ll * q * es;
  const attentionGradMem = b * hl * ll * l * es;
  const gatheredBuffers = (b * hl * ll * l + b * kvl * l * q) * es;
  const gathered = when(m2 > 1, b * kvl * l * q) * es;
  return {
    name,
    tensorCores: true,
    flopsFwd: b * hl * ll * q * (l * U + (l - 1) * U),
    flopsBwd,
    memFwd: activationIn + activationOut,
    memBwd: activationGradMem + attentionGradMem + gatheredBuffers,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: comms(coll('allgather', gathered, m2, t2)),
    commBwd: comms(coll('allgather', gathered, m2, t2), coll('reducescatter', gathered, m2, t2)),
    overlap: SERIAL,
  };
}

/**
 * FLOPs of fused attention (FlashAttention) on `lq` local query rows against `lk` keys, heads `hl`:
 * logits, softmax and dropout (vector work, scaled by matrix/vector so it can be charged at the tensor
 * rate, as the reference does), attend; backward also recomputes the forward. §3.2.3.
 */
function fusedAttentionFlops(c: Ctx, b: number, hl: number, lq: number, l: number, q: number): void {
  const { U, tcf } = c;
  const softmaxFwd = (b * hl * lq * l * (U + U) + b * hl * lq * (l - 1) * U) * tcf;
  const dropoutFwd = b * hl * lq * l * U * tcf;
  let fwd = b * hl * lq * l * (q * U + (q - 1) * U);
  fwd += softmaxFwd;
  fwd += dropoutFwd;
  fwd += b * hl * lq * q * (l * U + (l - 1) * U);
  attentionFlops[0] = fwd;
  attentionFlops[1] = softmaxFwd;
  attentionFlops[2] = dropoutFwd;
}

/**
 * `fusedAttentionFlops`' result: the forward, and its softmax and dropout terms (the backward recomputes
 * them). Read back at once by its caller; a typed array holds them without an object or closures per layer.
 */
const attentionFlops = new Float64Array(3);

/** Fused logits-softmax-dropout-attend, heads sharded m ways (1D). Reference: `FusedLA`. */
export function fusedAttention(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m: number; kv?: number },
): LayerCounts {
  const c = ctx(m);
  const { U, es, tcf } = c;
  const { b, l, q } = p;
  const hl = div(p.h, p.m);
  // Grouped-query attention (not in the paper): K and V have kv heads, shared by h/kv query heads each.
  const kvl = div(p.kv ?? p.h, p.m);
  fusedAttentionFlops(c, b, hl, l, l, q);
  const fwd = attentionFlops[0] as number;
  const softmaxFwd = attentionFlops[1] as number;
  const dropoutFwd = attentionFlops[2] as number;

  let activationIn = b * hl * l * q * es; // Q
  activationIn += 2 * (b * kvl * l * q) * es; // K and V
  activationIn += b * hl * l * es; // softmax statistics
  const activationOut = b * hl * l * q * es;
  let activationBuffer = (b * hl * l * q + 2 * (b * kvl * l * q)) * es; // Q, K, V
  activationBuffer += b * hl * l * es; // dropout RNG state
  activationBuffer += b * hl * l * es; // softmax statistics
  activationBuffer += b * hl * l * q * es; // output, kept for the fused backward

  let bwd = 2 * b * hl * l * q * (l * U + (l - 1) * U); // dQ, dK
  bwd += (2 * b * hl * l * l * U + b * hl * l * (l - 1) * U + b * hl * l * l * U) * tcf; // softmax
  bwd += b * hl * l * l * U * tcf; // dropout
  bwd += b * hl * l * l * (q * U + (q - 1) * U); // dA
  bwd += b * hl * l * q * (l * U + (l - 1) * U); // dV
  bwd += b * hl * l * l * (q * U + (q - 1) * U); // recomputed logits
  bwd += softmaxFwd;
  bwd += dropoutFwd;

  return {
    name,
    tensorCores: true,
    flopsFwd: fwd,
    flopsBwd: bwd,
    memFwd: activationIn + activationOut + 0,
    memBwd: (2 * (b * hl * l * q) + 2 * (b * kvl * l * q)) * es + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/**
 * Fused attention with heads sharded m1 ways and the sequence m2 ways (context parallel): K and V are
 * all-gathered forward and backward, dK and dV reduce-scattered. Reference: `FusedLASeqp`, which is
 * `crossAttention` with queries and keys from the same sequence (lq = lk = l: the same operations in the
 * same order, so the golden figures hold to the bit).
 */
export function fusedAttentionSeqp(
  m: Machine,
  name: string,
  p: { b: number; l: number; q: number; h: number; m1: number; m2: number; t2: number; kv?: number },
): LayerCounts {
  return crossAttentionCounts(m, name, p.b, p.l, p.l, p.q, p.h, p.m1, p.m2, p.t2, p.kv);
}

/**
 * Fused attention of `lq` query rows against `lk` key/value rows (not in the paper: an encoder-decoder's
 * cross-attention, queries from the decoder, keys and values from the encoder's output), heads sharded m1
 * ways and both sequences m2 ways (context parallel: K and V all-gathered forward and backward, dK and dV
 * reduce-scattered). `fusedAttentionSeqp` is its lq = lk case.
 */
export function crossAttention(
  m: Machine,
  name: string,
  p: {
    b: number;
    lq: number;
    lk: number;
    q: number;
    h: number;
    m1: number;
    m2: number;
    t2: number;
    kv?: number;
  },
): LayerCounts {
  return crossAttentionCounts(m, name, p.b, p.lq, p.lk, p.q, p.h, p.m1, p.m2, p.t2, p.kv);
}

/** `crossAttention`'s counts from its parameters one by one (`fusedAttentionSeqp` passes its own). */
function crossAttentionCounts(
  m: Machine,
  name: string,
  b: number,
  lq: number,
  lk: number,
  q: number,
  h: number,
  m1: number,
  m2: number,
  t2: number,
  kv: number | undefined,
): LayerCounts {
  const c = ctx(m);
  const { U, es, tcf } = c;
  const ll = div(lq, m2);
  const kl = div(lk, m2);
  const hl = div(h, m1);
  const kvl = div(kv ?? h, m1);
  fusedAttentionFlops(c, b, hl, ll, lk, q);
  const fwd = attentionFlops[0] as number;
  const softmaxFwd = attentionFlops[1] as number;
  const dropoutFwd = attentionFlops[2] as number;

  let activationIn = b * hl * ll * q * es; // Q
  activationIn += 2 * (b * kvl * lk * q) * es; // gathered K and V
  activationIn += b * hl * ll * es;
  const activationOut = b * hl * ll * q * es;
  let activationBuffer = (b * hl * ll * q + 2 * (b * kvl * kl * q)) * es; // Q, local K and V
  activationBuffer += b * hl * ll * es; // dropout RNG state
  activationBuffer += b * hl * ll * es; // softmax statistics
  activationBuffer += b * hl * ll * q * es; // output, kept for the fused backward

  let bwd = b * hl * ll * q * (lk * U + (lk - 1) * U); // dQ
  bwd += b * hl * lk * q * (ll * U + (ll - 1) * U); // dK
  bwd += (2 * b * hl * ll * lk * U + b * hl * ll * (lk - 1) * U + b * hl * ll * lk * U) * tcf;
  bwd += b * hl * ll * lk * U * tcf;
  bwd += b * hl * ll * lk * (q * U + (q - 1) * U); // dA
  bwd += b * hl * lk * q * (ll * U + (ll - 1) * U); // dV
  bwd += b * hl * ll * lk * (q * U + (q - 1) * U); // recomputed logits
  bwd += softmaxFwd;
  bwd += dropoutFwd;

  let activationGradMem = 2 * (b * kvl * lk * q) * es; // dK, dV before reduce-scatter
  activationGradMem += 2 * (b * hl * ll * q) * es; // dQ, dY
  const kvVolume = when(m2 > 1, 2 * b * kvl * lk * q) * es;
  return {
    name,
    tensorCores: true,
    flopsFwd: fwd,
    flopsBwd: bwd,
    memFwd: activationIn + activationOut,
    memBwd: activationGradMem + activationBuffer,
    activationBuffer,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: comms(coll('allgather', kvVolume, m2, t2)),
    commBwd: comms(coll('allgather', kvVolume, m2, t2), coll('reducescatter', kvVolume, m2, t2)),
    overlap: SERIAL,
  };
}

/**
 * KgV's gate (Anthe, not in the paper) on `n` local elements: a sigmoid of the Q projection's output and
 * its product with the value projection's input (about 4 FLOPs forward for the sigmoid and 1 for the
 * product; 3 and 2 backward); keeps the gate, one activation more. When the Q output is sharded over
 * `m` GPUs while the value input is whole (1D tensor parallelism), the gate is all-gathered forward and
 * its gradient reduce-scattered backward: `volume` GB (0 when the layouts agree).
 */
export function kgvGate(
  m: Machine,
  name: string,
  n: number,
  volume: GB,
  group: number,
  fast: number,
): LayerCounts {
  const { U, es } = ctx(m);
  const v = when(group > 1, volume);
  return {
    name,
    tensorCores: false,
    flopsFwd: 5 * n * U,
    flopsBwd: 5 * n * U,
    // Reads the Q output and the value input, writes the gated input.
    memFwd: 3 * n * es,
    memBwd: 4 * n * es,
    activationBuffer: n * es,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: comms(coll('allgather', v, group, fast)),
    commBwd: comms(coll('reducescatter', v, group, fast)),
    overlap: SERIAL,
  };
}

/**
 * A tensor chain's rebuild (Anthe, not in the paper): before its matmul, each of the `group` GPUs that
 * share the weight rebuilds its shard from the cores, which every one of them holds whole (they are a
 * small fraction of the matrix). `flop` is [the chain's inner contractions, done whole on every GPU; the
 * last one's share for the shard] (see anthe.ts `rebuildFlop`). Nothing is kept:
 * the backward rebuilds the shard again for dX = dY W^T and contracts dW with the cores for their
 * gradients (twice the rebuild), which are then all-reduced over the groups that split the weight. The rebuilt shard is read by
 * the matmul like a stored weight; it lives only during that layer's pass (`shardElements` of it).
 */
export function chainRebuild(
  m: Machine,
  name: string,
  p: {
    cores: number;
    flop: readonly [number, number];
    shardElements: number;
    /** The tensor-parallel groups the weight is split over: (GPUs, of them in one domain) each. */
    groups: readonly (readonly [number, number])[];
  },
): LayerCounts {
  const { U, es } = ctx(m);
  const once = (p.flop[0] + p.flop[1]) * U;
  const weightsMem = p.cores * es;
  const shard = p.shardElements * es;
  return {
    name,
    tensorCores: true,
    flopsFwd: once,
    flopsBwd: 3 * once,
    memFwd: weightsMem + shard,
    memBwd: 2 * weightsMem + 2 * shard,
    activationBuffer: 0,
    weightsMem,
    weightsGradMem: weightsMem,
    commFwd: [],
    commBwd: groupReductions(weightsMem, p.groups),
    overlap: SERIAL,
    transient: shard,
  };
}

/** The all-reduces of `volume` over each group that splits a weight, as `comms` lists them. */
function groupReductions(volume: GB, groups: readonly (readonly [number, number])[]): Collective[] {
  const out: Collective[] = [];
  for (let i = 0; i < groups.length; i++) {
    const [group, fast] = groups[i] as readonly [number, number];
    const c = coll('allreduce', when(group > 1, volume), group, fast);
    if (c.volume !== 0) out.push(c);
  }
  return out;
}

/** Bytes of one token id (int64 in the common frameworks), in GB. */
const TOKEN_ID = 8e-9;

/**
 * Input embedding (not in the paper), vocabulary-parallel as Megatron: each of the m tensor-parallel GPUs
 * holds vocab/m rows; forward, a gather of the rows its tokens hit (zero elsewhere) and a reduce-scatter
 * of the partial sums into the sequence-parallel layout; backward, an all-gather of dY and a scatter-add
 * of it into the gradient rows (one add per element). `mseq` shards the sequence (context parallelism).
 */
export function embedding(
  m: Machine,
  name: string,
  p: { b: number; l: number; e: number; vocab: number; m: number; t: number; mseq?: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const { b, e } = p;
  const l = div(p.l, p.mseq ?? 1);
  const weightsMem = Math.ceil(p.vocab / p.m) * e * es;
  const rows = b * l * e;
  const volume = when(p.m > 1, rows * es);
  return {
    name,
    tensorCores: false,
    flopsFwd: 0,
    flopsBwd: rows * U,
    // Token ids in, the rows read, the (partial) activation written.
    memFwd: b * l * TOKEN_ID + 2 * rows * es,
    // dY read, gradient rows read and written.
    memBwd: rows * es + 2 * rows * es,
    activationBuffer: b * l * TOKEN_ID,
    weightsMem,
    weightsGradMem: weightsMem,
    commFwd: comms(coll('reducescatter', volume, p.m, p.t)),
    commBwd: comms(coll('allgather', volume, p.m, p.t)),
    overlap: SERIAL,
  };
}

/**
 * Softmax cross-entropy over a vocabulary sharded m ways (not in the paper; Megatron's vocab-parallel
 * loss): per row a max, exponentials, a sum, a log and the target's logit, each partial all-reduced over
 * the m GPUs (three fp32 scalars per row); backward, softmax minus one-hot, scaled. Keeps the fp32 softmax
 * of its (b, l, vocab/m) logits for the backward: at large vocabularies the biggest activation of all.
 */
export function crossEntropy(
  m: Machine,
  name: string,
  p: { b: number; l: number; vocab: number; m: number; t: number },
): LayerCounts {
  const { U, es } = ctx(m);
  const rows = p.b * p.l;
  const n = rows * Math.ceil(p.vocab / p.m);
  const fp32 = 2 * es;
  const stats = when(p.m > 1, 3 * rows * fp32);
  return {
    name,
    tensorCores: false,
    flopsFwd: 5 * n * U,
    flopsBwd: 2 * n * U,
    memFwd: n * es + n * fp32,
    memBwd: n * fp32 + n * es,
    activationBuffer: n * fp32,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: comms(coll('allreduce', stats, p.m, p.t)),
    commBwd: [],
    overlap: SERIAL,
  };
}

/**
 * The router's softmax and top-k over `experts` scores for `tokens` local tokens (not in the paper):
 * about 4 FLOPs per score forward (exp, sum, divide, compare), 3 backward; keeps the probabilities.
 */
export function routerTopK(m: Machine, name: string, tokens: number, experts: number): LayerCounts {
  const { U, es } = ctx(m);
  const n = tokens * experts;
  const fp32 = 2 * es;
  return {
    name,
    tensorCores: false,
    flopsFwd: 4 * n * U,
    flopsBwd: 3 * n * U,
    memFwd: n * fp32 + n * fp32,
    memBwd: 3 * n * fp32,
    activationBuffer: n * fp32,
    weightsMem: 0,
    weightsGradMem: 0,
    commFwd: [],
    commBwd: [],
    overlap: SERIAL,
  };
}

/** A layer that only communicates: no compute, traffic or memory of its own. */
export function communication(
  name: string,
  commFwd: readonly Collective[],
  commBwd: readonly Collective[],
): LayerCounts {
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
    commFwd,
    commBwd,
    overlap: SERIAL,
  };
}

/**
 * An expert-parallel all-to-all (not in the paper): `volume` GB per GPU over the `group` GPUs of the
 * expert-parallel group, `fast` of them in one NVLink domain; the same exchange reversed in the backward.
 */
export function allToAll(name: string, volume: GB, group: number, fast: number): LayerCounts {
  const list = comms(coll('alltoall', when(group > 1, volume), group, fast));
  return communication(name, list, list);
}

/**
 * The all-gather of routed tokens over the `group` tensor-parallel shards of an expert (forward) and the
 * reduce-scatter of their gradients (backward), not in the paper.
 */
export function gatherTokens(name: string, volume: GB, group: number, fast: number): LayerCounts {
  const v = when(group > 1, volume);
  return communication(
    name,
    comms(coll('allgather', v, group, fast)),
    comms(coll('reducescatter', v, group, fast)),
  );
}

/**
 * `k` local experts' copies of one expert linear layer that together see the layer's tokens (balanced
 * routing): FLOPs, activations and collectives as counted (they follow the tokens), weights and their
 * HBM traffic k times (each expert's weights are read once per pass).
 */
export function experts(layer: LayerCounts, k: number): LayerCounts {
  const extra = (k - 1) * layer.weightsMem;
  return {
    ...layer,
    memFwd: layer.memFwd + extra,
    memBwd: layer.memBwd + 2 * extra,
    weightsMem: k * layer.weightsMem,
    weightsGradMem: k * layer.weightsGradMem,
  };
}
