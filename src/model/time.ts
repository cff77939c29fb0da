/**
 * The time model: a roofline per layer and a two-tier ring model per collective.
 * Equations follow arXiv 2410.00273 §3 and the reference's `estimates.py`; each function keeps the
 * reference's order of floating-point operations so results match it bit for bit in the common case.
 */
import { LAUNCH_OVERHEAD, type Machine } from './system.ts';
import type { GB, Seconds, TFLOP } from './units.ts';

/** Collective operations the model knows, as the reference names them. */
export type CollectiveType =
  'allgather' | 'reducescatter' | 'allreduce' | 'broadcast' | 'reduce' | 'p2p' | 'alltoall';

/**
 * Time to execute `flops` TFLOP moving `bytes` GB: launch overhead + flops / (0.8 peak). Eq. (1), compute
 * term. `fp8`: a tensor-core GEMM at the FP8 rate (not in the paper). Beyond the paper, a matmul's
 * efficiency falls with its arithmetic intensity I = flops / bytes as I / (I + I_half), i.e. it costs
 * `matmulShape x bytes` more TFLOP (0 in the paper: the same sum).
 */
export function computeTime(m: Machine, flops: TFLOP, tensorCores: boolean, bytes: GB, fp8 = false): Seconds {
  if (!tensorCores && !fp8) return LAUNCH_OVERHEAD + flops / m.vectorRate;
  return LAUNCH_OVERHEAD + (flops + m.matmulShape * bytes) / (fp8 ? m.fp8Rate : m.tensorRate);
}

/** Time to move `bytes` GB through HBM. Eq. (1), memory term. */
export function memoryTime(m: Machine, bytes: GB): Seconds {
  return bytes / m.hbmBandwidth;
}

/**
 * Time of one collective of `volume` GB over `group` GPUs, `fast` of which share an NVLink domain
 * (the reference's `topology`). Ring algorithms (§3.3): bandwidth term scaled by (n-1)/n except for
 * broadcast/reduce; across domains the slow tier runs `nic_factor * fast` rings in parallel and the
 * two tiers overlap (max), all-reduce costs two passes, and latencies add per hop of each tier.
 *
 * Faithful to the reference's quirks: a single GPU, or zero volume, costs nothing; inside one domain
 * and over IB-only groups all-reduce is charged one pass, like the other collectives.
 * Precondition: 1 <= fast <= nvlink_size, fast divides group (validated by callers); not an all-to-all
 * (`commTime` takes every type). Kept free of that case so V8 inlines it into the search's step loop:
 * called, its double result is boxed on the heap for every candidate.
 */
export function collectiveTime(
  m: Machine,
  volume: GB,
  group: number,
  type: CollectiveType,
  fast: number,
): Seconds {
  if (Number.isNaN(volume) || volume === 0) return 0;
  if (group === 1) return 0;
  const nodes = Math.floor(group / fast);
  const bs = m.slowBandwidth;
  const bf = m.fastBandwidth;
  // Beyond the paper, a message of V GB reaches V / (V + commHalf) of the bandwidth (commHalf = 0 in it).
  const v = volume + m.commHalf;
  if (type === 'p2p') {
    // Point to point between a pair: one hop on the tier the pair sits on.
    return fast === 1 ? m.slowLatency * (group - 1) + v / bs : m.fastLatency * (group - 1) + v / bf;
  }
  const correction = type === 'reduce' || type === 'broadcast' ? 1 : (group - 1) / group;
  if (fast === 1) return m.slowLatency * (group - 1) + (correction * v) / bs;
  if (nodes === 1) return m.fastLatency * (group - 1) + (correction * v) / bf;
  const rings = m.nicFactor * fast;
  const tSlow = (correction * v) / (rings * bs);
  const tFast = (correction * v) / bf;
  let t = Math.max(tSlow, tFast);
  if (type === 'allreduce') t *= 2;
  t += m.slowLatency * (nodes - 1) + m.fastLatency * (group - nodes);
  return t;
}

/**
 * All-to-all of `volume` GB per GPU over `group` GPUs, `fast` of them in one NVLink domain (not in the
 * paper: expert parallelism's dispatch and combine). With balanced routing each GPU keeps 1/group of its
 * data, sends (fast - 1)/group over NVLink and (group - fast)/group over its own `nic_factor` NICs; the two
 * tiers run at once, and the group's p - 1 pairwise steps each pay their tier's latency.
 */
export function allToAllTime(m: Machine, volume: GB, group: number, fast: number): Seconds {
  if (Number.isNaN(volume) || volume === 0 || group === 1) return 0;
  const v = volume + m.commHalf;
  const tFast = (((fast - 1) / group) * v) / m.fastBandwidth;
  const tSlow = (((group - fast) / group) * v) / (m.nicFactor * m.slowBandwidth);
  return Math.max(tFast, tSlow) + m.fastLatency * (fast - 1) + m.slowLatency * (group - fast);
}

/** Time of any collective a layer issues, all-to-all included. */
export function commTime(m: Machine, volume: GB, group: number, type: CollectiveType, fast: number): Seconds {
  return type === 'alltoall'
    ? allToAllTime(m, volume, group, fast)
    : collectiveTime(m, volume, group, type, fast);
}

/**
 * A floor under `collectiveTime` for any NVLink share: every branch above pays at least the cheaper
 * tier's latency per hop and the faster tier's bandwidth term (the hierarchical one takes the max of
 * both tiers' terms, and its all-reduce doubles it). The search prunes with it; never part of a result.
 */
export function collectiveFloor(m: Machine, volume: GB, group: number, type: CollectiveType): Seconds {
  if (Number.isNaN(volume) || volume === 0 || group === 1) return 0;
  if (type === 'alltoall') {
    // max(a / x, b / y) >= (a + b) / (x + y) for the two tiers' shares a + b = (p - 1)/p of the volume.
    const moved = ((group - 1) / group) * volume;
    return (
      Math.min(m.slowLatency, m.fastLatency) * (group - 1) +
      moved / (m.fastBandwidth + m.nicFactor * m.slowBandwidth)
    );
  }
  const correction =
    type === 'allgather' || type === 'reducescatter' || type === 'allreduce' ? (group - 1) / group : 1;
  return (
    Math.min(m.slowLatency, m.fastLatency) * (group - 1) +
    (correction * volume) / Math.max(m.slowBandwidth, m.fastBandwidth)
  );
}
