import { describe, expect, it } from 'vitest';
import { CALIBRATIONS } from '../../src/presets/calibration.ts';
import { RUN_SYSTEMS, SHAPE_FROM } from '../../src/presets/runSystems.ts';
import { fitEfficiency, fittable, meanAbsError, predictRun } from '../../src/search/calibrate.ts';
import type { RunSystemId } from '../../src/model/runs.ts';
import { mappedRuns } from '../helpers/measured.ts';

const runs = mappedRuns();
const ofSystem = (id: RunSystemId) => runs.filter((r) => r.systemId === id && fittable(r));

describe('shipped calibrations (src/presets/calibration.ts, from `npm run calibration -- --write`)', () => {
  it.each(Object.entries(CALIBRATIONS))(
    '%s: its statistics follow from its parameters and the runs',
    (id, c) => {
      const mine = ofSystem(id as RunSystemId);
      expect(mine.length).toBe(c.runs);
      expect(new Set(mine.map((r) => r.modelName)).size).toBe(c.models);
      const base = RUN_SYSTEMS[id as RunSystemId].spec;
      const error = meanAbsError(mine.map((r) => predictRun(r, base, c.efficiency)));
      // Parameters are stored to six significant digits.
      expect(Math.abs(error - c.inSample)).toBeLessThan(1e-4);
      // Calibrated is better than the paper's constants on its own runs.
      expect(error).toBeLessThan(meanAbsError(mine.map((r) => predictRun(r, base, {}))));
    },
  );

  it("systems on the DGX H100s' die ship their matmul shape term, not one of their own", () => {
    expect(Object.keys(SHAPE_FROM)).toContain('h100-96gb-500w');
    for (const [id, from] of Object.entries(SHAPE_FROM)) {
      const shape = CALIBRATIONS[from]?.efficiency.matmulHalfIntensity;
      expect(shape).toBeGreaterThan(0);
      expect(CALIBRATIONS[id as RunSystemId]?.efficiency.matmulHalfIntensity).toBe(shape);
    }
  });

  it('gb200-nvl72 re-derives: a refit from the paper constants lands on the same fit', () => {
    const c = CALIBRATIONS['gb200-nvl72'];
    if (!c) throw new Error('gb200-nvl72 not calibrated');
    const fit = fitEfficiency(ofSystem('gb200-nvl72'), RUN_SYSTEMS['gb200-nvl72'].spec);
    const base = RUN_SYSTEMS['gb200-nvl72'].spec;
    const error = meanAbsError(ofSystem('gb200-nvl72').map((r) => predictRun(r, base, fit.efficiency)));
    expect(Math.abs(error - c.inSample)).toBeLessThan(1e-4);
  });
});
