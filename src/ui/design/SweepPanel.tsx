/** Hardware sweep: a family of system variants around the edited system, each searched in full, as a heatmap. */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { formatCount, formatNumber } from '../../charts/format.ts';
import {
  baselineCellIndex,
  bestSweepRow,
  formatAxisValue,
  formatRatio,
  ratioScaleOf,
  sweepRows,
  type SweepCellRow,
} from '../../charts/heatmapRows.ts';
import { SWEEP_KINDS, type SweepKind, type SweepResolution } from '../../search/sweeps.ts';
import type { SweepResult } from '../../state/design.ts';
import { systemLabel, type SystemEntry } from '../../state/inputs.ts';
import { useApp, useAppStore } from '../../state/react.ts';
import { setSweep } from '../../state/store.ts';
import { count } from '../format.ts';
import { SWEEP_LABELS } from './labels.ts';

const RESOLUTION_LABELS: Readonly<Record<SweepResolution, string>> = {
  coarse: 'Coarse (quick)',
  paper: 'Paper (the reference grid)',
};
const RESOLUTIONS = ['coarse', 'paper'] as const satisfies readonly SweepResolution[];

/** The sweep and grid choices (shown with the other design controls). */
export function SweepControls() {
  const store = useAppStore();
  const kind = useApp((s) => s.view.sweepKind);
  const resolution = useApp((s) => s.view.sweepResolution);
  return (
    <>
      <label className="field">
        <span className="field-label">Sweep</span>
        <select value={kind} onChange={(e) => setSweep(store, e.target.value as SweepKind)}>
          {SWEEP_KINDS.map((k) => (
            <option key={k} value={k}>
              {SWEEP_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Grid</span>
        <select value={resolution} onChange={(e) => setSweep(store, kind, e.target.value as SweepResolution)}>
          {RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {RESOLUTION_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function SweepPanel() {
  // Deferred: cells stream in, and the heatmap redraws in interruptible slices behind the controls.
  const sweep = useDeferredValue(useApp((s) => s.design.sweep));
  const base = useApp((s) => s.inputs.systems[s.view.activeSystem]);
  const status = useApp((s) => s.design.status);
  if (!sweep || !base)
    return (
      <p className="panel wide muted" role="status">
        {status === 'running' ? 'Preparing the sweep…' : 'No sweep computed yet.'}
      </p>
    );
  // Remount per sweep, so a picked cell never outlives the grid it was picked on.
  return <SweepHeatmap key={`${sweep.kind}:${sweep.cells.length}`} sweep={sweep} base={base} />;
}

function SweepHeatmap({ sweep, base }: { sweep: SweepResult; base: SystemEntry }) {
  const label = systemLabel(base);
  const rows = useMemo(() => sweepRows(sweep), [sweep]);
  const x = useMemo(() => axis(sweep.x.label, sweep.x.values), [sweep.x]);
  const y = useMemo(() => axis(sweep.y.label, sweep.y.values), [sweep.y]);
  const baseIndex = useMemo(() => baselineCellIndex(sweep, base.spec), [sweep, base.spec]);
  const best = useMemo(() => bestSweepRow(rows), [rows]);
  const scale = useMemo(() => ratioScaleOf(rows), [rows]);
  const [picked, setPicked] = useState<number | null>(null);
  const onCellClick = useCallback((c: SweepCellRow) => setPicked(c.index), []);
  const perColumn = sweep.kind === 'domain-gpus';
  const title = perColumn ? sweep.title : `${sweep.title} at ${formatCount(sweep.gpus)} GPUs`;
  const baselineFits = sweep.baseline.some((b) => b);
  const baselineNone = sweep.baseline.every((b) => b === null);
  const pickedRow = picked === null ? undefined : rows[picked];
  return (
    <section className="design-section" aria-labelledby="sweep-heading">
      <h2 id="sweep-heading" className="visually-hidden">
        Hardware sweep
      </h2>
      <p className="design-note">
        Relative to <strong>{label}</strong>, the system being edited
        {perColumn ? ', at each column’s GPU count' : ''}.
      </p>
      <Heatmap
        testId="sweep-heatmap"
        title={title}
        caption={`Best throughput of each variant of ${label}, every parallel configuration searched, relative to ${label} itself${perColumn ? ' at the same GPU count' : ''}: red slower, white the same, blue faster (log colour scale from ${formatRatio(scale.min)} to ${formatRatio(scale.max)}, saturated beyond); the outlined cell is closest to ${label}.`}
        exportName={`parallax-sweep-${sweep.kind}`}
        x={x}
        y={y}
        cells={rows}
        scale={scale}
        legendTitle={`vs ${label}`}
        outlined={rows[baseIndex] ?? null}
        outlineLabel="baseline"
        neutralLabel="no baseline fit"
        onCellClick={onCellClick}
      />
      <p className="design-note" data-testid="sweep-best">
        {best ? (
          <>
            Best: <strong>{formatRatio(best.value)}</strong> at {best.place} ({formatNumber(best.absolute)}{' '}
            samples/s).
          </>
        ) : baselineNone ? (
          `${label} has nothing that fits in HBM${perColumn ? ' at any GPU count' : ` at ${count(sweep.gpus)} GPUs`}: cells show their throughput without a ratio.`
        ) : baselineFits || rows.some((r) => r.status === 'ok') ? (
          'Best: waiting for results.'
        ) : (
          'No results yet.'
        )}
      </p>
      {pickedRow ? (
        <p className="design-note design-picked" role="status">
          Selected cell: {pickedRow.title}
        </p>
      ) : null}
    </section>
  );
}

function axis(title: string, values: readonly number[]) {
  return { title, labels: values.map(formatAxisValue) };
}
