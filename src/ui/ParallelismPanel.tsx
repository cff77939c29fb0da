/** How the model is split: the tensor-parallel strategy, fused attention, the GPU counts searched. */
import { useMemo } from 'react';
import { STRATEGIES, type Strategy } from '../model/spec.ts';
import { GPU_EXP_MAX } from '../state/inputs.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { issuesByField } from '../state/selectors.ts';
import { setFlashAttention, setGpuRange, setStrategy } from '../state/store.ts';
import { SliderField } from './SliderField.tsx';
import { powersOfTwo } from './validValues.ts';

export const STRATEGY_LABELS: Record<Strategy, string> = {
  '1d': '1D tensor parallel (Megatron + sequence parallel)',
  '2d': '2D SUMMA tensor parallel',
  '2d-seqp': '2D tensor × context parallel',
};

const GPU_CHOICES = powersOfTwo(0, GPU_EXP_MAX);

/**
 * Dragging one end of the GPU range past the other pushes it along; typing does not, because a typed
 * number passes through partial values (1, 10, 102, 1024) that must not move the other end.
 */
export function ParallelismPanel() {
  const store = useAppStore();
  const inputs = useApp((s) => s.inputs);
  const issues = useMemo(() => issuesByField(inputs), [inputs]);
  return (
    <section className="panel" aria-labelledby="parallel-heading">
      <h2 id="parallel-heading">Parallelism</h2>
      <fieldset className="field">
        <legend className="field-label">Tensor-parallel strategy</legend>
        {STRATEGIES.map((s) => (
          <label key={s} className="radio">
            <input
              type="radio"
              name="strategy"
              value={s}
              checked={inputs.strategy === s}
              onChange={() => setStrategy(store, s)}
            />
            {STRATEGY_LABELS[s]}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={inputs.flashAttention}
          onChange={(e) => setFlashAttention(store, e.target.checked)}
        />
        FlashAttention (fused attention)
      </label>
      <SliderField
        label="Fewest GPUs"
        value={inputs.gpuMin}
        onChange={(v, source) =>
          setGpuRange(store, v, source === 'slider' ? Math.max(v, inputs.gpuMax) : inputs.gpuMax)
        }
        min={1}
        max={2 ** GPU_EXP_MAX}
        valid={GPU_CHOICES}
        error={issues['gpus']}
      />
      <SliderField
        label="Most GPUs"
        value={inputs.gpuMax}
        onChange={(v, source) =>
          setGpuRange(store, source === 'slider' ? Math.min(v, inputs.gpuMin) : inputs.gpuMin, v)
        }
        min={1}
        max={2 ** GPU_EXP_MAX}
        valid={GPU_CHOICES}
      />
    </section>
  );
}
