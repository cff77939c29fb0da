/** The accelerator and network of the system being edited: a preset menu and one control per figure. */
import { useMemo } from 'react';
import type { FigureKey } from '../model/system.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS, type SystemPresetId } from '../presets/systems.ts';
import { systemLabel, systemOverrides } from '../state/inputs.ts';
import { useApp, useAppStore, useIssues } from '../state/react.ts';
import { resetSystem, setSystemField, setSystemPreset } from '../state/store.ts';
import { EfficiencyGroup } from './EfficiencyGroup.tsx';
import { SliderField, type SliderFieldProps } from './SliderField.tsx';
import { multiplesOf, oneOf, powersOfTwo, significant } from './validValues.ts';

const MICROSECONDS = { to: (s: number) => s * 1e6, from: (us: number) => us / 1e6 };
const DOMAIN_SIZES = powersOfTwo(0, 10);
// Continuous figures to 3 significant digits; efficiencies in hundredths.
const FIGURE = significant(3);
const HUNDREDTHS = multiplesOf(0.01);
// A NIC shared by 2, 4 or 8 GPUs, or a whole number of NICs per GPU.
const NICS = oneOf([0.125, 0.25, 0.5, ...Array.from({ length: 16 }, (_, i) => i + 1)]);

type Control = Omit<SliderFieldProps, 'value' | 'onChange' | 'error'> & {
  readonly field: FigureKey;
  /** For a figure a system may leave out: what its absence means (shown until a value is typed). */
  readonly absent?: string;
};

/** The figures a user can change, with ranges wide enough for past and future systems. */
export const SYSTEM_CONTROLS: readonly Control[] = [
  {
    field: 'matrix_flops_fp16',
    label: 'Matrix (tensor-core) rate (TFLOP/s)',
    min: 10,
    max: 50000,
    scale: 'log',
    valid: FIGURE,
  },
  {
    field: 'matrix_flops_fp8',
    label: 'FP8 matrix rate, dense (TFLOP/s)',
    min: 10,
    max: 100000,
    scale: 'log',
    valid: FIGURE,
    absent: 'Not set: no FP8 tensor cores (FP8 matrix work runs at the bf16 rate). Type a rate to set one.',
  },
  {
    field: 'vector_flops_fp16',
    label: 'Vector rate (TFLOP/s)',
    min: 1,
    max: 10000,
    scale: 'log',
    valid: FIGURE,
  },
  {
    field: 'hbm_bandwidth',
    label: 'HBM bandwidth (GB/s)',
    min: 100,
    max: 200000,
    scale: 'log',
    valid: FIGURE,
  },
  { field: 'hbm_capacity', label: 'HBM capacity (GB)', min: 8, max: 4096, scale: 'log', valid: FIGURE },
  {
    field: 'nvlink_bandwidth',
    label: 'NVLink bandwidth per GPU (GB/s)',
    min: 10,
    max: 50000,
    scale: 'log',
    valid: FIGURE,
  },
  {
    field: 'nvlink_eff',
    label: 'NVLink efficiency (fraction)',
    min: 0.05,
    max: 1,
    scale: 'linear',
    valid: HUNDREDTHS,
  },
  {
    field: 'nvlink_latency',
    label: 'NVLink latency (µs)',
    min: 1e-7,
    max: 1e-4,
    scale: 'log',
    valid: FIGURE,
    display: MICROSECONDS,
  },
  { field: 'nvlink_size', label: 'NVLink domain size (GPUs)', min: 1, max: 1024, valid: DOMAIN_SIZES },
  {
    field: 'ib_bandwidth',
    label: 'InfiniBand bandwidth per NIC (GB/s)',
    min: 1,
    max: 5000,
    scale: 'log',
    valid: FIGURE,
  },
  {
    field: 'ib_eff',
    label: 'InfiniBand efficiency (fraction)',
    min: 0.05,
    max: 1,
    scale: 'linear',
    valid: HUNDREDTHS,
  },
  {
    field: 'ib_latency',
    label: 'InfiniBand latency (µs)',
    min: 1e-7,
    max: 1e-3,
    scale: 'log',
    valid: FIGURE,
    display: MICROSECONDS,
  },
  { field: 'nic_factor', label: 'NICs per GPU', min: 0.125, max: 16, scale: 'log', valid: NICS },
  {
    field: 'gpu_power',
    label: 'Power per GPU (W)',
    min: 50,
    max: 10000,
    scale: 'log',
    valid: FIGURE,
    absent: 'Not set: no energy estimate. Type the board power (TDP) in watts to get one.',
  },
];

export function SystemPanel() {
  const store = useAppStore();
  // Only what the panel shows: an edit to the model or the GPU counts does not render it again.
  const systems = useApp((s) => s.inputs.systems);
  const k = useApp((s) => s.view.activeSystem);
  const system = systems[k] ?? systems[0];
  const issues = useIssues([`systems[${k}].`]);
  // One callback per figure while the same system is shown, so unchanged fields skip an edit's render.
  const onField = useMemo(
    () =>
      Object.fromEntries(
        SYSTEM_CONTROLS.map(({ field }) => [field, (v: number) => setSystemField(store, k, field, v)]),
      ) as Record<FigureKey, (v: number) => void>,
    [store, k],
  );
  if (!system) return null;
  const edited = systemOverrides(system).filter((f) => f !== 'nvlink_size').length > 0;
  return (
    <section className="panel" aria-labelledby="system-heading">
      <h2 id="system-heading">System{systems.length > 1 ? ` ${k + 1}: ${systemLabel(system)}` : ''}</h2>
      <label className="field">
        <span className="field-label">System preset</span>
        <select
          value={system.preset}
          onChange={(e) => setSystemPreset(store, k, e.target.value as SystemPresetId)}
        >
          {SYSTEM_PRESET_IDS.map((id) => (
            <option key={id} value={id}>
              {id} — {SYSTEM_PRESETS[id].label}
            </option>
          ))}
        </select>
      </label>
      {edited ? (
        <p className="field-hint">
          Edited from the {system.preset} preset.{' '}
          <button type="button" className="link" onClick={() => resetSystem(store, k)}>
            Restore {system.preset} figures
          </button>
        </p>
      ) : null}
      {SYSTEM_CONTROLS.map(({ field, absent, ...control }) => {
        const value = system.spec[field];
        return (
          <SliderField
            key={field}
            {...control}
            // NaN: an optional figure left out; the number box is empty and the hint says what that means.
            value={value ?? NaN}
            {...(value === undefined && absent ? { hint: absent } : {})}
            onChange={onField[field]}
            error={issues[`systems[${k}].${field}`]}
          />
        );
      })}
      <EfficiencyGroup key={`${k}-${system.preset}`} system={system} k={k} issues={issues} />
    </section>
  );
}
