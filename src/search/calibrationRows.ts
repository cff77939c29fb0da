/**
 * The calibration view's rows: each measured run the engine represents, with its settings and the engine's
 * prediction on its system with the shipped calibrated efficiency (the in-sample fit of
 * presets/calibration.ts), and the runs it cannot represent with their reasons. Pure; the data is written
 * once by `npm run calibration:runs` so the browser shows the engine's figures without re-evaluating.
 */
import { mapRun, type MappedRun, type MeasuredRun, type RunSystemId } from '../model/runs.ts';
import type { CalibrationRow, CalibrationRows, UnmappedRow } from '../model/calibrationRow.ts';
import { CALIBRATIONS } from '../presets/calibration.ts';
import { RUN_SYSTEMS } from '../presets/runSystems.ts';
import { predictRun } from './calibrate.ts';

const domainOf = (id: RunSystemId) => RUN_SYSTEMS[id].spec.nvlink_size;

/** The row of one mapped run, predicted with its system's shipped efficiency (paper constants if none). */
export function calibrationRow(run: MappedRun, sourceGroup: string): CalibrationRow {
  const p = predictRun(run, RUN_SYSTEMS[run.systemId].spec, CALIBRATIONS[run.systemId]?.efficiency ?? {});
  const c = run.config;
  return {
    id: run.id,
    sourceGroup,
    model: run.modelName,
    systemId: run.systemId,
    gpus: run.gpus,
    precision: run.training.precision,
    tp: c.tp1,
    pp: c.pp,
    cp: c.tp2,
    dp: c.dp,
    ep: c.ep ?? 1,
    v: c.v ?? 1,
    mbs: c.mbs,
    recompute: p.recompute,
    recomputeStated: run.training.recompute !== null,
    zero: run.training.zero,
    globalBatchSize: run.globalBatchSize,
    strategy: run.strategy,
    spec: run.model,
    measured: p.measured,
    predicted: p.predicted,
    residual: p.error,
    fits: p.fits,
    mem: p.mem,
    peak: run.peakMemoryGB,
    assumptions: run.assumptions,
  };
}

export function calibrationRows(raw: readonly MeasuredRun[]): CalibrationRows {
  const runs: CalibrationRow[] = [];
  const unmapped: UnmappedRow[] = [];
  for (const r of raw) {
    const m = mapRun(r, domainOf);
    if (m.kind === 'mapped') runs.push(calibrationRow(m, r.source_group));
    else unmapped.push({ id: m.id, model: m.modelName, reasons: m.reasons });
  }
  return { runs, unmapped };
}
