/** The frame every chart sits in: title, extra controls, export buttons, the chart and a caption. */
import { useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { BodyWidth } from './bodyWidth.ts';
import './charts.css';
import { chartPng, chartSvg, downloadBlob, downloadHref, EXPORT_IGNORE } from './exportChart.ts';

export interface ChartFrameProps {
  readonly title: string;
  /** One line saying what the chart shows. */
  readonly caption: string;
  /** File name of exports, without extension. */
  readonly exportName: string;
  readonly children: ReactNode;
  /** Extra controls in the header (e.g. a units toggle); left out of exported images. */
  readonly actions?: ReactNode;
}

export function ChartFrame({ title, caption, exportName, children, actions }: ChartFrameProps) {
  const figure = useRef<HTMLElement>(null);
  const titleId = useId();
  const body = useRef<HTMLDivElement>(null);
  // Followed without re-rendering: only a plot mounting later reads it (see bodyWidth.ts).
  const bodyWidth = useRef(0);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) bodyWidth.current = Math.floor(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <figure ref={figure} className="chart" aria-labelledby={titleId}>
      <div className="chart-header">
        <h3 id={titleId}>{title}</h3>
        <div className="chart-actions" {...{ [EXPORT_IGNORE]: '' }}>
          {actions}
          <ExportButtons figure={figure} title={title} exportName={exportName} />
        </div>
      </div>
      <div ref={body} className="chart-body">
        <BodyWidth.Provider value={bodyWidth}>{children}</BodyWidth.Provider>
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

interface ExportButtonsProps {
  readonly figure: RefObject<HTMLElement | null>;
  readonly title: string;
  readonly exportName: string;
}

function ExportButtons({ figure, title, exportName }: ExportButtonsProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const saveSvg = () => {
    const svg = figure.current && chartSvg(figure.current, title);
    if (!svg) {
      setProblem('Nothing to export yet.');
      return;
    }
    setProblem(null);
    downloadBlob(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), `${exportName}.svg`);
  };

  const savePng = async () => {
    const node = figure.current;
    if (!node) return;
    setBusy(true);
    try {
      downloadHref(await chartPng(node), `${exportName}.png`);
      setProblem(null);
    } catch (e) {
      setProblem(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        aria-label={`Download ${title} as PNG`}
        disabled={busy}
        onClick={() => void savePng()}
      >
        PNG
      </button>
      <button type="button" aria-label={`Download ${title} as SVG`} onClick={saveSvg}>
        SVG
      </button>
      {problem && (
        <span role="alert" className="chart-export-problem">
          {problem}
        </span>
      )}
    </>
  );
}
