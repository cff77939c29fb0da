/**
 * torchtitan's ring attention (training.ts `ringAttention`): at equal FLOPs a longer ring costs more (more
 * passes over the queries and outputs, more merges), and its K/V transfers hide under the steps' kernels
 * only as far as those are long.
 */
import { describe, expect, it } from 'vitest';
import { evaluateBlocks, tensorLayout, type Scenario } from '../../src/model/evaluate.ts';
import type { LayerCounts } from '../../src/model/layers.ts';
import { timeLayer } from '../../src/model/layerTime.ts';
import { prepareMachine, type Machine } from '../../src/model/system.ts';
import { commTime } from '../../src/model/time.ts';
import { ringAttention, type RingShape } from '../../src/model/training.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';

const machine: Machine = prepareMachine({
  ...SYSTEM_PRESETS.H200.spec,
  efficiency: { matmul: 0.6, matmulHalfIntensity: 300 },
});

/** A context-parallel fused attention layer with the given FLOPs (TFLOP) and HBM traffic (GB). */
const attention = (flops: number, mem: number, kv: number, c: number): LayerCounts => ({
  name: 'fusedla',
  tensorCores: true,
  flopsFwd: flops,
  flopsBwd: 2.5 * flops,
  memFwd: mem,
  memBwd: 2 * mem,
  activationBuffer: mem,
  weightsMem: 0,
  weightsGradMem: 0,
  commFwd: [{ type: 'allgather', volume: kv, group: c, fast: c }],
  commBwd: [
    { type: 'allgather', volume: kv, group: c, fast: c },
    { type: 'reducescatter', volume: kv, group: c, fast: c },
  ],
  overlap: { kind: 'serial' },
});

const shape = (c: number): RingShape => ({ b: 1, hl: 32, ll: 16384, q: 128, c, es: 2e-9, u: 1e-12 });
const total = (list: readonly LayerCounts[]) => list.reduce((t, l) => t + timeLayer(machine, l).t, 0);

describe('ring attention', () => {
  it('costs more with more steps at equal FLOPs and equal shards', () => {
    const times = [2, 4, 8, 16].map((c) => total(ringAttention(attention(2, 0.5, 0.01, c), shape(c))));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
  });

  it("passes each step's dK and dV on in their fp32 accumulators: twice K and V's bf16 bytes", () => {
    const c = 4;
    const { b, hl, ll, q, es } = shape(c);
    const [ring] = ringAttention(attention(2, 0.5, 0.01, c), shape(c));
    const p2p = ring?.commBwd.find((x) => x.type === 'p2p');
    expect(p2p?.volume).toBeCloseTo((c - 1) * 2 * b * hl * ll * q * 2 * es, 15);
  });

  it("counts the merge's FLOPs in the system's units", () => {
    const tera = ringAttention(attention(2, 0.5, 0.01, 4), shape(4))[1];
    const giga = ringAttention(attention(2, 0.5, 0.01, 4), { ...shape(4), u: 1e-9 })[1];
    expect(tera?.flopsFwd).toBeGreaterThan(0);
    expect(giga?.flopsFwd).toBeCloseTo((tera?.flopsFwd ?? 0) * 1000, 12);
    expect(giga?.flopsBwd).toBeCloseTo((tera?.flopsBwd ?? 0) * 1000, 12);
  });

  it('leaves a ring of one as it was', () => {
    const l = attention(2, 0.5, 0.01, 1);
    expect(ringAttention(l, shape(1))).toEqual([l]);
  });

  it('hides the K/V all-gather under the first step only as far as that step is long', () => {
    const c = 4;
    const kv = 2 * 32 * 16384 * 128 * c * 2e-9;
    const gather = commTime(machine, kv, c, 'allgather', c);
    const long = timeLayer(machine, ringAttention(attention(50, 0.5, kv, c), shape(c))[0] as LayerCounts);
    expect(long.fwd.comm).toBe(0);
    const short = timeLayer(machine, ringAttention(attention(1e-6, 1e-6, kv, c), shape(c))[0] as LayerCounts);
    const step = Math.max(short.fwd.comp, short.fwd.comp + short.fwd.mem) / c;
    expect(short.fwd.comm).toBeCloseTo(gather - step, 12);
    expect(short.fwd.comm).toBeGreaterThan(0);
  });
});

describe("a context-parallel scenario's attention", () => {
  const scenario = (framework: boolean): Scenario => ({
    model: { ...MODEL_PRESETS['gpt3-175b'].spec, l: 32768 },
    system: SYSTEM_PRESETS.H200.spec,
    strategy: '2d-seqp',
    globalBatchSize: 8,
    options: { flashAttention: true },
    training: {
      recompute: 'full',
      zero: 3,
      precision: 'bf16',
      ...(framework ? { framework: 'torchtitan' as const } : {}),
    },
  });
  const config = { dp: 1, tp1: 2, tp2: 4, pp: 1, mbs: 1, nb: null, nvTp1: 2, nvTp2: 4, nvDp: 1, nvPp: 1 };
  const names = (framework: boolean) => {
    const s = scenario(framework);
    const sa = evaluateBlocks(prepareMachine(s.system), s, tensorLayout(s.strategy, config)).dense?.lists[1];
    return (sa ?? []).map((r) => `${r.name}:${r.overlap.kind}`);
  };

  it("is torchtitan's ring under its recipe and the gathered kernel under Megatron's", () => {
    expect(names(true)).toContain('fusedla:ring');
    expect(names(true)).toContain('ring-merge:serial');
    expect(names(false)).toContain('fusedla:serial');
    expect(names(false)).not.toContain('ring-merge:serial');
  });
});
