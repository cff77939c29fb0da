/** Wires the store, the worker pool, the URL and React together. */
import { StrictMode, startTransition, useEffect } from 'react';
import type { Root } from 'react-dom/client';
import { StoreProvider } from './state/react.ts';
import { createAppStore } from './state/store.ts';
import { startSync } from './state/sync.ts';
import { App } from './ui/App.tsx';
import { ServicesContext, type Services } from './ui/services.ts';
import { browserWorker, SearchBridge } from './worker/bridge.ts';
import { lazyWorker, WorkerPool } from './worker/pool.ts';

/**
 * The first search starts once the first render is painted, or, in a page hidden before it paints, after this
 * long (ms). Started at once, both workers searched through the task that lays out and paints the page for
 * the first time (the boot's longest: 33-46 ms of CPU, traced), and on two cores that task then waited for a
 * core.
 */
const FIRST_SEARCH_LATEST_MS = 1000;

/**
 * Calls `then` in the task after the first frame that shows the committed render: the main thread has laid
 * it out and painted it (the screen shows it a little later, at first-contentful-paint, once composited).
 * Marked `parallax:first-paint` for the boot test and the bench.
 */
function AfterFirstPaint({ then }: { then: () => void }) {
  useEffect(() => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('parallax:first-paint');
        then();
      }, 0),
    );
  }, [then]);
  return null;
}

/** Starts the store, the workers and the first search; `render` then shows the app in `root`. */
export function startApp(): { render(root: Root): void } {
  /**
   * One worker per core (the main thread mostly waits while they search); at least one, at most eight. Each
   * starts with the first search, after the first paint, not beside the boot's tasks (lazyWorker).
   */
  const workers = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  const pool = new WorkerPool(workers, () => lazyWorker(browserWorker));
  const bridge = new SearchBridge(pool);
  // The design views share the workers but queue behind the explorer's tasks.
  const designBridge = new SearchBridge(pool, 'design', 10);
  // So do the compare-models view's searches (one per model), ahead of the design views'.
  const modelsBridge = new SearchBridge(pool, 'models', 5);
  const store = createAppStore();
  let painted = () => {};
  const firstPaint = new Promise<void>((resolve) => {
    painted = resolve;
    // A page opened in the background paints no frame until shown: search anyway. A visible page always
    // paints, however slowly a loaded machine gets there: it waits for that paint.
    const ifHidden = () => {
      if (document.visibilityState === 'hidden') resolve();
    };
    setTimeout(() => {
      ifHidden();
      document.addEventListener('visibilitychange', ifHidden);
    }, FIRST_SEARCH_LATEST_MS);
  });
  const sync = startSync(store, {
    firstSearch: firstPaint,
    location: window.location,
    history: window.history,
    bridge,
    designBridge,
    modelsBridge,
    now: () => performance.now(),
    mark: (name, run) => performance.mark(name, { detail: run }),
  });

  const services: Services = {
    shareLink: sync.link,
    cancelSearch: sync.cancel,
    cancelDesign: sync.cancelDesign,
    resumeDesign: sync.resumeDesign,
    copy: async (text) => {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
  };

  return {
    render: (root) =>
      // A transition renders in slices of a few milliseconds, yielding to the browser between them,
      // where an ordinary first render of the whole explorer is one long task.
      startTransition(() =>
        root.render(
          <StrictMode>
            <StoreProvider store={store}>
              <ServicesContext.Provider value={services}>
                <App />
                <AfterFirstPaint then={painted} />
              </ServicesContext.Provider>
            </StoreProvider>
          </StrictMode>,
        ),
      ),
  };
}
