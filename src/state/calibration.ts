/**
 * Opening a measured run of the calibration view as a scenario in the explorer: its model, its system's
 * preset, its global batch, strategy, GPU count and training settings (recomputation as the run states
 * it, else searched, as the calibration took the fastest that fits; its ZeRO stage, precision and virtual
 * stages pinned). The explorer searches every configuration, so the run's own (tp, pp, ...) is not imposed.
 */
import type { CalibrationRow } from '../model/calibrationRow.ts';
import type { RunSystemId } from '../model/runs.ts';
import { PAPER_CHOICE } from '../model/training.ts';
import type { SystemPresetId } from '../presets/systems.ts';
import { searchedGpus, systemEntry, type Inputs } from './inputs.ts';
import type { AppStore } from './store.ts';

/**
 * The explorer preset of a run's system. torchtitan's capped 96 GB H100s have no preset: they open on the
 * DGX H100's with its capacity and power cap edited to theirs (runSystems.ts).
 */
export function runPreset(id: RunSystemId): {
  preset: SystemPresetId;
  edits: { hbm_capacity?: number; gpu_power?: number };
} {
  if (id === 'h100-96gb-500w') return { preset: 'h100-sxm', edits: { hbm_capacity: 96, gpu_power: 500 } };
  return { preset: id, edits: {} };
}

/** The explorer's inputs for a run, keeping the GPU range of `current` when it holds the run's count. */
export function runInputs(current: Inputs, row: CalibrationRow): Inputs {
  const { preset, edits } = runPreset(row.systemId);
  const entry = systemEntry(preset);
  const inputs: Inputs = {
    ...current,
    model: row.spec,
    globalBatchSize: row.globalBatchSize,
    strategy: row.strategy,
    flashAttention: true,
    training: {
      recompute: row.recomputeStated ? row.recompute : 'search',
      zero: row.zero,
      precision: row.precision,
      optimizerBytes: PAPER_CHOICE.optimizerBytes,
      v: row.v,
    },
    systems: [{ preset, spec: { ...entry.spec, ...edits } }],
    gpuCount: null,
  };
  return searchedGpus(inputs).includes(row.gpus) ? inputs : { ...inputs, gpuCount: row.gpus };
}

/** Replaces the scenario with the run's and shows it in the explorer at the run's GPU count. */
export function openCalibrationRun(store: AppStore, row: CalibrationRow): void {
  store.setState((s) => ({
    inputs: runInputs(s.inputs, row),
    view: {
      ...s.view,
      tab: 'explore',
      activeSystem: 0,
      selectedGpus: row.gpus,
      selectedConfig: null,
    },
  }));
}
