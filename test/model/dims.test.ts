import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configColumns } from '../../src/model/csv.ts';
import { CONFIG_DIMS, DIM, PLACEMENT_KEYS, dimValue, type ConfigDim } from '../../src/model/dims.ts';
import { LIMITS, configSchema, parseWith } from '../../src/model/schema.ts';
import type { ParallelConfig } from '../../src/model/spec.ts';
import {
  CONFIG_FIELDS,
  compareConfigs,
  configFromBuffer,
  configToBuffer,
  newConfigBuffer,
  packPoints,
  unpackPoints,
} from '../../src/search/accumulator.ts';
import { URL_SCHEMA } from '../../src/url/schema.ts';

const RUNS = 300;

/** Any configuration the schema accepts: each dimension within its bound, ep and v sometimes absent. */
const config: fc.Arbitrary<ParallelConfig> = fc
  .tuple(
    ...CONFIG_DIMS.map((d) => {
      const n = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: LIMITS[d.max] }));
      return d.presence === 'required' ? n : fc.option(n, { nil: null });
    }),
  )
  .map((values) => {
    const c: Record<string, number | null> = {};
    CONFIG_DIMS.forEach((d, i) => {
      const v = values[i] as number | null;
      if (d.presence !== 'optional' || v !== null) c[d.key] = v;
    });
    return c as unknown as ParallelConfig;
  });

/**
 * The form every configuration is written in: table order, ep and v left out at 1, kept otherwise.
 * Written from the definition, not from the table's helpers.
 */
function canonical(c: ParallelConfig): ParallelConfig {
  const { dp, tp1, tp2, pp, mbs, nb, nvTp1, nvTp2, nvDp, nvPp, ep, v } = c;
  return {
    ...{ dp, tp1, tp2, pp, mbs, nb, nvTp1, nvTp2, nvDp, nvPp },
    ...(ep !== undefined && ep !== 1 ? { ep } : {}),
    ...(v !== undefined && v !== 1 ? { v } : {}),
  };
}

const base: ParallelConfig = {
  dp: 4,
  tp1: 8,
  tp2: 2,
  pp: 16,
  mbs: 1,
  nb: null,
  nvTp1: 4,
  nvTp2: 2,
  nvDp: 1,
  nvPp: 1,
};

describe('the table of configuration dimensions', () => {
  it('names the NVLink placement once, for the schema and the CLI that let it be left out', () => {
    expect(PLACEMENT_KEYS).toEqual(['nvTp1', 'nvTp2', 'nvDp', 'nvPp']);
  });

  it('has one row per dimension, ep and v among them, with distinct CSV columns and link aliases', () => {
    expect(CONFIG_DIMS.map((d) => d.key)).toEqual([
      'dp',
      'tp1',
      'tp2',
      'pp',
      'mbs',
      'nb',
      'nvTp1',
      'nvTp2',
      'nvDp',
      'nvPp',
      'ep',
      'v',
    ]);
    // Optional dimensions last: appended, they leave today's buffer positions and columns as they were.
    const optional = CONFIG_DIMS.flatMap((d, i) => (d.presence === 'optional' ? [i] : []));
    expect(optional).toEqual([CONFIG_DIMS.length - 2, CONFIG_DIMS.length - 1]);
    expect(new Set(CONFIG_DIMS.map((d) => d.csv)).size).toBe(CONFIG_DIMS.length);
    expect(new Set(CONFIG_DIMS.map((d) => d.url)).size).toBe(CONFIG_DIMS.length);
    for (const d of CONFIG_DIMS) expect(d.url).toMatch(/^[a-z]+$/);
    expect(CONFIG_FIELDS).toBe(CONFIG_DIMS.length);
    CONFIG_DIMS.forEach((d, i) => expect(DIM[d.key]).toBe(i));
  });

  it('names every dimension in the CSV columns, and an optional one only when a row uses it', () => {
    const all = configColumns([base, { ...base, ep: 2, v: 4 }]);
    expect(all.header).toEqual(CONFIG_DIMS.map((d) => d.csv));
    expect(all.cells(base)).toEqual([4, 8, 2, 16, 1, null, 4, 2, 1, 1, 1, 1]);
    // Today's configurations keep today's columns.
    expect(configColumns([base, { ...base, ep: 1 }]).header).toEqual([
      'dp',
      'tp1',
      'tp2',
      'pp',
      'mbs',
      'nb',
      'nv_tp1',
      'nv_tp2',
      'nv_dp',
      'nv_pp',
    ]);
    expect(configColumns([{ ...base, v: 2 }]).header).toContain('v');
    expect(configColumns([{ ...base, v: 2 }]).header).not.toContain('ep');
  });

  it('gives the schema one rule per dimension, within its bounds; ep and v optional whole numbers >= 1', () => {
    const shape = (configSchema() as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(shape)).toEqual(CONFIG_DIMS.map((d) => d.key));
    fc.assert(
      fc.property(config, (c) => {
        const r = parseWith(configSchema, c);
        expect(r.ok && r.value).toEqual(c);
      }),
      { numRuns: RUNS },
    );
    const parsed = parseWith(configSchema, base);
    expect(parsed.ok && Object.keys(parsed.value)).not.toContain('ep');
    for (const [field, value, message] of [
      ['ep', 0, /^must be between 1 and \d+ \(got 0\)$/],
      ['ep', 1.5, /^must be a whole number \(got 1\.5\)$/],
      ['v', 0, /^must be between 1 and \d+ \(got 0\)$/],
      ['v', '2', /^must be a number \(got '2'\)$/],
      ['dp', LIMITS.gpus + 1, /^must be between 1 and \d+/],
    ] as const) {
      const r = parseWith(configSchema, { ...base, [field]: value }, 'config');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issues[0]?.path).toBe(`config.${field}`);
        expect(r.issues[0]?.message).toMatch(message);
      }
    }
    const missing = parseWith(configSchema, { ...base, nvPp: undefined });
    expect(!missing.ok && missing.issues[0]).toEqual({ path: 'nvPp', message: 'is required' });
  });

  it('lays a configuration out in the search buffer at the named indices, and reads it back', () => {
    fc.assert(
      fc.property(config, (c) => {
        const buf = configToBuffer(c);
        for (const d of CONFIG_DIMS) expect(buf[DIM[d.key]]).toBe(dimValue(c, d) ?? 0);
        const back = configFromBuffer(buf);
        expect(back).toEqual(canonical(c));
        // Key order too: search results are printed as JSON.
        expect(Object.keys(back)).toEqual(Object.keys(canonical(c)));
        expect(compareConfigs(back, c)).toBe(0);
      }),
      { numRuns: RUNS },
    );
    // A fresh buffer is the absent values: no panels, ep = v = 1.
    const fresh = newConfigBuffer();
    expect([fresh[DIM.nb], fresh[DIM.ep], fresh[DIM.v]]).toEqual([0, 1, 1]);
  });

  it('packs points for the worker boundary and unpacks them unchanged', () => {
    fc.assert(
      fc.property(fc.array(config, { maxLength: 5 }), (configs) => {
        const points = configs.map((c, i) => ({ throughput: i + 0.5, mem: 2 * i, key: i, config: c }));
        const back = unpackPoints(packPoints(points));
        expect(back).toEqual(points.map((p) => ({ ...p, config: canonical(p.config) })));
      }),
      { numRuns: RUNS },
    );
  });

  it('breaks ties between configurations by their dimensions in table order', () => {
    const cells = (c: ParallelConfig) => CONFIG_DIMS.map((d: ConfigDim) => dimValue(c, d) ?? 0);
    fc.assert(
      fc.property(config, config, (a, b) => {
        const x = cells(a);
        const y = cells(b);
        const i = x.findIndex((v, j) => v !== y[j]);
        const expected = i < 0 ? 0 : Math.sign((x[i] as number) - (y[i] as number));
        expect(Math.sign(compareConfigs(a, b))).toBe(expected);
      }),
      { numRuns: RUNS },
    );
    // The placement ranks before ep, ep before v.
    expect(compareConfigs({ ...base, ep: 2, nvTp1: 1 }, { ...base, nvTp1: 2 })).toBeLessThan(0);
    expect(compareConfigs({ ...base, ep: 2 }, { ...base, v: 2 })).toBeGreaterThan(0);
  });

  it('carries every dimension in a shared link, and writes today’s links for today’s configurations', () => {
    const field = URL_SCHEMA.selectedConfig;
    fc.assert(
      fc.property(config, (c) => {
        const text = field.serialize(c);
        expect(field.parse(text)).toEqual(canonical(c));
      }),
      { numRuns: RUNS },
    );
    expect(field.serialize(base)).toBe('dp4_tpa8_tpb2_pp16_mbs1_nva4_nvb2_nvd1_nvp1');
    expect(field.serialize({ ...base, ep: 1, v: 1 })).toBe(field.serialize(base));
    expect(field.serialize({ ...base, nb: 8, ep: 2, v: 4 })).toBe(
      'dp4_tpa8_tpb2_pp16_mbs1_nb8_nva4_nvb2_nvd1_nvp1_ep2_vp4',
    );
    // A required dimension missing, or one given twice, is no configuration.
    expect(field.parse('dp4_tpa8_tpb2_pp16_mbs1_nva4_nvb2_nvd1')).toBeUndefined();
    expect(field.parse('dp4_dp4_tpa8_tpb2_pp16_mbs1_nva4_nvb2_nvd1_nvp1')).toBeUndefined();
    expect(field.parse('dp4_tpa8_tpb2_pp16_mbs1_ep0_nva4_nvb2_nvd1_nvp1')).toBeUndefined();
  });
});
