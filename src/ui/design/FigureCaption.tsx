/** The caption of the paper figure the current view reproduces, above every view, until closed. */
import { useEffect, useRef } from 'react';
import { figureById } from '../../presets/figures.ts';
import { useApp, useAppStore } from '../../state/react.ts';
import { setFigure } from '../../state/store.ts';
import './design.css';

export function FigureCaption() {
  const store = useAppStore();
  const id = useApp((s) => s.view.figure);
  const figure = id === null ? undefined : figureById(id);
  const ref = useRef<HTMLDivElement>(null);
  // A figure is opened from the bottom of a long list: bring its caption, the top of the view it opens,
  // into sight (a no-op when it already is, as on a page opened from a figure's link).
  useEffect(() => {
    if (id !== null) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);
  if (!figure) return null;
  return (
    <div
      ref={ref}
      className="figure-caption"
      role="note"
      data-testid="figure-caption"
      aria-label="Paper figure"
    >
      <div>
        <p className="figure-caption-title">
          <strong>Paper figure:</strong> {figure.title}
        </p>
        <p className="figure-caption-text">{figure.caption}</p>
      </div>
      <button type="button" onClick={() => setFigure(store, null)}>
        Close
      </button>
    </div>
  );
}
