/** Small scenarios for property tests of the search: quick to search exhaustively, and to brute-force. */
import fc from 'fast-check';
import type { ModelSpec } from '../../src/model/spec.ts';
import type { SystemSpec } from '../../src/model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS, type SystemPresetId } from '../../src/presets/systems.ts';

/** A GPT-style model small enough that a few dozen GPUs have a few thousand candidates. */
export const SMALL_MODEL: ModelSpec = { l: 2048, e: 6144, f: 24576, h: 48, depth: 48 };

/** A preset with its NVLink domain set and its HBM capacity scaled (small capacities make most overflow). */
export function scaledSystem(preset: SystemPresetId, nvs: number, capacityScale: number): SystemSpec {
  const spec = SYSTEM_PRESETS[preset].spec;
  return { ...spec, nvlink_size: nvs, hbm_capacity: spec.hbm_capacity * capacityScale };
}

/** Any system preset. */
export const anyPreset = () => fc.constantFrom(...SYSTEM_PRESET_IDS);

/**
 * The small model with any mix of the architecture options beyond the paper (each may be absent):
 * grouped-query attention, a head width of its own, gated or squared-ReLU MLPs, RMSNorm, no biases or
 * dropout, a vocabulary (tied or not) and experts (with leading dense layers and a shared expert).
 */
export function anyArchitecture(base: ModelSpec = SMALL_MODEL): fc.Arbitrary<ModelSpec> {
  return fc
    .record(
      {
        kvHeads: fc.constantFrom(1, 8, 16, base.h),
        headDim: fc.constantFrom(64, 128),
        mlp: fc.constantFrom('gelu' as const, 'swiglu' as const, 'geglu' as const, 'relu2' as const),
        norm: fc.constantFrom('layernorm' as const, 'rmsnorm' as const),
        bias: fc.boolean(),
        dropout: fc.boolean(),
        vocab: fc.constantFrom(32000, 50257, 128256),
        tiedEmbeddings: fc.boolean(),
        moe: fc.record({
          experts: fc.constantFrom(4, 8, 16),
          topK: fc.constantFrom(1, 2),
          expertF: fc.constantFrom(2048, 8192),
          sharedExpertF: fc.constantFrom(0, 4096),
          denseLayers: fc.constantFrom(0, 1, 3),
        }),
      },
      { requiredKeys: [] },
    )
    .map((extra) => ({ ...base, ...extra }));
}
