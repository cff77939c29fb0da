import { describe, expect, it } from 'vitest';
import { isSlim, slimVariant } from '../../src/model/anthe.ts';
import { modelParams } from '../../src/model/params.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { DEFAULT_INPUTS, inputIssues, searchRequest, systemLabel } from '../../src/state/inputs.ts';
import {
  addSystem,
  applyUpdate,
  createAppStore,
  notifyAll,
  removeSystem,
  resetSystem,
  selectConfig,
  setGpuRange,
  setModelField,
  setModelPreset,
  setSlim,
  setSystemEfficiency,
  setSystemField,
  setSystemPreset,
  startRun,
} from '../../src/state/store.ts';
import { issuesByField } from '../../src/state/selectors.ts';

describe('store actions', () => {
  it('edits clear the selected configuration (it may no longer exist)', () => {
    const store = createAppStore();
    selectConfig(store, 8, {
      dp: 1,
      tp1: 8,
      tp2: 1,
      pp: 1,
      mbs: 1,
      nb: null,
      nvTp1: 4,
      nvTp2: 1,
      nvDp: 1,
      nvPp: 1,
    });
    expect(store.getState().view.selectedGpus).toBe(8);
    setModelField(store, 'depth', 64);
    expect(store.getState().view.selectedConfig).toBeNull();
    expect(store.getState().view.selectedGpus).toBe(8);
  });

  it('an edit with no configuration chosen keeps the view as it was (nothing that shows the view redraws)', () => {
    const store = createAppStore();
    const view = store.getState().view;
    setSystemField(store, 0, 'hbm_capacity', 81);
    expect(store.getState().view).toBe(view);
  });

  it('clearing notices when there are none notifies no listener (every search starts with it)', () => {
    const store = createAppStore();
    let calls = 0;
    store.subscribe(() => calls++);
    const state = store.getState();
    notifyAll(store, 'error', [], 'search');
    expect(calls).toBe(0);
    expect(store.getState()).toBe(state);
    notifyAll(store, 'error', ['failed'], 'search');
    notifyAll(store, 'error', [], 'search');
    expect(calls).toBe(2);
    expect(store.getState().notices).toEqual([]);
  });

  it("finds the inputs' issues once per inputs object (the search and four panels ask on every edit)", () => {
    const store = createAppStore();
    const valid = store.getState().inputs;
    expect(inputIssues(valid)).toBe(inputIssues(valid));
    setModelField(store, 'h', 3);
    const broken = store.getState().inputs;
    expect(inputIssues(broken).map((i) => i.path)).toContain('model.h');
    expect(inputIssues(broken)).toBe(inputIssues(broken));
    expect(inputIssues(valid)).toEqual([]);
  });

  it('the slim switch makes the model Anthe-style and takes those options off again', () => {
    const store = createAppStore();
    setModelPreset(store, 'llama3.1-8b');
    const llama = MODEL_PRESETS['llama3.1-8b'].spec;
    setSlim(store, true);
    const slim = store.getState().inputs.model;
    expect(slim).toEqual(slimVariant(llama));
    expect(isSlim(slim)).toBe(true);
    expect(modelParams(slim).total).toBeLessThan(modelParams(llama).total);
    setSlim(store, false);
    // Llama's MLP is gated already, so the variant kept it: switching off restores the model.
    expect(store.getState().inputs.model).toEqual(llama);
  });

  it('shows an inline rule when heads do not divide the embedding', () => {
    const store = createAppStore();
    setModelField(store, 'h', 48);
    setModelField(store, 'e', 12100);
    expect(issuesByField(store.getState().inputs)['model.h']).toBe(
      'heads (48) must divide embedding (12100)',
    );
  });

  it('shows the heads rule under the embedding when the embedding was changed last', () => {
    const store = createAppStore();
    setModelField(store, 'e', 25728);
    const { inputs } = store.getState();
    expect(issuesByField(inputs, 'model.e')).toEqual({
      'model.e': 'heads (160) must divide embedding (25728)',
    });
    expect(issuesByField(inputs, 'model.h')).toEqual({
      'model.h': 'heads (160) must divide embedding (25728)',
    });
    expect(issuesByField(inputs)).toEqual({ 'model.h': 'heads (160) must divide embedding (25728)' });
  });

  it('keeps a message about the heads themselves under heads, whatever was changed last', () => {
    const store = createAppStore();
    setModelField(store, 'h', 0);
    const issues = issuesByField(store.getState().inputs, 'model.e');
    expect(Object.keys(issues)).toEqual(['model.h']);
    expect(issues['model.h']).toMatch(/\(got 0\)/);
  });

  it("compares up to four systems: the paper's at the first one's domain, a product at its own", () => {
    const store = createAppStore();
    addSystem(store, 'H200');
    addSystem(store, 'gb200-nvl72');
    addSystem(store, 'B200-next');
    addSystem(store, 'A100');
    const systems = store.getState().inputs.systems;
    expect(systems.map((s) => s.preset)).toEqual(['A100', 'H200', 'gb200-nvl72', 'B200-next']);
    expect(systems.map((s) => s.spec.nvlink_size)).toEqual([4, 4, 72, 4]);
    expect(store.getState().view.activeSystem).toBe(3);
    removeSystem(store, 3);
    expect(store.getState().view.activeSystem).toBe(2);
  });

  it("a preset switch brings the preset's own domain size, whatever the previous system's was", () => {
    const store = createAppStore();
    setSystemField(store, 0, 'nvlink_size', 8);
    setSystemPreset(store, 0, 'gb200-nvl72');
    expect(store.getState().inputs.systems[0]).toEqual({
      preset: 'gb200-nvl72',
      spec: SYSTEM_PRESETS['gb200-nvl72'].spec,
    });
    setSystemPreset(store, 0, 'b200');
    expect(store.getState().inputs.systems[0]!.spec.nvlink_size).toBe(8);
    expect(systemLabel(store.getState().inputs.systems[0]!)).toBe('b200 NVS8');
    setSystemPreset(store, 0, 'B200');
    expect(store.getState().inputs.systems[0]!.spec).toEqual(SYSTEM_PRESETS.B200.spec);
  });

  it('editing the power per GPU does not change the search request (no new search)', () => {
    const store = createAppStore();
    setSystemPreset(store, 0, 'h100-sxm');
    const before = searchRequest(store.getState().inputs, 0);
    setSystemField(store, 0, 'gpu_power', 500);
    expect(searchRequest(store.getState().inputs, 0)).toEqual(before);
    expect(before.system).toEqual(
      Object.fromEntries(Object.entries(SYSTEM_PRESETS['h100-sxm'].spec).filter(([k]) => k !== 'gpu_power')),
    );
    setSystemField(store, 0, 'matrix_flops_fp8', 2000);
    expect(searchRequest(store.getState().inputs, 0)).not.toEqual(before);
  });

  it('an edited system is labelled and can be restored', () => {
    const store = createAppStore();
    setSystemField(store, 0, 'hbm_capacity', 120);
    expect(systemLabel(store.getState().inputs.systems[0]!)).toBe('A100* NVS4');
    resetSystem(store, 0);
    expect(store.getState().inputs.systems[0]).toEqual(DEFAULT_INPUTS.systems[0]);
  });

  it('an edited efficiency marks the label too, and setting it back to the preset unmarks it', () => {
    const store = createAppStore();
    setSystemPreset(store, 0, 'h100-sxm');
    const label = systemLabel(store.getState().inputs.systems[0]!);
    expect(label).toBe('h100-sxm NVS8');
    const calibrated = store.getState().inputs.systems[0]!.spec.efficiency?.dpOverlap;
    setSystemEfficiency(store, 0, 'dpOverlap', 0.123);
    expect(systemLabel(store.getState().inputs.systems[0]!)).toBe('h100-sxm* NVS8');
    setSystemEfficiency(store, 0, 'dpOverlap', calibrated);
    expect(systemLabel(store.getState().inputs.systems[0]!)).toBe(label);
  });

  it('a GPU range set backwards is kept as given and reported, not reordered', () => {
    const store = createAppStore();
    setGpuRange(store, 4096, 64);
    expect(store.getState().inputs).toMatchObject({ gpuMin: 4096, gpuMax: 64 });
    expect(issuesByField(store.getState().inputs)['gpus']).toMatch(/low to high \(got 4096 to 64\)/);
  });

  it('ignores updates of superseded runs', () => {
    const store = createAppStore();
    startRun(store, 2, ['k'], 0);
    applyUpdate(store, { kind: 'progress', run: 1, done: 5, total: 10 }, [4]);
    expect(store.getState().results.total).toBe(0);
    applyUpdate(store, { kind: 'progress', run: 2, done: 5, total: 10 }, [4]);
    expect(store.getState().results).toMatchObject({ done: 5, total: 10 });
  });
});
