import { describe, expect, it } from 'vitest';
import { mapRun, runSystem, type MappedRun, type UnmappedRun } from '../../src/model/runs.ts';
import { domainOf, loadRuns } from '../helpers/measured.ts';

const runs = loadRuns();
const byId = (id: string) => {
  const r = runs.find((x) => x.id === id);
  if (!r) throw new Error(`no run ${id}`);
  return mapRun(r, domainOf);
};
const mapped = (id: string) => byId(id) as MappedRun;
const unmapped = (id: string) => byId(id) as UnmappedRun;

describe('run mapping', () => {
  it("turns a benchmarking recipe's Llama 3.1 8B run into the engine's architecture and layout", () => {
    const m = mapped('r0095');
    expect(m.kind).toBe('mapped');
    expect(m.systemId).toBe('h100-sxm');
    expect(m.model).toMatchObject({
      l: 8192,
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
    });
    // Context parallelism 2 is the 2d-seqp strategy's second degree; dp = 8 / cp.
    expect(m.strategy).toBe('2d-seqp');
    expect(m.config).toMatchObject({
      dp: 4,
      tp1: 1,
      tp2: 2,
      pp: 1,
      mbs: 1,
      nvTp1: 1,
      nvTp2: 2,
      nvDp: 4,
      nvPp: 1,
    });
    expect(m.training).toEqual({ recompute: null, zero: 1, precision: 'bf16' });
    expect(m.assumptions).toContain('recompute not stated: the fastest that fits');
  });

  it('maps virtual stages, FP8, squared-ReLU and the placement inside an 8-GPU node', () => {
    const m = mapped('r0179'); // Nemotron-4 340B FP8 on 256 H100s, tp 8 pp 8 vp 12
    expect(m.model.mlp).toBe('relu2');
    expect(m.training.precision).toBe('fp8');
    expect(m.config).toMatchObject({ tp1: 8, pp: 8, dp: 4, v: 12, nvTp1: 8, nvDp: 1, nvPp: 1 });
  });

  it("keeps torchtitan's capped 96 GB H100s apart, with FSDP as ZeRO 3 and the stated recompute", () => {
    const m = mapped('r0202');
    expect(m.systemId).toBe('h100-96gb-500w');
    expect(m.training).toEqual({
      recompute: 'full',
      zero: 3,
      precision: 'fp8',
      framework: 'torchtitan',
      compiled: true,
      fp8Scaling: 'tensorwise',
    });
    expect(m.peakMemoryGB).toBeCloseTo(71.9 * 1.073741824, 9);
    expect(runSystem({ gpu_class: 'H100', gpu_type: 'H100-SXM5-80GB' })).toBe('h100-sxm');
  });

  it("says whose recipe a run follows: torchtitan's, its loss compiled from April 2025 with torch.compile", () => {
    // Dec 2024: torch.compile on, but train.py left the loss eager.
    expect(mapped('r0193').training.framework).toBe('torchtitan');
    // Jun 2025 with torch.compile: components/loss.py compiles the loss too.
    expect(mapped('r0222').training.framework).toBe('torchtitan-fused-loss');
    expect(mapped('r0216').training.framework).toBe('torchtitan-fused-loss');
    // Eager runs, and every run of the benchmarking recipes (Megatron's), carry no framework.
    expect(mapped('r0192').training.framework).toBe('torchtitan');
    expect(mapped('r0179').training.framework).toBeUndefined();
  });

  it("reads how a torchtitan run ran: eager or compiled, async TP, float8's scaling", () => {
    // Table 1 of Dec 2024: "FSDP (eager)" and "FSDP + torch.compile".
    expect(mapped('r0192').training.compiled).toBe(false);
    expect(mapped('r0193').training.compiled).toBe(true);
    // The Aug-2024 405B rows name no compile but cite their toml's compile = true.
    expect(mapped('r0224').training.compiled).toBe(true);
    // "2D" and "2D + AsyncTP"; "vanilla TP" and "async TP".
    expect(mapped('r0202').training.asyncTp).toBeUndefined();
    expect(mapped('r0203').training.asyncTp).toBe(true);
    expect(mapped('r0212').training.asyncTp).toBeUndefined();
    expect(mapped('r0213').training.asyncTp).toBe(true);
    expect(mapped('r0226').training.asyncTp).toBe(true);
    // float8 rowwise vs tensorwise; bf16 runs carry no scaling.
    expect(mapped('r0214').training.fp8Scaling).toBe('rowwise');
    expect(mapped('r0212').training.fp8Scaling).toBe('tensorwise');
    expect(mapped('r0210').training.fp8Scaling).toBeUndefined();
    // Megatron's recipes carry none of it.
    expect(mapped('r0179').training).not.toHaveProperty('compiled');
  });

  it('reports what it cannot represent, with the reason', () => {
    expect(unmapped('r0163').reasons).toContain('multi-head latent attention (MLA)');
    expect(unmapped('r0245').reasons[0]).toMatch(/parallel transformer blocks/);
    expect(unmapped('r0168').reasons.join()).toMatch(/chunked local attention/);
    expect(unmapped('r0117').reasons).toContain('126 layers do not split over pp 8');
    expect(unmapped('r0257').reasons).toContain('no tokens/s per GPU published');
  });

  it('accounts for every run: mapped or with a reason', () => {
    const all = runs.map((r) => mapRun(r, domainOf));
    expect(all.length).toBe(154);
    for (const m of all) if (m.kind === 'unmapped') expect(m.reasons.length).toBeGreaterThan(0);
    expect(all.filter((m) => m.kind === 'mapped').length).toBeGreaterThan(90);
  });
});
