import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import {
  DEFAULT_COMPARED_MODELS,
  MAX_MODELS,
  MIN_MODELS,
  comparedModel,
  comparedModelLabel,
  resolveModel,
} from '../../src/state/models.ts';
import {
  addComparedModel,
  createAppStore,
  removeComparedModel,
  setComparedSource,
  setComparedVariant,
  setModelField,
} from '../../src/state/store.ts';

let store = createAppStore();
afterEach(() => {
  store = createAppStore();
});

describe('compared models', () => {
  it('resolves a preset, the current model, and changed figures over either', () => {
    const current = MODEL_PRESETS['gpt3-1t'].spec;
    expect(resolveModel(comparedModel('llama3.1-8b'), current)).toBe(MODEL_PRESETS['llama3.1-8b'].spec);
    expect(resolveModel(comparedModel('current'), current)).toBe(current);
    expect(resolveModel({ source: 'current', overrides: { depth: 8 }, variant: null }, current)).toEqual({
      ...current,
      depth: 8,
    });
  });

  it('names each model by its source, marking changed figures', () => {
    expect(comparedModelLabel(comparedModel('llama3.1-70b'))).toBe('llama3.1-70b');
    expect(comparedModelLabel(comparedModel('current'))).toBe('current model');
    expect(comparedModelLabel({ source: 'gpt3-1t', overrides: { depth: 8 }, variant: null })).toBe(
      'gpt3-1t*',
    );
  });

  it('keeps two to four models, each picked, added and removed by its place', () => {
    expect(store.getState().view.compareModels).toBe(DEFAULT_COMPARED_MODELS);
    removeComparedModel(store, 0);
    expect(store.getState().view.compareModels).toHaveLength(MIN_MODELS);
    for (let k = 0; k < 5; k++) addComparedModel(store, 'llama3.1-8b');
    expect(store.getState().view.compareModels).toHaveLength(MAX_MODELS);
    setComparedSource(store, 1, 'mixtral-8x7b');
    removeComparedModel(store, 0);
    expect(store.getState().view.compareModels.map((m) => m.source)).toEqual([
      'mixtral-8x7b',
      'llama3.1-8b',
      'llama3.1-8b',
    ]);
    setComparedVariant(store, 2, 'slim');
    expect(store.getState().view.compareModels[2]).toEqual({
      source: 'llama3.1-8b',
      overrides: {},
      variant: 'slim',
    });
  });

  it('does not touch the explorer inputs (its search is not restarted)', () => {
    const inputs = store.getState().inputs;
    addComparedModel(store, 'llama3.1-8b');
    setComparedSource(store, 0, 'gpt3-175b');
    expect(store.getState().inputs).toBe(inputs);
    // The current model follows the model panel: the entry stays `current`.
    setModelField(store, 'depth', 64);
    expect(store.getState().view.compareModels[2]?.source).toBe('llama3.1-8b');
  });
});
