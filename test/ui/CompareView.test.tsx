// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SYSTEMS, systemEntry, type Inputs } from '../../src/state/inputs.ts';
import { markInvalid } from '../../src/state/store.ts';
import { CompareView } from '../../src/ui/CompareView.tsx';
import {
  bodyRows,
  cells,
  INPUTS,
  renderWithStore,
  resultsFor,
  rowHeader,
  storeWithResults,
} from './harness.tsx';

afterEach(cleanup);

const TWO: Inputs = { ...INPUTS, systems: [systemEntry('A100', 4), systemEntry('H200', 4)] };

const addSelect = () => screen.queryByRole('combobox', { name: /^Add a system/ }) as HTMLSelectElement | null;
const systemItems = () =>
  within(screen.getByRole('region', { name: 'Systems compared' })).getAllByRole('listitem');
const speedupRows = () =>
  bodyRows(within(screen.getByRole('region', { name: 'At 1,024 GPUs' })).getByRole('table'));
const editButtons = () => screen.getAllByRole('button', { name: /^Edit system \d$/ });

describe('CompareView', () => {
  it('lists the compared systems with their presets', () => {
    renderWithStore(<CompareView />, storeWithResults(TWO));
    expect(systemItems()).toHaveLength(2);
    expect((screen.getByRole('combobox', { name: 'System 1 preset' }) as HTMLSelectElement).value).toBe(
      'A100',
    );
    expect((screen.getByRole('combobox', { name: 'System 2 preset' }) as HTMLSelectElement).value).toBe(
      'H200',
    );
    expect(systemItems().map((li) => li.querySelector('.system-label')?.textContent)).toEqual([
      'A100 NVS4',
      'H200 NVS4',
    ]);
  });

  it('marks the results stale while the inputs are invalid', () => {
    const store = storeWithResults(TWO);
    const { container } = renderWithStore(<CompareView />, store);
    const view = container.querySelector('.view');
    expect(view?.hasAttribute('data-stale')).toBe(false);
    expect(screen.queryByTestId('stale-note')).toBeNull();
    act(() => markInvalid(store));
    expect(view?.getAttribute('data-stale')).toBe('true');
    expect(screen.getByTestId('stale-note').textContent).toMatch(/^Fix the highlighted inputs to search\./);
  });

  it('adds systems up to four, then hides the add menu', async () => {
    const { store } = renderWithStore(<CompareView />, storeWithResults(TWO));
    const user = userEvent.setup();
    await user.selectOptions(addSelect()!, 'B200');
    expect(store.getState().inputs.systems.map((s) => s.preset)).toEqual(['A100', 'H200', 'B200']);
    expect(store.getState().view.activeSystem).toBe(2);
    expect(systemItems()).toHaveLength(3);
    // The new system takes the baseline's NVLink domain size.
    expect(store.getState().inputs.systems[2]).toEqual(systemEntry('B200', 4));
    expect(addSelect()?.value).toBe('');
    await user.selectOptions(addSelect()!, 'A100');
    expect(store.getState().inputs.systems).toHaveLength(MAX_SYSTEMS);
    expect(systemItems()).toHaveLength(4);
    expect(addSelect()).toBeNull();
  });

  it('removes a system, and never the last one', async () => {
    const { store } = renderWithStore(<CompareView />, storeWithResults(TWO));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Remove system 2' }));
    expect(store.getState().inputs.systems.map((s) => s.preset)).toEqual(['A100']);
    expect(store.getState().results.series).toHaveLength(1);
    expect(systemItems()).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Remove system 2' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Remove system 1' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('removing the first system makes the second the baseline', async () => {
    const store = storeWithResults(TWO);
    const h200 = store.getState().results.series[1];
    renderWithStore(<CompareView />, store);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove system 1' }));
    expect(store.getState().inputs.systems.map((s) => s.preset)).toEqual(['H200']);
    expect(store.getState().results.series).toEqual([h200]);
    const [row] = speedupRows();
    expect(rowHeader(row!)).toBe('1. H200 NVS4');
    expect(cells(row!)[1]?.textContent).toBe('1×');
  });

  it('chooses the system the System panel edits', async () => {
    const { store } = renderWithStore(<CompareView />, storeWithResults(TWO));
    expect(editButtons().map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
    await userEvent.setup().click(editButtons()[1]!);
    expect(store.getState().view.activeSystem).toBe(1);
    expect(editButtons().map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
  });

  it('switches a system preset from its menu', async () => {
    const { store } = renderWithStore(<CompareView />, storeWithResults(TWO));
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'System 2 preset' }), 'B200');
    expect(store.getState().inputs.systems[1]).toEqual(systemEntry('B200', 4));
  });

  it('tabulates each system at the detailed GPU count, the first as the 1× baseline', () => {
    renderWithStore(<CompareView />, storeWithResults(TWO));
    const rows = speedupRows();
    expect(rows.map((r) => rowHeader(r))).toEqual(['1. A100 NVS4', '2. H200 NVS4']);
    const a = resultsFor(TWO, 0).find((r) => r.gpus === 1024)!.top[0]!;
    const h = resultsFor(TWO, 1).find((r) => r.gpus === 1024)!.top[0]!;
    const text = rows.map((r) => cells(r).map((c) => c.textContent));
    expect(text[0]?.[0]).toBe('15.73');
    expect(text[0]?.[1]).toBe('1×');
    const speedup = Number(text[1]?.[1]?.replace('×', ''));
    expect(speedup).toBeGreaterThan(1);
    // Shown to 3 significant digits.
    expect(Math.abs(speedup / (h.throughput / a.throughput) - 1)).toBeLessThan(5e-3);
  });

  // Removing a system listed before the edited one shifts the index, not the system being edited.
  it('keeps editing the same system when an earlier one is removed', async () => {
    const three: Inputs = { ...TWO, systems: [...TWO.systems, systemEntry('B200', 4)] };
    const { store } = renderWithStore(<CompareView />, storeWithResults(three));
    const user = userEvent.setup();
    await user.click(editButtons()[1]!);
    expect(store.getState().inputs.systems[store.getState().view.activeSystem]?.preset).toBe('H200');
    await user.click(screen.getByRole('button', { name: 'Remove system 1' }));
    expect(store.getState().inputs.systems.map((s) => s.preset)).toEqual(['H200', 'B200']);
    expect(store.getState().inputs.systems[store.getState().view.activeSystem]?.preset).toBe('H200');
    expect(editButtons().map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
  });
});
