// An edited efficiency travels with the scenario: the export `cli search --input` reads carries it (the
// CLI's search then uses it), and importing that file restores it.
import { describe, expect, it } from 'vitest';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { DEFAULT_INPUTS, systemEntry } from '../../src/state/inputs.ts';
import { importScenario, scenarioFile } from '../../src/state/io.ts';
import { createAppStore, DEFAULT_VIEW, initialState, setSystemEfficiency } from '../../src/state/store.ts';

describe('efficiency in the scenario export', () => {
  it('carries an edited efficiency field beside the preset’s calibrated ones, and imports it back', () => {
    const store = createAppStore(
      initialState(
        { ...DEFAULT_INPUTS, systems: [systemEntry('h100-sxm')], gpuMin: 8, gpuMax: 64 },
        DEFAULT_VIEW,
      ),
    );
    setSystemEfficiency(store, 0, 'memoryGB', 3.5);
    const { inputs, view } = store.getState();
    const file = scenarioFile(inputs, 0, [], view);
    expect(file.system.efficiency).toEqual({ ...SYSTEM_PRESETS['h100-sxm'].spec.efficiency, memoryGB: 3.5 });
    const back = importScenario(JSON.stringify(file));
    expect(back.ok && back.inputs.systems[0]!.spec.efficiency).toEqual(file.system.efficiency);
  });
});
