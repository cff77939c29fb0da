import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { SYSTEM_PRESETS, systemWithDomain } from '../../src/presets/systems.ts';
import { designMap } from '../../src/search/designMap.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';
import { SweepContext, searchSweep } from '../../src/search/search.ts';
import { SENSITIVITY_FIGURES, improved, sweepGrid } from '../../src/search/sweeps.ts';

const base = systemWithDomain('B200', 8);

describe('hardware sweep grids', () => {
  it("the paper grid of capacity x bandwidth is the reference's: 32 capacities 80-1000 GB, 28 bandwidths 500-16000 GB/s", () => {
    const g = sweepGrid('cap-bw', base, 2048, [2048], 'paper');
    expect(g.y.values).toHaveLength(32);
    expect(g.x.values).toHaveLength(28);
    expect([g.y.values[0], g.y.values.at(-1), g.x.values[0], g.x.values.at(-1)]).toEqual([
      80, 1000, 500, 16000,
    ]);
    expect(g.cells).toHaveLength(32 * 28);
    const c = g.cells[5 * 28 + 7]!;
    expect(c.system).toEqual({ ...base, hbm_capacity: g.y.values[5], hbm_bandwidth: g.x.values[7] });
  });

  it('the FLOP x capacity grid walks A100 -> H200 -> B200 -> next, shared ends once (10 x 22)', () => {
    const g = sweepGrid('flops-cap', base, 2048, [2048], 'paper');
    expect(g.y.values).toHaveLength(10);
    expect(g.x.values).toHaveLength(22);
    expect(g.x.values[0]).toBe(SYSTEM_PRESETS.A100.spec.matrix_flops_fp16);
    expect(g.x.values.at(-1)).toBe(SYSTEM_PRESETS['B200-next'].spec.matrix_flops_fp16);
    expect(g.x.values[7]).toBe(SYSTEM_PRESETS.H200.spec.matrix_flops_fp16);
    expect(g.y.values[3]).toBe(SYSTEM_PRESETS.H200.spec.hbm_capacity);
    const last = g.cells.at(-1)!.system;
    expect(last.hbm_bandwidth).toBe(SYSTEM_PRESETS['B200-next'].spec.hbm_bandwidth);
    expect(last.vector_flops_fp16).toBe(SYSTEM_PRESETS['B200-next'].spec.vector_flops_fp16);
  });

  it('the domain x GPU grid has a column per GPU count', () => {
    const g = sweepGrid('domain-gpus', base, 64, [16, 32, 64], 'coarse');
    expect(g.x.values).toEqual([16, 32, 64]);
    expect(g.cells.map((c) => c.gpus).slice(0, 3)).toEqual([16, 32, 64]);
    expect(new Set(g.cells.map((c) => c.system.nvlink_size))).toEqual(new Set(g.y.values));
  });

  it('improving a figure: rates multiply, latencies divide, the NVLink domain grows in whole GPUs', () => {
    const by = (field: string) => SENSITIVITY_FIGURES.find((f) => f.field === field)!;
    expect(improved(base, by('hbm_bandwidth'), 1.1).hbm_bandwidth).toBeCloseTo(8800, 9);
    expect(improved(base, by('ib_latency'), 2).ib_latency).toBe(base.ib_latency / 2);
    expect(by('nvlink_size').factors).toEqual([1.1, 2]);
    expect(improved(base, by('nvlink_size'), 2).nvlink_size).toBe(16);
    expect(improved(base, by('nvlink_size'), 1.1).nvlink_size).toBe(9);
  });

  it('a 10% larger NVLink domain (8 -> 9, 72 -> 79) is searchable and never slower', () => {
    const by = SENSITIVITY_FIGURES.find((f) => f.field === 'nvlink_size')!;
    for (const nvs of [8, 72]) {
      const system = { ...base, nvlink_size: nvs };
      const request = {
        model: MODEL_PRESETS['gpt3-175b'].spec,
        strategy: '1d' as const,
        globalBatchSize: 1536,
        gpus: [64, 256, 1024],
        top: 1,
        options: { flashAttention: true },
        withBest: false,
        front: false,
      };
      const before = searchSweep({ ...request, system });
      const after = searchSweep({ ...request, system: improved(system, by, 1.1) });
      after.forEach((r, i) => {
        expect(r.top.length, `${r.gpus} GPUs`).toBe(1);
        expect(r.top[0]!.throughput).toBeGreaterThanOrEqual(before[i]!.top[0]!.throughput);
      });
    }
  });
});

describe('sweep cells equal independent engine evaluations', () => {
  const model = MODEL_PRESETS['gpt3-175b'].spec;
  it('at sampled grid points, the best of a cell is what a search of that system finds, and evaluate() agrees', () => {
    const g = sweepGrid('cap-bw', base, 256, [256], 'coarse');
    const samples = [0, 7, 20, 33, 50, g.cells.length - 1];
    let checked = 0;
    for (const n of samples) {
      const cell = g.cells[n]!;
      const request = {
        model,
        system: cell.system,
        strategy: '1d' as const,
        globalBatchSize: 1536,
        gpus: [cell.gpus],
        top: 1,
        options: { flashAttention: true },
        withBest: false,
      };
      const [r] = searchSweep(request);
      const best = r!.top[0];
      if (!best) {
        // Nothing fits: every candidate's memory is over this cell's capacity.
        continue;
      }
      const e = evaluate({ ...request, options: request.options }, best.config);
      expect(e.throughput).toBe(best.throughput);
      expect(e.totals.mem).toBeLessThanOrEqual(cell.system.hbm_capacity);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

describe('design-space maps', () => {
  it('each cell holds the best feasible candidate with those degrees (brute force agrees)', () => {
    for (const strategy of ['1d', '2d-seqp'] as const) {
      const request = {
        model: MODEL_PRESETS['gpt3-175b'].spec,
        system: systemWithDomain('H200', 8),
        strategy,
        globalBatchSize: 1536,
        gpus: [128],
        top: 1,
        options: { flashAttention: true },
      };
      const ctx = new SweepContext(request);
      const map = designMap(ctx, 128);
      const all = enumerateCandidates(ctx.space, 128);
      expect(map.cells.reduce((s, c) => s + c.candidates, 0)).toBe(all.length);
      for (const cell of map.cells) {
        const mine = all.filter((c) => c.tp1 === cell.a && (strategy === '1d' ? c.pp : c.tp2) === cell.b);
        expect(mine.length).toBe(cell.candidates);
        const feasible = mine
          .map((c) => evaluate(ctx.scenario, c))
          .filter((e) => e.fits)
          .map((e) => e.throughput);
        if (feasible.length === 0) expect(cell.best).toBeNull();
        else expect(cell.best?.throughput).toBe(Math.max(...feasible));
      }
    }
  });
});
