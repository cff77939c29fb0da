// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParallelConfig } from '../../../src/model/spec.ts';
import { PAPER_FIGURES, figureById } from '../../../src/presets/figures.ts';
import { MODEL_PRESETS } from '../../../src/presets/models.ts';
import type { DesignMap } from '../../../src/search/designMap.ts';
import {
  EMPTY_DESIGN,
  type Best,
  type DesignState,
  type SensitivityResult,
  type SweepResult,
} from '../../../src/state/design.ts';
import { DEFAULT_INPUTS, type Inputs } from '../../../src/state/inputs.ts';
import {
  DEFAULT_VIEW,
  createAppStore,
  initialState,
  setDesign,
  setFigure,
  type AppStore,
  type ViewState,
} from '../../../src/state/store.ts';
import { DesignView } from '../../../src/ui/design/DesignView.tsx';
import { FigureCaption } from '../../../src/ui/design/FigureCaption.tsx';
import { fakeServices, renderWithStore } from '../harness.tsx';

vi.mock('html-to-image', () => ({ toPng: vi.fn(async () => 'data:image/png;base64,AAAA') }));

afterEach(cleanup);

const INPUTS: Inputs = { ...DEFAULT_INPUTS, gpuMin: 256, gpuMax: 1024 };

const config = (c: Partial<ParallelConfig> = {}): ParallelConfig => ({
  dp: 1,
  tp1: 1,
  tp2: 1,
  pp: 1,
  mbs: 1,
  nb: null,
  nvTp1: 1,
  nvTp2: 1,
  nvDp: 1,
  nvPp: 1,
  ...c,
});
const best = (throughput: number, c: Partial<ParallelConfig> = {}): Best => ({
  throughput,
  mem: 60,
  config: config(c),
});

/** 3 bandwidths × 2 capacities at 1024 GPUs around a baseline of 10 samples/s. */
const SWEEP: SweepResult = {
  kind: 'cap-bw',
  title: 'HBM capacity × HBM bandwidth',
  x: { label: 'HBM bandwidth (GB/s)', field: 'hbm_bandwidth', values: [500, 1500, 4500] },
  y: { label: 'HBM capacity (GB)', field: 'hbm_capacity', values: [80, 240] },
  gpus: 1024,
  cells: [null, best(10), best(12), undefined, best(15), best(18, { dp: 8, tp1: 8, pp: 16 })],
  baseline: [best(10), best(10), best(10)],
};

const SENSITIVITY: SensitivityResult = {
  gpus: [256, 512, 1024],
  baseline: [null, best(5), best(10)],
  rows: [
    { field: 'matrix_flops_fp16', label: 'Matrix rate', factor: 1.1, best: [null, best(5.2), best(10.5)] },
    { field: 'matrix_flops_fp16', label: 'Matrix rate', factor: 2, best: [null, best(7), best(15)] },
    { field: 'hbm_capacity', label: 'HBM capacity', factor: 1.1, best: [null, best(5.1), best(10.8)] },
    { field: 'hbm_capacity', label: 'HBM capacity', factor: 2, best: [best(2), best(6), best(12)] },
    { field: 'ib_latency', label: 'InfiniBand latency', factor: 1.1, best: [null, best(5), undefined] },
    { field: 'ib_latency', label: 'InfiniBand latency', factor: 2, best: [null, best(5), best(10)] },
    { field: 'nvlink_size', label: 'NVLink domain size', factor: 2, best: [null, best(5.5), best(11.3)] },
  ],
};

const MAP: DesignMap = {
  gpus: 1024,
  axes: ['tp', 'pp'],
  a: [4, 8],
  b: [16, 32, 64],
  cells: [
    { a: 4, b: 16, candidates: 20, best: null },
    {
      a: 4,
      b: 32,
      candidates: 20,
      best: { throughput: 8, mem: 70, config: config({ tp1: 4, pp: 32, dp: 8 }) },
    },
    {
      a: 8,
      b: 16,
      candidates: 10,
      best: { throughput: 6, mem: 75, config: config({ tp1: 8, pp: 16, dp: 8 }) },
    },
    {
      a: 8,
      b: 64,
      candidates: 5,
      best: { throughput: 10, mem: 50, config: config({ tp1: 8, pp: 64, dp: 2 }) },
    },
  ],
};

function designStore(view: Partial<ViewState> = {}, design: Partial<DesignState> = {}): AppStore {
  const store = createAppStore(initialState(INPUTS, { ...DEFAULT_VIEW, tab: 'design', ...view }));
  setDesign(store, () => ({ ...EMPTY_DESIGN, key: 'k', status: 'done', ...design }));
  return store;
}

const statusCount = (root: ParentNode, status: string) =>
  root.querySelectorAll(`rect[data-status="${status}"]`).length;
const modeButton = (name: string) =>
  within(screen.getByRole('group', { name: 'Design view' })).getByRole('button', { name });
const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;

describe('DesignView: controls', () => {
  it('switches between the four views with pressed buttons', async () => {
    const { store } = renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const user = userEvent.setup();
    expect(modeButton('Hardware sweep').getAttribute('aria-pressed')).toBe('true');
    expect(modeButton('Sensitivity').getAttribute('aria-pressed')).toBe('false');
    await user.click(modeButton('Sensitivity'));
    expect(store.getState().view.designMode).toBe('sensitivity');
    expect(modeButton('Sensitivity').getAttribute('aria-pressed')).toBe('true');
    await user.click(modeButton('Design-space map'));
    expect(store.getState().view.designMode).toBe('map');
    await user.click(modeButton('Paper figures'));
    expect(store.getState().view.designMode).toBe('figures');
    expect(screen.queryByRole('combobox', { name: 'GPU count studied' })).toBeNull();
  });

  it('studies the GPU count nearest 1024 by default and selects another', async () => {
    const { store } = renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const gpus = select('GPU count studied');
    expect([...gpus.options].map((o) => o.textContent)).toEqual(['256', '512', '1,024']);
    expect(gpus.value).toBe('1024');
    await userEvent.setup().selectOptions(gpus, '512');
    expect(store.getState().view.selectedGpus).toBe(512);
    expect(select('GPU count studied').value).toBe('512');
  });

  it('chooses the sweep and its grid', async () => {
    const { store } = renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const user = userEvent.setup();
    expect([...select('Sweep').options].map((o) => o.textContent)).toEqual([
      'HBM capacity × bandwidth',
      'Matrix TFLOP/s × HBM capacity (GPU generations)',
      'NVLink × InfiniBand bandwidth',
      'NVLink domain size × GPU count',
    ]);
    await user.selectOptions(select('Sweep'), 'nvlink-ib');
    expect(store.getState().view.sweepKind).toBe('nvlink-ib');
    await user.selectOptions(select('Grid'), 'paper');
    expect(store.getState().view).toMatchObject({ sweepKind: 'nvlink-ib', sweepResolution: 'paper' });
  });

  it('shows progress while running, and errors as alerts', () => {
    renderWithStore(
      <DesignView />,
      designStore(
        {},
        {
          status: 'running',
          done: 1200,
          total: 4800,
          sweep: SWEEP,
          error: 'The search at 1024 GPUs failed: boom',
        },
      ),
    );
    const progress = screen.getByTestId('design-progress');
    expect(progress.textContent).toContain('Searched 1,200 of 4,800 candidates');
    expect(progress.textContent).toContain('8 of 9 searches done');
    expect(screen.getByRole('alert').textContent).toBe('The search at 1024 GPUs failed: boom');
  });

  it('hides the progress line once done', () => {
    renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    expect(screen.queryByTestId('design-progress')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('DesignView: hardware sweep', () => {
  it('draws the sweep relative to the edited system, with the baseline outlined and the best named', () => {
    renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const map = screen.getByTestId('sweep-heatmap');
    expect(statusCount(map, 'ok')).toBe(4);
    expect(statusCount(map, 'pending')).toBe(1);
    expect(statusCount(map, 'no-fit')).toBe(1);
    expect(
      within(map).getByRole('figure', { name: 'HBM capacity × HBM bandwidth at 1,024 GPUs' }),
    ).toBeTruthy();
    expect(map.querySelector('figcaption')!.textContent).toMatch(/relative to A100 NVS4 itself/);
    expect(screen.getByText(/the system being edited/).textContent).toContain('A100 NVS4');
    // A100 (1,555 GB/s, 80 GB) is closest to the 1,500 GB/s, 80 GB cell.
    expect(map.querySelectorAll('.heatmap-outline')).toHaveLength(1);
    // The best is 1.8×: the colour scale spans 0.5× to 2×.
    expect([...map.querySelectorAll('.heatmap-legend-tick text')].map((t) => t.textContent)).toEqual([
      '0.5×',
      '0.75×',
      '1×',
      '1.5×',
      '2×',
    ]);
    expect(map.querySelector('figcaption')!.textContent).toMatch(/log colour scale from 0.5× to 2×/);
    expect(screen.getByTestId('sweep-best').textContent).toBe(
      'Best: 1.8× at HBM capacity 240 GB, HBM bandwidth 4,500 GB/s (18 samples/s).',
    );
  });

  it('describes a clicked cell', () => {
    renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const rects = screen.getByTestId('sweep-heatmap').querySelectorAll('rect[data-status]');
    fireEvent.click(rects[5]!);
    expect(screen.getByText(/^Selected cell:/).textContent).toMatch(
      /HBM capacity 240 GB, HBM bandwidth 4,500 GB\/s: 1.8× \(18 samples\/s\), DP 8 × TP 8 × PP 16/,
    );
  });

  it('fills in as results stream', async () => {
    const { store } = renderWithStore(
      <DesignView />,
      designStore({}, { status: 'running', sweep: { ...SWEEP, cells: SWEEP.cells.map(() => undefined) } }),
    );
    expect(statusCount(screen.getByTestId('sweep-heatmap'), 'pending')).toBe(6);
    await act(async () => setDesign(store, (d) => ({ ...d, status: 'done', sweep: SWEEP })));
    // The heatmap draws from a deferred value: it may follow a render later.
    await waitFor(() => expect(statusCount(screen.getByTestId('sweep-heatmap'), 'pending')).toBe(1));
  });

  it('dims results of earlier inputs while the current ones cannot run, and not otherwise', async () => {
    const { store, container } = renderWithStore(<DesignView />, designStore({}, { sweep: SWEEP }));
    const root = container.querySelector('.design-view') as HTMLElement;
    expect(root.dataset.stale).toBeUndefined();
    await act(async () =>
      store.setState((s) => ({
        inputs: {
          ...s.inputs,
          systems: [{ ...s.inputs.systems[0]!, spec: { ...s.inputs.systems[0]!.spec, hbm_capacity: 0 } }],
        },
      })),
    );
    expect(root.dataset.stale).toBe('true');
    expect(screen.getByText(/The results shown are from before the last change/)).toBeTruthy();
  });

  it('says so when nothing has been computed', () => {
    renderWithStore(<DesignView />, designStore({}, { status: 'idle', key: '' }));
    expect(screen.getByText('No sweep computed yet.')).toBeTruthy();
  });
});

describe('DesignView: sensitivity', () => {
  it('ranks what to buy at the studied GPU count in charts and a table', () => {
    renderWithStore(<DesignView />, designStore({ designMode: 'sensitivity' }, { sensitivity: SENSITIVITY }));
    expect(screen.getByRole('figure', { name: 'What to buy next at 1,024 GPUs' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'How the answer changes with scale' })).toBeTruthy();
    const table = screen.getByRole('table');
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ['HBM capacity', '1.08×', '1.2×'],
      ['Matrix rate', '1.05×', '1.5×'],
      ['InfiniBand latency', 'searching…', '1×'],
      ['NVLink domain size', 'not studied', '1.13×'],
    ]);
  });

  it('follows the GPU count studied', () => {
    renderWithStore(
      <DesignView />,
      designStore({ designMode: 'sensitivity', selectedGpus: 256 }, { sensitivity: SENSITIVITY }),
    );
    expect(screen.getByRole('heading', { name: 'Speed-ups at 256 GPUs' })).toBeTruthy();
    const first = screen.getByRole('table').querySelector('tbody tr')!;
    expect([...first.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'HBM capacity',
      'nothing fits',
      'fits only with it',
    ]);
  });
});

describe('DesignView: design-space map', () => {
  it('draws the best of each tp × pp pair relative to the best, outlined, with no-fit cells', () => {
    renderWithStore(<DesignView />, designStore({ designMode: 'map' }, { map: MAP }));
    const map = screen.getByTestId('map-heatmap');
    expect(statusCount(map, 'ok')).toBe(3);
    expect(statusCount(map, 'no-fit')).toBe(1);
    expect(map.querySelector('figcaption')!.textContent).toMatch(
      /^Best throughput for each pair of tensor- and pipeline-parallel degrees \(tp, pp\) at 1,024 GPUs with everything else optimised.*hatched cells have candidates but none fits in HBM.*the landscape is not convex\.$/,
    );
    expect(map.querySelector('.heatmap-x-title')!.textContent).toBe('Tensor-parallel degree tp (GPUs)');
    expect(map.querySelector('.heatmap-y-title')!.textContent).toBe('Pipeline-parallel degree pp (stages)');
    expect(map.querySelector('.heatmap-outline')).not.toBeNull();
    expect([...map.querySelectorAll('.heatmap-legend-item text')].map((t) => t.textContent)).toEqual([
      'does not fit',
      'best',
    ]);
    expect(screen.getByTestId('map-best').textContent).toBe(
      'Best: tp 8 × pp 64 at 10 samples/s (DP 2 × TP 8 × PP 64, micro-batch 1).',
    );
  });

  it('waits for the map while it is computed', () => {
    renderWithStore(<DesignView />, designStore({ designMode: 'map' }, { status: 'running' }));
    expect(screen.getByText('Computing the design-space map…')).toBeTruthy();
    expect(screen.getByTestId('design-progress').textContent).toContain('Searching…');
  });
});

describe('DesignView: paper figures', () => {
  it('lists every figure grouped by model, and opens one', async () => {
    const { store } = renderWithStore(<DesignView />, designStore({ designMode: 'figures' }));
    expect(screen.getByRole('heading', { name: MODEL_PRESETS['gpt3-1t'].label })).toBeTruthy();
    expect(screen.getByRole('heading', { name: MODEL_PRESETS['vit-era5'].label })).toBeTruthy();
    // Each button says which figure it opens: 34 buttons all named "Open" tell a screen reader nothing.
    const opens = screen.getAllByRole('button', { name: /^Open / });
    expect(opens).toHaveLength(PAPER_FIGURES.length);
    // getByRole throws unless exactly one button has the name.
    const named = PAPER_FIGURES.map((f) => screen.getByRole('button', { name: `Open ${f.title}` }));
    expect(new Set(named).size).toBe(PAPER_FIGURES.length);
    const fig = figureById('sweep-cap-bw-gpt3-1t')!;
    const item = screen.getByRole('heading', { name: fig.title }).closest('li')!;
    await userEvent.setup().click(within(item).getByRole('button', { name: `Open ${fig.title}` }));
    const s = store.getState();
    expect(s.view).toMatchObject({
      figure: fig.id,
      tab: 'design',
      designMode: 'sweep',
      sweepKind: 'cap-bw',
      sweepResolution: 'paper',
      selectedGpus: 2048,
    });
    expect(s.inputs.systems.map((x) => x.preset)).toEqual(['B200']);
    expect(s.inputs.model).toEqual(MODEL_PRESETS['gpt3-1t'].spec);
    expect(s.notices).toEqual([]);
  });

  it('opens a comparison figure on the compare tab', async () => {
    const { store } = renderWithStore(<DesignView />, designStore({ designMode: 'figures' }));
    const fig = figureById('generations-vit-era5-2d-seqp')!;
    const item = screen.getByRole('heading', { name: fig.title }).closest('li')!;
    await userEvent.setup().click(within(item).getByRole('button', { name: `Open ${fig.title}` }));
    expect(store.getState().view).toMatchObject({ figure: fig.id, tab: 'compare' });
    expect(store.getState().inputs.strategy).toBe('2d-seqp');
    expect(store.getState().inputs.systems.map((x) => x.preset)).toEqual(['A100', 'H200', 'B200']);
  });
});

describe('FigureCaption', () => {
  it('shows the open figure’s title and caption until closed', async () => {
    const fig = PAPER_FIGURES[0]!;
    const { store } = renderWithStore(<FigureCaption />, designStore({ figure: fig.id }));
    const note = screen.getByTestId('figure-caption');
    expect(note.getAttribute('role')).toBe('note');
    expect(note.textContent).toContain(`Paper figure: ${fig.title}`);
    expect(note.textContent).toContain(fig.caption);
    await userEvent.setup().click(within(note).getByRole('button', { name: 'Close' }));
    expect(store.getState().view.figure).toBeNull();
    expect(screen.queryByTestId('figure-caption')).toBeNull();
  });

  it('shows nothing without a figure', () => {
    renderWithStore(<FigureCaption />, designStore());
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('scrolls the caption into sight when a figure opens, as it is opened from the bottom of a list', () => {
    const scrolled: Element[] = [];
    const spy = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const { store } = renderWithStore(<FigureCaption />, designStore());
    expect(spy).not.toHaveBeenCalled();
    act(() => setFigure(store, PAPER_FIGURES[1]!.id));
    expect(scrolled).toEqual([screen.getByTestId('figure-caption')]);
    expect(spy).toHaveBeenLastCalledWith({ block: 'nearest' });
  });
});

describe('design searches can be stopped and resumed', () => {
  it('Stop while running, Resume once stopped', async () => {
    const services = fakeServices();
    const store = createAppStore(initialState(DEFAULT_INPUTS, { ...DEFAULT_VIEW, tab: 'design' }));
    setDesign(store, () => ({ ...EMPTY_DESIGN, key: 'k', status: 'running', done: 10, total: 100 }));
    renderWithStore(<DesignView />, store, services);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Stop' }));
    expect(services.cancelDesign).toHaveBeenCalledTimes(1);
    setDesign(store, (d) => ({ ...d, status: 'cancelled' }));
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Resume' }));
    expect(services.resumeDesign).toHaveBeenCalledTimes(1);
  });
});
