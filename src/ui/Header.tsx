/** Title, views, and the sharing actions: copy link, export, import. */
import { useEffect, useRef, useState } from 'react';
import { scenarioFile, importScenario, MAX_IMPORT_BYTES } from '../state/io.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { selectGpuList, seriesResults } from '../state/selectors.ts';
import { DEFAULT_VIEW, notify, notifyAll, replaceState, setTab, type Tab } from '../state/store.ts';
import { downloadText } from './download.ts';
import { useServices } from './services.ts';

const TAB_LABELS: Record<Tab, string> = {
  explore: 'Explore',
  compare: 'Compare systems',
  models: 'Compare models',
  design: 'System design',
  calibration: 'Calibration',
  about: 'About the model',
};

export function Header() {
  const store = useAppStore();
  const tab = useApp((s) => s.view.tab);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>Parallax</h1>
        <p>Design-space explorer for training large transformers</p>
      </div>
      <nav aria-label="Views" className="tabs">
        {(Object.keys(TAB_LABELS) as Tab[]).map((t) => (
          <button
            key={t}
            type="button"
            aria-current={tab === t ? 'page' : undefined}
            onClick={() => setTab(store, t)}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
      </nav>
      <div className="actions">
        <CopyLink />
        <ExportScenario />
        <ImportScenario />
      </div>
    </header>
  );
}

function CopyLink() {
  const services = useServices();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [link, setLink] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const url = services.shareLink();
    const ok = await services.copy(url);
    setLink(url);
    setState(ok ? 'copied' : 'failed');
    // Each copy is confirmed for the full two seconds.
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setState('idle'), 2000);
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()}>
        {state === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      {state === 'failed' ? (
        <label>
          <span className="visually-hidden">Link to this view</span>
          <input readOnly value={link} onFocus={(e) => e.target.select()} aria-label="Link to this view" />
        </label>
      ) : null}
      <span role="status" className="visually-hidden">
        {state === 'copied' ? 'Link copied to the clipboard' : ''}
      </span>
    </span>
  );
}

function ExportScenario() {
  const store = useAppStore();
  const save = () => {
    const s = store.getState();
    const k = s.view.activeSystem;
    const results = seriesResults(s.results.series[k], selectGpuList(s.inputs));
    const file = scenarioFile(s.inputs, k, results, s.view);
    downloadText('parallax-scenario.json', JSON.stringify(file, null, 2) + '\n', 'application/json');
  };
  return (
    <button
      type="button"
      onClick={save}
      title="The scenario and its results; `npm run cli -- search --input` reads it"
    >
      Export JSON
    </button>
  );
}

function ImportScenario() {
  const store = useAppStore();
  const input = useRef<HTMLInputElement>(null);
  const open = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      notify(
        store,
        'error',
        `${file.name} is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB; a scenario file is far smaller.`,
        'scenario',
      );
      return;
    }
    const result = importScenario(await file.text(), store.getState().inputs);
    if (!result.ok) {
      notify(store, 'error', `${file.name}: ${result.message}`, 'scenario');
      return;
    }
    replaceState(store, result.inputs, result.view ?? { ...DEFAULT_VIEW, tab: store.getState().view.tab });
    notifyAll(store, 'info', [`Opened ${file.name}.`, ...result.messages], 'scenario');
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Open JSON
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        aria-label="Open a scenario file"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
    </>
  );
}
