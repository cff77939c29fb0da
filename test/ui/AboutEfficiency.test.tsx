// @vitest-environment happy-dom
// About states the efficiency model's parameters with the paper's values, and each calibrated system's
// fitted parameters and measured errors as shipped.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS } from '../../src/model/efficiency.ts';
import { peakErrors } from '../../src/model/calibrationRow.ts';
import { CALIBRATIONS } from '../../src/presets/calibration.ts';
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
