/**
 * The system-design tab: which hardware to build or buy. Four views over the same scenario — a hardware
 * sweep around the edited system, the sensitivity of throughput to each hardware figure, the design-space
 * map of parallel degrees, and the paper's figures as ready-made views. The searches run in sync.ts; this
 * only shows what has arrived in `state.design`.
 */
import { useMemo } from 'react';
import { DESIGN_MODES, type SensitivityResult, type SweepResult } from '../../state/design.ts';
import { designGpus } from '../../state/designSync.ts';
import { inputIssues, searchedGpus } from '../../state/inputs.ts';
import { useApp, useAppStore } from '../../state/react.ts';
import { selectGpus, setDesignMode } from '../../state/store.ts';
import { count } from '../format.ts';
import { MODE_LABELS } from './labels.ts';
import { useServices } from '../services.ts';
import { MapPanel } from './MapPanel.tsx';
import { PaperFigures } from './PaperFigures.tsx';
import { SensitivityPanel } from './SensitivityPanel.tsx';
import { SweepControls, SweepPanel } from './SweepPanel.tsx';
import './design.css';

/**
 * Whether the inputs cannot run, and whether the results shown are then of earlier inputs: dimmed as the
 * explorer's are, never shown as the answer. (The paper's figures do not depend on the inputs: never stale.)
 */
function useInvalidInputs(): { readonly invalid: boolean; readonly stale: boolean } {
  const mode = useApp((s) => s.view.designMode);
  const inputs = useApp((s) => s.inputs);
  const invalid = useMemo(() => inputIssues(inputs).length > 0, [inputs]);
  const shown = useApp((s) => s.design.key !== '');
  return { invalid, stale: invalid && shown && mode !== 'figures' };
}

export function DesignView() {
  const mode = useApp((s) => s.view.designMode);
  const { stale } = useInvalidInputs();
  return (
    <div className="view design-view" data-stale={stale || undefined}>
      <DesignControls />
      {mode === 'sweep' ? (
        <SweepPanel />
      ) : mode === 'sensitivity' ? (
        <SensitivityPanel />
      ) : mode === 'map' ? (
        <MapPanel />
      ) : (
        <PaperFigures />
      )}
    </div>
  );
}

function DesignControls() {
  const store = useAppStore();
  const mode = useApp((s) => s.view.designMode);
  return (
    <section className="panel wide design-controls" aria-labelledby="design-heading">
      <h2 id="design-heading">System design</h2>
      <div className="design-modes" role="group" aria-label="Design view">
        {DESIGN_MODES.map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setDesignMode(store, m)}>
            {MODE_LABELS[m]}
          </button>
        ))}
      </div>
      {mode !== 'figures' ? (
        <div className="design-fields">
          <GpuCountField />
          {mode === 'sweep' ? <SweepControls /> : null}
        </div>
      ) : null}
      {mode !== 'figures' ? <DesignStatus /> : null}
    </section>
  );
}

function GpuCountField() {
  const store = useAppStore();
  const gpus = useApp(designGpus);
  const inputs = useApp((s) => s.inputs);
  const options = useMemo(() => searchedGpus(inputs), [inputs]);
  return (
    <label className="field">
      <span className="field-label">GPU count studied</span>
      <select
        value={options.includes(gpus) ? gpus : ''}
        disabled={options.length === 0}
        onChange={(e) => selectGpus(store, Number(e.target.value))}
      >
        {options.map((n) => (
          <option key={n} value={n}>
            {count(n)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Progress while searching, errors, and why nothing is computed when the scenario cannot run. */
function DesignStatus() {
  const services = useServices();
  const status = useApp((s) => s.design.status);
  const done = useApp((s) => s.design.done);
  const total = useApp((s) => s.design.total);
  const error = useApp((s) => s.design.error);
  const { invalid, stale } = useInvalidInputs();
  const sweep = useApp((s) => s.design.sweep);
  const sensitivity = useApp((s) => s.design.sensitivity);
  const searched = useMemo(() => searchesDone(sweep, sensitivity), [sweep, sensitivity]);
  return (
    <>
      {status === 'running' ? (
        <div className="progress" data-testid="design-progress">
          <progress aria-label="Design search progress" max={total || 1} value={total ? done : 0} />
          <span>
            {total > 0 ? `Searched ${count(done)} of ${count(total)} candidates` : 'Searching…'}
            {searched ? ` · ${count(searched.done)} of ${count(searched.total)} searches done` : ''}
          </span>
          <button type="button" onClick={() => services.cancelDesign()}>
            Stop
          </button>
        </div>
      ) : null}
      {status === 'cancelled' ? (
        <p className="muted" role="status">
          The search was stopped; the results found so far are shown.{' '}
          <button type="button" onClick={() => services.resumeDesign()}>
            Resume
          </button>
        </p>
      ) : null}
      {invalid ? (
        <p className="muted" role="status">
          The scenario has problems (see the panels on the left); these views update once it can run.
          {stale ? ' The results shown are from before the last change.' : ''}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** How many of the searches (system variant × GPU count) have an answer, or null without a sweep or study. */
function searchesDone(
  sweep: SweepResult | null,
  sensitivity: SensitivityResult | null,
): { done: number; total: number } | null {
  const all = sweep
    ? [...sweep.cells, ...sweep.baseline]
    : sensitivity
      ? [...sensitivity.baseline, ...sensitivity.rows.flatMap((r) => r.best)]
      : null;
  return all && { done: all.filter((b) => b !== undefined).length, total: all.length };
}
