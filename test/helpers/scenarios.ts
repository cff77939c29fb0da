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

/**
 * A small encoder-decoder model (or, with an encoder of no layers, a decoder-only one) with any mix of
 * Anthe's options: KgV, tensor chains on each layer family, H-SoftPOS, Keras biases, post-norm.
 */
export function anyAnthe(): fc.Arbitrary<ModelSpec> {
  const chain = fc.record({
    ratio: fc.constantFrom(0.005, 0.07, 0.3),
    length: fc.constantFrom(2 as const, 3 as const, 4 as const),
  });
  return (
    fc
      .record(
        {
          encoder: fc.record({
            depth: fc.constantFrom(0, 2, 4, 8),
            l: fc.constantFrom(1024, 2048),
            sharedEmbeddings: fc.boolean(),
          }),
          kgv: fc.boolean(),
          tc: fc.record({ ffn: chain, attn: chain, embed: chain, head: chain }, { requiredKeys: [] }),
          hsoftpos: fc.constantFrom(0, 2, 3),
          denseBiases: fc.boolean(),
          postNorm: fc.boolean(),
          tiedEmbeddings: fc.boolean(),
          mlp: fc.constantFrom('gelu' as const, 'geglu' as const),
        },
        { requiredKeys: [] },
      )
      // A tied output layer takes the embedding's chain: a chain of its own is refused.
      .map(({ tc, ...extra }) => {
        const { head, ...rest } = tc ?? {};
        const chains = extra.tiedEmbeddings || !head ? rest : { ...rest, head };
        return { ...SMALL_MODEL, depth: 8, vocab: 32000, ...extra, ...(tc ? { tc: chains } : {}) };
      })
  );
}
