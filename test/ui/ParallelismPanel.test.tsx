// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, systemEntry } from '../../src/state/inputs.ts';
import { createAppStore, initialState } from '../../src/state/store.ts';
import { ParallelismPanel } from '../../src/ui/ParallelismPanel.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

const radio = (name: RegExp) => screen.getByRole('radio', { name }) as HTMLInputElement;
const slider = (name: string) => screen.getByRole('slider', { name }) as HTMLInputElement;
const number = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;

/** Slider position of a power-of-two GPU count (the sliders walk 1, 2, 4, … 2^20). */
const position = (gpus: number) => String(Math.log2(gpus));

describe('ParallelismPanel', () => {
  it('offers the three strategies as a radio group, 1D checked by default', () => {
    renderWithStore(<ParallelismPanel />);
    expect(screen.getByRole('group', { name: 'Tensor-parallel strategy' })).toBeTruthy();
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    expect(radio(/^1D tensor parallel/).checked).toBe(true);
    expect(radio(/^2D SUMMA/).checked).toBe(false);
  });

  it('writes the chosen strategy to the store', async () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    const user = userEvent.setup();
    await user.click(radio(/^2D SUMMA/));
    expect(store.getState().inputs.strategy).toBe('2d');
    expect(radio(/^2D SUMMA/).checked).toBe(true);
    expect(radio(/^1D tensor parallel/).checked).toBe(false);
    await user.click(radio(/context parallel/));
    expect(store.getState().inputs.strategy).toBe('2d-seqp');
  });

  it('toggles FlashAttention', async () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    const box = screen.getByRole('checkbox', { name: /FlashAttention/ }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    await userEvent.setup().click(box);
    expect(store.getState().inputs.flashAttention).toBe(false);
    expect(box.checked).toBe(false);
  });

  it('shows the GPU range and writes slider moves to the store', () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    expect(number('Fewest GPUs').value).toBe('4');
    expect(number('Most GPUs').value).toBe('16384');
    fireEvent.change(slider('Fewest GPUs'), { target: { value: position(64) } });
    expect(store.getState().inputs).toMatchObject({ gpuMin: 64, gpuMax: 16384 });
    fireEvent.change(slider('Most GPUs'), { target: { value: position(1024) } });
    expect(store.getState().inputs).toMatchObject({ gpuMin: 64, gpuMax: 1024 });
  });

  it('raises the most GPUs when the fewest pass them', () => {
    const store = createAppStore(initialState({ ...DEFAULT_INPUTS, gpuMin: 16, gpuMax: 256 }));
    renderWithStore(<ParallelismPanel />, store);
    fireEvent.change(slider('Fewest GPUs'), { target: { value: position(4096) } });
    expect(store.getState().inputs).toMatchObject({ gpuMin: 4096, gpuMax: 4096 });
    expect(number('Most GPUs').value).toBe('4096');
  });

  it('lowers the fewest GPUs when the most drop below them', () => {
    const store = createAppStore(initialState({ ...DEFAULT_INPUTS, gpuMin: 256, gpuMax: 4096 }));
    renderWithStore(<ParallelismPanel />, store);
    fireEvent.change(slider('Most GPUs'), { target: { value: position(32) } });
    expect(store.getState().inputs).toMatchObject({ gpuMin: 32, gpuMax: 32 });
    expect(number('Fewest GPUs').value).toBe('32');
  });

  it('shows a range typed backwards as an error instead of moving the other end', async () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    const user = userEvent.setup();
    await user.clear(number('Most GPUs'));
    await user.type(number('Most GPUs'), '2');
    expect(store.getState().inputs).toMatchObject({ gpuMin: 4, gpuMax: 2 });
    expect(screen.getByRole('alert').textContent).toMatch(/low to high \(got 4 to 2\)/);
  });

  it('takes any whole GPU count as an end of the range', () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    fireEvent.change(number('Fewest GPUs'), { target: { value: '48' } });
    expect(store.getState().inputs.gpuMin).toBe(48);
    expect(number('Fewest GPUs').getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('stops the range sliders at whole 72-GPU racks as well as powers of two', () => {
    const store = createAppStore(initialState({ ...DEFAULT_INPUTS, systems: [systemEntry('B200', 72)] }));
    renderWithStore(<ParallelismPanel />, store);
    // Stops 1, 2, 4 ... 64, then 72, 128, 144.
    fireEvent.change(slider('Most GPUs'), { target: { value: '7' } });
    expect(store.getState().inputs.gpuMax).toBe(72);
    fireEvent.change(slider('Most GPUs'), { target: { value: '9' } });
    expect(store.getState().inputs.gpuMax).toBe(144);
  });

  it('details any GPU count typed, searching it besides the range', () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    fireEvent.change(number('GPU count detailed'), { target: { value: '1000' } });
    expect(store.getState().inputs.gpuCount).toBe(1000);
    expect(store.getState().view.selectedGpus).toBe(1000);
    // A count the range already searches is only selected.
    fireEvent.change(number('GPU count detailed'), { target: { value: '512' } });
    expect(store.getState().inputs.gpuCount).toBe(1000);
    expect(store.getState().view.selectedGpus).toBe(512);
    fireEvent.change(number('GPU count detailed'), { target: { value: '20000' } });
    expect(screen.getByRole('alert').textContent).toMatch(/whole number from 4 to 16384/);
  });

  // Typing passes through 1, 10, 102: none of them may move the fewest GPUs.
  it('keeps the fewest GPUs when a larger most is typed digit by digit', async () => {
    const { store } = renderWithStore(<ParallelismPanel />);
    const user = userEvent.setup();
    await user.clear(number('Most GPUs'));
    await user.type(number('Most GPUs'), '1024');
    expect(store.getState().inputs.gpuMax).toBe(1024);
    expect(store.getState().inputs.gpuMin).toBe(4);
    expect(number('Fewest GPUs').value).toBe('4');
  });
});
