/**
 * The training run a planner prices: a token budget, a price per GPU-hour and a PUE. With the system's
 * power per GPU they turn the throughput into time to train, GPU-hours, cost and energy.
 */
import { DEFAULT_PLANNER, type PlannerAssumptions } from '../model/metrics.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { plannerIssues } from '../state/selectors.ts';
import { setPlanner } from '../state/store.ts';
import { SliderField, type SliderFieldProps } from './SliderField.tsx';
import { multiplesOf, significant } from './validValues.ts';

const BILLIONS = { to: (t: number) => t / 1e9, from: (b: number) => b * 1e9 };

type Control = Omit<SliderFieldProps, 'value' | 'onChange' | 'error'> & {
  readonly field: keyof PlannerAssumptions;
};

export const PLANNER_CONTROLS: readonly Control[] = [
  {
    field: 'tokenBudget',
    label: 'Token budget (billion tokens)',
    min: 1e9,
    max: 1e15,
    scale: 'log',
    valid: significant(3),
    display: BILLIONS,
  },
  {
    field: 'pricePerGpuHour',
    label: 'Price per GPU-hour ($)',
    min: 0.1,
    max: 100,
    scale: 'log',
    valid: significant(3),
  },
  {
    field: 'pue',
    label: 'PUE (facility / GPU power)',
    min: 1,
    max: 3,
    scale: 'linear',
    valid: multiplesOf(0.01),
  },
];

export function PlannerPanel() {
  const store = useAppStore();
  const view = useApp((s) => s.view);
  const issues = plannerIssues(view);
  return (
    <section className="panel" aria-labelledby="planner-heading">
      <h2 id="planner-heading">Training run</h2>
      <p className="field-hint">
        Defaults: {DEFAULT_PLANNER.tokenBudget / 1e9} billion tokens (1 T), ${DEFAULT_PLANNER.pricePerGpuHour}{' '}
        per GPU-hour (one price for every system), PUE {DEFAULT_PLANNER.pue} (the GPUs&apos; board power
        alone). Energy uses each system&apos;s power per GPU (System panel).
      </p>
      {PLANNER_CONTROLS.map(({ field, ...control }) => (
        <SliderField
          key={field}
          {...control}
          value={view[field]}
          onChange={(v) => setPlanner(store, field, v)}
          error={issues[field]}
        />
      ))}
    </section>
  );
}
