/**
 * Invariants of the engine over random valid scenarios, and its behaviour on random invalid input.
 * Each property runs a fresh random sample in every CI run (fast-check prints the seed of a failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { evaluate } from '../../src/model/evaluate.ts';
import { LIMITS, modelSchema, parseWith, searchFileSchema, systemSchema } from '../../src/model/schema.ts';
import type { ModelSpec, Strategy } from '../../src/model/spec.ts';
import type { SystemSpec } from '../../src/model/system.ts';
import { SYSTEM_PRESET_IDS, SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { enumerateCandidates } from '../../src/search/enumerate.ts';
import { searchSweep, type SearchRequest } from '../../src/search/search.ts';
import { close } from '../helpers/golden.ts';

export const RUNS = { evaluate: 400, search: 60, invalid: 400 } as const;

const model: fc.Arbitrary<ModelSpec> = fc
  .record({
    h: fc.constantFrom(8, 12, 16, 32, 48, 64, 96, 128),
    q: fc.constantFrom(64, 80, 128, 160),
    l: fc.constantFrom(512, 1024, 2048, 4096, 8192, 32768, 64800),
    fx: fc.constantFrom(2, 8 / 3, 4),
    depth: fc.constantFrom(8, 12, 24, 32, 48, 96, 128),
  })
  .map(({ h, q, l, fx, depth }) => ({ l, e: h * q, f: Math.round((fx * h * q) / 64) * 64, h, depth }));

const scale = fc.double({ min: 0.25, max: 4, noNaN: true });
const system: fc.Arbitrary<SystemSpec> = fc
  .record({
    preset: fc.constantFrom(...SYSTEM_PRESET_IDS),
    flops: scale,
    hbm: scale,
    cap: scale,
    net: scale,
    nvs: fc.constantFrom(1, 2, 4, 8, 16, 64, 72),
  })
  .map(({ preset, flops, hbm, cap, net, nvs }) => {
    const s = SYSTEM_PRESETS[preset].spec;
    return {
      ...s,
      matrix_flops_fp16: s.matrix_flops_fp16 * flops,
      vector_flops_fp16: s.vector_flops_fp16 * flops,
      hbm_bandwidth: s.hbm_bandwidth * hbm,
      hbm_capacity: s.hbm_capacity * cap,
      nvlink_bandwidth: s.nvlink_bandwidth * net,
      ib_bandwidth: s.ib_bandwidth * net,
      nvlink_size: nvs,
    };
  });

const strategy = fc.constantFrom<Strategy>('1d', '2d', '2d-seqp');
const batch = fc.constantFrom(64, 256, 1024, 1536, 4096);

const scenario = fc.record({
  model,
  system,
  strategy,
  batch,
  flash: fc.boolean(),
  gpus: fc.constantFrom(8, 32, 128, 512),
});

const finiteNonNegative = (x: number) => Number.isFinite(x) && x >= 0;

describe('engine invariants on random valid scenarios', () => {
  it('never throws; times finite and non-negative; fractions sum to 1; memory is its parts; throughput × time = batch', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, pick) => {
        const space = {
          model: s.model,
          strategy: s.strategy,
          globalBatchSize: s.batch,
          nvlinkSize: s.system.nvlink_size,
        };
        const all = enumerateCandidates(space, s.gpus);
        fc.pre(all.length > 0);
        const config = all[pick % all.length]!;
        const e = evaluate(
          {
            model: s.model,
            system: s.system,
            strategy: s.strategy,
            globalBatchSize: s.batch,
            options: { flashAttention: s.flash },
          },
          config,
        );
        for (const r of [...e.mlp, ...e.sa, e.dp, e.pp]) {
          for (const v of [
            r.fwd.t,
            r.fwd.comm,
            r.fwd.comp,
            r.fwd.mem,
            r.bwd.t,
            r.bwd.comm,
            r.bwd.comp,
            r.bwd.mem,
            r.t,
          ])
            expect(finiteNonNegative(v)).toBe(true);
          for (const v of [r.flopsFwd, r.flopsBwd, r.memFwd, r.memBwd, r.activationBuffer, r.weightsMem])
            expect(finiteNonNegative(v)).toBe(true);
        }
        const t = e.totals;
        expect(t.t).toBeGreaterThan(0);
        const fractions =
          t.comp_frac + t.mem_frac + t.tp_comm_frac + t.dp_comm_frac + t.pp_comm_frac + t.bubble_frac;
        expect(close(fractions, 1, 1e-9)).toBe(true);
        expect(
          close(t.t_comp + t.t_mem + t.t_tp_comm + t.t_dp_comm + t.t_pp_comm + t.t_bubble, t.t, 1e-9),
        ).toBe(true);
        expect(
          close(t.wts_mem + t.wts_grad_mem + t.wts_optimizer_states_mem + t.acts_mem, t.mem, 1e-12),
        ).toBe(true);
        expect(close(e.throughput * t.t, s.batch, 1e-12)).toBe(true);
        expect(e.fits).toBe(t.mem <= s.system.hbm_capacity);
      }),
      { numRuns: RUNS.evaluate },
    );
  });

  const RATES = [
    'matrix_flops_fp16',
    'vector_flops_fp16',
    'hbm_bandwidth',
    'hbm_capacity',
    'nvlink_bandwidth',
    'ib_bandwidth',
    'nvlink_eff',
    'ib_eff',
  ] as const satisfies readonly (keyof SystemSpec)[];

  const request = (
    s: { model: ModelSpec; strategy: Strategy; batch: number },
    sys: SystemSpec,
  ): SearchRequest => ({
    model: s.model,
    system: sys,
    strategy: s.strategy,
    globalBatchSize: s.batch,
    gpus: [16, 128],
    top: 5,
    options: { flashAttention: true },
  });
  const scenarioShape = { model, system, strategy, batch };

  it('the best throughput never decreases when a hardware rate or capacity increases', () => {
    fc.assert(
      fc.property(
        fc.record(scenarioShape),
        fc.constantFrom(...RATES),
        fc.double({ min: 1.01, max: 3, noNaN: true }),
        (s, field, factor) => {
          const faster = {
            ...s.system,
            [field]: Math.min(field.endsWith('_eff') ? 1 : Infinity, s.system[field] * factor),
          };
          const before = searchSweep(request(s, s.system));
          const after = searchSweep(request(s, faster));
          before.forEach((b, i) => {
            const a = after[i]!;
            expect(a.candidates).toBe(b.candidates);
            // Memory per GPU depends on no rate, so only more capacity can change what fits.
            if (field === 'hbm_capacity') expect(a.feasible).toBeGreaterThanOrEqual(b.feasible);
            else expect(a.feasible).toBe(b.feasible);
            const tb = b.top[0]?.throughput ?? 0;
            const ta = a.top[0]?.throughput ?? 0;
            expect(ta).toBeGreaterThanOrEqual(tb * (1 - 1e-12));
          });
        },
      ),
      { numRuns: RUNS.search },
    );
  });

  it('search results are deterministic', () => {
    fc.assert(
      fc.property(fc.record(scenarioShape), (s) => {
        const r = { ...request(s, s.system), cloudSize: 50 };
        expect(searchSweep(r)).toEqual(searchSweep(r));
      }),
      { numRuns: RUNS.search / 3 },
    );
  });
});

describe('random invalid input: a clear error, never a crash, never a hang', () => {
  const junk = fc.oneof(
    fc.anything(),
    fc.record({
      l: fc.anything(),
      e: fc.anything(),
      f: fc.anything(),
      h: fc.anything(),
      depth: fc.anything(),
    }),
    fc.record({ l: fc.integer(), e: fc.integer(), f: fc.integer(), h: fc.integer(), depth: fc.integer() }),
    // Near the rules' edges: zero, negatives, heads that do or do not divide the embedding.
    fc.record({
      l: fc.integer({ min: -2, max: 64 }),
      e: fc.integer({ min: -2, max: 64 }),
      f: fc.integer({ min: -2, max: 64 }),
      h: fc.integer({ min: -2, max: 8 }),
      depth: fc.integer({ min: -2, max: 64 }),
    }),
  );

  /** What the model schema accepts, written out independently of zod. */
  const validModel = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    const whole = (k: keyof ModelSpec, max: number) =>
      Number.isInteger(o[k]) && (o[k] as number) >= 1 && (o[k] as number) <= max;
    return (
      whole('l', LIMITS.sequence) &&
      whole('e', LIMITS.embedding) &&
      whole('f', LIMITS.hidden) &&
      whole('h', LIMITS.heads) &&
      whole('depth', LIMITS.depth) &&
      (o['e'] as number) % (o['h'] as number) === 0
    );
  };

  it('schemas name the field and the rule, and never throw', () => {
    let accepted = 0;
    fc.assert(
      fc.property(junk, (v) => {
        const model = parseWith(modelSchema, v, 'model');
        expect(model.ok).toBe(validModel(v));
        if (model.ok) {
          accepted++;
          const { l, e, f, h, depth } = v as ModelSpec;
          expect(model.value).toEqual({ l, e, f, h, depth });
        }
        const schemas = [modelSchema, systemSchema, searchFileSchema] as const;
        for (const schema of schemas) {
          const r = parseWith<unknown>(schema, v, 'x');
          if (r.ok) {
            // What one parse accepts, a second accepts unchanged.
            expect(parseWith<unknown>(schema, r.value)).toEqual(r);
          } else {
            expect(r.issues.length).toBeGreaterThan(0);
            for (const i of r.issues) {
              expect(i.path).toMatch(/^x\b/);
              expect(i.message.length).toBeGreaterThan(3);
            }
          }
        }
      }),
      { numRuns: RUNS.invalid },
    );
    // Both sides of the rule were exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(RUNS.invalid);
  });

  it('the CLI answers every malformed scenario with exit 1 or 2, one line, and empty stdout', () => {
    const valid = {
      model: { l: 2048, e: 4096, f: 16384, h: 32, depth: 32 },
      system: SYSTEM_PRESETS.A100.spec,
      strategy: '1d',
      globalBatchSize: 512,
      gpusSearched: [64],
    };
    const mutated = fc.oneof(
      fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.string(),
      fc
        .tuple(fc.constantFrom(...Object.keys(valid)), fc.anything())
        .map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
      fc
        .tuple(
          fc.constantFrom('l', 'e', 'f', 'h', 'depth'),
          fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double(), fc.string()),
        )
        .map(([k, v]) => JSON.stringify({ ...valid, model: { ...valid.model, [k]: v } })),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        let stdout = '';
        let stderr = '';
        const code = run(['search', '--input', 'x.json'], {
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
          readInput: () => text,
        });
        if (code === 0) {
          expect(JSON.parse(stdout)).toHaveProperty('results');
        } else {
          expect([1, 2]).toContain(code);
          expect(stdout).toBe('');
          expect(stderr.trim().split('\n')).toHaveLength(1);
          expect(stderr).toMatch(/^parallax: /);
        }
      }),
      { numRuns: RUNS.invalid },
    );
  });
});
