// @vitest-environment happy-dom
// About states the efficiency model's parameters with the paper's values, and each calibrated system's
// fitted parameters and measured errors as shipped.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS } from '../../src/model/efficiency.ts';
import { peakErrors } from '../../src/model/calibrationRow.ts';
import { EAGER_BYTES } from '../../src/model/training.ts';
import { CALIBRATIONS } from '../../src/presets/calibration.ts';
import { RUN_SYSTEMS } from '../../src/presets/runSystems.ts';
import { CALIBRATION_ROWS } from '../../src/presets/calibrationRuns.ts';
import { About } from '../../src/ui/About.tsx';
import { percent } from '../../src/ui/format.ts';

afterEach(cleanup);

describe('About: efficiency and calibration', () => {
  it('lists every parameter with its paper value', () => {
    render(<About />);
    const section = screen.getByRole('region', { name: /Efficiency and calibration/ });
    for (const k of EFFICIENCY_KEYS)
      expect(within(section).getByRole('rowheader', { name: EFFICIENCY_FIELDS[k].label })).toBeTruthy();
    const matmul = within(section).getByRole('rowheader', { name: EFFICIENCY_FIELDS.matmul.label });
    expect(matmul.parentElement!.textContent).toContain('0.8');
  });

  it("gives each calibrated system's in- and out-of-sample errors", () => {
    render(<About />);
    const table = screen.getByTestId('about-calibration');
    for (const [id, c] of Object.entries(CALIBRATIONS)) {
      const row = within(table).getByRole('rowheader', { name: id }).parentElement!;
      expect(row.textContent).toContain(percent(c.inSample));
      if (c.leaveModelOut !== null) expect(row.textContent).toContain(percent(c.leaveModelOut));
    }
  });
});

describe("About: torchtitan's time", () => {
  it('states the HBM bandwidth its runs are timed with and the eager norm bytes the engine charges', () => {
    render(<About />);
    const text = screen.getByTestId('about-torchtitan-time').textContent ?? '';
    expect(text).toContain(`${RUN_SYSTEMS['h100-96gb-500w'].spec.hbm_bandwidth / 1000} TB/s`);
    expect(text).toContain(`${EAGER_BYTES.norm.fwd} and ${EAGER_BYTES.norm.bwd} bytes per element`);
    expect(text).toMatch(/only async TP/);
    // The attention kernel's fitted rate, as shipped.
    const attention = CALIBRATIONS['h100-96gb-500w']?.efficiency.attention as number;
    expect(attention).toBeLessThan(1);
    expect(text).toContain(`${attention.toPrecision(2)} of the matmul efficiency`);
  });
});

describe('About: memory against the published peaks', () => {
  it("states the shipped framework fraction, the peaks' errors in and out of sample and how many runs fit", () => {
    render(<About />);
    const text = screen.getByTestId('about-memory').textContent ?? '';
    const fraction = Object.values(CALIBRATIONS).find((c) => c.efficiency.memoryFraction !== undefined)
      ?.efficiency.memoryFraction as number;
    expect(text).toContain(fraction.toFixed(3));
    const peaks = peakErrors(CALIBRATION_ROWS.runs, fraction);
    expect(peaks.length).toBeGreaterThan(0);
    const max = Math.max(...peaks.map((p) => Math.abs(p.leaveOneOut)));
    expect(text).toContain(`at most ${percent(max)}`);
    expect(text).toContain(`${CALIBRATION_ROWS.runs.length} of ${CALIBRATION_ROWS.runs.length} mapped runs`);
  });
});
