/**
 * How close the calibrated engine lands on published measured runs: predicted vs measured per run (chart
 * and residual table, filtered by system, model and precision), the runs it cannot represent with why,
 * and each system's in- and out-of-sample errors. Every prediction is the engine's, written with the runs
 * by `npm run calibration:runs` (presets/calibrationRuns.ts); this view only filters and shows it.
 */
import { useCallback, useMemo, useState } from 'react';
import { CalibrationChart, type CalibrationPoint } from '../charts/CalibrationChart.tsx';
import type { CalibrationRow } from '../model/calibrationRow.ts';
import { CALIBRATIONS } from '../presets/calibration.ts';
import { CALIBRATION_ROWS } from '../presets/calibrationRuns.ts';
import { RUN_SYSTEMS } from '../presets/runSystems.ts';
import { openCalibrationRun } from '../state/calibration.ts';
import { useAppStore } from '../state/react.ts';
import { count, percent } from './format.ts';

const ALL = '';
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const SYSTEMS = sorted(CALIBRATION_ROWS.runs.map((r) => r.systemId));
const MODELS = sorted(CALIBRATION_ROWS.runs.map((r) => r.model));
const PRECISIONS = sorted(CALIBRATION_ROWS.runs.map((r) => r.precision));
const BY_ID = new Map(CALIBRATION_ROWS.runs.map((r) => [r.id, r]));

const signed = (f: number) => `${f >= 0 ? '+' : '−'}${percent(Math.abs(f))}`;
const orDash = (f: number | null) => (f === null ? '—' : percent(f));

function settings(r: CalibrationRow): string {
  const parts = [`tp ${r.tp}`, `pp ${r.pp}`, `cp ${r.cp}`, `dp ${r.dp}`];
  if (r.ep > 1) parts.push(`ep ${r.ep}`);
  if (r.v > 1) parts.push(`v ${r.v}`);
  parts.push(`recompute ${r.recompute}${r.recomputeStated ? '' : ' (unstated: fastest that fits)'}`);
  parts.push(`ZeRO ${r.zero}`);
  return parts.join(', ');
}

export function CalibrationView() {
  const store = useAppStore();
  const [system, setSystem] = useState(ALL);
  const [model, setModel] = useState(ALL);
  const [precision, setPrecision] = useState(ALL);
  const rows = useMemo(
    () =>
      CALIBRATION_ROWS.runs.filter(
        (r) =>
          (system === ALL || r.systemId === system) &&
          (model === ALL || r.model === model) &&
          (precision === ALL || r.precision === precision),
      ),
    [system, model, precision],
  );
  const series = useMemo(() => sorted(rows.map((r) => r.systemId)), [rows]);
  const points = useMemo<CalibrationPoint[]>(
    () =>
      rows.map((r) => ({
        id: r.id,
        series: r.systemId,
        measured: r.measured,
        predicted: r.predicted,
        label: `${r.id} ${r.model}, ${r.systemId}, ${r.gpus} GPUs: measured ${count(r.measured)}, predicted ${count(r.predicted)} tokens/s per GPU (${signed(r.residual)})`,
      })),
    [rows],
  );
  const open = useCallback(
    (id: string) => {
      const row = BY_ID.get(id);
      if (row) openCalibrationRun(store, row);
    },
    [store],
  );
  const mean = rows.length ? rows.reduce((s, r) => s + Math.abs(r.residual), 0) / rows.length : null;
  return (
    <div className="view calibration-view">
      <section className="panel" aria-label="Filters">
        <h2>Calibration against published runs</h2>
        <div className="calibration-filters">
          <Filter label="System" value={system} options={SYSTEMS} onChange={setSystem} />
          <Filter label="Model" value={model} options={MODELS} onChange={setModel} />
          <Filter label="Precision" value={precision} options={PRECISIONS} onChange={setPrecision} />
        </div>
        <p className="muted" data-testid="calibration-count">
          {rows.length} of {CALIBRATION_ROWS.runs.length} runs shown
          {mean === null ? '' : `; mean |error| ${percent(mean)} in sample`}.
        </p>
      </section>
      <div className="charts">
        <CalibrationChart points={points} series={series} onOpen={open} />
      </div>
      <SummaryTable />
      <ResidualTable rows={rows} onOpen={open} />
      <details className="panel calibration-unmapped">
        <summary>{CALIBRATION_ROWS.unmapped.length} runs the engine cannot represent, and why</summary>
        <ul>
          {CALIBRATION_ROWS.unmapped.map((u) => (
            <li key={u.id}>
              <strong>{u.id}</strong> {u.model}: {u.reasons.join('; ')}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function Filter(props: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly onChange: (v: string) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        aria-label={`Filter by ${props.label.toLowerCase()}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value={ALL}>all</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Each calibrated system's fit: mean |error| of tokens/s per GPU in sample and out of sample. */
function SummaryTable() {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="calibration-summary">
        <caption>
          Mean |error| of tokens/s per GPU per system (src/presets/calibration.ts): in sample, and on runs the
          fit did not see (leave one model out, leave one source out; — where the system&apos;s runs are one
          model or one source).
        </caption>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Runs</th>
            <th scope="col">Models</th>
            <th scope="col">In sample</th>
            <th scope="col">Leave model out</th>
            <th scope="col">Leave source out</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(CALIBRATIONS).map(([id, c]) => (
            <tr key={id}>
              <th scope="row" title={RUN_SYSTEMS[id as keyof typeof RUN_SYSTEMS].label}>
                {id}
              </th>
              <td className="num">{c.runs}</td>
              <td className="num">{c.models}</td>
              <td className="num">{percent(c.inSample)}</td>
              <td className="num">{orDash(c.leaveModelOut)}</td>
              <td className="num">{orDash(c.leaveSourceOut)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResidualTable(props: {
  readonly rows: readonly CalibrationRow[];
  readonly onOpen: (id: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="calibration-residuals">
        <caption>
          Each run: measured and predicted tokens/s per GPU, residual = predicted / measured − 1 (in sample),
          and peak memory per GPU predicted with its stated settings beside the published one
          (torchtitan&apos;s reserved GiB, in GB). Open a run to explore it.
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Source</th>
            <th scope="col">Model</th>
            <th scope="col">System</th>
            <th scope="col">GPUs</th>
            <th scope="col">Precision</th>
            <th scope="col">Settings</th>
            <th scope="col">Measured (tok/s/GPU)</th>
            <th scope="col">Predicted (tok/s/GPU)</th>
            <th scope="col">Residual</th>
            <th scope="col">Peak memory (GB): predicted / published</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id} data-testid={`calibration-row-${r.id}`}>
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  title={`Open ${r.id} in the explorer`}
                  onClick={() => props.onOpen(r.id)}
                >
                  {r.id}
                </button>
              </th>
              <td>{r.sourceGroup}</td>
              <td>{r.model}</td>
              <td>{r.systemId}</td>
              <td className="num">{r.gpus}</td>
              <td>{r.precision}</td>
              <td title={r.assumptions.join('; ') || undefined}>{settings(r)}</td>
              <td className="num">{count(r.measured)}</td>
              <td className="num">{count(r.predicted)}</td>
              <td className="num" data-value={r.residual}>
                {signed(r.residual)}
              </td>
              <td className="num" data-testid={`calibration-memory-${r.id}`}>
                {r.mem.toFixed(1)}
                {r.peak === null ? '' : ` / ${r.peak.toFixed(1)}`}
                {r.fits ? '' : ' (does not fit)'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
