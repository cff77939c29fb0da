/** The paper's figures as ready-made views: each opens the scenario and view it was drawn from. */
import { useId, useMemo } from 'react';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { figureSetRows, mapScale } from '../../charts/heatmapRows.ts';
import { formatCount } from '../../charts/format.ts';
import { MODEL_PRESETS, MODEL_PRESET_IDS, type ModelPresetId } from '../../presets/models.ts';
import { PAPER_FIGURES, type PaperFigure } from '../../presets/figures.ts';
import { useApp, useAppStore } from '../../state/react.ts';
import { notifyAll, replaceState, type AppStore } from '../../state/store.ts';
import { decodeState } from '../../url/codec.ts';

interface FigureGroup {
  readonly name: string;
  readonly figures: readonly PaperFigure[];
}

/** The figures by the model preset their link names (in preset order), others last. */
function groupFigures(figures: readonly PaperFigure[]): FigureGroup[] {
  const byModel = new Map<string, PaperFigure[]>();
  for (const f of figures) {
    const id = new URLSearchParams(f.query).get('model') ?? '';
    const name = (MODEL_PRESET_IDS as readonly string[]).includes(id)
      ? MODEL_PRESETS[id as ModelPresetId].label
      : 'Other figures';
    byModel.set(name, [...(byModel.get(name) ?? []), f]);
  }
  return [...byModel].map(([name, list]) => ({ name, figures: list }));
}

const GROUPS = groupFigures(PAPER_FIGURES);

/** Applies a figure's link to the whole app and marks the view as that figure. */
export function openFigure(store: AppStore, f: PaperFigure): void {
  const d = decodeState(`?${f.query}`);
  replaceState(store, d.inputs, { ...d.view, figure: f.id });
  notifyAll(store, 'warning', d.messages, 'scenario');
}

export function PaperFigures() {
  return (
    <section className="design-section design-figures" aria-labelledby="figures-heading">
      <h2 id="figures-heading" className="visually-hidden">
        Paper figures
      </h2>
      <p className="design-note">
        The main figures of Subramanian et al. (arXiv 2410.00273, §5) as views of this explorer: opening one
        sets the model, systems and view it shows, with its caption above.
      </p>
      <FigureSetOverview />
      {GROUPS.map((g) => (
        <FigureList key={g.name} group={g} />
      ))}
    </section>
  );
}

/**
 * Every sweep behind the scaling figures, searched in full (GPT3-1T and ViT-ERA5 × three strategies ×
 * A100, H200, B200 × NVLink 4, 8, 64; about 9.2 million candidates), filling in as the workers go.
 */
function FigureSetOverview() {
  const fs = useApp((s) => s.design.figureSet);
  const status = useApp((s) => s.design.status);
  const done = useApp((s) => s.design.done);
  const total = useApp((s) => s.design.total);
  const rows = useMemo(() => (fs ? figureSetRows(fs) : []), [fs]);
  const scale = useMemo(() => mapScale(rows), [rows]);
  if (!fs) return null;
  return (
    <>
      <Heatmap
        title="Every scaling figure at a glance"
        caption="Best throughput of each paper sweep (rows: model · strategy · GPU generation and NVLink domain) at each GPU count, relative to the fastest of all; hover a cell for its configuration."
        exportName="parallax-paper-figure-set"
        x={{ title: 'GPUs', labels: fs.gpus.map((n) => formatCount(n)) }}
        y={{ title: 'Sweep', labels: [...fs.rows].reverse() }}
        cells={rows}
        scale={scale}
        legendTitle="Of the fastest"
        labelEveryRow
        testId="figures-overview"
      />
      <p className="design-note" data-testid="figures-overview-status">
        {status === 'running'
          ? `Searching the figure set: ${formatCount(done)} of ${formatCount(total)} candidates…`
          : status === 'done'
            ? `All ${fs.rows.length} sweeps searched (${formatCount(total)} candidates).`
            : status === 'cancelled'
              ? 'Stopped: the sweeps searched so far are shown.'
              : ''}
      </p>
    </>
  );
}

function FigureList({ group }: { group: FigureGroup }) {
  const headingId = useId();
  return (
    <section className="panel wide" aria-labelledby={headingId}>
      <h3 id={headingId}>{group.name}</h3>
      <ul className="figure-list">
        {group.figures.map((f) => (
          <FigureItem key={f.id} figure={f} />
        ))}
      </ul>
    </section>
  );
}

function FigureItem({ figure }: { figure: PaperFigure }) {
  const store = useAppStore();
  const open = useApp((s) => s.view.figure === figure.id);
  return (
    <li className={open ? 'figure-item current' : 'figure-item'}>
      <div>
        <h4>{figure.title}</h4>
        <p className="muted">{figure.caption}</p>
      </div>
      {/* Named after the figure: a list of buttons all called "Open" says nothing out of context. */}
      <button type="button" onClick={() => openFigure(store, figure)}>
        Open<span className="visually-hidden"> {figure.title}</span>
      </button>
    </li>
  );
}
