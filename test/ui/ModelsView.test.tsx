// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { modelParams } from '../../src/model/params.ts';
import { dpVolumePerStep } from '../../src/model/traffic.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { searchSweep } from '../../src/search/search.ts';
import { DEFAULT_INPUTS, searchRequest, systemEntry, type Inputs } from '../../src/state/inputs.ts';
import { comparedModel, type ComparedModel } from '../../src/state/models.ts';
import { modelsKey, runModels, type ModelsBridge } from '../../src/state/modelsSync.ts';
import { createAppStore, DEFAULT_VIEW, initialState, selectGpus } from '../../src/state/store.ts';
import { ModelsView } from '../../src/ui/ModelsView.tsx';
import type { BridgeUpdate, SeriesJob } from '../../src/worker/bridge.ts';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

/** Answers from the real engine at once. */
const bridge: ModelsBridge = {
  run(jobs: readonly SeriesJob[], onUpdate: (u: BridgeUpdate) => void) {
    for (const j of jobs)
      for (const g of searchSweep(j.request))
        onUpdate({ kind: 'result', run: 1, series: j.series, result: g });
    onUpdate({ kind: 'done', run: 1, ms: 1 });
    return 1;
  },
  cancel: () => undefined,
};

const INPUTS: Inputs = {
  ...DEFAULT_INPUTS,
  model: MODEL_PRESETS['llama3.1-8b'].spec,
  globalBatchSize: 256,
  systems: [systemEntry('H200', 8)],
  gpuMin: 1,
  gpuMax: 16,
};

function storeWith(models: readonly ComparedModel[]) {
  const store = createAppStore(
    initialState(INPUTS, { ...DEFAULT_VIEW, tab: 'models', compareModels: models }),
  );
  const s = store.getState();
  runModels(store, bridge, s, modelsKey(s)!);
  return store;
}

/** The engine's answer for one model of the scenario. */
const engine = (id: keyof typeof MODEL_PRESETS) =>
  searchSweep({ ...searchRequest(INPUTS, 0), model: MODEL_PRESETS[id].spec, top: 1 });

const items = () => within(screen.getByRole('region', { name: 'Models compared' })).getAllByRole('listitem');
const cellValue = (id: string) => Number(screen.getByTestId(id).getAttribute('data-value'));

describe('ModelsView', () => {
  it('lists the models, the current one named by the preset it is', () => {
    renderWithStore(<ModelsView />, storeWith([comparedModel('current'), comparedModel('llama3.1-70b')]));
    expect(items()).toHaveLength(2);
    expect(items().map((li) => li.querySelector('.system-label')?.textContent)).toEqual([
      'current model (llama3.1-8b)',
      'llama3.1-70b',
    ]);
    expect((screen.getByRole('combobox', { name: 'Model 2' }) as HTMLSelectElement).value).toBe(
      'llama3.1-70b',
    );
    // Two is the least: neither can be removed.
    expect(
      screen.getAllByRole('button', { name: /^Remove model/ }).every((b) => b.hasAttribute('disabled')),
    ).toBe(true);
  });

  it("shows each model's parameters, fewest GPUs that fit and fastest step, as the engine finds them", () => {
    const store = storeWith([comparedModel('llama3.1-8b'), comparedModel('llama3.1-70b')]);
    renderWithStore(<ModelsView />, store);
    const small = engine('llama3.1-8b');
    const large = engine('llama3.1-70b');
    const fewest = (rs: typeof small) => rs.find((r) => r.top.length > 0)?.gpus;
    expect(cellValue('params-0')).toBe(modelParams(MODEL_PRESETS['llama3.1-8b'].spec).total);
    expect(cellValue('params-1')).toBe(modelParams(MODEL_PRESETS['llama3.1-70b'].spec).total);
    expect(cellValue('fewest-0')).toBe(fewest(small));
    expect(cellValue('fewest-1')).toBe(fewest(large));
    expect(fewest(large)).toBeGreaterThan(fewest(small)!);
    // Detailed at the largest count where both fit, unless one is selected.
    const both = large.at(-1)!;
    expect(screen.getByRole('heading', { name: `At ${both.gpus} GPUs` })).toBeTruthy();
    expect(cellValue('step-1')).toBe(both.top[0]!.totals.t);
    expect(cellValue('dp-volume-1')).toBe(dpVolumePerStep(both.top[0]!.totals));
    const n = fewest(large)!;
    selectGpus(store, n);
    expect(cellValue('throughput-1')).toBe(large.find((r) => r.gpus === n)!.top[0]!.throughput);
    expect(cellValue('memory-0')).toBe(small.find((r) => r.gpus === n)!.top[0]!.mem);
  });

  it('draws the scaling curves, and the step time and memory of each model at the GPU count', () => {
    const { container } = renderWithStore(
      <ModelsView />,
      storeWith([comparedModel('llama3.1-8b'), comparedModel('llama3.1-70b')]),
    );
    const titles = [...container.querySelectorAll('figure.chart figcaption, figure.chart h3')].map(
      (e) => e.textContent,
    );
    expect(titles.join('|')).toMatch(/Throughput vs GPU count/);
    expect(titles.join('|')).toMatch(/Step time by model at 16 GPUs/);
    expect(titles.join('|')).toMatch(/Memory per GPU by model at 16 GPUs/);
  });

  it('adds models up to four, removes them down to two, and switches a model', async () => {
    const { store } = renderWithStore(
      <ModelsView />,
      storeWith([comparedModel('current'), comparedModel('gpt3-175b')]),
    );
    const user = userEvent.setup();
    const add = () => screen.queryByRole('combobox', { name: /^Add a model/ }) as HTMLSelectElement | null;
    await user.selectOptions(add()!, 'mixtral-8x7b');
    await user.selectOptions(add()!, 'llama3.1-8b');
    expect(store.getState().view.compareModels.map((m) => m.source)).toEqual([
      'current',
      'gpt3-175b',
      'mixtral-8x7b',
      'llama3.1-8b',
    ]);
    expect(add()).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove model 1' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Model 1' }), 'llama3.1-70b');
    expect(store.getState().view.compareModels.map((m) => m.source)).toEqual([
      'llama3.1-70b',
      'mixtral-8x7b',
      'llama3.1-8b',
    ]);
  });
});
