import { describe, expect, it } from 'vitest';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../../src/presets/systems.ts';
import { SYSTEM_CONTROLS } from '../../src/ui/SystemPanel.tsx';
import { INTEGERS, multiplesOf, oneOf, powersOfTwo, significant } from '../../src/ui/validValues.ts';

describe('valid values', () => {
  it('multiples: the next multiple either way, whether or not the value is one', () => {
    const m = multiplesOf(64);
    expect([m.next(2048, 1), m.next(2048, -1), m.next(2050, 1), m.next(2050, -1)]).toEqual([
      2112, 1984, 2112, 2048,
    ]);
    expect(m.nearest(2079)).toBe(2048);
    expect(m.nearest(2081)).toBe(2112);
  });

  it('multiples of a fraction step without float noise', () => {
    const m = multiplesOf(0.01);
    expect([m.next(0.7, 1), m.next(0.7, -1), m.next(0.29, 1), m.nearest(0.8531)]).toEqual([
      0.71, 0.69, 0.3, 0.85,
    ]);
    expect(INTEGERS.next(1, 1)).toBe(2);
  });

  it('significant digits: the next number with as many digits, finer just below a power of ten', () => {
    const s = significant(3);
    expect([s.next(1555, 1), s.next(1555, -1), s.next(999, 1), s.next(1000, -1), s.next(1000, 1)]).toEqual([
      1560, 1550, 1000, 999, 1010,
    ]);
    expect([s.next(2.5, 1), s.next(0.1, -1), s.nearest(46.345)]).toEqual([2.51, 0.0999, 46.3]);
  });

  it('a list: neighbours in order, the nearest on a log scale, itself at the ends', () => {
    const l = oneOf([8, 1, 4, 2, 16]);
    expect(l.list).toEqual([1, 2, 4, 8, 16]);
    expect([l.next(4, 1), l.next(4, -1), l.next(5, 1), l.next(5, -1), l.next(16, 1), l.next(1, -1)]).toEqual([
      8, 2, 8, 4, 16, 1,
    ]);
    expect([l.nearest(6), l.nearest(5.5), l.nearest(100)]).toEqual([8, 4, 16]);
    expect(powersOfTwo(0, 3).list).toEqual([1, 2, 4, 8]);
  });

  it('every system control moves each preset figure to a different valid value both ways', () => {
    for (const id of SYSTEM_PRESET_IDS) {
      for (const { field, valid, display, label } of SYSTEM_CONTROLS) {
        const figure = SYSTEM_PRESETS[id].spec[field];
        // The optional figures a preset leaves out (the paper's have no FP8 rate or power).
        if (figure === undefined) continue;
        const v = (display?.to ?? ((x: number) => x))(figure);
        for (const dir of [1, -1] as const) {
          const next = valid.next(v, dir);
          expect(dir * (next - v), `${id} ${label} ${v} ${dir}`).toBeGreaterThan(0);
          expect(valid.nearest(next), `${id} ${label}`).toBe(next);
        }
      }
    }
  });
});
