import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { searchSweep } from '../../src/search/search.ts';
import { DEFAULT_INPUTS, searchRequest, systemEntry } from '../../src/state/inputs.ts';
import { comparedModel } from '../../src/state/models.ts';
import { modelsKey, modelsRequests, runModels, type ModelsBridge } from '../../src/state/modelsSync.ts';
import { createAppStore, DEFAULT_VIEW, initialState, setComparedSource } from '../../src/state/store.ts';
import type { BridgeUpdate, SeriesJob } from '../../src/worker/bridge.ts';

/** A bridge that answers from the real engine at once, recording what it was asked. */
function syncBridge(): ModelsBridge & { jobs: SeriesJob[][] } {
  const jobs: SeriesJob[][] = [];
  return {
    jobs,
    run(js: readonly SeriesJob[], onUpdate: (u: BridgeUpdate) => void) {
      jobs.push([...js]);
      for (const j of js)
        for (const g of searchSweep(j.request))
          onUpdate({ kind: 'result', run: 1, series: j.series, result: g });
      onUpdate({ kind: 'done', run: 1, ms: 1 });
      return 1;
    },
    cancel: () => undefined,
  };
}

const inputs = {
  ...DEFAULT_INPUTS,
  model: MODEL_PRESETS['llama3.1-8b'].spec,
  globalBatchSize: 512,
  systems: [systemEntry('A100', 8), systemEntry('H200', 8)],
  gpuMin: 8,
  gpuMax: 32,
};
const view = {
  ...DEFAULT_VIEW,
  tab: 'models' as const,
  activeSystem: 1,
  compareModels: [comparedModel('current'), comparedModel('llama3.1-70b')],
};

describe('compare-models runs', () => {
  it('searches each model on the edited system, over the GPU range, and stores what the engine finds', () => {
    const store = createAppStore(initialState(inputs, view));
    const s = store.getState();
    const bridge = syncBridge();
    runModels(store, bridge, s, modelsKey(s)!);
    const m = store.getState().models;
    expect(m.status).toBe('done');
    expect(bridge.jobs[0]!.map((j) => j.request.model)).toEqual([
      MODEL_PRESETS['llama3.1-8b'].spec,
      MODEL_PRESETS['llama3.1-70b'].spec,
    ]);
    for (const [k, id] of (['llama3.1-8b', 'llama3.1-70b'] as const).entries()) {
      const expected = searchSweep({ ...searchRequest(inputs, 1), model: MODEL_PRESETS[id].spec, top: 1 });
      for (const r of expected) {
        const got = m.series[k]!.byGpus[r.gpus]!;
        expect(got.top[0]?.throughput ?? null).toBe(r.top[0]?.throughput ?? null);
        expect(got.best?.params ?? null).toEqual(r.best?.params ?? null);
      }
      expect(Object.keys(m.series[k]!.byGpus).map(Number)).toEqual([8, 16, 32]);
    }
    // Only the fastest is kept and detailed: no sample, no front.
    expect(bridge.jobs[0]!.every((j) => j.request.cloudSize === 0 && j.request.front === false)).toBe(true);
    // The edited system's search: its figures as `searchRequest` gives them (power per GPU left out).
    for (const j of bridge.jobs[0]!) expect(j.request.system).toEqual(searchRequest(inputs, 1).system);
  });

  it('names a model it cannot search and searches the others', () => {
    const bad = { ...inputs, model: { ...inputs.model, h: 7 } };
    const store = createAppStore(initialState(bad, view));
    const s = store.getState();
    const key = modelsKey(s);
    // The edited model being invalid does not stop the view: it is one of the models.
    expect(key).not.toBeNull();
    const bridge = syncBridge();
    runModels(store, bridge, s, key!);
    const m = store.getState().models;
    expect(m.series[0]!.invalid).toMatch(/heads/);
    expect(bridge.jobs[0]!.map((j) => j.series)).toEqual(['1']);
    expect(Object.keys(m.series[1]!.byGpus)).toHaveLength(3);
    expect(modelsRequests(s)[0]).toEqual({ invalid: m.series[0]!.invalid });
  });

  it('runs only while the view is shown, and again when a model changes', () => {
    const store = createAppStore(initialState(inputs, { ...view, tab: 'explore' }));
    expect(modelsKey(store.getState())).toBeNull();
    const shown = createAppStore(initialState(inputs, view));
    const before = modelsKey(shown.getState());
    setComparedSource(shown, 1, 'mixtral-8x7b');
    expect(modelsKey(shown.getState())).not.toBe(before);
  });
});
