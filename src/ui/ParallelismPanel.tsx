/** How the model is split: the tensor-parallel strategy, fused attention, the GPU counts searched. */
import { useMemo } from 'react';
import { STRATEGIES, type Strategy } from '../model/spec.ts';
import { GPU_EXP_MAX, gpuCounts, searchedGpus } from '../state/inputs.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { effectiveGpus, issuesByField } from '../state/selectors.ts';
import { selectGpus, setFlashAttention, setGpuCount, setGpuRange, setStrategy } from '../state/store.ts';
import { SliderField } from './SliderField.tsx';
import { oneOf } from './validValues.ts';

export const STRATEGY_LABELS: Record<Strategy, string> = {
  '1d': '1D tensor parallel (Megatron + sequence parallel)',
  '2d': '2D SUMMA tensor parallel',
  '2d-seqp': '2D tensor × context parallel',
};

/**
 * Dragging one end of the GPU range past the other pushes it along; typing does not, because a typed
 * number passes through partial values (1, 10, 102, 1024) that must not move the other end. Sliders stop
 * at powers of two and whole NVLink domains (72, 144 ... for a 72-GPU rack); typing takes any count.
 */
export function ParallelismPanel() {
  const store = useAppStore();
  const inputs = useApp((s) => s.inputs);
  const selected = useApp(effectiveGpus);
  const issues = useMemo(() => issuesByField(inputs), [inputs]);
  const domains = useMemo(() => inputs.systems.map((s) => s.spec.nvlink_size), [inputs.systems]);
  const rangeStops = useMemo(() => oneOf(gpuCounts(1, 2 ** GPU_EXP_MAX, domains)), [domains]);
  const searched = useMemo(() => searchedGpus(inputs), [inputs]);
  const countStops = useMemo(() => oneOf(searched), [searched]);
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
        valid={rangeStops}
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
        valid={rangeStops}
      />
      <SliderField
        label="GPU count detailed"
        value={inputs.gpuCount !== null && issues['gpuCount'] ? inputs.gpuCount : (selected ?? inputs.gpuMax)}
        onChange={(v, source) => (source === 'slider' ? selectGpus(store, v) : setGpuCount(store, v))}
        min={inputs.gpuMin}
        max={Math.max(inputs.gpuMin, inputs.gpuMax)}
        valid={countStops}
        error={issues['gpuCount']}
        hint="Any whole number in the range: a count off the chart's is searched too."
      />
    </section>
  );
}
