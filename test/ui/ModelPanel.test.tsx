// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_PRESET_IDS, MODEL_PRESETS } from '../../src/presets/models.ts';
import { ModelPanel } from '../../src/ui/ModelPanel.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

const presetSelect = () => screen.getByRole('combobox', { name: /^Model preset/ }) as HTMLSelectElement;
const number = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;
const slider = (name: string) => screen.getByRole('slider', { name }) as HTMLInputElement;

async function typeInto(input: HTMLInputElement, text: string) {
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, text);
}

describe('ModelPanel', () => {
  it('shows the default model: GPT3-1T', () => {
    renderWithStore(<ModelPanel />);
    expect(screen.getByRole('heading', { name: 'Model' })).toBeTruthy();
    expect(presetSelect().value).toBe('gpt3-1t');
    expect(number('Embedding dimension (e)').value).toBe('25600');
    expect(number('Attention heads (h)').value).toBe('160');
    expect(number('Layers (depth)').value).toBe('128');
    expect(number('Global batch (sequences)').value).toBe('4096');
  });

  it('loads a preset into the store', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    await userEvent.setup().selectOptions(presetSelect(), 'gpt3-175b');
    expect(store.getState().inputs.model).toEqual(MODEL_PRESETS['gpt3-175b'].spec);
    expect(presetSelect().value).toBe('gpt3-175b');
    expect(number('Embedding dimension (e)').value).toBe('12288');
    expect(number('Attention heads (h)').value).toBe('96');
  });

  it("offers every preset, and tells GPT-3 175B with its vocabulary from the paper's", async () => {
    const { store } = renderWithStore(<ModelPanel />);
    const options = within(presetSelect()).getAllByRole('option') as HTMLOptionElement[];
    expect(options.map((o) => o.value)).toEqual([...MODEL_PRESET_IDS, 'custom']);
    await userEvent.setup().selectOptions(presetSelect(), 'gpt3-175b-vocab');
    expect(store.getState().inputs.model).toEqual(MODEL_PRESETS['gpt3-175b-vocab'].spec);
    expect(presetSelect().value).toBe('gpt3-175b-vocab');
    await userEvent.setup().selectOptions(presetSelect(), 'qwen3-30b-a3b');
    expect(store.getState().inputs.model).toEqual(MODEL_PRESETS['qwen3-30b-a3b'].spec);
    expect(presetSelect().value).toBe('qwen3-30b-a3b');
  });

  it('says the heads need not divide the embedding once a head width is set', async () => {
    renderWithStore(<ModelPanel />);
    expect(screen.getByText('Heads must divide the embedding dimension')).toBeTruthy();
    await userEvent.setup().selectOptions(presetSelect(), 'qwen3-30b-a3b');
    expect(screen.queryByText('Heads must divide the embedding dimension')).toBeNull();
    expect(
      screen.getByText('Any count: each head is 128 wide (head width, under Architecture)'),
    ).toBeTruthy();
  });

  it('calls a model that matches no preset Custom', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    await typeInto(number('Layers (depth)'), '100');
    expect(store.getState().inputs.model.depth).toBe(100);
    expect(presetSelect().value).toBe('custom');
    const custom = within(presetSelect()).getByRole('option', { name: 'Custom' }) as HTMLOptionElement;
    expect(custom.disabled).toBe(false);
    // With a preset selected, Custom cannot be chosen.
    await userEvent.setup().selectOptions(presetSelect(), 'gpt3-1t');
    expect(custom.disabled).toBe(true);
  });

  // One arrow step on the embedding (25,600 to 25,728) used to put the message under heads.
  it('shows a broken heads rule under the field the user changed', async () => {
    renderWithStore(<ModelPanel />);
    const message = (name: string) => {
      const id = number(name).getAttribute('aria-describedby');
      return id ? document.getElementById(id)?.textContent : undefined;
    };
    await typeInto(number('Embedding dimension (e)'), '25728');
    expect(message('Embedding dimension (e)')).toBe('heads (160) must divide embedding (25728)');
    expect(message('Attention heads (h)')).toBeUndefined();
    // Changing heads next (to another non-divisor) moves the message to heads.
    await typeInto(number('Attention heads (h)'), '7');
    expect(message('Attention heads (h)')).toBe('heads (7) must divide embedding (25728)');
    expect(message('Embedding dimension (e)')).toBeUndefined();
  });

  it('writes each field to the store', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    await typeInto(number('Sequence length (tokens)'), '4096');
    await typeInto(number('MLP hidden dimension (f)'), '51200');
    await typeInto(number('Global batch (sequences)'), '2048');
    const { inputs } = store.getState();
    expect(inputs.model.l).toBe(4096);
    expect(inputs.model.f).toBe(51200);
    expect(inputs.globalBatchSize).toBe(2048);
  });

  it('shows heads that do not divide the embedding inline', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    await typeInto(number('Embedding dimension (e)'), '12100');
    await typeInto(number('Attention heads (h)'), '48');
    expect(store.getState().inputs.model).toMatchObject({ e: 12100, h: 48 });
    const heads = number('Attention heads (h)');
    expect(heads.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(heads.getAttribute('aria-describedby') ?? '');
    expect(message?.getAttribute('role')).toBe('alert');
    expect(message?.textContent).toBe('heads (48) must divide embedding (12100)');
    expect(number('Embedding dimension (e)').hasAttribute('aria-invalid')).toBe(false);
  });

  it('clears the message once the heads divide the embedding again', async () => {
    renderWithStore(<ModelPanel />);
    await typeInto(number('Attention heads (h)'), '48');
    expect(screen.getByRole('alert').textContent).toBe('heads (48) must divide embedding (25600)');
    await typeInto(number('Attention heads (h)'), '64');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers only divisors of the embedding on the heads slider', () => {
    // 12100 = 2² · 5² · 11² has 27 divisors; the slider offers the 25 up to 4096 heads.
    const { store } = renderWithStore(<ModelPanel />);
    fireEvent.change(number('Embedding dimension (e)'), { target: { value: '12100' } });
    const heads = slider('Attention heads (h)');
    expect(heads.min).toBe('0');
    expect(heads.max).toBe('24');
    const seen: number[] = [];
    for (let pos = 0; pos <= 24; pos++) {
      fireEvent.change(heads, { target: { value: String(pos) } });
      seen.push(store.getState().inputs.model.h);
    }
    expect(seen.every((h) => 12100 % h === 0)).toBe(true);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(3025);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('steps the heads slider from one divisor to the next', () => {
    const { store } = renderWithStore(<ModelPanel />);
    // 25600 = 2^10 · 5²; 160 is a divisor, the next one up is 200.
    const heads = slider('Attention heads (h)');
    fireEvent.change(heads, { target: { value: String(Number(heads.value) + 1) } });
    expect(store.getState().inputs.model.h).toBe(200);
    fireEvent.change(heads, { target: { value: String(Number(heads.value) - 2) } });
    expect(store.getState().inputs.model.h).toBe(128);
  });

  it('snaps the embedding slider to multiples of 128', () => {
    const { store } = renderWithStore(<ModelPanel />);
    for (const pos of ['123', '456', '789']) {
      fireEvent.change(slider('Embedding dimension (e)'), { target: { value: pos } });
      expect(store.getState().inputs.model.e % 128).toBe(0);
    }
  });

  it('walks the global batch through powers of two', () => {
    const { store } = renderWithStore(<ModelPanel />);
    const batch = slider('Global batch (sequences)');
    expect(batch.value).toBe('12');
    fireEvent.change(batch, { target: { value: '13' } });
    expect(store.getState().inputs.globalBatchSize).toBe(8192);
  });
});
