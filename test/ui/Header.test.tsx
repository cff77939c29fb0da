// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODEL_PRESETS } from '../../src/presets/models.ts';
import { DEFAULT_INPUTS, systemEntry, type Inputs } from '../../src/state/inputs.ts';
import { importScenario, MAX_IMPORT_BYTES, scenarioFile } from '../../src/state/io.ts';
import { createAppStore, DEFAULT_VIEW, initialState, setTab } from '../../src/state/store.ts';
import { Header } from '../../src/ui/Header.tsx';
import {
  captureDownloads,
  fakeServices,
  INPUTS,
  renderWithStore,
  resultsFor,
  storeWithResults,
} from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const LINK = 'https://example.test/parallax/#v=1&m=gpt3-175b';

/** A scenario unlike the default in every field. */
const OTHER: Inputs = {
  model: MODEL_PRESETS['gpt3-175b'].spec,
  globalBatchSize: 2048,
  strategy: '2d',
  flashAttention: false,
  training: { recompute: 'search', zero: 2, precision: 'fp8', optimizerBytes: 16, v: 'search' },
  systems: [systemEntry('H200', 8)],
  gpuMin: 64,
  gpuMax: 256,
  gpuCount: 100,
};

const fileInput = () => screen.getByLabelText('Open a scenario file') as HTMLInputElement;

function chooseFile(file: File) {
  fireEvent.change(fileInput(), { target: { files: [file] } });
}

const jsonFile = (text: string, name = 'scenario.json') =>
  new File([text], name, { type: 'application/json' });

describe('Header', () => {
  it('shows the title and one button per view, the current one marked', () => {
    renderWithStore(<Header />);
    expect(screen.getByRole('heading', { level: 1, name: 'Parallax' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Views' });
    const tabs = within(nav).getAllByRole('button');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Explore',
      'Compare systems',
      'Compare models',
      'System design',
      'Calibration',
      'About the model',
    ]);
    expect(tabs.map((t) => t.getAttribute('aria-current'))).toEqual(['page', null, null, null, null, null]);
  });

  it('switches the view', async () => {
    const { store } = renderWithStore(<Header />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Compare systems' }));
    expect(store.getState().view.tab).toBe('compare');
    expect(screen.getByRole('button', { name: 'Compare systems' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Explore' }).hasAttribute('aria-current')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'About the model' }));
    expect(store.getState().view.tab).toBe('about');
    expect(screen.getByRole('button', { name: 'About the model' }).getAttribute('aria-current')).toBe('page');
  });

  it('follows a view change made elsewhere', () => {
    const { store } = renderWithStore(<Header />);
    act(() => setTab(store, 'about'));
    expect(screen.getByRole('button', { name: 'About the model' }).getAttribute('aria-current')).toBe('page');
  });

  describe('Copy link', () => {
    it('copies the share link and says so', async () => {
      const services = fakeServices({ shareLink: vi.fn(() => LINK) });
      renderWithStore(<Header />, createAppStore(), services);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Copy link' }));
      expect(services.shareLink).toHaveBeenCalledTimes(1);
      expect(services.copy).toHaveBeenCalledWith(LINK);
      expect(await screen.findByRole('button', { name: 'Link copied' })).toBeTruthy();
      expect(screen.getByText('Link copied to the clipboard')).toBeTruthy();
      expect(screen.queryByRole('textbox', { name: 'Link to this view' })).toBeNull();
    });

    it('goes back to "Copy link" after two seconds', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      renderWithStore(<Header />);
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await act(async () => {});
      expect(screen.getByRole('button', { name: 'Link copied' })).toBeTruthy();
      act(() => vi.advanceTimersByTime(1999));
      expect(screen.getByRole('button', { name: 'Link copied' })).toBeTruthy();
      act(() => vi.advanceTimersByTime(1));
      expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();
    });

    // A second copy restarts the confirmation rather than inheriting what is left of the first.
    it('confirms a second copy for the full two seconds', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      renderWithStore(<Header />);
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await act(async () => {});
      act(() => vi.advanceTimersByTime(1500));
      fireEvent.click(screen.getByRole('button', { name: 'Link copied' }));
      await act(async () => {});
      act(() => vi.advanceTimersByTime(1000));
      expect(screen.getByRole('button', { name: 'Link copied' })).toBeTruthy();
    });

    it('shows the link in a read-only field when the clipboard refuses', async () => {
      const services = fakeServices({ shareLink: () => LINK, copy: vi.fn(async () => false) });
      renderWithStore(<Header />, createAppStore(), services);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Copy link' }));
      const field = (await screen.findByRole('textbox', { name: 'Link to this view' })) as HTMLInputElement;
      expect(field.value).toBe(LINK);
      expect(field.readOnly).toBe(true);
      expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();
      expect(screen.queryByText('Link copied to the clipboard')).toBeNull();
    });
  });

  describe('Open JSON', () => {
    it('opens the file chooser', async () => {
      renderWithStore(<Header />);
      const onClick = vi.fn();
      fileInput().addEventListener('click', onClick);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Open JSON' }));
      expect(onClick).toHaveBeenCalledTimes(1);
      expect(fileInput().type).toBe('file');
      expect(fileInput().accept).toContain('.json');
    });

    it('replaces the inputs and the view with those of an exported scenario', async () => {
      const store = storeWithResults(INPUTS, { tab: 'compare', selectedGpus: 512 });
      renderWithStore(<Header />, store);
      const view = { ...DEFAULT_VIEW, selectedGpus: 128, breakdown: 'fraction' as const };
      const text = JSON.stringify(scenarioFile(OTHER, 0, resultsFor(INPUTS), view));
      chooseFile(jsonFile(text));
      await waitFor(() => expect(store.getState().inputs).toEqual(OTHER));
      expect(store.getState().view).toEqual(view);
      expect(store.getState().notices.map((n) => [n.level, n.text])).toEqual([
        ['info', 'Opened scenario.json.'],
      ]);
      // The input is cleared so the same file can be chosen again.
      expect(fileInput().value).toBe('');
    });

    it('resets the view, keeping the tab, for a file without explorer settings', async () => {
      const store = storeWithResults(INPUTS, { tab: 'compare', selectedGpus: 512 });
      renderWithStore(<Header />, store);
      const { explorer: _, ...cliForm } = scenarioFile(OTHER, 0, []);
      chooseFile(jsonFile(JSON.stringify(cliForm)));
      await waitFor(() => expect(store.getState().inputs).toEqual(OTHER));
      expect(store.getState().view).toEqual({ ...DEFAULT_VIEW, tab: 'compare' });
    });

    it('replaces the message of the file opened before', async () => {
      const store = createAppStore(initialState(INPUTS));
      renderWithStore(<Header />, store);
      chooseFile(jsonFile(JSON.stringify(scenarioFile(OTHER, 0, [])), 'good.json'));
      await waitFor(() => expect(store.getState().inputs).toEqual(OTHER));
      expect(store.getState().notices.map((n) => n.text)).toEqual(['Opened good.json.']);
      chooseFile(jsonFile('{ not json', 'broken.json'));
      await waitFor(() => expect(store.getState().notices[0]?.level).toBe('error'));
      expect(store.getState().notices.map((n) => n.text)).toEqual([
        expect.stringMatching(/^broken\.json: The file is not valid JSON/),
      ]);
    });

    it('reports a file that is not JSON and keeps the inputs', async () => {
      const store = createAppStore(initialState(INPUTS));
      renderWithStore(<Header />, store);
      chooseFile(jsonFile('{ not json', 'broken.json'));
      await waitFor(() => expect(store.getState().notices).toHaveLength(1));
      const [notice] = store.getState().notices;
      expect(notice?.level).toBe('error');
      expect(notice?.text).toMatch(/^broken\.json: The file is not valid JSON/);
      expect(store.getState().inputs).toBe(INPUTS);
    });

    it('reports JSON that is not a scenario', async () => {
      const store = createAppStore(initialState(INPUTS));
      renderWithStore(<Header />, store);
      chooseFile(jsonFile(JSON.stringify({ model: { l: 'long' } }), 'other.json'));
      await waitFor(() => expect(store.getState().notices).toHaveLength(1));
      expect(store.getState().notices[0]?.text).toMatch(/^other\.json: The file is not a scenario: /);
      expect(store.getState().inputs).toBe(INPUTS);
    });

    it('refuses a file over the size limit without reading it', async () => {
      const store = createAppStore(initialState(INPUTS));
      renderWithStore(<Header />, store);
      const file = jsonFile(JSON.stringify(scenarioFile(OTHER, 0, [])), 'huge.json');
      Object.defineProperty(file, 'size', { value: MAX_IMPORT_BYTES + 1 });
      const read = vi.spyOn(file, 'text');
      chooseFile(file);
      await waitFor(() => expect(store.getState().notices).toHaveLength(1));
      expect(store.getState().notices[0]).toMatchObject({
        level: 'error',
        text: 'huge.json is over 2 MB; a scenario file is far smaller.',
      });
      expect(read).not.toHaveBeenCalled();
      expect(store.getState().inputs).toBe(INPUTS);
    });
  });

  describe('Export JSON', () => {
    it('downloads a scenario file that reads back as the same inputs, with the results shown', async () => {
      const downloads = captureDownloads();
      const store = storeWithResults();
      renderWithStore(<Header />, store);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Export JSON' }));
      expect(downloads.map((d) => [d.filename, d.type])).toEqual([
        ['parallax-scenario.json', 'application/json'],
      ]);
      const text = await downloads[0]!.text();
      const back = importScenario(text, DEFAULT_INPUTS);
      expect(back).toEqual({ ok: true, inputs: INPUTS, view: store.getState().view, messages: [] });
      const file = JSON.parse(text) as { results: { gpus: number; top: unknown[] }[] };
      expect(file.results.map((r) => [r.gpus, r.top.length])).toEqual([
        [512, 10],
        [1024, 10],
      ]);
    });

    it('exports the system being edited for the CLI, and every system for the explorer', async () => {
      const downloads = captureDownloads();
      const inputs: Inputs = { ...INPUTS, systems: [systemEntry('A100', 4), systemEntry('H200', 4)] };
      const store = createAppStore(initialState(inputs, { ...DEFAULT_VIEW, activeSystem: 1 }));
      renderWithStore(<Header />, store);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Export JSON' }));
      const text = await downloads[0]!.text();
      expect((JSON.parse(text) as { system: unknown }).system).toEqual(systemEntry('H200', 4).spec);
      const back = importScenario(text);
      expect(back.ok && back.inputs.systems).toEqual(inputs.systems);
      expect(back.ok && back.view?.activeSystem).toBe(1);
    });

    it('keeps the selected GPU count', async () => {
      const downloads = captureDownloads();
      const store = storeWithResults(INPUTS, { selectedGpus: 512 });
      renderWithStore(<Header />, store);
      await userEvent.setup().click(screen.getByRole('button', { name: 'Export JSON' }));
      const back = importScenario(await downloads[0]!.text());
      expect(back.ok && back.view?.selectedGpus).toBe(512);
    });
  });
});
