// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bottleneck } from '../../src/charts/rows.ts';
import { DEFAULT_INPUTS } from '../../src/state/inputs.ts';
import { effectiveConfig } from '../../src/state/selectors.ts';
import { createAppStore, selectGpus } from '../../src/state/store.ts';
import { TopTable } from '../../src/ui/TopTable.tsx';
import {
  bodyRows,
  captureDownloads,
  cells,
  INPUTS,
  renderWithStore,
  resultsFor,
  storeWithResults,
} from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const tableRows = () => bodyRows(screen.getByRole('table'));
const top1024 = () => resultsFor(INPUTS).find((r) => r.gpus === 1024)!.top;

describe('TopTable', () => {
  it('renders nothing without results', () => {
    const { container } = renderWithStore(<TopTable />, createAppStore());
    expect(container.innerHTML).toBe('');
  });

  it('lists the ten fastest configurations at the detailed GPU count, fastest first', () => {
    renderWithStore(<TopTable />, storeWithResults());
    expect(screen.getByRole('heading', { name: 'Top 10 configurations at 1,024 GPUs' })).toBeTruthy();
    const rows = tableRows();
    expect(rows).toHaveLength(10);
    const top = top1024();
    rows.forEach((row, i) => {
      const text = cells(row).map((c) => c.textContent);
      expect(text[0]).toBe(String(i + 1));
      expect(text.slice(1, 5)).toEqual(
        [top[i]!.config.dp, top[i]!.config.tp1, top[i]!.config.tp2, top[i]!.config.pp].map(String),
      );
      expect(text[11]).toBe(bottleneck(top[i]!.totals));
    });
    const throughputs = top.map((t) => t.throughput);
    expect(throughputs).toEqual([...throughputs].sort((a, b) => b - a));
    expect(cells(rows[0]!)[8]?.textContent).toBe('15.73');
  });

  it('marks the best configuration selected by default', () => {
    renderWithStore(<TopTable />, storeWithResults());
    const rows = tableRows();
    expect(rows.map((r) => r.getAttribute('aria-selected'))).toEqual([
      'true',
      ...Array<string>(9).fill('false'),
    ]);
    expect(screen.getByRole('button', { name: 'Detail configuration 1' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('selects a configuration in the store and marks its row', async () => {
    const store = storeWithResults();
    renderWithStore(<TopTable />, store);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Detail configuration 3' }));
    const { view } = store.getState();
    expect(view.selectedGpus).toBe(1024);
    expect(view.selectedConfig).toEqual(top1024()[2]!.config);
    expect(effectiveConfig(store.getState())).toEqual(top1024()[2]!.config);
    const rows = tableRows();
    expect(rows.map((r) => r.getAttribute('aria-selected'))).toEqual([
      'false',
      'false',
      'true',
      ...Array<string>(7).fill('false'),
    ]);
    expect(screen.getByRole('button', { name: 'Detail configuration 3' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(screen.getByRole('button', { name: 'Detail configuration 1' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
  });

  it('selects a configuration when its row is clicked', async () => {
    const store = storeWithResults();
    renderWithStore(<TopTable />, store);
    await userEvent.setup().click(cells(tableRows()[4]!)[3]!);
    expect(store.getState().view.selectedConfig).toEqual(top1024()[4]!.config);
    expect(tableRows()[4]?.getAttribute('aria-selected')).toBe('true');
  });

  it('follows the GPU count chosen elsewhere', () => {
    const store = storeWithResults();
    renderWithStore(<TopTable />, store);
    act(() => selectGpus(store, 512));
    expect(screen.getByRole('heading', { name: 'Top 10 configurations at 512 GPUs' })).toBeTruthy();
    expect(cells(tableRows()[0]!)[8]?.textContent).toBe('6.669');
  });

  it('says nothing fits at a GPU count without room, and disables the download', () => {
    const store = storeWithResults({ ...DEFAULT_INPUTS, gpuMin: 256, gpuMax: 512 });
    act(() => selectGpus(store, 256));
    renderWithStore(<TopTable />, store);
    expect(screen.getByText('Nothing fits in HBM at this GPU count.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(
      (screen.getByRole('button', { name: 'Download CSV of the top configurations' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('gives expert parallelism and virtual stages columns only when a configuration uses them', async () => {
    const store = storeWithResults(INPUTS, {}, (r) => ({
      ...r,
      top: r.top.map((t, i) => (i === 1 ? { ...t, config: { ...t.config, ep: 2, v: 4 } } : t)),
    }));
    const downloads = captureDownloads();
    renderWithStore(<TopTable />, store);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(0, 10)).toEqual([
      '#',
      'dp',
      'tp1',
      'tp2',
      'pp',
      'Micro-batch',
      'nb',
      'ep',
      'v',
      'NVLink placement',
    ]);
    const rows = tableRows();
    expect(
      cells(rows[0]!)
        .slice(7, 9)
        .map((c) => c.textContent),
    ).toEqual(['1', '1']);
    expect(
      cells(rows[1]!)
        .slice(7, 9)
        .map((c) => c.textContent),
    ).toEqual(['2', '4']);
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Download CSV of the top configurations' }));
    const lines = (await downloads[0]!.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rank,dp,tp1,tp2,pp,mbs,nb,nv_tp1,nv_tp2,nv_dp,nv_pp,ep,v,throughput/);
    expect(lines[2]!.split(',').slice(11, 13)).toEqual(['2', '4']);
  });

  it('downloads the table as CSV: a header and ten rows', async () => {
    const downloads = captureDownloads();
    renderWithStore(<TopTable />, storeWithResults());
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Download CSV of the top configurations' }));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
    expect(downloads).toHaveLength(1);
    const file = downloads[0]!;
    expect(file.filename).toBe('parallax-top-1024-gpus.csv');
    expect(file.type).toBe('text/csv');
    const lines = (await file.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(
      'rank,dp,tp1,tp2,pp,mbs,nb,nv_tp1,nv_tp2,nv_dp,nv_pp,throughput_samples_per_s,mem_gb,step_s,bottleneck,' +
        'tokens_per_s_per_gpu,mfu,time_to_train_s,gpu_hours,cost,energy_mwh',
    );
    const top = top1024();
    lines.slice(1).forEach((line, i) => {
      const f = line.split(',');
      expect(f).toHaveLength(21);
      const c = top[i]!.config;
      expect(f.slice(0, 5)).toEqual([i + 1, c.dp, c.tp1, c.tp2, c.pp].map(String));
      // numberText keeps 6 significant digits.
      expect(Math.abs(Number(f[11]) / top[i]!.throughput - 1)).toBeLessThan(1e-5);
      expect(Math.abs(Number(f[13]) / top[i]!.totals.t - 1)).toBeLessThan(1e-5);
      expect(f[14]).toBe(bottleneck(top[i]!.totals));
      // The default 1 T tokens at $2 per GPU-hour; A100 states no power, so no energy.
      const seconds = 1e12 / (top[i]!.throughput * 2048);
      expect(Math.abs(Number(f[17]) / seconds - 1)).toBeLessThan(1e-5);
      expect(Math.abs(Number(f[19]) / ((2 * 1024 * seconds) / 3600) - 1)).toBeLessThan(1e-5);
      expect(f[20]).toBe('');
    });
  });
});
