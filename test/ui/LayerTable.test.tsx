// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluate } from '../../src/model/evaluate.ts';
import { createAppStore, setDetail, type AppStore } from '../../src/state/store.ts';
import { configText } from '../../src/ui/describe.ts';
import { LayerTable } from '../../src/ui/LayerTable.tsx';
import {
  bodyRows,
  captureDownloads,
  cells,
  INPUTS,
  renderWithStore,
  resultsFor,
  rowHeader,
} from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The reference's layer order with FlashAttention: MLP, then fused attention, then the step's comms. */
const LAYERS = [
  ['MLP', 'fc1'],
  ['MLP', 'fc1-bias'],
  ['MLP', 'act1'],
  ['MLP', 'dpr1'],
  ['MLP', 'fc2'],
  ['MLP', 'fc2-bias'],
  ['MLP', 'dpr2'],
  ['MLP', 'ln1'],
  ['Attention', 'qkv'],
  ['Attention', 'fusedla'],
  ['Attention', 'vproj'],
  ['Attention', 'vproj-bias'],
  ['Attention', 'dpr_v'],
  ['Attention', 'ln2'],
  ['Step', 'dp_comms'],
  ['Step', 'pp_comms'],
];

function best() {
  const result = resultsFor(INPUTS).find((r) => r.gpus === 1024)!;
  return { config: result.top[0]!.config, evaluation: result.best! };
}

function detailedStore(): AppStore {
  const store = createAppStore();
  const { config, evaluation } = best();
  setDetail(store, { config, evaluation, error: null, pending: false });
  return store;
}

const tableRows = () => bodyRows(screen.getByRole('table'));

describe('LayerTable', () => {
  it('renders nothing before a configuration is detailed', () => {
    const { container } = renderWithStore(<LayerTable />, createAppStore());
    expect(container.innerHTML).toBe('');
  });

  it('lists the layers in the reference order, then the data- and pipeline-parallel rows', () => {
    renderWithStore(<LayerTable />, detailedStore());
    expect(screen.getByRole('heading', { name: 'Per-layer breakdown' })).toBeTruthy();
    expect(screen.getByText(configText(best().config, '1d'))).toBeTruthy();
    const rows = tableRows().map((r) => [cells(r)[0]?.textContent, rowHeader(r)]);
    expect(rows).toEqual(LAYERS);
  });

  it('marks the layers whose forward the backward redoes under full recomputation', () => {
    const store = createAppStore();
    const { config } = best();
    const system = INPUTS.systems[0]!.spec;
    const evaluation = evaluate(
      {
        model: INPUTS.model,
        system,
        strategy: INPUTS.strategy,
        globalBatchSize: INPUTS.globalBatchSize,
        options: { flashAttention: true },
        training: { recompute: 'full', zero: 1, precision: 'bf16' },
      },
      config,
    );
    setDetail(store, { config, evaluation, error: null, pending: false });
    renderWithStore(<LayerTable />, store);
    const names = tableRows().map((r) => rowHeader(r));
    expect(names).toContain('fc1 (recomputed)');
    // The norm keeping the layer's input is not recomputed.
    expect(names).toContain('ln1');
  });

  it('labels each row with what bounds it', () => {
    renderWithStore(<LayerTable />, detailedStore());
    const bounds = tableRows().map((r) => cells(r).at(-1)?.textContent);
    expect(bounds).toHaveLength(LAYERS.length);
    for (const b of bounds) expect(['compute', 'memory', 'communication']).toContain(b);
    // The step's collectives are all communication; the big matrix products are not.
    expect(bounds.at(-2)).toBe('communication');
    expect(bounds[0]).not.toBe('communication');
  });

  it('shows times, FLOPs and collectives with units', () => {
    renderWithStore(<LayerTable />, detailedStore());
    const fc1 = cells(tableRows()[0]!);
    expect(fc1[1]?.textContent).toMatch(/ (GFLOP|TFLOP|PFLOP)$/);
    expect(fc1[3]?.textContent).toMatch(/ (MB|GB)$/);
    expect(fc1[7]?.textContent).toMatch(/ (µs|ms|s)$/);
    const dp = cells(tableRows().at(-2)!);
    expect(`${dp[5]?.textContent} ${dp[6]?.textContent}`).toMatch(/ over \d+ \(\d+ on NVLink\)/);
  });

  it('shows why a configuration cannot run', () => {
    const store = createAppStore();
    setDetail(store, {
      config: best().config,
      evaluation: null,
      error: 'tensor parallel degree (3) must divide heads (160)',
      pending: false,
    });
    renderWithStore(<LayerTable />, store);
    expect(screen.getByRole('alert').textContent).toBe(
      'This configuration cannot run: tensor parallel degree (3) must divide heads (160)',
    );
    expect(screen.queryByRole('table')).toBeNull();
    expect(
      (screen.getByRole('button', { name: 'Download CSV of the per-layer breakdown' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('says when the evaluation is pending', () => {
    const store = createAppStore();
    setDetail(store, { config: best().config, evaluation: null, error: null, pending: true });
    renderWithStore(<LayerTable />, store);
    expect(screen.getByText('Evaluating…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('downloads the rows as CSV', async () => {
    const downloads = captureDownloads();
    renderWithStore(<LayerTable />, detailedStore());
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Download CSV of the per-layer breakdown' }));
    expect(downloads.map((d) => d.filename)).toEqual(['parallax-layers.csv']);
    const lines = (await downloads[0]!.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^block,layer,flops_fwd_tflop,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual(LAYERS);
    for (const l of lines.slice(1)) expect(l).toMatch(/,(compute|memory|communication)$/);
  });
});
