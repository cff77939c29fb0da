/** How the model is split: the tensor-parallel strategy, fused attention, the GPU counts searched. */
import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  PRECISIONS,
  RECOMPUTES,
  STRATEGIES,
  ZERO_STAGES,
  type Precision,
  type Recompute,
  type Strategy,
  type ZeroStage,
} from '../model/spec.ts';
import { GPU_EXP_MAX, gpuCounts } from '../state/inputs.ts';
import { useApp, useAppStore, useIssues } from '../state/react.ts';
import { effectiveGpus } from '../state/selectors.ts';
import {
  selectGpus,
  setFlashAttention,
  setGpuCount,
  setGpuRange,
  setStrategy,
  setTraining,
} from '../state/store.ts';
import { SliderField } from './SliderField.tsx';
import { INTEGERS, oneOf } from './validValues.ts';

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
const SHOWN_ISSUES = ['gpus', 'gpuCount'];

export function ParallelismPanel() {
  const store = useAppStore();
  // Only what the panel shows: an edit to the model or a system's figures does not render it again.
  const strategy = useApp((s) => s.inputs.strategy);
  const flashAttention = useApp((s) => s.inputs.flashAttention);
  const gpuMin = useApp((s) => s.inputs.gpuMin);
  const gpuMax = useApp((s) => s.inputs.gpuMax);
  const gpuCount = useApp((s) => s.inputs.gpuCount);
  // The systems' NVLink domain sizes: the same list until one of them changes.
  const domains = useApp(useShallow((s) => s.inputs.systems.map((x) => x.spec.nvlink_size)));
  const selected = useApp(effectiveGpus);
  const issues = useIssues(SHOWN_ISSUES);
  const rangeStops = useMemo(() => oneOf(gpuCounts(1, 2 ** GPU_EXP_MAX, domains)), [domains]);
  // The counts searched (inputs.ts `searchedGpus`), from the fields selected above.
  const countStops = useMemo(
    () => oneOf(gpuCounts(gpuMin, gpuMax, domains, gpuCount)),
    [gpuMin, gpuMax, domains, gpuCount],
  );
  // The other end is read when the slider moves, so the callbacks stay the same from edit to edit.
  const onGpuMin = useCallback(
    (v: number, source: 'slider' | 'input') => {
      const { gpuMax: max } = store.getState().inputs;
      setGpuRange(store, v, source === 'slider' ? Math.max(v, max) : max);
    },
    [store],
  );
  const onGpuMax = useCallback(
    (v: number, source: 'slider' | 'input') => {
      const { gpuMin: min } = store.getState().inputs;
      setGpuRange(store, source === 'slider' ? Math.min(v, min) : min, v);
    },
    [store],
  );
  const onGpuCount = useCallback(
    (v: number, source: 'slider' | 'input') =>
      source === 'slider' ? selectGpus(store, v) : setGpuCount(store, v),
    [store],
  );
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
              checked={strategy === s}
              onChange={() => setStrategy(store, s)}
            />
            {STRATEGY_LABELS[s]}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={flashAttention}
          onChange={(e) => setFlashAttention(store, e.target.checked)}
        />
        FlashAttention (fused attention)
      </label>
      <TrainingGroup />
      <SliderField
        label="Fewest GPUs"
        value={gpuMin}
        onChange={onGpuMin}
        min={1}
        max={2 ** GPU_EXP_MAX}
        valid={rangeStops}
        error={issues['gpus']}
      />
      <SliderField
        label="Most GPUs"
        value={gpuMax}
        onChange={onGpuMax}
        min={1}
        max={2 ** GPU_EXP_MAX}
        valid={rangeStops}
      />
      <SliderField
        label="GPU count detailed"
        value={gpuCount !== null && issues['gpuCount'] ? gpuCount : (selected ?? gpuMax)}
        onChange={onGpuCount}
        min={gpuMin}
        max={Math.max(gpuMin, gpuMax)}
        valid={countStops}
        error={issues['gpuCount']}
        hint="Any whole number in the range: a count off the chart's is searched too."
      />
    </section>
  );
}

const RECOMPUTE_LABELS: Record<Recompute, string> = {
  none: 'none (the paper)',
  selective: 'selective (attention core)',
  full: 'full (each layer)',
};
const ZERO_LABELS: Record<ZeroStage, string> = {
  0: '0: nothing sharded',
  1: '1: optimizer states (the paper)',
  2: '2: + gradients',
  3: '3: + weights',
};
const PRECISION_LABELS: Record<Precision, string> = { bf16: 'bf16 (the paper)', fp8: 'FP8 GEMMs' };
const SEARCH = 'search';
const V_CHOICES = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16] as const;

/** One training setting: its values and "search" (chosen per configuration by the search). */
function TrainingSelect<T extends string | number>(props: {
  label: string;
  value: T | 'search';
  values: readonly T[];
  labels: (v: T) => string;
  onChange: (v: T | 'search') => void;
}) {
  const { label, value, values, labels, onChange } = props;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select
        value={String(value)}
        onChange={(e) => {
          const raw = e.target.value;
          onChange(raw === SEARCH ? SEARCH : (values.find((v) => String(v) === raw) as T));
        }}
      >
        {values.map((v) => (
          <option key={String(v)} value={String(v)}>
            {labels(v)}
          </option>
        ))}
        <option value={SEARCH}>search (best per configuration)</option>
      </select>
    </label>
  );
}

/**
 * How the model is trained (training.ts): each setting pinned, the paper's by default, or left to the
 * search, which reports its choice per configuration in the top-10 table.
 */
function TrainingGroup() {
  const store = useAppStore();
  const t = useApp((s) => s.inputs.training);
  const onOptimizerBytes = useCallback(
    (optimizerBytes: number) => setTraining(store, { optimizerBytes }),
    [store],
  );
  return (
    <fieldset className="field">
      <legend className="field-label">Training</legend>
      <TrainingSelect
        label="Activation recomputation"
        value={t.recompute}
        values={RECOMPUTES}
        labels={(v) => RECOMPUTE_LABELS[v]}
        onChange={(recompute) => setTraining(store, { recompute })}
      />
      <TrainingSelect
        label="ZeRO stage"
        value={t.zero}
        values={ZERO_STAGES}
        labels={(v) => ZERO_LABELS[v]}
        onChange={(zero) => setTraining(store, { zero })}
      />
      <TrainingSelect
        label="Precision"
        value={t.precision}
        values={PRECISIONS}
        labels={(v) => PRECISION_LABELS[v]}
        onChange={(precision) => setTraining(store, { precision })}
      />
      <TrainingSelect
        label="Interleaved pipeline stages v"
        value={t.v}
        values={V_CHOICES}
        labels={(v) => (v === 1 ? '1 (1F1B, the paper)' : String(v))}
        onChange={(v) => setTraining(store, { v })}
      />
      <SliderField
        label="Optimizer bytes per parameter"
        value={t.optimizerBytes}
        onChange={onOptimizerBytes}
        min={0}
        max={64}
        valid={INTEGERS}
        hint="12: fp32 master weights, momentum and variance (the paper's)"
      />
    </fieldset>
  );
}
