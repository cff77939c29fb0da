// @vitest-environment happy-dom
// The system panel's Efficiency group: collapsed, it opens on the preset's calibrated values; an edit is
// the system's own and in the link, the preset's calibration is not written, and restore takes it back.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { DEFAULT_INPUTS, systemEntry } from '../../src/state/inputs.ts';
import { createAppStore, DEFAULT_VIEW, initialState } from '../../src/state/store.ts';
import { decodeState, encodeState } from '../../src/url/codec.ts';
import { SystemPanel } from '../../src/ui/SystemPanel.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

const h100 = () =>
  createAppStore(initialState({ ...DEFAULT_INPUTS, systems: [systemEntry('h100-sxm')] }, DEFAULT_VIEW));

describe('Efficiency group', () => {
  it("is collapsed, and opens on the preset's calibrated values with units and meanings", async () => {
    renderWithStore(<SystemPanel />, h100());
    const toggle = screen.getByRole('button', { name: /^Efficiency \(calibrated\)/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Efficiency' })).toBeNull();
    await userEvent.click(toggle);
    const matmul = screen.getByRole('spinbutton', { name: /^Matmul efficiency/ });
    expect(Number((matmul as HTMLInputElement).value)).toBeCloseTo(
      SYSTEM_PRESETS['h100-sxm'].spec.efficiency!.matmul!,
      2,
    );
    expect(screen.getByRole('spinbutton', { name: 'Framework memory (GB)' })).toBeTruthy();
    expect(screen.getByText(/Fraction of data-parallel and ZeRO\/FSDP traffic hidden/)).toBeTruthy();
  });

  it('writes an edit into the system and its link, and restore brings the preset back', async () => {
    const store = h100();
    renderWithStore(<SystemPanel />, store);
    const before = encodeState(store.getState().inputs, store.getState().view);
    expect(before).not.toMatch(/_x[a-z]+\d/);
    await userEvent.click(screen.getByRole('button', { name: /^Efficiency/ }));
    const box = screen.getByRole('spinbutton', { name: /^Data-parallel overlap/ });
    await userEvent.clear(box);
    await userEvent.type(box, '0.5');
    const { inputs, view } = store.getState();
    expect(inputs.systems[0]!.spec.efficiency!.dpOverlap).toBe(0.5);
    // The other calibrated fields stay the preset's.
    expect(inputs.systems[0]!.spec.efficiency!.matmul).toBe(
      SYSTEM_PRESETS['h100-sxm'].spec.efficiency!.matmul,
    );
    const link = encodeState(inputs, view);
    expect(link).toMatch(/h100-sxm_xdp0\.5/);
    expect(decodeState(link).inputs.systems).toEqual(inputs.systems);
    await userEvent.click(screen.getByRole('button', { name: 'Restore h100-sxm efficiency' }));
    expect(store.getState().inputs.systems[0]!.spec).toEqual(SYSTEM_PRESETS['h100-sxm'].spec);
  });
});
