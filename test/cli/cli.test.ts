import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateCandidates, run, searchThreads, threadsPay, type CliIo } from '../../src/cli/main.ts';
import { evaluate } from '../../src/model/evaluate.ts';
import { modelParams } from '../../src/model/params.ts';
import { referenceResult } from '../../src/model/report.ts';
import type { ParallelConfig } from '../../src/model/spec.ts';
import { pickSystem } from '../../src/model/system.ts';
import { MODEL_PRESET_IDS, MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESET_IDS, SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { placements } from '../../src/search/enumerate.ts';
import { candidateCounts, type SearchRequest } from '../../src/search/search.ts';
import {
  FIXTURES,
  diffJson,
  loadEvaluateCases,
  loadSearch,
  searchFixtureNames,
  systemOf,
  type GoldenCase,
} from '../helpers/golden.ts';

const dir = mkdtempSync(join(tmpdir(), 'parallax-cli-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Runs the CLI in-process and captures what it prints. */
function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readInput: (p) => readFileSync(p, 'utf8'),
  };
  const code = run(argv, io);
  return { code, stdout, stderr };
}

const golden = loadEvaluateCases();
const base = golden[0]!;
const { expected: _e, ...baseCase } = base;

/** One `evaluate` output item; the planner's keys come after the reference's. */
interface EvaluateItem {
  id: string;
  result: { params: unknown; tokensPerSecondPerGpu: number; mfu: number; throughput: number };
  config: ParallelConfig;
}

/** The reference's form of an `evaluate` output item: the keys the CLI printed before the planner's. */
const referenceForm = ({ id, result }: EvaluateItem) => {
  const { params: _p, tokensPerSecondPerGpu: _t, mfu: _m, ...rest } = result;
  return { id, result: rest };
};

const scenarioOf = (c: GoldenCase) => ({
  model: c.model,
  system: pickSystem(c.system as never),
  strategy: c.strategy,
  globalBatchSize: c.globalBatchSize,
  options: { flashAttention: c.flashAttention },
});

describe('cli evaluate', () => {
  it('reproduces every golden case, fed the golden file as it is', () => {
    const r = cli('evaluate', '--input', `${FIXTURES}evaluate.json`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as EvaluateItem[];
    expect(out.map((o) => o.id)).toEqual(golden.map((c) => c.id));
    out.forEach((o, i) => expect(diffJson(referenceForm(o).result, golden[i]!.expected)).toEqual([]));
  });

  it("adds keys only: the reference's keys print byte for byte as before, then params, tokens/s, MFU", () => {
    const r = cli('evaluate', '--input', `${FIXTURES}evaluate.json`);
    const out = JSON.parse(r.stdout) as EvaluateItem[];
    // What the CLI printed before the planner's figures: the reference's record of each case.
    const before = golden.map((c) => ({
      id: c.id,
      result: referenceResult(evaluate(scenarioOf(c), c.config)),
    }));
    expect(JSON.stringify(out.map(referenceForm), null, 2)).toBe(JSON.stringify(before, null, 2));
    out.forEach((o, i) => {
      const c = golden[i]!;
      const gpus = c.config.dp * c.config.tp1 * c.config.tp2 * c.config.pp;
      expect(Object.keys(o)).toEqual(['id', 'result', 'config']);
      expect(o.config).toEqual(c.config);
      expect(Object.keys(o.result).slice(-3)).toEqual(['params', 'tokensPerSecondPerGpu', 'mfu']);
      expect(o.result.params).toEqual(modelParams(c.model));
      expect(o.result.tokensPerSecondPerGpu).toBe((o.result.throughput * c.model.l) / gpus);
      expect(o.result.mfu).toBeGreaterThan(0);
    });
  });

  it('takes model and system preset ids', () => {
    const { nvTp1: _a, nvTp2: _b, nvDp: _c, nvPp: _d, ...config } = base.config;
    const spelled = {
      ...baseCase,
      model: MODEL_PRESETS['gpt3-1t'].spec,
      system: SYSTEM_PRESETS.B200.spec,
      config,
    };
    const a = cli('evaluate', '--input', file('spelled.json', [spelled]));
    expect(a.stderr).toBe('');
    const named = cli(
      'evaluate',
      '--input',
      file('named.json', [{ ...spelled, model: 'gpt3-1t', system: 'B200' }]),
    );
    expect(named.stdout).toBe(a.stdout);
  });

  it.each(['transformer-wmt14', 'anthe-wmt14'] as const)(
    'evaluates %s by preset id and reports params.total',
    (id) => {
      const named = {
        ...baseCase,
        model: id,
        system: 'A100',
        strategy: '1d',
        globalBatchSize: 256,
        config: { dp: 2, tp1: 2, tp2: 1, pp: 2, mbs: 4, nb: null },
      };
      const r = cli('evaluate', '--input', file(`${id}.json`, [named]));
      expect(r.stderr).toBe('');
      const [item] = JSON.parse(r.stdout) as EvaluateItem[];
      expect(item!.result.params).toEqual(modelParams(MODEL_PRESETS[id].spec));
      expect((item!.result.params as { total: number }).total).toBe(
        id === 'anthe-wmt14' ? 30_695_032 : 60_522_496,
      );
    },
  );

  it('without a placement, evaluates every placement the search would try and prints the fastest', () => {
    // Cases whose groups span several NVLink domains, so there is a choice to make.
    const spread = golden.filter((c) => {
      const n = c.config.dp * c.config.tp1 * c.config.tp2 * c.config.pp;
      return n > (c.system.nvlink_size as number);
    });
    expect(spread.length).toBeGreaterThan(20);
    const cases = spread.slice(0, 40).map(({ expected: _x, ...c }) => {
      const { nvTp1: _a, nvTp2: _b, nvDp: _c, nvPp: _d, ...config } = c.config;
      return { ...c, config };
    });
    const r = cli('evaluate', '--input', file('open.json', cases));
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as EvaluateItem[];
    let choices = 0;
    out.forEach((o, i) => {
      const c = spread[i]!;
      const { dp, tp1, tp2, pp } = c.config;
      const options = placements(c.system.nvlink_size as number, tp1, c.strategy === '1d' ? 1 : tp2, dp, pp);
      choices += options.length;
      // Brute force: the fastest, ties to lower memory, then placement fields ascending.
      const ranked = options
        .map(([nvTp1, nvTp2, nvDp, nvPp]) => {
          const config = { ...c.config, nvTp1, nvTp2, nvDp, nvPp };
          const e = evaluate(scenarioOf(c), config);
          return { config, t: e.throughput, mem: e.totals.mem, key: [nvTp1, nvTp2, nvDp, nvPp] };
        })
        .sort((x, y) => y.t - x.t || x.mem - y.mem || x.key.join(',').localeCompare(y.key.join(',')));
      expect(o.config).toEqual(ranked[0]!.config);
      expect(o.result.throughput).toBe(ranked[0]!.t);
      // At least as fast as the reference's own placement for it.
      expect(o.result.throughput).toBeGreaterThanOrEqual(c.expected.throughput as number);
    });
    expect(choices).toBeGreaterThan(out.length);
  });

  it('keeps the placement fields that are given and chooses the rest', () => {
    const c = golden.find((g) => g.strategy === '1d' && g.config.nvDp > 1 && g.config.nvTp1 > 1)!;
    const { nvTp1: _a, nvTp2: _b, nvPp: _d, ...config } = c.config;
    const { expected: _x, ...input } = c;
    const r = cli('evaluate', '--input', file('partial.json', [{ ...input, config }]));
    const [o] = JSON.parse(r.stdout) as EvaluateItem[];
    expect(o!.config.nvDp).toBe(c.config.nvDp);
    const none = { ...input, config: { ...config, nvDp: 1024 } };
    const bad = cli('evaluate', '--input', file('nofit.json', [none]));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/config\.nvDp: GPUs in the NVLink domain \(1024\) must divide dp/);
  });

  it('prints the planner figures after the reference columns in CSV', () => {
    const r = cli('evaluate', '--input', file('csv.json', [baseCase]), '--format', 'csv');
    const [header, row] = r.stdout.trim().split('\n');
    expect(header).toMatch(/,bubble_frac,tokens_per_s_per_gpu,mfu,params_total,params_active$/);
    const total = modelParams(base.model).total;
    expect(row).toMatch(new RegExp(`,${total},${total}$`));
  });

  it('prints a readable CSV summary', () => {
    const r = cli('evaluate', '--input', file('one.json', [baseCase]), '--format', 'csv');
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.trim().split('\n');
    expect(header).toMatch(/^id,strategy,gpus,dp,tp1,tp2,pp,mbs,nb,/);
    expect(row).toMatch(/^1d-1-0000,1d,256,16,4,1,4,1,,2,1,8,1,1538\.87,true,/);
  });
});

describe('cli search', () => {
  it('reproduces a published sweep, fed the golden file as it is', () => {
    const g = loadSearch('exec_1d_gpt3_1T_B200-NVS8.json');
    const r = cli('search', '--input', `${FIXTURES}search/exec_1d_gpt3_1T_B200-NVS8.json`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { gpus: number; top: { throughput: number }[] }[] };
    expect(out.results.map((x) => x.gpus)).toEqual(g.results.map((x) => x.gpus));
    out.results.forEach((x, i) =>
      expect(
        diffJson(
          x.top.map((t) => t.throughput),
          g.results[i]!.top.map((t) => t.throughput),
        ),
      ).toEqual([]),
    );
  });

  it('honours top and omits GPU counts where nothing fits', () => {
    const g = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
    const r = cli(
      'search',
      '--input',
      file('s.json', { ...g, results: undefined, gpusSearched: [4, 1024], top: 3 }),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { gpus: number; top: unknown[] }[] };
    expect(out.results.map((x) => [x.gpus, x.top.length])).toEqual([[1024, 3]]);
  });

  it('searches any GPU count and ranges of them, on a 72-GPU NVLink domain', () => {
    const input = {
      model: 'llama3.1-70b',
      system: { ...SYSTEM_PRESETS.B200.spec, nvlink_size: 72 },
      strategy: '1d',
      globalBatchSize: 1728,
      gpusSearched: [64, { from: 72, to: 216, step: 72 }, 1000],
      top: 1,
    };
    const r = cli('search', '--input', file('range.json', input));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { gpus: number; top: unknown[] }[] };
    // 1,000 GPUs have no split whose data-parallel degree divides the batch of 1,728: omitted.
    expect(out.results.map((x) => [x.gpus, x.top.length])).toEqual([
      [64, 1],
      [72, 1],
      [144, 1],
      [216, 1],
    ]);
    const bad = cli(
      'search',
      '--input',
      file('range2.json', { ...input, gpusSearched: [{ from: 9, to: 8 }] }),
    );
    expect(bad.stderr).toMatch(/gpusSearched\[0\]: a GPU range must run from low to high/);
  });

  it('prints one CSV row per kept configuration', () => {
    const g = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
    const r = cli(
      'search',
      '--input',
      file('s2.json', { ...g, gpusSearched: [512, 1024], top: 2 }),
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^512,1,6\.66882,1,16,1,32,1,,4,1,1,1,/);
  });
});

describe('cli training settings', () => {
  const g = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
  const scenario = { ...g, results: undefined, gpusSearched: [512], top: 3 };
  type Ranked = { config: ParallelConfig; training?: Record<string, unknown>; totals: { mem: number } };
  const tops = (stdout: string) =>
    (JSON.parse(stdout) as { results: { top: Ranked[] }[] }).results.flatMap((x) => x.top);

  it('search: absent training and v, or pinned at the paper, print what the reference search prints', () => {
    const plain = cli('search', '--input', file('t0.json', scenario));
    const pinned = cli(
      'search',
      '--input',
      file('t1.json', { ...scenario, training: { recompute: 'none', zero: 1, precision: 'bf16' }, v: 1 }),
    );
    expect(plain.code).toBe(0);
    expect(pinned.stdout).toBe(plain.stdout);
    expect(tops(plain.stdout).every((t) => t.training === undefined)).toBe(true);
  });

  it('search: a field set to "search" is chosen per configuration and reported with it', () => {
    const r = cli(
      'search',
      '--input',
      file('t2.json', {
        ...scenario,
        system: { ...g.system, hbm_capacity: 40 },
        training: { recompute: 'search', zero: 1 },
        v: 'search',
      }),
    );
    expect(r.code).toBe(0);
    const top = tops(r.stdout);
    expect(top.length).toBeGreaterThan(0);
    for (const t of top) {
      expect(t.training).toMatchObject({ zero: 1, precision: 'bf16' });
      expect(['none', 'selective', 'full']).toContain(t.training!.recompute);
      expect(Object.keys(t).at(-1)).toBe('training');
    }
    // With half the HBM, recomputation is what lets the fastest configurations fit.
    expect(top.some((t) => t.training!.recompute !== 'none')).toBe(true);
    const csv = cli(
      'search',
      '--input',
      file('t2.json', { ...scenario, training: 'search' }),
      '--format',
      'csv',
    );
    expect(csv.stdout.split('\n')[0]).toMatch(/,recompute,zero,precision,optimizer_bytes$/);
  });

  it('evaluate: a case with training is evaluated under it and echoes it; without, as before', () => {
    const plain = cli('evaluate', '--input', file('e0.json', [baseCase]));
    const full = cli(
      'evaluate',
      '--input',
      file('e1.json', [{ ...baseCase, training: { recompute: 'full', zero: 3 } }]),
    );
    expect(full.code).toBe(0);
    const [a] = JSON.parse(plain.stdout) as (EvaluateItem & { training?: unknown })[];
    const [b] = JSON.parse(full.stdout) as (EvaluateItem & {
      training?: unknown;
      result: { totals: { mem: number; t: number } };
    })[];
    expect(a!.training).toBeUndefined();
    expect(b!.training).toEqual({ recompute: 'full', zero: 3, precision: 'bf16' });
    expect(b!.result.totals.mem).toBeLessThan((a as unknown as typeof b)!.result.totals.mem);
    expect(b!.result.totals.t).toBeGreaterThan((a as unknown as typeof b)!.result.totals.t);
  });

  it.each([
    [
      'an unknown recompute',
      { training: { recompute: 'some' } },
      /training\.recompute: must be one of none, selective, full/,
    ],
    ['a ZeRO stage of 5', { training: { zero: 5 } }, /training\.zero: must be one of 0, 1, 2, 3/],
    ['v that is neither a number nor "search"', { v: 'all' }, /^parallax: v: /],
  ])('search refuses %s, naming the field', (_name, extra, message) => {
    const r = cli('search', '--input', file('tbad.json', { ...scenario, ...extra }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('cli presets', () => {
  it('lists every model and system preset with its kind and name', () => {
    const r = cli('presets');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      ...MODEL_PRESET_IDS.map((id) => ({ id, kind: 'model', name: MODEL_PRESETS[id].label })),
      ...SYSTEM_PRESET_IDS.map((id) => ({ id, kind: 'system', name: SYSTEM_PRESETS[id].label })),
    ]);
  });

  it('searches a model and system named by preset', () => {
    const g = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
    const spelled = {
      ...g,
      results: undefined,
      gpusSearched: [256],
      top: 2,
      system: SYSTEM_PRESETS.H200.spec,
    };
    const a = cli('search', '--input', file('ss.json', spelled));
    expect(a.code).toBe(0);
    const b = cli('search', '--input', file('sn.json', { ...spelled, model: 'gpt3-1t', system: 'H200' }));
    expect(b.stdout).toBe(a.stdout);
    const top = (JSON.parse(a.stdout) as { results: { top: Record<string, unknown>[] }[] }).results[0]!.top;
    expect(Object.keys(top[0]!)).toEqual([
      'throughput',
      'mem',
      'config',
      'totals',
      'tokensPerSecondPerGpu',
      'mfu',
    ]);
  });

  it("takes today's products by id, at their own domain size (GB200 NVL72: 72 GPUs)", () => {
    const g = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
    const spelled = {
      ...g,
      results: undefined,
      model: MODEL_PRESETS['gpt3-175b'].spec,
      globalBatchSize: 1024,
      gpusSearched: [64],
      top: 1,
      system: SYSTEM_PRESETS['gb200-nvl72'].spec,
    };
    const a = cli('search', '--input', file('gs.json', spelled));
    expect(a.code).toBe(0);
    const b = cli('search', '--input', file('gn.json', { ...spelled, system: 'gb200-nvl72' }));
    expect(b.stdout).toBe(a.stdout);
    // All 64 GPUs fit one 72-GPU domain; in domains of 8 the best placement differs.
    expect(JSON.parse(a.stdout).results[0].top[0].config.nvPp).toBe(16);
    const c = cli(
      'search',
      '--input',
      file('g8.json', { ...spelled, system: { ...spelled.system, nvlink_size: 8 } }),
    );
    expect(c.stdout).not.toBe(a.stdout);
  });
});

describe('cli threads: only where they pay', () => {
  const requestOf = (name: string, gpus?: number[]): SearchRequest => {
    const g = loadSearch(name);
    return {
      model: g.model,
      system: systemOf(g.system),
      strategy: g.strategy,
      globalBatchSize: g.globalBatchSize,
      gpus: gpus ?? g.gpusSearched,
      top: 10,
      options: { flashAttention: true },
    };
  };
  const exact = (r: SearchRequest) => candidateCounts(r).reduce((a, b) => a + b, 0);

  it('estimates no sweep of the reference below its count, nor more than three times above', () => {
    for (const name of searchFixtureNames()) {
      const r = requestOf(name);
      const ratio = estimateCandidates(r) / exact(r);
      expect(ratio, name).toBeGreaterThanOrEqual(1);
      expect(ratio, name).toBeLessThanOrEqual(3);
    }
  });

  it('searches the 570,844-candidate 2D sweep in-process, on two cores or eight', () => {
    const r = requestOf('exec_2d_gpt3_1T_A100-NVS64.json');
    expect(exact(r)).toBe(570_844);
    expect(searchThreads(r, 2)).toBe(1);
    // Eight cores: the estimate alone would start threads; the exact count does not.
    expect(threadsPay(estimateCandidates(r), 8)).toBe(true);
    expect(searchThreads(r, 8)).toBe(1);
  });

  it('starts threads for a sweep long enough to repay their start', () => {
    const gpus = Array.from({ length: 21 }, (_, i) => 2 ** (i + 2));
    const r = requestOf('exec_2d_gpt3_1T_A100-NVS64.json', gpus);
    expect(searchThreads(r, 8)).toBe(8);
    expect(searchThreads(r, 2)).toBe(1);
    expect(searchThreads(r, 1)).toBe(1);
    // Two cores repay two threads only from a few million candidates on.
    expect(threadsPay(1_000_000, 2)).toBe(false);
    expect(threadsPay(5_000_000, 2)).toBe(true);
  });
});

describe('cli errors: one line on stderr, nothing on stdout', () => {
  const search = loadSearch('exec_1d_gpt3_1T_A100-NVS4.json');
  const cases: [string, string[], number, RegExp][] = [
    ['no command', [], 2, /missing command/],
    ['unknown command', ['simulate', '--input', 'x'], 2, /unknown command 'simulate'/],
    ['unknown flag', ['search', '--inptu', 'x'], 2, /inptu/],
    ['missing --input', ['search'], 2, /--input FILE is required/],
    [
      'bad format',
      ['search', '--input', 'x', '--format', 'xml'],
      2,
      /--format must be json or csv \(got 'xml'\)/,
    ],
    [
      'bad workers',
      ['search', '--input', 'x', '--workers', '0'],
      2,
      /--workers must be a whole number from 1 to 256/,
    ],
    ['unreadable file', ['search', '--input', join(dir, 'nope.json')], 2, /cannot read the input file/],
    ['malformed JSON', ['search', '--input', file('bad.json', '{"model": ')], 1, /malformed JSON/],
    [
      'heads that do not divide the embedding',
      ['search', '--input', file('h.json', { ...search, model: { ...search.model, e: 12100, h: 48 } })],
      1,
      /^parallax: model\.h: heads \(48\) must divide embedding \(12100\)$/,
    ],
    [
      'zero GPUs',
      ['search', '--input', file('z.json', { ...search, gpusSearched: [8, 0] })],
      1,
      /^parallax: gpusSearched\[1\]: must be between 1 and \d+ \(got 0\)$/,
    ],
    [
      'unknown strategy',
      ['search', '--input', file('st.json', { ...search, strategy: '3d' })],
      1,
      /^parallax: strategy: must be one of 1d, 2d, 2d-seqp \(got '3d'\)$/,
    ],
    [
      'missing field',
      ['search', '--input', file('m.json', { ...search, globalBatchSize: undefined })],
      1,
      /^parallax: globalBatchSize: is required$/,
    ],
    [
      'evaluate input that is not a list',
      ['evaluate', '--input', file('obj.json', { id: 1 })],
      1,
      /must be a JSON list of cases/,
    ],
    [
      'a configuration the model cannot run',
      ['evaluate', '--input', file('cfg.json', [{ ...baseCase, config: { ...base.config, tp1: 3 } }])],
      1,
      /^parallax: case 0 \(id "1d-1-0000"\): config\.tp1: tensor parallel degree \(3\) must divide heads \(16\)/,
    ],
    [
      'an unknown model preset',
      ['evaluate', '--input', file('mp.json', [{ ...baseCase, model: 'gpt5' }])],
      1,
      /^parallax: case 0 \(id "1d-1-0000"\): model: must be an object or a model preset: gpt3-175b, .* \(got 'gpt5'\)$/,
    ],
    [
      'an unknown system preset',
      ['search', '--input', file('sp.json', { ...search, system: 'TPU' })],
      1,
      /^parallax: system: must be an object or a system preset: A100, H200, B200, B200-next, a100-80gb, h100-sxm, h200-sxm, b200, gb200-nvl72, mi300x \(got 'TPU'\)$/,
    ],
    ['presets with an input', ['presets', '--input', 'x'], 2, /presets takes no --input/],
    [
      // Groups that cannot fill a domain fill as much of it as they can (3 of 8 GPUs here, dp's or pp's).
      'a placement that leaves more of the domain empty than it must',
      [
        'evaluate',
        '--input',
        file('odd.json', [
          {
            ...baseCase,
            globalBatchSize: 48,
            system: { ...base.system, nvlink_size: 8 },
            config: { dp: 3, tp1: 1, tp2: 1, pp: 3, mbs: 1, nvDp: 1, nvPp: 1 },
          },
        ]),
      ],
      1,
      /config: no NVLink placement of the groups \(dp 3, tp1 1, tp2 1, pp 3\) in domains of 8 GPUs has nvDp 1, nvPp 1/,
    ],
    [
      'empirical system mode',
      [
        'evaluate',
        '--input',
        file('emp.json', [{ ...baseCase, system: { ...base.system, empirical: true } }]),
      ],
      1,
      /system\.empirical: measured-bandwidth mode is not supported/,
    ],
  ];
  it.each(cases)('%s', (_name, argv, code, message) => {
    const r = cli(...argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(code === 2 ? 2 : 1);
  });
});

describe('the npm script (the contract others call)', () => {
  it('evaluate via `npm run --silent cli` prints exactly the golden form', () => {
    const input = file('two.json', golden.slice(0, 2));
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'evaluate', '--input', input], {
      encoding: 'utf8',
    });
    const parsed = JSON.parse(out) as EvaluateItem[];
    expect(parsed).toHaveLength(2);
    expect(diffJson(referenceForm(parsed[1]!).result, golden[1]!.expected)).toEqual([]);
  });

  it('a search split over worker threads prints exactly what one thread prints', () => {
    const input = `${FIXTURES}search/exec_2d-seqp_gpt3_1T_B200-NVS8.json`;
    const cli = (workers: string) =>
      execFileSync(
        'npm',
        ['run', '--silent', 'cli', '--', 'search', '--input', input, '--workers', workers],
        {
          encoding: 'utf8',
        },
      );
    const one = cli('1');
    expect(cli('2')).toBe(one);
    expect(cli('3')).toBe(one);
  });

  it('a sub-second search leaves its engine code mostly unoptimised (CLI_V8_FLAGS)', () => {
    // V8's trace of what TurboFan compiles, on the main thread (--single-threaded), so the count does not
    // depend on when a background compile finishes: 36 functions under V8's default budget, 9 under the
    // CLI's. Compiling them cost the 2D sweep more instructions than running them unoptimised.
    const input = `${FIXTURES}search/exec_2d_gpt3_1T_A100-NVS64.json`;
    const r = spawnSync(
      process.execPath,
      ['--single-threaded', '--trace-opt', 'src/cli/launch.mjs', 'src/cli/main.ts'].concat([
        'search',
        '--input',
        input,
        '--workers',
        '1',
      ]),
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    expect(r.status).toBe(0);
    const compiled = r.stdout.match(/^\[completed (compiling|optimizing)/gm)?.length ?? 0;
    expect(compiled).toBeLessThan(18);
  });

  it('`npm run --silent cli -- presets` prints the preset list', () => {
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'presets'], { encoding: 'utf8' });
    const list = JSON.parse(out) as { id: string; kind: string; name: string }[];
    expect(list.map((p) => p.id)).toEqual([...MODEL_PRESET_IDS, ...SYSTEM_PRESET_IDS]);
  });

  it('exits 1 with one line and empty stdout on an invalid scenario', () => {
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'search', '--input', file('e.json', { strategy: '1d' })],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cli planner figures from a token budget', () => {
  const search = {
    model: 'gpt3-175b',
    system: 'h100-sxm',
    strategy: '1d',
    globalBatchSize: 1024,
    gpusSearched: [64, 128],
    top: 2,
  };
  type Top = Record<string, number | null> & { throughput: number };
  const tops = (stdout: string) =>
    (JSON.parse(stdout) as { results: { gpus: number; top: Top[] }[] }).results.flatMap((g) =>
      g.top.map((t) => ({ gpus: g.gpus, t })),
    );

  it('adds timeToTrain (s), gpuHours, cost and energyMWh after the other keys, and nothing else', () => {
    const plain = cli('search', '--input', file('p0.json', search));
    const planned = cli('search', '--input', file('p1.json', { ...search, tokenBudget: 1e12 }));
    expect(planned.code).toBe(0);
    const a = tops(plain.stdout);
    const b = tops(planned.stdout);
    expect(b).toHaveLength(a.length);
    b.forEach(({ gpus, t }, i) => {
      const { timeToTrain, gpuHours, cost, energyMWh, ...rest } = t;
      expect(rest).toEqual(a[i]!.t);
      expect(Object.keys(t).slice(-4)).toEqual(['timeToTrain', 'gpuHours', 'cost', 'energyMWh']);
      // 1 T tokens over the job's tokens per second; $2 per GPU-hour; h100-sxm's 700 W per GPU, PUE 1.
      const seconds = 1e12 / (t.throughput * 2048);
      expect(timeToTrain).toBeCloseTo(seconds, 6);
      expect(gpuHours).toBeCloseTo((gpus * seconds) / 3600, 6);
      expect(cost).toBeCloseTo((2 * gpus * seconds) / 3600, 6);
      expect(energyMWh).toBeCloseTo((gpus * 700 * seconds) / 3.6e9, 9);
    });
  });

  it('takes the price, power and PUE given; energy is null where no power is known', () => {
    const given = { ...search, tokenBudget: 2e12, pricePerGpuHour: 3.5, gpuPower: 1000, pue: 1.2 };
    const r = tops(cli('search', '--input', file('p2.json', given)).stdout);
    for (const { gpus, t } of r) {
      expect(t.cost).toBeCloseTo(3.5 * t.gpuHours!, 6);
      expect(t.energyMWh).toBeCloseTo((gpus * 1000 * 1.2 * t.timeToTrain!) / 3.6e9, 9);
    }
    const paper = tops(
      cli('search', '--input', file('p3.json', { ...search, system: 'H200', tokenBudget: 1e12 })).stdout,
    );
    expect(paper.length).toBeGreaterThan(0);
    expect(paper.every(({ t }) => t.energyMWh === null && t.cost! > 0)).toBe(true);
  });

  it('adds the four CSV columns after the planner columns, only with a token budget', () => {
    const plain = cli('search', '--input', file('c0.json', search), '--format', 'csv').stdout.split('\n');
    const csv = cli(
      'search',
      '--input',
      file('c1.json', { ...search, tokenBudget: 1e12 }),
      '--format',
      'csv',
    );
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe(`${plain[0]},time_to_train_s,gpu_hours,cost,energy_mwh`);
    expect(lines[1]!.startsWith(`${plain[1]},`)).toBe(true);
  });

  it('evaluate: the case that gives a budget gains the figures; the others print as before', () => {
    const withBudget = { ...baseCase, id: 'budget', tokenBudget: 1e12, gpuPower: 400 };
    const r = cli('evaluate', '--input', file('e1.json', [baseCase, withBudget]));
    expect(r.code).toBe(0);
    const [a, b] = JSON.parse(r.stdout) as EvaluateItem[];
    const before = JSON.parse(
      cli('evaluate', '--input', file('e0.json', [baseCase])).stdout,
    ) as EvaluateItem[];
    expect(a).toEqual(before[0]);
    const res = b!.result as unknown as Record<string, number>;
    const gpus = b!.config.dp * b!.config.tp1 * b!.config.tp2 * b!.config.pp;
    expect(res.timeToTrain).toBeCloseTo(1e12 / (res.throughput! * base.model.l), 6);
    expect(res.energyMWh).toBeCloseTo((gpus * 400 * res.timeToTrain!) / 3.6e9, 9);
    const csv = cli('evaluate', '--input', file('e2.json', [baseCase, withBudget]), '--format', 'csv');
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]!.endsWith(',params_active,time_to_train_s,gpu_hours,cost,energy_mwh')).toBe(true);
    expect(rows[1]!.endsWith(',,,,')).toBe(true);
  });

  it('refuses a PUE below 1 or a budget of nothing, naming the field', () => {
    const low = cli('search', '--input', file('b1.json', { ...search, tokenBudget: 1e12, pue: 0.9 }));
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/^parallax: pue: must be at least 1 \(got 0\.9\)/);
    const none = cli('search', '--input', file('b2.json', { ...search, tokenBudget: 0 }));
    expect(none.stderr).toMatch(/^parallax: tokenBudget: must be greater than 0/);
  });
});
