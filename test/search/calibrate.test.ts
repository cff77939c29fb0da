import { describe, expect, it } from 'vitest';
import type { EfficiencySpec } from '../../src/model/efficiency.ts';
import type { MappedRun } from '../../src/model/runs.ts';
import { RUN_SYSTEMS } from '../../src/presets/runSystems.ts';
import {
  crossValidate,
  fitEfficiency,
  fitMemoryFraction,
  fittable,
  informativeKeys,
  meanAbsError,
  memoryLeaveOneOut,
  peakPairs,
  predictRun,
  spearman,
} from '../../src/search/calibrate.ts';
import { nelderMead } from '../../src/search/nelderMead.ts';
import { mappedRuns } from '../helpers/measured.ts';

const H100 = RUN_SYSTEMS['h100-sxm'].spec;

/** One BF16 and one FP8 run of each H100 model and source, at their smallest GPU count: a varied small set. */
function syntheticBase(): MappedRun[] {
  const seen = new Set<string>();
  return mappedRuns()
    .filter((r) => r.systemId === 'h100-sxm' && fittable(r))
    .sort((a, b) => a.gpus - b.gpus)
    .filter((r) => {
      const key = `${r.modelName}/${r.training.precision}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The same runs with "measurements" the engine itself makes under known parameters. */
const measuredWith = (runs: readonly MappedRun[], truth: EfficiencySpec): MappedRun[] =>
  runs.map((r) => ({ ...r, tokensPerSecPerGpu: predictRun(r, H100, truth).predicted }));

describe('nelderMead', () => {
  it("finds Rosenbrock's minimum", () => {
    const f = (x: readonly number[]) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const m = nelderMead(f, [-1.2, 1], { step: 0.5, maxEvaluations: 2000, tolerance: 1e-16 });
    expect(m.x[0]).toBeCloseTo(1, 4);
    expect(m.x[1]).toBeCloseTo(1, 4);
  });
});

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and ranks ties by their mean', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832981, 9);
  });
});

describe('calibration on synthetic runs made by the engine', () => {
  const base = syntheticBase();
  const truth: EfficiencySpec = { matmul: 0.7, matmulHalfIntensity: 150, fp8: 0.75 };
  const runs = measuredWith(base, truth);
  const keys = ['matmul', 'matmulHalfIntensity', 'fp8'] as const;

  it('has a varied set: several models, both precisions', () => {
    expect(new Set(base.map((r) => r.modelName)).size).toBeGreaterThanOrEqual(4);
    expect(base.some((r) => r.training.precision === 'fp8')).toBe(true);
  });

  it('recovers the parameters that made them, from the paper constants', () => {
    const fit = fitEfficiency(runs, H100, keys, {}, 800);
    expect(fit.efficiency.matmul).toBeCloseTo(0.7, 3);
    expect(fit.efficiency.fp8).toBeCloseTo(0.75, 3);
    expect(fit.efficiency.matmulHalfIntensity).toBeGreaterThan(145);
    expect(fit.efficiency.matmulHalfIntensity).toBeLessThan(155);
    expect(fit.rmsLog).toBeLessThan(1e-4);
    const predictions = runs.map((r) => predictRun(r, H100, fit.efficiency));
    expect(meanAbsError(predictions)).toBeLessThan(1e-4);
  });

  it('predicts a model it never saw when the runs follow one law', () => {
    const out = crossValidate(runs, H100, (r) => r.modelName, keys, 500);
    expect(out.length).toBe(runs.length);
    expect(meanAbsError(out)).toBeLessThan(0.01);
  });
});

describe('the keys a fit adjusts', () => {
  it("fits the attention kernel's rate only where runs use SDPA's (torchtitan's), rowwise FP8 only where stated", () => {
    const runs = mappedRuns();
    const megatron = runs.filter((r) => r.systemId === 'h100-sxm');
    const titan = runs.filter((r) => r.training.framework !== undefined);
    expect(informativeKeys(megatron, ['matmul', 'attention', 'fp8Rowwise'])).toEqual(['matmul']);
    expect(informativeKeys(titan, ['matmul', 'attention', 'fp8Rowwise'])).toEqual([
      'matmul',
      'attention',
      'fp8Rowwise',
    ]);
  });
});

describe('framework memory fraction', () => {
  // The engine's own peaks, scaled by a known fraction, stand in for published ones.
  const runs = mappedRuns().filter((r) => r.peakMemoryGB !== null);
  const model = peakPairs(
    runs,
    (r) => RUN_SYSTEMS[r.systemId].spec,
    () => ({}),
  );

  it('recovers a known fraction, and predicts each run exactly when it left that run out', () => {
    expect(model.length).toBeGreaterThan(3);
    const pairs = model.map((p) => ({ ...p, measured: p.model * 1.13 }));
    expect(fitMemoryFraction(pairs)).toBeCloseTo(0.13, 12);
    for (const o of memoryLeaveOneOut(pairs)) expect(o.error).toBeCloseTo(0, 12);
  });

  it('is the geometric mean of measured over modelled, never negative; a left-out run does not inform its fit', () => {
    const pairs = model.map((p, i) => ({ ...p, measured: p.model * (i % 2 === 0 ? 1.2 : 1.0) }));
    const logs = pairs.map((p) => Math.log(p.measured / p.model));
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    expect(fitMemoryFraction(pairs)).toBeCloseTo(Math.exp(mean) - 1, 12);
    expect(fitMemoryFraction(pairs.map((p) => ({ ...p, measured: p.model / 2 })))).toBe(0);
    const first = memoryLeaveOneOut(pairs)[0];
    const others = fitMemoryFraction(pairs.slice(1));
    const p0 = pairs[0] as (typeof pairs)[number];
    expect(first?.error).toBeCloseTo((p0.model * (1 + others)) / p0.measured - 1, 12);
  });

  it("models each peak without the framework's share", () => {
    const withShare = peakPairs(
      runs,
      (r) => RUN_SYSTEMS[r.systemId].spec,
      () => ({ memoryFraction: 0.5, memoryGB: 3 }),
    );
    expect(withShare).toEqual(model);
  });
});
