import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run, type CliIo } from '../../src/cli/main.ts';
import { CALIBRATIONS } from '../../src/presets/calibration.ts';
import type { SystemCalibration } from '../../src/search/calibrate.ts';

const RUNS = new URL('../fixtures/measured/calibration-runs.json', import.meta.url).pathname;

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readInput: (p) => readFileSync(p, 'utf8'),
  };
  const status = run(argv, io);
  return { status, stdout, stderr };
}

describe('cli calibrate', () => {
  it("fits a system to its runs and prints each run's predicted, measured and residual", () => {
    const r = cli('calibrate', '--input', RUNS, '--system', 'gb200-nvl72');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout) as SystemCalibration & { skipped: { id: string; reasons: string[] }[] };
    expect(c.system).toBe('gb200-nvl72');
    expect(c.runs).toBeGreaterThanOrEqual(10);
    expect(c.efficiency.matmul).toBeGreaterThan(0.2);
    for (const p of c.predictions) {
      expect(p.error).toBeCloseTo(p.predicted / p.measured - 1, 12);
      expect(p.id).toMatch(/^r\d+$/);
    }
    // Unrepresentable runs are listed with their reasons (DeepSeek-V3's MLA among them).
    expect(c.skipped.find((s) => s.id === 'r0163')?.reasons).toContain('multi-head latent attention (MLA)');
    const text = cli('calibrate', '--input', RUNS, '--system', 'gb200-nvl72', '--format', 'csv');
    expect(text.stdout).toMatch(/^system gb200-nvl72: fitted on \d+ runs/);
    expect(text.stdout).toContain('id,model,precision,gpus,predicted,measured,residual,fitted,notes');
  });

  it('fits as `npm run calibration` does: a shared shape term and the framework memory are the shipped ones', () => {
    const r = cli('calibrate', '--input', RUNS, '--system', 'h100-96gb-500w');
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout) as SystemCalibration & { taken: string[] };
    const shipped = CALIBRATIONS['h100-96gb-500w']?.efficiency;
    expect(c.efficiency.matmulHalfIntensity).toBe(CALIBRATIONS['h100-sxm']?.efficiency.matmulHalfIntensity);
    expect(c.efficiency.memoryFraction).toBe(shipped?.memoryFraction);
    expect(c.taken).toEqual([
      "matmulHalfIntensity from h100-sxm's shipped calibration",
      'memoryFraction from the shipped calibration',
    ]);
    // Every fitted parameter lands where the shipped calibration's fit did.
    for (const [k, v] of Object.entries(shipped ?? {}))
      expect(c.efficiency[k as keyof typeof c.efficiency], k).toBeCloseTo(v, 2);
    const text = cli('calibrate', '--input', RUNS, '--system', 'h100-96gb-500w', '--format', 'csv');
    expect(text.stdout).toContain("  not fitted: matmulHalfIntensity from h100-sxm's shipped calibration");
  });

  it('names a missing or unknown system', () => {
    const missing = cli('calibrate', '--input', RUNS);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--system ID is required');
    const unknown = cli('calibrate', '--input', RUNS, '--system', 'tpu');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('--system must be one of a100-80gb, h100-sxm');
    expect(cli('evaluate', '--input', RUNS, '--system', 'h100-sxm').status).toBe(2);
  });
});
