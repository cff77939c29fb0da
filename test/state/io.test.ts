import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';
import {
  DEFAULT_INPUTS,
  searchRequest,
  searchedGpus,
  systemEntry,
  type Inputs,
} from '../../src/state/inputs.ts';
import { MAX_IMPORT_BYTES, importScenario, scenarioFile } from '../../src/state/io.ts';
import { DEFAULT_VIEW, type ViewState } from '../../src/state/store.ts';
import { FIXTURES } from '../helpers/golden.ts';
import { readFileSync } from 'node:fs';

const inputs: Inputs = { ...DEFAULT_INPUTS, gpuMin: 256, gpuMax: 1024 };

describe('scenario files', () => {
  it('an export is accepted by `cli search`, which prints the same numbers the explorer shows', () => {
    const shown = searchSweep(searchRequest(inputs, 0));
    const file = scenarioFile(inputs, 0, shown);
    let stdout = '';
    const code = run(['search', '--input', 'scenario.json'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readInput: () => JSON.stringify(file),
    });
    expect(code).toBe(0);
    const cli = JSON.parse(stdout) as {
      results: { gpus: number; top: { throughput: number; config: unknown }[] }[];
    };
    expect(cli.results).toEqual(JSON.parse(JSON.stringify(file.results)));
  });

  it('reads an export back into the same inputs', () => {
    const file = scenarioFile(inputs, 0, []);
    const back = importScenario(JSON.stringify(file));
    expect(back).toEqual({ ok: true, inputs, view: DEFAULT_VIEW, messages: [] });
  });

  // An export reopened at 16,384 GPUs when 512 were selected: the file now keeps what the link keeps.
  it('reads back everything a link keeps: every system, the selected GPU count and configuration, the tab', () => {
    const two: Inputs = { ...inputs, systems: [systemEntry('A100', 4), systemEntry('H200', 8)] };
    const best = searchSweep(searchRequest(two, 1)).find((r) => r.gpus === 512)?.top[1]?.config;
    expect(best).toBeDefined();
    const view: ViewState = {
      ...DEFAULT_VIEW,
      tab: 'compare',
      activeSystem: 1,
      selectedGpus: 512,
      selectedConfig: best ?? null,
      breakdown: 'fraction',
      designMode: 'sensitivity',
      sweepKind: 'flops-cap',
    };
    const file = scenarioFile(two, 1, [], view);
    expect(file.system).toEqual(systemEntry('H200', 8).spec);
    expect(importScenario(JSON.stringify(file))).toEqual({ ok: true, inputs: two, view, messages: [] });
  });

  it('reads a file without explorer settings (the CLI form) with no view', () => {
    const { explorer: _, ...cliForm } = scenarioFile(inputs, 0, [], { ...DEFAULT_VIEW, selectedGpus: 512 });
    expect(importScenario(JSON.stringify(cliForm))).toEqual({ ok: true, inputs, view: null, messages: [] });
  });

  it.each([
    ['a modern preset', MODEL_PRESETS['qwen3-30b-a3b'].spec],
    [
      'a modified modern model',
      {
        ...MODEL_PRESETS['mixtral-8x7b'].spec,
        l: 8192,
        headDim: 64,
        mlp: 'geglu',
        norm: 'layernorm',
        bias: true,
        dropout: true,
        tiedEmbeddings: true,
        moe: { experts: 16, topK: 4, expertF: 7168, sharedExpertF: 2048, denseLayers: 2 },
      } satisfies ModelSpec,
    ],
  ])('reads an export of %s back into the same model', (_, model) => {
    const modern: Inputs = { ...inputs, model };
    const back = importScenario(JSON.stringify(scenarioFile(modern, 0, [])));
    expect(back).toEqual({ ok: true, inputs: modern, view: DEFAULT_VIEW, messages: [] });
  });

  it('reads a golden search file, naming its preset and range', () => {
    const text = readFileSync(`${FIXTURES}search/exec_2d_gpt3_1T_H200-NVS8.json`, 'utf8');
    const back = importScenario(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.inputs.strategy).toBe('2d');
    expect(back.inputs.systems[0]).toEqual({
      preset: 'H200',
      spec: { ...SYSTEM_PRESETS.H200.spec, nvlink_size: 8 },
    });
    expect([back.inputs.gpuMin, back.inputs.gpuMax]).toEqual([4, 16384]);
  });

  it('refuses what is not a scenario, with the reason', () => {
    expect(importScenario('{')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid JSON/),
    });
    expect(importScenario('{"model": 3}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The file is not a scenario: model: must be an object/),
    });
    expect(importScenario(' '.repeat(MAX_IMPORT_BYTES + 1))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/over 2 MB/),
    });
  });

  it('keeps any GPU counts: a range, one typed count in it', () => {
    const file = { ...scenarioFile(inputs, 0, []), gpusSearched: [12, 16, 96, 1000] };
    const back = importScenario(JSON.stringify(file));
    expect(back.ok && [back.inputs.gpuMin, back.inputs.gpuMax, back.inputs.gpuCount]).toEqual([12, 1000, 96]);
    expect(back.ok && searchedGpus(back.inputs)).toEqual([12, 16, 32, 64, 96, 128, 256, 512, 1000]);
  });

  it('maps GPU counts the explorer cannot search all of to a range, and says so', () => {
    const file = { ...scenarioFile(inputs, 0, []), gpusSearched: [12, 96, 100, 1000] };
    const back = importScenario(JSON.stringify(file));
    expect(back.ok && [back.inputs.gpuMin, back.inputs.gpuMax]).toEqual([12, 1000]);
    // The file was edited after export: its saved explorer settings no longer describe it.
    expect(back.ok && back.view).toBeNull();
    expect(back.ok && back.messages).toEqual([
      "The file's scenario was changed after export; the explorer settings saved with it were not restored.",
      expect.stringMatching(/mapped to 12 to 1000/),
    ]);
  });
});
