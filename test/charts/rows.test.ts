import { describe, expect, it } from 'vitest';
import {
  bottleneck,
  compareBreakdownRows,
  findScatterPoint,
  gpuTicks,
  idealKey,
  MEMORY_PARTS,
  memoryRows,
  niceCeil,
  powerOfTwoTicks,
  scalingRows,
  scatterData,
  SERIES_COLOURS,
  seriesLines,
  speedupRows,
  sumTimeParts,
  TIME_PARTS,
  timeBreakdownRows,
  type SeriesInput,
} from '../../src/charts/rows.ts';
import { formatConfig, formatNumber, formatPercent } from '../../src/charts/format.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { searchSweep } from '../../src/search/search.ts';
import { emptyResult, makeConfig, makeResult, makeTotals } from './fixtures.ts';

// A fits from 8 GPUs, has nothing at 4 and no entry at 32; B fits from 4 and has no entry at 16 or 64.
const A: SeriesInput = {
  key: 'a',
  label: 'System A',
  results: [
    emptyResult(4),
    makeResult(8, [{ throughput: 100 }]),
    makeResult(16, [{ throughput: 180 }]),
    makeResult(64, [{ throughput: 500 }]),
  ],
};
const B: SeriesInput = {
  key: 'b',
  label: 'System B',
  results: [
    makeResult(4, [{ throughput: 30 }]),
    makeResult(8, [{ throughput: 50 }]),
    makeResult(32, [{ throughput: 150 }]),
  ],
};
const NOTHING: SeriesInput = { key: 'n', label: 'Nothing fits', results: [emptyResult(8), emptyResult(16)] };

describe('scalingRows', () => {
  it('has one row per GPU count of any series, ascending', () => {
    expect(scalingRows([A, B]).map((r) => r.gpus)).toEqual([4, 8, 16, 32, 64]);
  });

  it('gives the best throughput, null where a count is missing or nothing fits', () => {
    expect(scalingRows([A, B]).map((r) => [r['a'], r['b']])).toEqual([
      [null, 30],
      [100, 50],
      [180, null],
      [null, 150],
      [500, null],
    ]);
  });

  it('draws the ideal line from each series’ first feasible point, null below it', () => {
    const rows = scalingRows([A, B]);
    expect(rows.map((r) => r[idealKey('a')])).toEqual([null, 100, 200, 400, 800]);
    expect(rows.map((r) => r[idealKey('b')])).toEqual([30, 60, 120, 240, 480]);
  });

  it('scales the ideal from the best throughput per GPU of any count, so no point beats it', () => {
    // At 4 GPUs memory forces a slow layout; 8 GPUs reach 5 samples/s per GPU, the best of the three.
    const C: SeriesInput = {
      key: 'c',
      label: 'System C',
      results: [
        makeResult(4, [{ throughput: 10 }]),
        makeResult(8, [{ throughput: 40 }]),
        makeResult(16, [{ throughput: 60 }]),
      ],
    };
    const rows = scalingRows([C]);
    expect(rows.map((r) => r[idealKey('c')])).toEqual([20, 40, 80]);
    for (const r of rows) expect(r['c']!).toBeLessThanOrEqual(r[idealKey('c')]!);
  });

  it('gives a series where nothing fits only nulls', () => {
    const rows = scalingRows([NOTHING]);
    expect(rows).toEqual([
      { gpus: 8, n: null, 'n:ideal': null },
      { gpus: 16, n: null, 'n:ideal': null },
    ]);
  });

  it('is empty without series', () => {
    expect(scalingRows([])).toEqual([]);
  });

  it('rejects keys that would collide in a row', () => {
    expect(() => scalingRows([A, { ...B, key: 'a' }])).toThrow(/'a'/);
    expect(() => scalingRows([{ ...A, key: 'gpus' }])).toThrow(/'gpus'/);
  });
});

describe('timeBreakdownRows', () => {
  const results = [
    emptyResult(4),
    makeResult(8, [
      { throughput: 10, totals: { comp: 2, mem: 0.5, tp: 0.25, dp: 0.125, pp: 0.0625, bubble: 1 } },
    ]),
    makeResult(16, [
      { throughput: 30, totals: { comp: 1, tp: 3 } },
      { throughput: 20, totals: { comp: 9 } },
    ]),
  ];

  it('reads the best configuration’s six time parts in seconds and skips counts where nothing fits', () => {
    expect(timeBreakdownRows(results, 'absolute')).toEqual([
      { gpus: 8, compute: 2, memory: 0.5, tp: 0.25, dp: 0.125, pp: 0.0625, bubble: 1 },
      { gpus: 16, compute: 1, memory: 0, tp: 3, dp: 0, pp: 0, bubble: 0 },
    ]);
  });

  it('sums to the step time in seconds and to 1 as fractions', () => {
    const absolute = timeBreakdownRows(results, 'absolute');
    const fraction = timeBreakdownRows(results, 'fraction');
    results.slice(1).forEach((r, i) => {
      expect(sumTimeParts(absolute[i]!)).toBeCloseTo(r.top[0]!.totals.t, 12);
      expect(sumTimeParts(fraction[i]!)).toBeCloseTo(1, 12);
    });
    expect(fraction[1]).toEqual({ gpus: 16, compute: 0.25, memory: 0, tp: 0.75, dp: 0, pp: 0, bubble: 0 });
  });
});

describe('memoryRows', () => {
  it('reads the four memory parts of the best configuration, adding up to its memory per GPU', () => {
    const results = [
      makeResult(8, [{ throughput: 1, totals: { wts: 1.5, grad: 1.5, opt: 4.5, acts: 20 } }]),
      emptyResult(16),
    ];
    const rows = memoryRows(results);
    expect(rows).toEqual([{ gpus: 8, weights: 1.5, gradients: 1.5, optimizer: 4.5, activations: 20 }]);
    const r = rows[0]!;
    expect(r.weights + r.gradients + r.optimizer + r.activations).toBeCloseTo(
      results[0]!.top[0]!.totals.mem,
      12,
    );
  });
});

describe('speedupRows', () => {
  it('divides by the first series at each count: the first is 1 wherever it fits', () => {
    const rows = speedupRows([A, B]);
    expect(rows.map((r) => r['a'])).toEqual([null, 1, 1, null, 1]);
    expect(rows.map((r) => r['b'])).toEqual([null, 0.5, null, null, null]);
  });

  it('is null everywhere when the first series has nothing feasible', () => {
    expect(speedupRows([NOTHING, B]).every((r) => r['n'] === null && r['b'] === null)).toBe(true);
  });
});

describe('compareBreakdownRows', () => {
  it('gives one row per series with something feasible at that count, with its throughput', () => {
    const rows = compareBreakdownRows([A, B, NOTHING], 8, 'absolute');
    expect(rows.map((r) => [r.key, r.label, r.throughput])).toEqual([
      ['a', 'System A', 100],
      ['b', 'System B', 50],
    ]);
    expect(rows[0]).toMatchObject({ compute: 1, memory: 0, tp: 0, dp: 0, pp: 0, bubble: 0 });
  });

  it('skips series missing the count, and its fractions sum to 1', () => {
    const rows = compareBreakdownRows([A, B], 16, 'fraction');
    expect(rows.map((r) => r.key)).toEqual(['a']);
    expect(sumTimeParts(rows[0]!)).toBeCloseTo(1, 12);
    expect(compareBreakdownRows([A, B], 2048, 'absolute')).toEqual([]);
  });
});

describe('scatterData', () => {
  const cloud = [
    { throughput: 5, mem: 40, config: makeConfig({ dp: 4 }) },
    { throughput: 7, mem: 60, config: makeConfig({ dp: 2 }) },
  ];
  const result = makeResult(
    8,
    [
      { throughput: 9, totals: { acts: 30 }, config: { pp: 2 } },
      { throughput: 8, totals: { acts: 1 }, config: { pp: 4 } },
    ],
    { cloud },
  );

  it('maps cloud, front and top to plain points and names the best', () => {
    const d = scatterData(result);
    expect(d.cloud).toEqual(cloud);
    expect(d.cloud[0]).not.toHaveProperty('key');
    expect(d.top.map((p) => p.throughput)).toEqual([9, 8]);
    expect(d.front.map((p) => p.mem)).toEqual([51, 80]);
    expect(d.best).toEqual(d.top[0]);
    expect(Object.keys(d.top[0]!).sort()).toEqual(['config', 'mem', 'throughput']);
  });

  it('is empty for no result or nothing feasible', () => {
    expect(scatterData(null)).toEqual({ cloud: [], front: [], top: [], best: null });
    expect(scatterData(emptyResult(8))).toEqual({ cloud: [], front: [], top: [], best: null });
  });

  it('finds a configuration among top, front and cloud', () => {
    const d = scatterData(result);
    expect(findScatterPoint(d, makeConfig({ pp: 4 }))?.throughput).toBe(8);
    expect(findScatterPoint(d, makeConfig({ dp: 2 }))?.throughput).toBe(7);
    expect(findScatterPoint(d, makeConfig({ dp: 64 }))).toBeNull();
    expect(findScatterPoint(d, null)).toBeNull();
  });
});

describe('bottleneck', () => {
  it.each([
    [{ comp: 5, mem: 1 }, 'compute'],
    [{ comp: 1, mem: 2 }, 'exposed memory'],
    [{ comp: 1, tp: 3 }, 'TP communication'],
    [{ comp: 1, tp: 3, dp: 4 }, 'DP communication'],
    [{ comp: 1, pp: 1.5 }, 'PP communication'],
    [{ comp: 1, tp: 2, bubble: 2.5 }, 'pipeline bubble'],
  ] as const)('%o -> %s', (totals, expected) => {
    expect(bottleneck(makeTotals(totals))).toBe(expected);
  });

  it('breaks ties towards the earlier part', () => {
    expect(bottleneck(makeTotals({ comp: 2, dp: 2 }))).toBe('compute');
  });
});

describe('tables', () => {
  it('label every time and memory part once, in the rows’ keys', () => {
    expect(TIME_PARTS.map((p) => p.label)).toEqual([
      'Compute',
      'Exposed memory',
      'TP communication',
      'DP communication',
      'PP communication',
      'Pipeline bubble',
    ]);
    const row = timeBreakdownRows([makeResult(8, [{ throughput: 1 }])], 'absolute')[0]!;
    expect(Object.keys(row).sort()).toEqual(['gpus', ...TIME_PARTS.map((p) => p.key)].sort());
    expect(MEMORY_PARTS.map((p) => p.label)).toEqual([
      'Weights',
      'Gradients',
      'Optimizer states',
      'Activations',
    ]);
    const mem = memoryRows([makeResult(8, [{ throughput: 1 }])])[0]!;
    expect(Object.keys(mem).sort()).toEqual(['gpus', ...MEMORY_PARTS.map((p) => p.key)].sort());
  });

  it('give four distinct series colours', () => {
    expect(new Set(SERIES_COLOURS).size).toBe(4);
  });
});

describe('ticks and accessors', () => {
  it('puts log-axis ticks at the powers of two in range', () => {
    expect(powerOfTwoTicks(4, 64)).toEqual([4, 8, 16, 32, 64]);
    expect(powerOfTwoTicks(6, 100)).toEqual([8, 16, 32, 64]);
    expect(powerOfTwoTicks(0, 8)).toEqual([]);
    expect(gpuTicks(scalingRows([A, B]))).toEqual([4, 8, 16, 32, 64]);
    expect(gpuTicks([])).toEqual([]);
  });

  it('rounds axis maxima up to a nearby round number', () => {
    expect([1, 0.3, 0.31, 86.4, 141 * 1.08, 1000, 3.4].map(niceCeil)).toEqual([
      1, 0.3, 0.4, 100, 160, 1000, 4,
    ]);
    expect(niceCeil(0)).toBe(0);
  });

  it('reads series whose keys look like property paths', () => {
    const odd = { ...A, key: 'gpt.a[0]' };
    const [line] = seriesLines([odd]);
    const rows = scalingRows([odd]);
    expect(rows.map((r) => line!.value(r))).toEqual([null, 100, 180, 500]);
    expect(rows.map((r) => line!.ideal(r))).toEqual([null, 100, 200, 800]);
  });
});

describe('format', () => {
  it('shows 3 significant digits with thousands separators', () => {
    expect(formatNumber(12345)).toBe('12,300');
    expect(formatNumber(4.5678)).toBe('4.57');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(null)).toBe('—');
    expect(formatPercent(0.12345)).toBe('12.3%');
  });

  it('spells a configuration out', () => {
    expect(formatConfig(makeConfig({ dp: 8, tp1: 8, pp: 16, mbs: 2 }))).toBe(
      'DP 8 × TP 8 × PP 16, micro-batch 2',
    );
    expect(formatConfig(makeConfig({ tp1: 4, tp2: 2, nb: 3 }))).toBe(
      'DP 1 × TP 4×2 × PP 1, micro-batch 1, 3 SUMMA panels',
    );
    expect(formatConfig(makeConfig({ dp: 8, ep: 4, v: 2 }))).toBe(
      'DP 8 × TP 1 × PP 1, micro-batch 1, expert parallel 4, 2 virtual stages per GPU',
    );
    expect(formatConfig(makeConfig({ ep: 1, v: 1 }))).toBe('DP 1 × TP 1 × PP 1, micro-batch 1');
  });
});

describe('rows from the real engine (GPT3-1T on A100, NVLink 4, 1D TP)', () => {
  const system = systemWithDomain('A100', 4);
  const results = searchSweep({
    model: MODEL_PRESETS['gpt3-1t'].spec,
    system,
    strategy: '1d',
    globalBatchSize: 4096,
    gpus: [512, 1024],
    top: 10,
    options: { flashAttention: true },
    cloudSize: 200,
  });
  const series: SeriesInput[] = [{ key: 'a100', label: 'A100', results }];

  it('finds feasible configurations at both counts', () => {
    expect(results.map((r) => r.top.length)).toEqual([10, 10]);
  });

  it('breaks each step into parts that sum to its time, and to 1 as fractions', () => {
    const absolute = timeBreakdownRows(results, 'absolute');
    const fraction = timeBreakdownRows(results, 'fraction');
    expect(absolute.map((r) => r.gpus)).toEqual([512, 1024]);
    results.forEach((r, i) => {
      const t = r.top[0]!.totals.t;
      expect(Math.abs(sumTimeParts(absolute[i]!) - t) / t).toBeLessThan(1e-9);
      expect(sumTimeParts(fraction[i]!)).toBeCloseTo(1, 9);
    });
  });

  it('splits memory per GPU into parts that sum to the total, within HBM', () => {
    memoryRows(results).forEach((row, i) => {
      const mem = results[i]!.top[0]!.mem;
      expect(row.weights + row.gradients + row.optimizer + row.activations).toBeCloseTo(mem, 9);
      expect(mem).toBeLessThanOrEqual(system.hbm_capacity);
    });
  });

  it('scales ideally from the best throughput per GPU, above every point, and names a bottleneck', () => {
    const [first, second] = scalingRows(series);
    const t512 = results[0]!.top[0]!.throughput;
    const t1024 = results[1]!.top[0]!.throughput;
    // At 512 GPUs memory forces slower layouts, so 1024 scales super-linearly and sets the ideal.
    expect(t1024).toBeGreaterThan(2 * t512);
    expect(first).toEqual({ gpus: 512, a100: t512, 'a100:ideal': t1024 / 2 });
    expect(second).toEqual({ gpus: 1024, a100: t1024, 'a100:ideal': t1024 });
    expect(TIME_PARTS.map((p) => p.phrase)).toContain(bottleneck(results[1]!.top[0]!.totals));
  });

  it('keeps the scatter within the sampled cloud', () => {
    const d = scatterData(results[1]!);
    expect(d.cloud.length).toBeGreaterThan(0);
    expect(d.cloud.length).toBeLessThanOrEqual(200);
    expect(d.front.length).toBeGreaterThan(0);
    expect(d.best?.throughput).toBe(results[1]!.top[0]!.throughput);
    expect(findScatterPoint(d, results[1]!.top[3]!.config)).toEqual(d.top[3]);
  });
});
