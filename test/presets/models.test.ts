/**
 * Model presets: their parameter totals against the figures their makers publish, the paper's presets
 * untouched, and each one recognised as itself by the model panel and the URL.
 */
import { describe, expect, it } from 'vitest';
import { modelParams } from '../../src/model/params.ts';
import { modelSchema, parseWith } from '../../src/model/schema.ts';
import { MODEL_PRESET_IDS, MODEL_PRESETS, type ModelPresetId } from '../../src/presets/models.ts';
import { DEFAULT_INPUTS, modelPresetOf } from '../../src/state/inputs.ts';
import { DEFAULT_VIEW } from '../../src/state/store.ts';
import { decodeState, encodeState } from '../../src/url/codec.ts';

/**
 * Published totals (and active parameters of expert models), with the tolerance their rounding allows.
 * Llama 3.1 8B: Meta's exact count; the others as their model cards, papers and reports round them.
 */
const PUBLISHED: Partial<Record<ModelPresetId, { total: number; active?: number; rel: number }>> = {
  'llama3.1-8b': { total: 8_030_261_248, rel: 0 },
  'llama3.1-70b': { total: 70.55e9, rel: 0.0005 },
  'llama3.1-405b': { total: 405.85e9, rel: 0.0005 },
  'mixtral-8x7b': { total: 46.7e9, active: 12.88e9, rel: 0.005 },
  // mistral.ai: "141B parameters, 39B active".
  'mixtral-8x22b': { total: 141e9, active: 39e9, rel: 0.005 },
  'qwen3-30b-a3b': { total: 30.53e9, active: 3.35e9, rel: 0.005 },
  'qwen3-235b-a22b': { total: 235.09e9, active: 22.19e9, rel: 0.005 },
  // 9.4 B embedding + 331.6 B other parameters (Nemotron-4 340B report §2.1).
  'nemotron-4-340b': { total: 341.0e9, rel: 0.0005 },
  // Brown et al.'s 174.6 B less the 25 M learned position embeddings the model does not carry.
  'gpt3-175b-vocab': { total: 174.6e9 - 2048 * 12288, rel: 0.0005 },
};

describe('model presets', () => {
  for (const [id, want] of Object.entries(PUBLISHED)) {
    it(`${id} has its published parameter count`, () => {
      const p = modelParams(MODEL_PRESETS[id as ModelPresetId].spec);
      expect(Math.abs(p.total / want.total - 1)).toBeLessThanOrEqual(want.rel);
      const active = want.active ?? want.total;
      expect(Math.abs(p.active / active - 1)).toBeLessThanOrEqual(want.rel);
    });
  }

  it('Nemotron-4 splits as its report does: 9.4 B embedding, 331.6 B in the layers', () => {
    const s = MODEL_PRESETS['nemotron-4-340b'].spec;
    const embedding = 2 * 256000 * s.e;
    expect(embedding / 1e9).toBeCloseTo(9.4, 1);
    expect((modelParams(s).total - embedding - 2 * s.e) / 1e9).toBeCloseTo(331.6, 1);
  });

  it("keeps the paper's three exactly as the reference's models.py", () => {
    expect(MODEL_PRESETS['gpt3-175b'].spec).toEqual({ l: 2048, e: 12288, f: 49152, h: 96, depth: 96 });
    expect(MODEL_PRESETS['gpt3-1t'].spec).toEqual({ l: 2048, e: 25600, f: 102400, h: 160, depth: 128 });
    expect(MODEL_PRESETS['vit-era5'].spec).toEqual({ l: 64800, e: 12288, f: 49152, h: 64, depth: 48 });
  });

  it('lists every preset once under its own id, each a valid model', () => {
    expect(new Set(MODEL_PRESET_IDS).size).toBe(MODEL_PRESET_IDS.length);
    expect(Object.keys(MODEL_PRESETS).sort()).toEqual([...MODEL_PRESET_IDS].sort());
    for (const id of MODEL_PRESET_IDS) {
      expect(MODEL_PRESETS[id].id).toBe(id);
      expect(parseWith(modelSchema, MODEL_PRESETS[id].spec).ok).toBe(true);
    }
  });

  it('recognises each preset as itself, and its link opens it', () => {
    for (const id of MODEL_PRESET_IDS) {
      const spec = MODEL_PRESETS[id].spec;
      expect(modelPresetOf(spec)).toBe(id);
      const query = encodeState({ ...DEFAULT_INPUTS, model: spec }, DEFAULT_VIEW);
      // The default model is left out of links.
      const named = new URLSearchParams(query).get('model') ?? modelPresetOf(DEFAULT_INPUTS.model);
      expect(named).toBe(id);
      expect(decodeState(query).inputs.model).toEqual(spec);
    }
  });

  it('calls a preset with one architecture field changed custom', () => {
    const llama = MODEL_PRESETS['llama3.1-8b'].spec;
    expect(modelPresetOf({ ...llama, kvHeads: 32 })).toBeNull();
    expect(modelPresetOf({ ...llama, tiedEmbeddings: true })).toBeNull();
    const mixtral = MODEL_PRESETS['mixtral-8x7b'].spec;
    expect(modelPresetOf({ ...mixtral, moe: { ...mixtral.moe!, topK: 1 } })).toBeNull();
    // Writing out a default is the same model.
    expect(modelPresetOf({ ...MODEL_PRESETS['gpt3-175b'].spec, kvHeads: 96, mlp: 'gelu' })).toBe('gpt3-175b');
  });
});
