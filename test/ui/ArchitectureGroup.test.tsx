// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { architecture, isPaperArchitecture, type ModelSpec } from '../../src/model/spec.ts';
import { MODEL_PRESET_IDS, MODEL_PRESETS } from '../../src/presets/models.ts';
import { DEFAULT_INPUTS } from '../../src/state/inputs.ts';
import { createAppStore, initialState, setModelField, setModelPreset } from '../../src/state/store.ts';
import { ModelPanel } from '../../src/ui/ModelPanel.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

const toggle = () => screen.getByRole('button', { name: /^Architecture/ });
const number = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;
const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;
const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

async function typeInto(input: HTMLInputElement, text: string) {
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, text);
}

const storeWith = (model: ModelSpec) => createAppStore(initialState({ ...DEFAULT_INPUTS, model }));

describe('Architecture group', () => {
  it('is collapsed for the paper’s architecture and opens to show its defaults', async () => {
    renderWithStore(<ModelPanel />);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Architecture' })).toBeNull();
    expect(screen.queryByRole('spinbutton', { name: 'Key/value heads' })).toBeNull();

    await userEvent.setup().click(toggle());
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    // GPT3-1T: 160 heads of 25600 / 160 = 160, the paper's GELU MLP, LayerNorm, biases, dropout.
    expect(number('Key/value heads').value).toBe('160');
    expect(number('Head width (dimensions per head)').value).toBe('160');
    expect(select('MLP activation').value).toBe('gelu');
    expect(select('Normalization').value).toBe('layernorm');
    expect(checkbox('Bias vectors (MLP and attention output)').checked).toBe(true);
    expect(checkbox('Dropout').checked).toBe(true);
    expect(number('Vocabulary (tokens, 0 = none)').value).toBe('0');
    expect(checkbox('Tied input and output embeddings').checked).toBe(false);
    expect(checkbox('Tied input and output embeddings').disabled).toBe(true);
    expect(number('Experts (0 = dense MLP)').value).toBe('0');
    expect(screen.queryByRole('spinbutton', { name: 'Experts per token (top-k)' })).toBeNull();

    await userEvent.setup().click(toggle());
    expect(screen.queryByRole('spinbutton', { name: 'Key/value heads' })).toBeNull();
  });

  it('is open for a model with fields beyond the paper’s', () => {
    renderWithStore(<ModelPanel />, storeWith({ ...MODEL_PRESETS['gpt3-1t'].spec, kvHeads: 8 }));
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(number('Key/value heads').value).toBe('8');
  });

  it('opens when the model leaves the paper’s architecture, and stays as the user left it', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    act(() => setModelField(store, 'vocab', 50257));
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(number('Vocabulary (tokens, 0 = none)').value).toBe('50257');
    await userEvent.setup().click(toggle());
    act(() => setModelPreset(store, 'gpt3-175b'));
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
  });

  it('writes each field to the store', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    const user = userEvent.setup();
    await user.click(toggle());
    await typeInto(number('Key/value heads'), '8');
    await typeInto(number('Head width (dimensions per head)'), '128');
    await user.selectOptions(select('MLP activation'), 'swiglu');
    await user.selectOptions(select('Normalization'), 'rmsnorm');
    await user.click(checkbox('Bias vectors (MLP and attention output)'));
    await user.click(checkbox('Dropout'));
    await typeInto(number('Vocabulary (tokens, 0 = none)'), '128256');
    await user.click(checkbox('Tied input and output embeddings'));
    const { l, e, f, h, depth } = MODEL_PRESETS['gpt3-1t'].spec;
    expect(store.getState().inputs.model).toEqual({
      l,
      e,
      f,
      h,
      depth,
      kvHeads: 8,
      headDim: 128,
      mlp: 'swiglu',
      norm: 'rmsnorm',
      bias: false,
      dropout: false,
      vocab: 128256,
      tiedEmbeddings: true,
    });
  });

  it('unties the output layer while H-SoftPOS is on, says why, and ties it again when it is off', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    const user = userEvent.setup();
    await user.click(toggle());
    await typeInto(number('Vocabulary (tokens, 0 = none)'), '32000');
    await user.click(checkbox('Tied input and output embeddings'));
    act(() => setModelField(store, 'hsoftpos', 2));
    const tied = checkbox('Tied input and output embeddings');
    expect(tied.checked).toBe(false);
    expect(tied.disabled).toBe(true);
    expect(tied.getAttribute('aria-describedby')).not.toBeNull();
    expect(document.getElementById(tied.getAttribute('aria-describedby')!)?.textContent).toMatch(/H-SoftPOS/);
    // The model keeps the setting: without H-SoftPOS the layer is tied again.
    expect(store.getState().inputs.model.tiedEmbeddings).toBe(true);
    act(() => setModelField(store, 'hsoftpos', undefined));
    expect(checkbox('Tied input and output embeddings').checked).toBe(true);
    expect(checkbox('Tied input and output embeddings').getAttribute('aria-describedby')).toBeNull();
  });

  it('adds experts as one routed copy of the dense MLP, shapes them, and removes them at 0', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    await userEvent.setup().click(toggle());
    await typeInto(number('Experts (0 = dense MLP)'), '8');
    const f = MODEL_PRESETS['gpt3-1t'].spec.f;
    expect(store.getState().inputs.model.moe).toEqual({
      experts: 8,
      topK: 1,
      expertF: f,
      sharedExpertF: 0,
      denseLayers: 0,
    });
    await typeInto(number('Experts per token (top-k)'), '2');
    await typeInto(number('Expert MLP hidden dimension'), '14336');
    await typeInto(number('Shared expert hidden dimension (0 = none)'), '4096');
    await typeInto(number('Leading dense layers'), '3');
    expect(store.getState().inputs.model.moe).toEqual({
      experts: 8,
      topK: 2,
      expertF: 14336,
      sharedExpertF: 4096,
      denseLayers: 3,
    });
    await typeInto(number('Experts (0 = dense MLP)'), '0');
    expect('moe' in store.getState().inputs.model).toBe(false);
    expect(screen.queryByRole('spinbutton', { name: 'Experts per token (top-k)' })).toBeNull();
  });

  it.each(MODEL_PRESET_IDS)('shows every architecture field of the %s preset', async (id) => {
    const { store } = renderWithStore(<ModelPanel />);
    await userEvent.setup().selectOptions(select('Model preset'), id);
    const spec = MODEL_PRESETS[id].spec;
    expect(store.getState().inputs.model).toEqual(spec);
    const a = architecture(spec);
    // From the paper's GPT3-1T, a modern preset opens the group; a paper preset leaves it closed.
    const paper = isPaperArchitecture(spec);
    expect(toggle().getAttribute('aria-expanded')).toBe(String(!paper));
    if (paper) await userEvent.setup().click(toggle());
    expect(number('Key/value heads').value).toBe(String(a.kvHeads));
    expect(number('Head width (dimensions per head)').value).toBe(String(a.headDim));
    expect(select('MLP activation').value).toBe(a.mlp);
    expect(select('Normalization').value).toBe(a.norm);
    expect(checkbox('Bias vectors (MLP and attention output)').checked).toBe(a.bias);
    expect(checkbox('Dropout').checked).toBe(a.dropout);
    expect(number('Vocabulary (tokens, 0 = none)').value).toBe(String(a.vocab));
    expect(checkbox('Tied input and output embeddings').checked).toBe(a.tiedEmbeddings);
    expect(number('Experts (0 = dense MLP)').value).toBe(String(a.moe?.experts ?? 0));
    if (a.moe) {
      expect(number('Experts per token (top-k)').value).toBe(String(a.moe.topK));
      expect(number('Expert MLP hidden dimension').value).toBe(String(a.moe.expertF));
      expect(number('Shared expert hidden dimension (0 = none)').value).toBe(String(a.moe.sharedExpertF));
      expect(number('Leading dense layers').value).toBe(String(a.moe.denseLayers));
    }
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['Key/value heads', '7', 'key/value heads (7) must divide heads (160)'],
    ['Key/value heads', '320', 'key/value heads (320) must not exceed heads (160)'],
    ['Experts per token (top-k)', '9', 'experts per token (9) must not exceed experts (8)'],
    ['Leading dense layers', '200', 'dense layers (200) must not exceed layers (128)'],
  ])('shows an invalid %s (%s) under that field', async (label, value, message) => {
    renderWithStore(<ModelPanel />);
    await userEvent.setup().click(toggle());
    await typeInto(number('Experts (0 = dense MLP)'), '8');
    await typeInto(number(label), value);
    const input = number(label);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toBe(message);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('calls the paper preset again once a changed field is back at its default', async () => {
    const { store } = renderWithStore(<ModelPanel />);
    const user = userEvent.setup();
    await user.click(toggle());
    await user.selectOptions(select('MLP activation'), 'swiglu');
    expect(select('Model preset').value).toBe('custom');
    await user.selectOptions(select('MLP activation'), 'gelu');
    expect(store.getState().inputs.model.mlp).toBe('gelu');
    expect(select('Model preset').value).toBe('gpt3-1t');
  });

  it('edits a tensor chain per layer family: ratio, then length; 0 is the dense matrix again', async () => {
    const { store } = renderWithStore(<ModelPanel />, storeWith(MODEL_PRESETS['transformer-wmt14'].spec));
    const user = userEvent.setup();
    if (toggle().getAttribute('aria-expanded') === 'false') await user.click(toggle());
    const ffn = 'Tensor chain, MLP (ratio, 0 = dense)';
    expect(number(ffn).value).toBe('0');
    expect(screen.queryByRole('combobox', { name: 'Tensor chain length, MLP' })).toBeNull();
    await typeInto(number(ffn), '0.07');
    expect(store.getState().inputs.model.tc).toEqual({ ffn: { ratio: 0.07, length: 2 } });
    await user.selectOptions(select('Tensor chain length, MLP'), '3');
    await typeInto(number('Tensor chain, attention projections (ratio, 0 = dense)'), '0.005');
    expect(store.getState().inputs.model.tc).toEqual({
      ffn: { ratio: 0.07, length: 3 },
      attn: { ratio: 0.005, length: 2 },
    });
    await typeInto(number(ffn), '0');
    expect(store.getState().inputs.model.tc).toEqual({ attn: { ratio: 0.005, length: 2 } });
    await typeInto(number('Tensor chain, attention projections (ratio, 0 = dense)'), '0');
    expect(store.getState().inputs.model.tc).toBeUndefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a ratio of 1 or more as an error under its field', async () => {
    renderWithStore(<ModelPanel />, storeWith(MODEL_PRESETS['transformer-wmt14'].spec));
    const user = userEvent.setup();
    if (toggle().getAttribute('aria-expanded') === 'false') await user.click(toggle());
    const label = 'Tensor chain, embedding table (ratio, 0 = dense)';
    await typeInto(number(label), '1.5');
    expect(number(label).getAttribute('aria-invalid')).toBe('true');
  });
});
