// Efficiency fields in links: an old link opens the preset's calibrated efficiency, an edit round-trips,
// a value out of its range is refused with a message (never thrown).
import { describe, expect, it } from 'vitest';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { DEFAULT_INPUTS } from '../../src/state/inputs.ts';
import { DEFAULT_VIEW } from '../../src/state/store.ts';
import { decodeState, encodeState } from '../../src/url/codec.ts';

describe('efficiency in the link', () => {
  it("opens an old link's preset with its calibrated efficiency, and writes none back", () => {
    const d = decodeState('?sys=h100-sxm,A100_nvs4');
    expect(d.messages).toEqual([]);
    expect(d.inputs.systems[0]!.spec).toEqual(SYSTEM_PRESETS['h100-sxm'].spec);
    expect(d.inputs.systems[1]!.spec.efficiency).toBeUndefined();
    expect(encodeState(d.inputs, d.view)).not.toMatch(/_x[a-z]+\d/);
  });

  it('round-trips edited fields, on a calibrated preset and on a paper one', () => {
    const h100 = SYSTEM_PRESETS['h100-sxm'].spec;
    const inputs = {
      ...DEFAULT_INPUTS,
      systems: [
        {
          preset: 'h100-sxm' as const,
          spec: { ...h100, efficiency: { ...h100.efficiency, tpOverlap: 0.25 } },
        },
        {
          preset: 'A100' as const,
          spec: { ...SYSTEM_PRESETS.A100.spec, efficiency: { matmul: 0.7, commHalfMB: 2.5e-3 } },
        },
      ],
    };
    const query = encodeState(inputs, DEFAULT_VIEW);
    expect(query).toContain('h100-sxm_xtp0.25');
    expect(query).toContain('A100_xmm0.7_xcm0.0025');
    const back = decodeState(query);
    expect(back.messages).toEqual([]);
    expect(back.inputs.systems).toEqual(inputs.systems);
  });

  it('refuses a value out of its range, keeping the default systems and saying why', () => {
    const d = decodeState('?sys=h100-sxm_xmm5');
    expect(d.inputs.systems).toEqual(DEFAULT_INPUTS.systems);
    expect(d.messages.join(' ')).toMatch(/system/);
  });
});
