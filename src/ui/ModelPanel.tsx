/** The transformer: a preset menu and a control per hyper-parameter, constraints shown inline. */
import { useMemo, useState } from 'react';
import { divisors } from '../search/enumerate.ts';
import type { ModelSpec } from '../model/spec.ts';
import { MODEL_PRESETS, MODEL_PRESET_IDS, type ModelPresetId } from '../presets/models.ts';
import { modelPresetOf } from '../state/inputs.ts';
import { useApp, useAppStore, useIssues } from '../state/react.ts';
import { setGlobalBatch, setModelField, setModelPreset } from '../state/store.ts';
import { ArchitectureGroup } from './ArchitectureGroup.tsx';
import { count } from './format.ts';
import { SliderField } from './SliderField.tsx';
import { INTEGERS, multiplesOf, oneOf, powersOfTwo } from './validValues.ts';

// Sequence lengths in multiples of 64 and widths in multiples of 128, as the presets' are.
const SEQUENCES = multiplesOf(64);
const WIDTHS = multiplesOf(128);
const BATCHES = powersOfTwo(0, 24);
const SHOWN_ISSUES = ['model.', 'globalBatchSize'];

export function ModelPanel() {
  const store = useAppStore();
  // Only what the panel shows: an edit to the system or the GPU counts does not render it again.
  const model = useApp((s) => s.inputs.model);
  const globalBatchSize = useApp((s) => s.inputs.globalBatchSize);
  // Of embedding and heads, the one changed last: a broken rule between them shows under it.
  const [tied, setTied] = useState<'e' | 'h' | null>(null);
  const issues = useIssues(SHOWN_ISSUES, tied && `model.${tied}`);
  // One callback per field for the panel's life, so the other fields' sliders skip an edit's render.
  const on = useMemo(() => {
    const setField = (field: keyof ModelSpec) => (v: number) => {
      if (field === 'e' || field === 'h') setTied(field);
      setModelField(store, field, v);
    };
    return {
      l: setField('l'),
      e: setField('e'),
      f: setField('f'),
      h: setField('h'),
      depth: setField('depth'),
      batch: (v: number) => setGlobalBatch(store, v),
    };
  }, [store]);
  const preset = modelPresetOf(model);
  // The heads slider walks the divisors of the embedding, so it always lands on a valid value (any whole
  // number while the embedding itself is invalid).
  const headChoices = useMemo(
    () =>
      Number.isInteger(model.e) && model.e > 0 && model.e <= 1 << 20
        ? oneOf(divisors(model.e).filter((d) => d <= 4096))
        : INTEGERS,
    [model.e],
  );
  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <label className="field">
        <span className="field-label">Model preset</span>
        <select
          value={preset ?? 'custom'}
          onChange={(e) => {
            if (e.target.value !== 'custom') setModelPreset(store, e.target.value as ModelPresetId);
          }}
        >
          {MODEL_PRESET_IDS.map((id) => (
            <option key={id} value={id}>
              {MODEL_PRESETS[id].label}
            </option>
          ))}
          <option value="custom" disabled={preset !== null}>
            Custom
          </option>
        </select>
      </label>
      <SliderField
        label="Sequence length (tokens)"
        value={model.l}
        onChange={on.l}
        min={128}
        max={262144}
        scale="log"
        valid={SEQUENCES}
        error={issues['model.l']}
      />
      <SliderField
        label="Embedding dimension (e)"
        value={model.e}
        onChange={on.e}
        min={256}
        max={131072}
        scale="log"
        valid={WIDTHS}
        error={issues['model.e']}
      />
      <SliderField
        label="MLP hidden dimension (f)"
        value={model.f}
        onChange={on.f}
        min={256}
        max={524288}
        scale="log"
        valid={WIDTHS}
        error={issues['model.f']}
        hint="4 × embedding in GPT-style models"
      />
      <SliderField
        label="Attention heads (h)"
        value={model.h}
        onChange={on.h}
        min={1}
        max={4096}
        scale="log"
        valid={headChoices}
        error={issues['model.h']}
        hint={
          // An explicit head width frees the heads from the embedding (Qwen3: 32 heads of 128 on 2,048).
          model.headDim === undefined
            ? 'Heads must divide the embedding dimension'
            : `Any count: each head is ${count(model.headDim)} wide (head width, under Architecture)`
        }
      />
      <SliderField
        label="Layers (depth)"
        value={model.depth}
        onChange={on.depth}
        min={1}
        max={512}
        scale="linear"
        valid={INTEGERS}
        error={issues['model.depth']}
      />
      <ArchitectureGroup />
      <SliderField
        label="Global batch (sequences)"
        value={globalBatchSize}
        onChange={on.batch}
        min={1}
        max={1 << 24}
        valid={BATCHES}
        error={issues['globalBatchSize']}
      />
    </section>
  );
}
