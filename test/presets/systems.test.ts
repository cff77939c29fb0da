/**
 * System presets: the paper's four exactly as the reference's files, today's products valid, each figure
 * with its source, and rates that are the dense ones.
 */
import { describe, expect, it } from 'vitest';
import { parseWith, systemSchema } from '../../src/model/schema.ts';
import { EXTRA_SYSTEM_KEYS, SYSTEM_KEYS } from '../../src/model/system.ts';
import {
  PAPER_SYSTEM_IDS,
  PRODUCT_SYSTEM_IDS,
  SYSTEM_PRESETS,
  SYSTEM_PRESET_IDS,
} from '../../src/presets/systems.ts';

const UNITS = { element_size: 2e-9, mask_element_size: 1e-9, flops_units: 1e-12 };

describe('system presets', () => {
  it("keeps the paper's four exactly as the reference's systems/config-*.json", () => {
    const net = { nvlink_latency: 2.5e-6, ib_latency: 5e-6, nic_factor: 1, ...UNITS };
    expect(SYSTEM_PRESETS.A100.spec).toEqual({
      ...net,
      matrix_flops_fp16: 312,
      vector_flops_fp16: 78,
      hbm_bandwidth: 1555,
      hbm_capacity: 80,
      nvlink_bandwidth: 300,
      nvlink_eff: 0.7,
      ib_bandwidth: 25,
      ib_eff: 0.7,
      nvlink_size: 4,
    });
    expect(SYSTEM_PRESETS.H200.spec).toEqual({
      ...net,
      matrix_flops_fp16: 989.4,
      vector_flops_fp16: 133.8,
      hbm_bandwidth: 4800,
      hbm_capacity: 141,
      nvlink_bandwidth: 450,
      nvlink_eff: 0.7,
      ib_bandwidth: 50,
      ib_eff: 0.7,
      nvlink_size: 64,
    });
    expect(SYSTEM_PRESETS.B200.spec).toEqual({
      ...net,
      matrix_flops_fp16: 2500,
      vector_flops_fp16: 339,
      hbm_bandwidth: 8000,
      hbm_capacity: 192,
      nvlink_bandwidth: 900,
      nvlink_eff: 0.7,
      ib_bandwidth: 100,
      ib_eff: 0.7,
      nvlink_size: 4,
    });
    expect(SYSTEM_PRESETS['B200-next'].spec).toEqual({
      ...UNITS,
      matrix_flops_fp16: 3750,
      vector_flops_fp16: 508.5,
      hbm_bandwidth: 16000,
      hbm_capacity: 384,
      nvlink_bandwidth: 3600,
      nvlink_eff: 0.8,
      nvlink_latency: 5e-6,
      ib_bandwidth: 200,
      ib_eff: 0.8,
      ib_latency: 1e-5,
      nvlink_size: 64,
      nic_factor: 1,
    });
  });

  it('lists every preset once under its own id, each valid with the schema and kept whole by it', () => {
    expect(new Set(SYSTEM_PRESET_IDS).size).toBe(SYSTEM_PRESET_IDS.length);
    expect(Object.keys(SYSTEM_PRESETS).sort()).toEqual([...SYSTEM_PRESET_IDS].sort());
    for (const id of SYSTEM_PRESET_IDS) {
      expect(SYSTEM_PRESETS[id].id).toBe(id);
      const parsed = parseWith(systemSchema, SYSTEM_PRESETS[id].spec);
      expect(parsed, id).toEqual({ ok: true, value: SYSTEM_PRESETS[id].spec });
    }
  });

  it('gives every figure of a product preset its source: a document with a link, or a stated assumption', () => {
    for (const id of PRODUCT_SYSTEM_IDS) {
      const p = SYSTEM_PRESETS[id];
      const sourced = [...SYSTEM_KEYS, ...EXTRA_SYSTEM_KEYS].filter(
        (k) => k !== 'element_size' && k !== 'mask_element_size' && k !== 'flops_units',
      );
      expect(Object.keys(p.figures ?? {}).sort(), id).toEqual([...sourced].sort());
      for (const k of sourced) {
        const f = p.figures?.[k as keyof NonNullable<typeof p.figures>];
        expect(f, `${id} ${k}`).toBeDefined();
        if (!f) continue;
        if (f.doc) {
          expect(f.doc.url, `${id} ${k}`).toMatch(
            /^https:\/\/(www\.|resources\.|images\.|docs\.)?(nvidia|amd)\.com\//,
          );
          expect(f.note.length, `${id} ${k}`).toBeGreaterThan(0);
        } else {
          // An assumption says what was assumed and why.
          expect(f.note.length, `${id} ${k}`).toBeGreaterThan(20);
        }
      }
      // The power a planner's energy needs is every product's.
      expect(p.spec.gpu_power, id).toBeGreaterThan(0);
    }
  });

  it('carries dense matrix rates: FP8 is twice BF16 on every product with FP8 tensor cores', () => {
    for (const id of PRODUCT_SYSTEM_IDS) {
      const s = SYSTEM_PRESETS[id].spec;
      if (s.matrix_flops_fp8 === undefined) continue;
      expect(s.matrix_flops_fp8 / s.matrix_flops_fp16, id).toBeCloseTo(2, 2);
    }
    expect(SYSTEM_PRESETS['a100-80gb'].spec.matrix_flops_fp8).toBeUndefined();
  });

  it("brings each product's own scale-up domain: 72 GPUs on GB200 NVL72, 8 on the others", () => {
    expect(
      Object.fromEntries(PRODUCT_SYSTEM_IDS.map((id) => [id, SYSTEM_PRESETS[id].spec.nvlink_size])),
    ).toEqual({
      'a100-80gb': 8,
      'h100-sxm': 8,
      'h200-sxm': 8,
      b200: 8,
      'gb200-nvl72': 72,
      mi300x: 8,
    });
  });

  it("leaves the paper's presets without the figures beyond the reference", () => {
    for (const id of PAPER_SYSTEM_IDS) {
      for (const k of EXTRA_SYSTEM_KEYS) expect(k in SYSTEM_PRESETS[id].spec, `${id} ${k}`).toBe(false);
      expect(SYSTEM_PRESETS[id].figures).toBeUndefined();
    }
  });
});
