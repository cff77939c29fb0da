// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import { DEFAULT_INPUTS, systemEntry } from '../../src/state/inputs.ts';
import { createAppStore, DEFAULT_VIEW, initialState } from '../../src/state/store.ts';
import { SystemPanel } from '../../src/ui/SystemPanel.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

const presetSelect = () => screen.getByRole('combobox', { name: /^System preset/ }) as HTMLSelectElement;
const number = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;
const slider = (name: string) => screen.getByRole('slider', { name }) as HTMLInputElement;

async function typeInto(input: HTMLInputElement, text: string) {
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, text);
}

describe('SystemPanel', () => {
  it('shows the A100 figures with a control per figure', () => {
    renderWithStore(<SystemPanel />);
    expect(screen.getByRole('heading', { name: 'System' })).toBeTruthy();
    expect(presetSelect().value).toBe('A100');
    expect(screen.getAllByRole('slider')).toHaveLength(14);
    expect(number('HBM capacity (GB)').value).toBe('80');
    expect(number('HBM bandwidth (GB/s)').value).toBe('1555');
    expect(number('NVLink domain size (GPUs)').value).toBe('4');
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
  });

  it("switches figures with the preset, the preset's own NVLink domain size included", async () => {
    const { store } = renderWithStore(<SystemPanel />);
    await userEvent.setup().selectOptions(presetSelect(), 'H200');
    const system = store.getState().inputs.systems[0];
    expect(system?.preset).toBe('H200');
    expect(system?.spec).toEqual(SYSTEM_PRESETS.H200.spec);
    expect(number('HBM capacity (GB)').value).toBe(String(SYSTEM_PRESETS.H200.spec.hbm_capacity));
    expect(number('NVLink domain size (GPUs)').value).toBe('64');
    await userEvent.setup().selectOptions(presetSelect(), 'gb200-nvl72');
    expect(store.getState().inputs.systems[0]?.spec).toEqual(SYSTEM_PRESETS['gb200-nvl72'].spec);
    expect(number('NVLink domain size (GPUs)').value).toBe('72');
    expect(number('FP8 matrix rate, dense (TFLOP/s)').value).toBe('5000');
    expect(number('Power per GPU (W)').value).toBe('1200');
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
  });

  it('leaves the FP8 rate and power of a paper preset empty, says what that means, and takes a typed value', async () => {
    const { store } = renderWithStore(<SystemPanel />);
    expect(number('FP8 matrix rate, dense (TFLOP/s)').value).toBe('');
    expect(number('Power per GPU (W)').value).toBe('');
    expect(screen.getByText(/Not set: no energy estimate/)).toBeTruthy();
    expect(screen.getByText(/Not set: no FP8 tensor cores/)).toBeTruthy();
    await typeInto(number('Power per GPU (W)'), '400');
    expect(store.getState().inputs.systems[0]?.spec.gpu_power).toBe(400);
    expect(screen.queryByText(/Not set: no energy estimate/)).toBeNull();
    expect(screen.getByText(/Edited from the A100 preset/)).toBeTruthy();
    await typeInto(number('FP8 matrix rate, dense (TFLOP/s)'), '0');
    expect(screen.getByRole('alert').textContent).toMatch(/greater than 0/);
  });

  it('marks an edited system and restores its preset figures', async () => {
    const { store } = renderWithStore(<SystemPanel />);
    await typeInto(number('HBM capacity (GB)'), '120');
    expect(store.getState().inputs.systems[0]?.spec.hbm_capacity).toBe(120);
    expect(screen.getByText(/Edited from the A100 preset/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Restore A100 figures' }));
    expect(store.getState().inputs.systems[0]).toEqual(systemEntry('A100', 4));
    expect(number('HBM capacity (GB)').value).toBe('80');
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
  });

  it('keeps the NVLink domain size on restore', async () => {
    const { store } = renderWithStore(<SystemPanel />);
    fireEvent.change(slider('NVLink domain size (GPUs)'), { target: { value: '3' } });
    expect(store.getState().inputs.systems[0]?.spec.nvlink_size).toBe(8);
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
    await typeInto(number('Matrix (tensor-core) rate (TFLOP/s)'), '400');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Restore A100 figures' }));
    expect(store.getState().inputs.systems[0]).toEqual(systemEntry('A100', 8));
  });

  it('shows latency in microseconds while the store holds seconds', async () => {
    const { store } = renderWithStore(<SystemPanel />);
    expect(store.getState().inputs.systems[0]?.spec.nvlink_latency).toBe(2.5e-6);
    expect(number('NVLink latency (µs)').value).toBe('2.5');
    expect(number('InfiniBand latency (µs)').value).toBe('5');
    await typeInto(number('NVLink latency (µs)'), '3');
    expect(store.getState().inputs.systems[0]?.spec.nvlink_latency).toBeCloseTo(3e-6, 15);
    expect(slider('NVLink latency (µs)').getAttribute('aria-valuetext')).toBe('3');
  });

  it('moves the latency slider in microseconds, 3 significant digits', () => {
    const { store } = renderWithStore(<SystemPanel />);
    // 0.1 µs to 100 µs: the middle is 0.1 × 1000^0.5 = 3.16 µs.
    fireEvent.change(slider('NVLink latency (µs)'), { target: { value: '500' } });
    expect(store.getState().inputs.systems[0]?.spec.nvlink_latency).toBeCloseTo(3.16e-6, 15);
    expect(number('NVLink latency (µs)').value).toBe('3.16');
  });

  it('flags a figure out of range inline', () => {
    renderWithStore(<SystemPanel />);
    fireEvent.change(number('NVLink efficiency (fraction)'), { target: { value: '1.5' } });
    const input = number('NVLink efficiency (fraction)');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(message?.getAttribute('role')).toBe('alert');
    expect(message?.textContent).not.toBe('');
  });

  it('edits the active system of a comparison', async () => {
    const store = createAppStore(
      initialState(
        { ...DEFAULT_INPUTS, systems: [systemEntry('A100', 4), systemEntry('H200', 4)] },
        { ...DEFAULT_VIEW, activeSystem: 1 },
      ),
    );
    renderWithStore(<SystemPanel />, store);
    expect(screen.getByRole('heading', { name: 'System 2: H200 NVS4' })).toBeTruthy();
    expect(presetSelect().value).toBe('H200');
    await typeInto(number('HBM capacity (GB)'), '200');
    const [a, h] = store.getState().inputs.systems;
    expect(a).toEqual(systemEntry('A100', 4));
    expect(h?.spec.hbm_capacity).toBe(200);
    expect(screen.getByRole('heading', { name: 'System 2: H200* NVS4' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore H200 figures' })).toBeTruthy();
  });
});
