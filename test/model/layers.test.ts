/**
 * The estimators no golden case reaches: the reference's fully-SUMMA attention (`sa_2d`), which its
 * search never uses. Checked against the 1D estimators they reduce to on a 1 x 1 grid, and for the
 * collectives a real grid issues.
 */
import { describe, expect, it } from 'vitest';
import { sa2dSumma } from '../../src/model/blocks.ts';
import { timeLayer } from '../../src/model/layerTime.ts';
import { logits, logitsSumma, softmax, softmax2d } from '../../src/model/layers.ts';
import { prepareMachine } from '../../src/model/system.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';

const m = prepareMachine({ ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 });
const shape = { b: 2, l: 4096, q: 128, h: 64 };

describe('SUMMA attention estimators', () => {
  it('on a 1 x 1 grid, SUMMA logits and 2D softmax count what the 1D ones count', () => {
    const one = { m1: 1, m2: 1, t1: 1, t2: 1, nb: 4 };
    const a = logitsSumma(m, 'logits', { ...shape, ...one });
    const b = logits(m, 'logits', { ...shape, m: 1 });
    expect(a.flopsFwd).toBe(b.flopsFwd);
    expect(a.flopsBwd).toBeCloseTo(b.flopsBwd, 12);
    expect(a.activationBuffer).toBe(b.activationBuffer);
    expect([a.commFwd, a.commBwd]).toEqual([[], []]);
    const s2 = softmax2d(m, 'softmax', { b: 2, h: 64, l1: 4096, l2: 4096, m1: 1, m2: 1, t1: 1 });
    const s1 = softmax(m, 'softmax', { b: 2, h: 64, l1: 4096, l2: 4096, m: 1 });
    expect({ ...s2, commFwd: [], commBwd: [] }).toEqual(s1);
  });

  it('on a 4 x 2 grid, K panels are broadcast over m2 and partial logits reduced over m1', () => {
    const a = logitsSumma(m, 'logits', { ...shape, m1: 4, m2: 2, t1: 4, t2: 2, nb: 4 });
    expect(a.commFwd.map((c) => [c.type, c.group, c.fast])).toEqual([
      ['broadcast', 2, 2],
      ['reduce', 4, 4],
    ]);
    expect(a.commBwd.map((c) => c.type)).toEqual(['broadcast', 'broadcast', 'broadcast', 'reduce']);
    expect(a.overlap).toEqual({ kind: 'summa', nb: 4 });
    const s2 = softmax2d(m, 'softmax', { b: 2, h: 64, l1: 4096, l2: 4096, m1: 4, m2: 2, t1: 4 });
    expect(s2.commFwd).toEqual([{ type: 'allreduce', volume: 2 * 64 * 2048 * 2e-9, group: 4, fast: 4 }]);
  });

  it('the block has the reference layers in order and times to finite, positive values', () => {
    const layers = sa2dSumma(
      m,
      { l: 4096, e: 8192, f: 32768, h: 64, depth: 32 },
      { b: 1, m1: 4, m2: 2, t1: 4, t2: 2, nb: 4 },
    );
    expect(layers.map((l) => l.name)).toEqual([
      'qkv',
      'logits',
      'softmax',
      'dpr_at',
      'attend',
      'vproj',
      'vproj-bias',
      'dpr_v',
      'ln2',
    ]);
    for (const l of layers) {
      const r = timeLayer(m, l);
      expect(Number.isFinite(r.t) && r.t > 0).toBe(true);
    }
  });
});
