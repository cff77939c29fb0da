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
