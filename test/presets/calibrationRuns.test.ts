// The calibration view's generated data is the engine's: recomputed here from the measured runs, it must
// equal what `npm run calibration:runs` wrote, and its residuals must give the shipped in-sample errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MeasuredRun } from '../../src/model/runs.ts';
import { CALIBRATIONS } from '../../src/presets/calibration.ts';
import { CALIBRATION_ROWS } from '../../src/presets/calibrationRuns.ts';
import { calibrationRows } from '../../src/search/calibrationRows.ts';

const raw = JSON.parse(
  readFileSync(new URL('../fixtures/measured/calibration-runs.json', import.meta.url), 'utf8'),
) as MeasuredRun[];

describe('calibration view data', () => {
  it('is what the engine predicts for every run now (regenerate with npm run calibration:runs)', () => {
    expect(JSON.parse(JSON.stringify(calibrationRows(raw)))).toEqual(CALIBRATION_ROWS);
  });

  it('accounts for every run, mapped or with its reasons', () => {
    expect(CALIBRATION_ROWS.runs.length + CALIBRATION_ROWS.unmapped.length).toBe(raw.length);
    for (const u of CALIBRATION_ROWS.unmapped) expect(u.reasons.length).toBeGreaterThan(0);
  });

  it("gives each calibrated system's shipped in-sample error", () => {
    for (const [id, c] of Object.entries(CALIBRATIONS)) {
      const rows = CALIBRATION_ROWS.runs.filter((r) => r.systemId === id);
      expect(rows.length).toBe(c.runs);
      const mean = rows.reduce((s, r) => s + Math.abs(r.residual), 0) / rows.length;
      // calibration.ts rounds to 6 significant figures.
      expect(mean).toBeCloseTo(c.inSample, 5);
    }
  });
});
