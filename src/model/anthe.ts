/**
 * The rules of Anthe (Herranz-Celotti & Rrapaj, "Less is More! A slim architecture for optimal language
 * translation", arXiv 2305.10991), read from its official code (github.com/LuCeHe/anthe_official,
 * `neural_models_tf/`) and written anew: how a tensor chain factorises a dense layer's widths and sizes
 * its bond, what its cores and rebuild cost, the H-SoftPOS embedding's parameters, and `slimVariant`,
 * which makes any model Anthe-style. Pure: numbers in, numbers out.
 */
import type { ModelSpec, TensorChain } from './spec.ts';

/** Prime factors of n in increasing order, with repeats (`factors` in tensor_chain/utils.py). */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  for (let p = 2; p * p <= rest;) {
    if (rest % p === 0) {
      out.push(p);
      rest /= p;
    } else p++;
  }
  if (rest > 1) out.push(rest);
  return out;
}

/**
 * Deals sorted prime factors onto k terms in a snake order (0, 1, .., k-1, k-1, .., 0, 0, ..): the
 * official `get_two_factors` / `get_four_factors` index `c % k * (-1) ** (c // k) - (c // k) % 2`,
 * negative indices counting from the end.
 */
function snake(factors: readonly number[], k: number): number[] {
  const terms = new Array<number>(k).fill(1);
  factors.forEach((f, c) => {
    const round = Math.floor(c / k);
    const i = (c % k) * (round % 2 === 0 ? 1 : -1) - (round % 2);
    const at = i < 0 ? i + k : i;
    terms[at] = (terms[at] as number) * f;
  });
  return terms;
}

/**
 * Two factors of n (`get_two_factors`). The official code returns nothing for a prime or 1 (and the layer
 * fails to build); here those give (n, 1).
 */
function twoFactors(n: number): number[] {
  const f = primeFactors(n);
  if (f.length < 2) return [n, 1];
  if (f.length === 2) return f;
  if (f.length === 3) return [(f[0] as number) * (f[1] as number), f[2] as number];
  return snake(f, 2);
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Three factors of n around its power of two (`get_three_factors`, the one chains of length 3 use). */
function threeFactors(n: number): number[] {
  if (n < 2) return [1, n, 1];
  let m = 1;
  while (n % (m * 2) === 0) m *= 2;
  const r = n / m;
  const ml = Math.log2(m);
  if (r > 1 && m > 2) {
    const a = 2 ** Math.floor(ml / 2);
    return [a, r, m / a];
  }
  if (r > 1 && m === 2) {
    const rs = primeFactors(r);
    if (rs.length === 1) return [2, r, 1];
    return [product(rs.slice(0, -1)), 2, rs[rs.length - 1] as number];
  }
  if (r === 1) {
    const a = 2 ** Math.floor((ml - 1) / 2);
    return [a, 2, n / 2 / a];
  }
  const odd = primeFactors(n);
  if (odd.length === 1) return [1, n, 1];
  if (odd.length === 2) return [odd[0] as number, 1, odd[1] as number];
  return [odd[0] as number, product(odd.slice(1, -1)), odd[odd.length - 1] as number];
}

/** Four factors of n (`get_four_factors`); fewer than two primes (not handled there) give (n, 1, 1, 1). */
function fourFactors(n: number): number[] {
  const f = primeFactors(n);
  if (f.length < 2) return [n, 1, 1, 1];
  if (f.length === 2) return [f[0] as number, 1, 1, f[1] as number];
  if (f.length === 3) return [f[0] as number, 1, f[1] as number, f[2] as number];
  if (f.length === 4) return f;
  return snake(f, 4);
}

/** A tensor chain's shape: each core's input and output factor, and the bond dimension between cores. */
export interface ChainShape {
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly bond: number;
}

/**
 * The chain replacing an `input` x `output` weight at target `ratio` (`get_tc_kernel`): the widths
 * factorised per core, and the bond solving (parameters of the chain) = ratio x input x output for the
 * bond, truncated, at least 2. Length 4 keeps the official formula's operator precedence (only the square
 * root is divided by 2 (B + C)), as that is what the official models were built with.
 */
export function chainShape(input: number, output: number, tc: TensorChain): ChainShape {
  const { ratio: r, length } = tc;
  const io = input * output;
  if (length === 2) {
    const i = twoFactors(input);
    const o = twoFactors(output);
    const a = (i[0] as number) * (o[0] as number);
    const b = (i[1] as number) * (o[1] as number);
    return { inputs: i, outputs: o, bond: Math.max(2, Math.trunc((io * r) / (a + b))) };
  }
  if (length === 3) {
    const i = threeFactors(input);
    const o = threeFactors(output);
    const [a, b, c] = [0, 1, 2].map((k) => (i[k] as number) * (o[k] as number)) as [number, number, number];
    const bond = Math.trunc((-a - c + Math.sqrt((a + c) ** 2 + 4 * b * input * output * r)) / (2 * b));
    return { inputs: i, outputs: o, bond: Math.max(2, bond) };
  }
  const i = fourFactors(input);
  const o = fourFactors(output);
  const [a, b, c, d] = [0, 1, 2, 3].map((k) => (i[k] as number) * (o[k] as number)) as [
    number,
    number,
    number,
    number,
  ];
  const bond = Math.trunc(
    -a - d + Math.sqrt((a + d) ** 2 + 4 * (b + c) * input * output * r) / (2 * (b + c)),
  );
  return { inputs: i, outputs: o, bond: Math.max(2, bond) };
}

/** Parameters of a chain's cores: the end cores (i, bond, o), the inner ones (i, bond, bond, o). */
export function chainParams(shape: ChainShape): number {
  const n = shape.inputs.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const io = (shape.inputs[k] as number) * (shape.outputs[k] as number);
    sum += io * (k === 0 || k === n - 1 ? shape.bond : shape.bond * shape.bond);
  }
  return sum;
}

/** Parameters of an `input` x `output` weight stored as a tensor chain (bias not included). */
export const tcParams = (input: number, output: number, tc: TensorChain): number =>
  chainParams(chainShape(input, output, tc));

/**
 * FLOP of one rebuild of the full weight from the cores, contracting left to right: step k (k >= 2)
 * writes (prod_{t<=k} i_t o_t) x (bond if cores remain) elements, each a sum over one bond index
 * (bond multiplies and bond - 1 adds). Returned as [intermediate steps, final step]: the final step
 * writes the full weight, so a GPU holding a shard of it does that share of the final step.
 */
export function rebuildFlop(shape: ChainShape): readonly [number, number] {
  const n = shape.inputs.length;
  let width = (shape.inputs[0] as number) * (shape.outputs[0] as number);
  let inner = 0;
  let last = 0;
  for (let k = 1; k < n; k++) {
    width *= (shape.inputs[k] as number) * (shape.outputs[k] as number);
    const elements = k < n - 1 ? width * shape.bond : width;
    const flop = elements * (2 * shape.bond - 1);
    if (k < n - 1) inner += flop;
    else last = flop;
  }
  return [inner, last];
}

/** H-SoftPOS widths at `levels` (`HSoftPOS`): each level's width and the vocabulary table's. */
export function hsoftposWidths(e: number, levels: number): { local: number; table: number } {
  const local = Math.trunc(e / 2 / levels);
  return { local, table: e - local * (2 * levels - 1) };
}

/**
 * Parameters of one H-SoftPOS embedding (`HSoftPOS`): a vocab x table lookup (a tensor chain when
 * `tcEmbed`), levels - 1 causal convolutions of kernel 3 (the first reads the table's width, the others a
 * level's) with biases, and one soft-position matrix local x local per level.
 */
export function hsoftposParams(
  vocab: number,
  e: number,
  levels: number,
  tcEmbed: TensorChain | null,
): number {
  const { local, table } = hsoftposWidths(e, levels);
  const lookup = tcEmbed ? tcParams(vocab, table, tcEmbed) : vocab * table;
  let convs = 0;
  for (let i = 0; i < levels - 1; i++) convs += 3 * (i === 0 ? table : local) * local + local;
  return lookup + convs + levels * local * local;
}

/** The tensor-chain ratios and length of the official Anthe setting (`tcffn:.005_tcpreatt:.07_tclength:2`). */
export const ANTHE_TC = {
  ffn: { ratio: 0.005, length: 2 },
  attn: { ratio: 0.07, length: 2 },
} as const satisfies Record<string, TensorChain>;

/** H-SoftPOS levels of the official Anthe setting (`hsoftpos:2`). */
export const ANTHE_HSOFTPOS = 2;

/**
 * The model made Anthe-style as the official `Anthe` is (`geglu_gateattention_hsoftpos:2_tcffn:.005_
 * tcpreatt:.07_tclength:2`): KgV gating, tensor chains on the MLP and the Q/K/V projections at the
 * official ratios, H-SoftPOS with 2 levels when the model has a vocabulary, and a GEGLU MLP of 2/3 the
 * width (`2 * d_ff // 3`; a gated MLP already has its GLU width and is kept). Everything else is kept.
 */
export function slimVariant(s: ModelSpec): ModelSpec {
  const gated = s.mlp === 'swiglu' || s.mlp === 'geglu';
  const vocab = (s.vocab ?? 0) > 0;
  return {
    ...s,
    ...(gated ? {} : { mlp: 'geglu' as const, f: Math.floor((2 * s.f) / 3) }),
    kgv: true,
    tc: { ...s.tc, ffn: ANTHE_TC.ffn, attn: ANTHE_TC.attn },
    ...(vocab ? { hsoftpos: ANTHE_HSOFTPOS } : {}),
  };
}

/** Whether the model carries the Anthe-style options `slimVariant` sets (KgV and its two chains). */
export function isSlim(s: ModelSpec): boolean {
  const same = (a: TensorChain | undefined, b: TensorChain) => a?.ratio === b.ratio && a.length === b.length;
  return s.kgv === true && same(s.tc?.ffn, ANTHE_TC.ffn) && same(s.tc?.attn, ANTHE_TC.attn);
}

/**
 * The model without the options `slimVariant` adds (KgV, the MLP and attention chains, H-SoftPOS); the
 * MLP keeps its kind and width, which the variant may have changed.
 */
export function withoutSlim(s: ModelSpec): ModelSpec {
  const { kgv: _kgv, hsoftpos: _levels, tc, ...rest } = s;
  const { ffn: _ffn, attn: _attn, ...others } = tc ?? {};
  return Object.keys(others).length > 0 ? { ...rest, tc: others } : rest;
}
