/**
 * Transformer models of the paper (arXiv 2410.00273, Table 1; the reference's `models.py`). The MLP
 * hidden size is 4e, as in the paper and in the reference's published outputs.
 */
import type { ModelSpec } from '../model/spec.ts';

export type ModelPresetId = 'gpt3-175b' | 'gpt3-1t' | 'vit-era5';
export const MODEL_PRESET_IDS = [
  'gpt3-175b',
  'gpt3-1t',
  'vit-era5',
] as const satisfies readonly ModelPresetId[];

export interface ModelPreset {
  readonly id: ModelPresetId;
  readonly label: string;
  readonly source: string;
  readonly spec: ModelSpec;
}

export const MODEL_PRESETS: Readonly<Record<ModelPresetId, ModelPreset>> = {
  'gpt3-175b': {
    id: 'gpt3-175b',
    label: 'GPT-3 175B',
    source: 'reference models.py `gpt3`; Brown et al. 2020',
    spec: { l: 2048, e: 12288, f: 4 * 12288, h: 96, depth: 96 },
  },
  'gpt3-1t': {
    id: 'gpt3-1t',
    label: 'GPT3-1T',
    source: 'reference models.py `gpt3_1T`; the paper §4',
    spec: { l: 2048, e: 25600, f: 4 * 25600, h: 160, depth: 128 },
  },
  'vit-era5': {
    id: 'vit-era5',
    label: 'ViT-ERA5 (weather, 64,800-token images)',
    source: 'reference models.py `vit_era5`; the paper §4',
    spec: { l: 64800, e: 12288, f: 4 * 12288, h: 64, depth: 48 },
  },
};

/** The GPU counts the reference sweeps: 4 to 16384 in powers of two. */
export const PAPER_GPU_COUNTS = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** The paper's global batch size (sequences per step). */
export const PAPER_GLOBAL_BATCH = 4096;
