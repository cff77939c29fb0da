/** The published measured runs, as copied into test/fixtures/measured (see its README). */
import { readFileSync } from 'node:fs';
import { mapRun, type MappedRun, type MeasuredRun } from '../../src/model/runs.ts';
import { RUN_SYSTEMS } from '../../src/presets/runSystems.ts';

const dir = new URL('../fixtures/measured/', import.meta.url);

export const loadRuns = (): MeasuredRun[] =>
  JSON.parse(readFileSync(new URL('calibration-runs.json', dir), 'utf8')) as MeasuredRun[];

export const domainOf = (id: MappedRun['systemId']): number => RUN_SYSTEMS[id].spec.nvlink_size;

export const mappedRuns = (): MappedRun[] =>
  loadRuns()
    .map((r) => mapRun(r, domainOf))
    .filter((m): m is MappedRun => m.kind === 'mapped');
