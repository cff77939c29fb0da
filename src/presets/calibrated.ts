/**
 * The calibration a system preset ships with: its own fit (calibration.ts), or for a preset without runs
 * the engine can fit, the fit of the system it is derived from (`DERIVED_CALIBRATIONS`, with the reason).
 */
import { CALIBRATIONS, DERIVED_CALIBRATIONS, type Calibration } from './calibration.ts';

export interface PresetCalibration extends Calibration {
  /** The calibrated system whose runs it comes from (the preset itself, or the one it derives from). */
  readonly from: string;
  /** The error to expect: out of sample where the fit could be cross-validated, else in sample. */
  readonly typicalError: number;
  readonly outOfSample: boolean;
}

export function presetCalibration(id: string): PresetCalibration | null {
  const from = (DERIVED_CALIBRATIONS as Readonly<Record<string, string>>)[id] ?? id;
  const c = (CALIBRATIONS as Readonly<Record<string, Calibration | undefined>>)[from];
  if (!c) return null;
  const out = c.leaveModelOut ?? c.leaveSourceOut;
  return { ...c, from, typicalError: out ?? c.inSample, outOfSample: out !== null };
}
