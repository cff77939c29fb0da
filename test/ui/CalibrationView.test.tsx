// @vitest-environment happy-dom
// The calibration view shows the engine's generated rows (filtered), and opening a run puts its scenario
// in the explorer: model, system preset, batch, strategy and GPU count.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CALIBRATION_ROWS } from '../../src/presets/calibrationRuns.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { runPreset } from '../../src/state/calibration.ts';
import { searchedGpus } from '../../src/state/inputs.ts';
import { createAppStore, DEFAULT_VIEW, initialState } from '../../src/state/store.ts';
import { CalibrationView } from '../../src/ui/CalibrationView.tsx';
import { bodyRows, renderWithStore } from './harness.tsx';

afterEach(cleanup);

const storeOnTab = () => createAppStore(initialState(undefined, { ...DEFAULT_VIEW, tab: 'calibration' }));

describe('CalibrationView', () => {
  it('lists every mapped run, and filtering by system keeps exactly its runs in table and chart', async () => {
    renderWithStore(<CalibrationView />, storeOnTab());
    const table = screen.getByTestId('calibration-residuals');
    expect(bodyRows(table)).toHaveLength(CALIBRATION_ROWS.runs.length);
    await userEvent.selectOptions(screen.getByLabelText('Filter by system'), 'h100-sxm');
    const h100 = CALIBRATION_ROWS.runs.filter((r) => r.systemId === 'h100-sxm');
    expect(h100.length).toBeGreaterThan(0);
    expect(bodyRows(table)).toHaveLength(h100.length);
    const chart = screen.getByTestId('calibration-chart');
    expect(chart.querySelectorAll('circle[data-testid^="calibration-point-"]')).toHaveLength(h100.length);
    // The residual shown is the generated one, with its sign.
    const first = h100[0]!;
    const cell = within(screen.getByTestId(`calibration-row-${first.id}`)).getByText(/%$/);
    expect(Number(cell.getAttribute('data-value'))).toBe(first.residual);
  });

  it("shows each run's predicted peak memory, beside the published one where there is one", () => {
    renderWithStore(<CalibrationView />, storeOnTab());
    const published = CALIBRATION_ROWS.runs.find((r) => r.peak !== null)!;
    expect(screen.getByTestId(`calibration-memory-${published.id}`).textContent).toBe(
      `${published.mem.toFixed(1)} / ${published.peak!.toFixed(1)}`,
    );
    const unpublished = CALIBRATION_ROWS.runs.find((r) => r.peak === null)!;
    expect(screen.getByTestId(`calibration-memory-${unpublished.id}`).textContent).toBe(
      unpublished.mem.toFixed(1),
    );
  });

  it('lists the runs it cannot represent with their reasons, collapsed', () => {
    renderWithStore(<CalibrationView />, storeOnTab());
    const details = screen.getByText(/runs the engine cannot represent/).closest('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelectorAll('li')).toHaveLength(CALIBRATION_ROWS.unmapped.length);
  });

  it.each([
    CALIBRATION_ROWS.runs.find((r) => r.systemId === 'h100-sxm')!,
    CALIBRATION_ROWS.runs.find((r) => r.systemId === 'h100-96gb-500w')!,
  ])('opens run $id in the explorer with its scenario', async (run) => {
    const store = storeOnTab();
    renderWithStore(<CalibrationView />, store);
    await userEvent.click(screen.getByRole('button', { name: run.id }));
    const { inputs, view } = store.getState();
    expect(view.tab).toBe('explore');
    expect(view.selectedGpus).toBe(run.gpus);
    expect(searchedGpus(inputs)).toContain(run.gpus);
    expect(inputs.model).toEqual(run.spec);
    expect(inputs.globalBatchSize).toBe(run.globalBatchSize);
    expect(inputs.strategy).toBe(run.strategy);
    // The run's training: recomputation as stated (else searched), its ZeRO stage, precision and v.
    expect(inputs.training).toMatchObject({
      recompute: run.recomputeStated ? run.recompute : 'search',
      zero: run.zero,
      precision: run.precision,
      v: run.v,
    });
    const { preset, edits } = runPreset(run.systemId);
    expect(inputs.systems).toHaveLength(1);
    expect(inputs.systems[0]!.preset).toBe(preset);
    expect(inputs.systems[0]!.spec).toEqual({ ...SYSTEM_PRESETS[preset].spec, ...edits });
  });
});
