import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPaperArchitecture,
  MLP_KINDS,
  NORM_KINDS,
  type ModelSpec,
  type ParallelConfig,
} from '../../src/model/spec.ts';
import { EXTRA_SYSTEM_KEYS, SYSTEM_KEYS, type SystemSpec } from '../../src/model/system.ts';
import { MODEL_PRESETS, MODEL_PRESET_IDS } from '../../src/presets/models.ts';
import { MAX_MODELS, MIN_MODELS, type ComparedModel, type ModelSource } from '../../src/state/models.ts';
import { SYSTEM_PRESET_IDS, SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { divisors, enumerateCandidates } from '../../src/search/enumerate.ts';
import {
  configProblem,
  DEFAULT_INPUTS,
  inputIssues,
  searchedGpus,
  systemEntry,
  type Inputs,
  type SystemEntry,
} from '../../src/state/inputs.ts';
import { DEFAULT_VIEW, TABS, type ViewState } from '../../src/state/store.ts';
import { decodeState, encodeState, MAX_QUERY_LENGTH } from '../../src/url/codec.ts';
import { PAPER_FIGURES } from '../../src/presets/figures.ts';
import { SWEEP_KINDS } from '../../src/search/sweeps.ts';
import { DESIGN_MODES } from '../../src/state/design.ts';

/** Runs per property in CI; every run is a fresh random sample (fast-check prints the seed on failure). */
const RUNS = 300;

/** Valid models: heads divide embedding. */
const paperModel = fc
  .record({
    l: fc.integer({ min: 1, max: 1 << 18 }),
    h: fc.integer({ min: 1, max: 512 }),
    k: fc.integer({ min: 1, max: 1024 }),
    f: fc.integer({ min: 1, max: 1 << 20 }),
    depth: fc.integer({ min: 1, max: 2048 }),
  })
  .map(({ l, h, k, f, depth }) => ({ l, e: h * k, f, h, depth }));

/** Valid modern models: a paper model with any of the architecture fields set (defaults included). */
const modernModel: fc.Arbitrary<ModelSpec> = paperModel.chain((m) =>
  fc
    .record(
      {
        kvHeads: fc.constantFrom(...divisors(m.h)),
        headDim: fc.integer({ min: 1, max: 1024 }),
        mlp: fc.constantFrom(...MLP_KINDS),
        norm: fc.constantFrom(...NORM_KINDS),
        bias: fc.boolean(),
        dropout: fc.boolean(),
        vocab: fc.integer({ min: 0, max: 1 << 18 }),
        tiedEmbeddings: fc.boolean(),
        moe: fc
          .record({
            experts: fc.integer({ min: 1, max: 256 }),
            expertF: fc.integer({ min: 1, max: 1 << 16 }),
            sharedExpertF: fc.integer({ min: 0, max: 1 << 16 }),
            denseLayers: fc.integer({ min: 0, max: m.depth - 1 }),
            pick: fc.nat(),
          })
          .map(({ pick, ...moe }) => ({ ...moe, topK: 1 + (pick % moe.experts) })),
      },
      { requiredKeys: [] },
    )
    .map((arch) => ({ ...m, ...arch })),
);

const model = fc.oneof(paperModel, modernModel);

const positive = fc.double({ min: 1e-9, max: 1e6, noNaN: true, noDefaultInfinity: true });
const efficiency = fc.double({ min: 0.01, max: 1, noNaN: true });

/** Valid systems: a preset with some figures changed to other valid values. */
const system: fc.Arbitrary<SystemEntry> = fc
  .record({
    preset: fc.constantFrom(...SYSTEM_PRESET_IDS),
    changes: fc.subarray([...SYSTEM_KEYS, ...EXTRA_SYSTEM_KEYS]),
    nvs: fc.integer({ min: 1, max: 1024 }),
    rate: positive,
    eff: efficiency,
  })
  .map(({ preset, changes, nvs, rate, eff }) => {
    const spec: Record<string, unknown> = { ...SYSTEM_PRESETS[preset].spec };
    for (const k of changes) {
      spec[k] =
        k === 'nvlink_size'
          ? nvs
          : k.endsWith('_eff')
            ? eff
            : k.endsWith('latency') || k.endsWith('size') || k === 'flops_units'
              ? rate / 1e6 // seconds and per-element sizes stay at most 1
              : k === 'nic_factor'
                ? rate / 100 // at most 10,000 NICs per GPU
                : rate;
    }
    return { preset, spec: spec as unknown as SystemSpec };
  });

const inputs: fc.Arbitrary<Inputs> = fc
  .record({
    model: fc.oneof(fc.constantFrom(...Object.values(MODEL_PRESETS).map((p) => p.spec)), model),
    globalBatchSize: fc.integer({ min: 1, max: 1 << 20 }),
    strategy: fc.constantFrom('1d', '2d', '2d-seqp' as const),
    flashAttention: fc.boolean(),
    // Each training setting pinned to any value or searched (URL key `tr`).
    training: fc.record({
      recompute: fc.constantFrom('none' as const, 'selective' as const, 'full' as const, 'search' as const),
      zero: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 'search' as const),
      precision: fc.constantFrom('bf16' as const, 'fp8' as const, 'search' as const),
      optimizerBytes: fc.integer({ min: 0, max: 64 }),
      v: fc.oneof(fc.constant('search' as const), fc.integer({ min: 1, max: 64 })),
    }),
    systems: fc.array(system, { minLength: 1, maxLength: 4 }),
    // Powers of two (every link before any GPU count was possible) or any whole numbers.
    lo: fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((e) => 2 ** e),
      fc.integer({ min: 1, max: 1 << 20 }),
    ),
    span: fc.double({ min: 0, max: 20, noNaN: true }),
    count: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map(({ lo, span, count, ...rest }) => {
    const gpuMax = Math.min(1 << 20, Math.round(lo * 2 ** span));
    const gpuCount = count === null ? null : Math.round(lo + count * (gpuMax - lo));
    return { ...rest, gpuMin: lo, gpuMax, gpuCount };
  });

/** A compared model: a preset or the current model, sometimes with dropout set. */
const comparedModel: fc.Arbitrary<ComparedModel> = fc.record({
  source: fc.constantFrom<ModelSource>('current', ...MODEL_PRESET_IDS),
  overrides: fc.oneof(fc.constant({}), fc.record({ dropout: fc.boolean() })),
  variant: fc.constant(null),
});

/** A valid state with, sometimes, a selected GPU count and a configuration that runs there. */
const state = inputs.chain((i) =>
  fc
    .record({
      tab: fc.constantFrom(...TABS),
      breakdown: fc.constantFrom('absolute' as const, 'fraction' as const),
      designMode: fc.constantFrom(...DESIGN_MODES),
      sweepKind: fc.constantFrom(...SWEEP_KINDS),
      sweepResolution: fc.constantFrom('coarse' as const, 'paper' as const),
      figure: fc.option(fc.constantFrom(...PAPER_FIGURES.map((f) => f.id))),
      compareModels: fc.array(comparedModel, { minLength: MIN_MODELS, maxLength: MAX_MODELS }),
      activeSystem: fc.integer({ min: 0, max: i.systems.length - 1 }),
      tokenBudget: fc.oneof(fc.constant(1e12), fc.double({ min: 1, max: 1e18, noNaN: true })),
      pricePerGpuHour: fc.oneof(fc.constant(2), fc.double({ min: 0, max: 1e6, noNaN: true })),
      pue: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 10, noNaN: true })),
      gpus: fc.option(fc.constantFrom(...searchedGpus(i))),
      pick: fc.nat(),
    })
    .map(({ gpus, pick, ...v }) => {
      let selectedConfig: ParallelConfig | null = null;
      const sys = i.systems[v.activeSystem]!;
      if (gpus !== null && gpus <= 256) {
        const space = {
          model: i.model,
          strategy: i.strategy,
          globalBatchSize: i.globalBatchSize,
          nvlinkSize: sys.spec.nvlink_size,
        };
        // Only configurations the link can carry: the enumeration does not yet split key/value heads.
        const all = enumerateCandidates(space, gpus).filter(
          (c) => configProblem(i, v.activeSystem, c) === null,
        );
        if (all.length && pick % 3 === 0) selectedConfig = all[pick % all.length]!;
      }
      const view: ViewState = { ...v, selectedGpus: gpus, selectedConfig };
      return { inputs: i, view };
    }),
);

describe('URL codec', () => {
  it('the default state is the bare versioned URL, and reads back with no message', () => {
    expect(encodeState(DEFAULT_INPUTS, DEFAULT_VIEW)).toBe('?v=1');
    expect(decodeState('?v=1')).toEqual({ inputs: DEFAULT_INPUTS, view: DEFAULT_VIEW, messages: [] });
    expect(decodeState('')).toEqual({ inputs: DEFAULT_INPUTS, view: DEFAULT_VIEW, messages: [] });
  });

  it('writes readable links', () => {
    const i: Inputs = {
      ...DEFAULT_INPUTS,
      model: MODEL_PRESETS['vit-era5'].spec,
      strategy: '2d',
      systems: [
        systemEntry('A100', 8),
        { ...systemEntry('H200', 64), spec: { ...systemEntry('H200', 64).spec, hbm_capacity: 96 } },
      ],
    };
    expect(encodeState(i, { ...DEFAULT_VIEW, tab: 'compare', selectedGpus: 1024 })).toBe(
      '?v=1&model=vit-era5&s=2d&sys=A100_nvs8,H200_hbm96&tab=compare&n=1024',
    );
  });

  it("carries the FP8 rate and power per GPU when they differ from the preset's, and reads older links as before", () => {
    const edited: Inputs = {
      ...DEFAULT_INPUTS,
      systems: [
        { preset: 'A100', spec: { ...SYSTEM_PRESETS.A100.spec, gpu_power: 400, matrix_flops_fp8: 624 } },
        systemEntry('gb200-nvl72'),
        { preset: 'h100-sxm', spec: { ...SYSTEM_PRESETS['h100-sxm'].spec, gpu_power: 650 } },
      ],
    };
    const url = encodeState(edited, DEFAULT_VIEW);
    expect(url).toBe('?v=1&sys=A100_mfe624_pw400,gb200-nvl72,h100-sxm_pw650');
    expect(decodeState(url)).toEqual({ inputs: edited, view: DEFAULT_VIEW, messages: [] });
    // A link written before these fields: the paper's presets, without them, at the domain it states.
    const old = decodeState('?v=1&sys=A100_nvs8,H200,B200_nvs64_hbm96');
    expect(old.messages).toEqual([]);
    expect(old.inputs.systems).toEqual([
      systemEntry('A100', 8),
      systemEntry('H200'),
      { preset: 'B200', spec: { ...SYSTEM_PRESETS.B200.spec, nvlink_size: 64, hbm_capacity: 96 } },
    ]);
    expect(old.inputs.systems.every((x) => !('gpu_power' in x.spec) && !('matrix_flops_fp8' in x.spec))).toBe(
      true,
    );
    expect(decodeState('?v=1&sys=mi300x_pw0').messages[0]).toMatch(
      /system 1 is not valid \(system.gpu_power/,
    );
  });

  it("carries the planner's token budget, price and PUE; a value out of range is named and replaced", () => {
    const view = { ...DEFAULT_VIEW, tokenBudget: 15e12, pricePerGpuHour: 3.25, pue: 1.2 };
    const url = encodeState(DEFAULT_INPUTS, view);
    expect(url).toBe('?v=1&tok=15000000000000&price=3.25&pue=1.2');
    expect(decodeState(url)).toEqual({ inputs: DEFAULT_INPUTS, view, messages: [] });
    const bad = decodeState('?v=1&tok=0&pue=0.5&price=2');
    expect(bad.view).toEqual(DEFAULT_VIEW);
    expect(bad.messages).toEqual([
      'The link\'s token budget "tok=0" is not valid; using the default.',
      'The link\'s PUE "pue=0.5" is not valid; using the default.',
    ]);
  });

  it('carries the compared models: presets, the current model, changed figures', () => {
    const view: ViewState = {
      ...DEFAULT_VIEW,
      tab: 'models',
      compareModels: [
        { source: 'llama3.1-8b', overrides: {}, variant: null },
        { source: 'current', overrides: { depth: 16, vocab: 32000 }, variant: null },
        { source: 'llama3.1-70b', overrides: {}, variant: null },
      ],
    };
    const url = encodeState(DEFAULT_INPUTS, view);
    expect(url).toBe('?v=1&tab=models&cm=llama3.1-8b,current_d16_voc32000,llama3.1-70b');
    expect(decodeState(url)).toEqual({ inputs: DEFAULT_INPUTS, view, messages: [] });
    // A link from before the view existed opens with the default pair.
    expect(decodeState('?v=1&tab=compare').view.compareModels).toEqual(DEFAULT_VIEW.compareModels);
  });

  it('replaces compared models it cannot read, naming them', () => {
    for (const raw of ['llama3.1-8b', 'nosuch,gpt3-1t', 'current,gpt3-1t_var-nosuch', 'a,b,c,d,e'])
      expect(decodeState(`?cm=${raw}`)).toMatchObject({
        view: { compareModels: DEFAULT_VIEW.compareModels },
        messages: [expect.stringContaining('compared models')],
      });
    // A model its changed figures make invalid is its source as it is.
    const d = decodeState('?cm=current,llama3.1-8b_h7');
    expect(d.view.compareModels[1]).toEqual({ source: 'llama3.1-8b', overrides: {}, variant: null });
    expect(d.messages).toEqual([expect.stringContaining('compared model 2 is not valid')]);
  });

  it('every valid state survives the URL exactly, with no message', () => {
    fc.assert(
      fc.property(state, ({ inputs: i, view }) => {
        const url = encodeState(i, view);
        const back = decodeState(url);
        expect(back.messages).toEqual([]);
        expect(back.inputs).toEqual(i);
        expect(back.view).toEqual(view);
        expect(url.length).toBeLessThan(MAX_QUERY_LENGTH);
      }),
      { numRuns: RUNS },
    );
  });

  it('every random string yields a valid state plus messages, and never throws', () => {
    const keys = [
      'v',
      'model',
      'b',
      's',
      'fa',
      'sys',
      'gmin',
      'gmax',
      'tab',
      'edit',
      'n',
      'cfg',
      'bd',
      'design',
      'sweep',
      'grid',
      'fig',
      'x',
    ];
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(fc.tuple(fc.constantFrom(...keys), fc.string({ maxLength: 40 })), { maxLength: 12 })
        .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')),
      fc.constantFrom(
        '%',
        '%E0%A4%A',
        '?&&==',
        'sys=A100_nvs0',
        'model=l1_e12100_f1_h48_d1',
        'gmin=0&gmax=-1',
      ),
    );
    fc.assert(
      fc.property(junk, (q) => {
        const d = decodeState(q);
        expect(inputIssues(d.inputs)).toEqual([]);
        expect(d.view.activeSystem).toBeLessThan(d.inputs.systems.length);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it.each([
    ['model=l2048_e12100_f4_h48_d2', /heads \(48\) must divide embedding \(12100\)/],
    ['b=abc', /global batch "b=abc" is not valid/],
    ['s=3d', /strategy "s=3d" is not valid/],
    ['sys=A100_nvs0', /systems "sys=A100_nvs0" is not valid/],
    ['sys=A100_hbm-5', /system 1 is not valid \(system\.hbm_capacity: must be greater than 0/],
    ['gmin=64&gmax=8', /GPU range \(64 to 8\)/],
    ['n=3', /selected GPU count \(3\) is outside the GPU range/],
    ['n=64&cfg=dp1_tpa3_tpb1_pp1_mbs1_nva1_nvb1_nvd1_nvp1', /tensor parallel degree \(3\) must divide heads/],
    ['v=99', /newer Parallax \(version 99\)/],
    ['zoom=3', /"zoom" are unknown/],
  ])('names a tampered value and replaces it: %s', (q, message) => {
    const d = decodeState(`?${q}`);
    expect(d.messages.join('\n')).toMatch(message);
    expect(inputIssues(d.inputs)).toEqual([]);
  });

  it.each([
    ['model=gpt3-1t', MODEL_PRESETS['gpt3-1t'].spec],
    ['model=gpt3-175b', MODEL_PRESETS['gpt3-175b'].spec],
    ['model=l2048_e25600_f102400_h160_d128', { l: 2048, e: 25600, f: 102400, h: 160, depth: 128 }],
    ['model=l4096_e12288_f49152_h96_d48', { l: 4096, e: 12288, f: 49152, h: 96, depth: 48 }],
  ])('opens a version 1 link of the paper architecture as it did: %s', (q, spec) => {
    const d = decodeState(`?v=1&${q}`);
    expect(d.messages).toEqual([]);
    expect(d.inputs.model).toEqual(spec);
    expect(isPaperArchitecture(d.inputs.model)).toBe(true);
  });

  it('writes a paper-architecture model as the five figures it always did, or its preset', () => {
    const custom = { l: 4096, e: 12288, f: 49152, h: 96, depth: 48 };
    expect(encodeState({ ...DEFAULT_INPUTS, model: custom }, DEFAULT_VIEW)).toBe(
      '?v=1&model=l4096_e12288_f49152_h96_d48',
    );
    // The paper's defaults spelled out are still the preset.
    const explicit: ModelSpec = { ...MODEL_PRESETS['gpt3-175b'].spec, kvHeads: 96, mlp: 'gelu', vocab: 0 };
    expect(encodeState({ ...DEFAULT_INPUTS, model: explicit }, DEFAULT_VIEW)).toBe('?v=1&model=gpt3-175b');
    // A preset's figures with one architecture field changed are not that preset.
    const vocab: ModelSpec = { ...MODEL_PRESETS['gpt3-175b'].spec, vocab: 50257 };
    expect(encodeState({ ...DEFAULT_INPUTS, model: vocab }, DEFAULT_VIEW)).toBe(
      '?v=1&model=l2048_e12288_f49152_h96_d96_voc50257',
    );
  });

  it('carries every architecture field of a modified modern model, readably and exactly', () => {
    const llama: ModelSpec = {
      l: 4096,
      e: 4096,
      f: 14336,
      h: 32,
      depth: 32,
      kvHeads: 8,
      headDim: 128,
      mlp: 'swiglu',
      norm: 'rmsnorm',
      bias: false,
      dropout: false,
      vocab: 128256,
      tiedEmbeddings: false,
    };
    const moe: ModelSpec = {
      ...llama,
      mlp: 'geglu',
      tiedEmbeddings: true,
      moe: { experts: 8, topK: 2, expertF: 14336, sharedExpertF: 0, denseLayers: 1 },
    };
    const url = encodeState({ ...DEFAULT_INPUTS, model: llama }, DEFAULT_VIEW);
    expect(url).toBe(
      '?v=1&model=l4096_e4096_f14336_h32_d32_kv8_hd128_swiglu_rmsnorm_nobias_nodropout_voc128256_untied',
    );
    for (const m of [llama, moe]) {
      const back = decodeState(encodeState({ ...DEFAULT_INPUTS, model: m }, DEFAULT_VIEW));
      expect(back.messages).toEqual([]);
      expect(back.inputs.model).toEqual(m);
    }
    expect(encodeState({ ...DEFAULT_INPUTS, model: moe }, DEFAULT_VIEW)).toMatch(
      /_geglu_.*_tied_ex8_tk2_ef14336_sf0_dl1$/,
    );
  });

  it('carries an encoder-decoder model with every Anthe option, readably and exactly', () => {
    const anthe = MODEL_PRESETS['anthe-wmt14'].spec;
    const custom: ModelSpec = {
      ...anthe,
      l: 120,
      kgv: false,
      tc: {
        ffn: { ratio: 0.02, length: 3 },
        embed: { ratio: 0.2, length: 2 },
        head: { ratio: 0.1, length: 4 },
      },
      encoder: { depth: 4, l: 80, sharedEmbeddings: true },
      postNorm: false,
    };
    const url = encodeState({ ...DEFAULT_INPUTS, model: custom }, DEFAULT_VIEW);
    expect(url).toMatch(
      /_enc4_src80_sharedemb_densebias_prenorm_nokgv_hsp2_tcffn0\.02l3_tcemb0\.2l2_tcout0\.1l4$/,
    );
    for (const m of [custom, anthe, MODEL_PRESETS['transformer-wmt14'].spec]) {
      const back = decodeState(encodeState({ ...DEFAULT_INPUTS, model: m }, DEFAULT_VIEW));
      expect(back.messages).toEqual([]);
      expect(back.inputs.model).toEqual(m);
    }
  });

  it.each([
    ['_tcffn1.5l2', 'a tensor-chain ratio of 1 or more'],
    ['_tcffn0.1l5', 'a tensor chain of length 5'],
    ['_enc6_sharedemb', 'an encoder without its source length'],
  ])('reads %s (%s) as no model', (tail) => {
    const back = decodeState(`?v=1&model=l101_e512_f2048_h8_d12${tail}`);
    expect(back.messages.length).toBeGreaterThan(0);
    expect(back.inputs.model).toEqual(DEFAULT_INPUTS.model);
  });

  it.each([
    ['_swiglu_gelu', 'two activations'],
    ['_kv8_kv4', 'a repeated figure'],
    ['_ex8_tk2', 'experts without all five numbers'],
    ['_kv0', 'no key/value heads'],
    ['_relu', 'an unknown word'],
    ['_moe8', 'an unknown figure'],
    ['_voc-1', 'a negative vocabulary'],
    ['_ex0_tk1_ef4096_sf0_dl0', 'zero experts (a dense model writes none)'],
  ])('names a model link with %s (%s) and opens the default model', (tail) => {
    const d = decodeState(`?model=l2048_e25600_f102400_h160_d128${tail}`);
    expect(d.messages.join('\n')).toMatch(
      /The link's model "model=l2048_e25600_f102400_h160_d128.*" is not valid/,
    );
    expect(d.inputs.model).toEqual(DEFAULT_INPUTS.model);
  });

  it.each([
    ['_kv7', /model\.kvHeads: key\/value heads \(7\) must divide heads \(160\)/],
    ['_ex8_tk9_ef4096_sf0_dl0', /model\.moe\.topK: experts per token \(9\) must not exceed experts \(8\)/],
    ['_ex8_tk2_ef4096_sf0_dl200', /model\.moe\.denseLayers: dense layers \(200\) must not exceed layers/],
  ])('names the rule a model link with %s breaks and opens the default model', (tail, message) => {
    const d = decodeState(`?model=l2048_e25600_f102400_h160_d128${tail}`);
    expect(d.messages.join('\n')).toMatch(message);
    expect(d.inputs.model).toEqual(DEFAULT_INPUTS.model);
  });

  it('ignores an over-long query as a whole', () => {
    const d = decodeState(`?model=${'x'.repeat(MAX_QUERY_LENGTH)}`);
    expect(d.inputs).toEqual(DEFAULT_INPUTS);
    expect(d.messages[0]).toMatch(/over 4096 characters/);
  });
});
