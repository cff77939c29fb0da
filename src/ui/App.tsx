/** The explorer: controls on the left, the chosen view on the right. */
import { lazy, Suspense } from 'react';
import { useStages } from './useStages.ts';
import { CompareView } from './CompareView.tsx';
import { FigureCaption } from './design/FigureCaption.tsx';
import { ExploreView } from './ExploreView.tsx';
import { Header } from './Header.tsx';
import { ModelPanel } from './ModelPanel.tsx';
import { Notices } from './Notices.tsx';
import { ParallelismPanel } from './ParallelismPanel.tsx';
import { PlannerPanel } from './PlannerPanel.tsx';
import { SystemPanel } from './SystemPanel.tsx';
import { useApp } from '../state/react.ts';

// Views most visits never open load on demand, keeping the first load to what the explorer needs (the
// design view brings recharts, for its sensitivity charts; the compare-models view its own charts; the calibration view its runs' data).
const About = lazy(() => import('./About.tsx').then((m) => ({ default: m.About })));
const DesignView = lazy(() => import('./design/DesignView.tsx').then((m) => ({ default: m.DesignView })));
const ModelsView = lazy(() => import('./ModelsView.tsx').then((m) => ({ default: m.ModelsView })));
const CalibrationView = lazy(() =>
  import('./CalibrationView.tsx').then((m) => ({ default: m.CalibrationView })),
);
const loading = <p className="muted">Loading…</p>;

export function App() {
  const tab = useApp((s) => s.view.tab);
  const stage = useStages(2);
  return (
    <div className="app">
      <Header />
      <Notices />
      <FigureCaption />
      {tab === 'about' ? (
        <main className="about-page">
          <Suspense fallback={loading}>
            <About />
          </Suspense>
        </main>
      ) : (
        <div className="layout">
          <aside className="controls" aria-label="Scenario">
            {/* Shown on narrow screens only, where the controls stack above the results. */}
            <a className="skip-to-results" href="#results">
              Skip to the results
            </a>
            <ModelPanel />
            {/* The first frame lays out the model's panel and the results' frames; each panel below it
                comes a frame later (the system and planner panels start 1,400 px down the column). */}
            {stage >= 1 && <ParallelismPanel />}
            {stage >= 2 && (
              <>
                <SystemPanel />
                <PlannerPanel />
              </>
            )}
          </aside>
          <main id="results">
            {tab === 'compare' ? (
              <CompareView />
            ) : tab === 'models' ? (
              <Suspense fallback={loading}>
                <ModelsView />
              </Suspense>
            ) : tab === 'calibration' ? (
              <Suspense fallback={loading}>
                <CalibrationView />
              </Suspense>
            ) : tab === 'design' ? (
              <Suspense fallback={loading}>
                <DesignView />
              </Suspense>
            ) : (
              <ExploreView />
            )}
          </main>
        </div>
      )}
      <footer className="app-footer">
        Model: Subramanian et al.,{' '}
        <a href="https://arxiv.org/abs/2410.00273" rel="noreferrer" target="_blank">
          arXiv 2410.00273
        </a>
        ; reference implementation{' '}
        <a
          href="https://github.com/ShashankSubramanian/transformer-perf-estimates"
          rel="noreferrer"
          target="_blank"
        >
          transformer-perf-estimates
        </a>
        .
      </footer>
    </div>
  );
}
