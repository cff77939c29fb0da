/**
 * The efficiency of the edited system (model/efficiency.ts), collapsed under the system's figures: one
 * control per field with its unit, range and meaning. Shows the preset's calibrated values (or the paper's
 * constants); an edit is the system's own, in the link, the export and the search.
 */
import { useState } from 'react';
import { FieldGroup } from './FieldGroup.tsx';
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS, efficiencyOf, type EfficiencyKey } from '../model/efficiency.ts';
import { presetCalibration } from '../presets/calibrated.ts';
import { efficiencyEdited, type SystemEntry } from '../state/inputs.ts';
import { useAppStore } from '../state/react.ts';
import { setSystemEfficiency } from '../state/store.ts';
import { percent } from './format.ts';
import { SliderField } from './SliderField.tsx';
import { multiplesOf, significant } from './validValues.ts';

/** What each field does to the time or memory model, shown under its control. */
export const EFFICIENCY_HINTS: Readonly<Record<EfficiencyKey, string>> = {
  matmul: 'Fraction of the matrix peak a large, square matmul reaches. Paper: 0.8.',
  matmulHalfIntensity:
    'Arithmetic intensity at which a matmul reaches half that fraction: small or skinny matmuls run further from peak. Paper: 0 (every matmul at the fraction above).',
  vector: 'Fraction of the vector peak pointwise layers reach. Paper: 0.8.',
  hbm: 'Fraction of the HBM bandwidth memory-bound kernels achieve. Paper: 1.',
  nvlink: "Achieved fraction of the NVLink bandwidth. Paper: the system's NVLink efficiency.",
  ib: "Achieved fraction of the InfiniBand bandwidth. Paper: the system's InfiniBand efficiency.",
  commHalfMB:
    'Message size per GPU at which a collective reaches half its bandwidth (latency- and protocol-bound small messages). Paper: 0.',
  dpOverlap: 'Fraction of data-parallel and ZeRO/FSDP traffic hidden under compute. Paper: 0.',
  tpOverlap: 'Fraction of tensor-parallel communication hidden under compute. Paper: 0.',
  fp8: "FP8 matmuls' efficiency relative to BF16's (casts and scaling). Paper: 1.",
  fp8Rowwise:
    "The same for FP8 with a scale per row (torchao's rowwise recipe; only runs that state it use it). Default: the FP8 efficiency above.",
  attention:
    "The attention kernel's rate relative to the matmul efficiency, for runs whose attention is PyTorch's SDPA (torchtitan: FlashAttention-2 on Hopper). Paper: 1.",
  memoryGB: 'Memory per GPU a framework adds (allocator, workspace, buffers). Paper: 0.',
  memoryFraction: 'Memory a framework adds in proportion to the model memory (fragmentation). Paper: 0.',
};

const FRACTION = multiplesOf(0.01);
const FIGURE = significant(3);

/** Fields whose value is a fraction (in hundredths); the others are sizes (3 significant digits). */
const IS_FRACTION = (k: EfficiencyKey) => EFFICIENCY_FIELDS[k].hi === 1;

export function EfficiencyGroup({
  system,
  k,
  issues,
}: {
  readonly system: SystemEntry;
  readonly k: number;
  /** The inputs' issues by field path (selectors.ts `issuesByField`). */
  readonly issues: Readonly<Record<string, string>>;
}) {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const edited = efficiencyEdited(system);
  const calibration = presetCalibration(system.preset);
  return (
    <FieldGroup
      name="Efficiency"
      note={edited ? ' (edited)' : calibration ? ' (calibrated)' : ' (the paper’s)'}
      open={open}
      onToggle={() => setOpen(!open)}
    >
      <p className="field-hint">
        {calibration
          ? `${system.preset} ships fitted to ${calibration.runs} published runs${calibration.from === system.preset ? '' : ` of ${calibration.from}`}; typical error ${percent(calibration.typicalError)} (${calibration.outOfSample ? 'out of sample' : 'in sample'}).`
          : 'No calibration: the paper’s constants.'}{' '}
        {edited ? (
          <button
            type="button"
            className="link"
            onClick={() => EFFICIENCY_KEYS.forEach((key) => setSystemEfficiency(store, k, key, undefined))}
          >
            Restore {system.preset} efficiency
          </button>
        ) : null}
      </p>
      {EFFICIENCY_KEYS.map((key) => {
        const { label, lo, hi } = EFFICIENCY_FIELDS[key];
        const fraction = IS_FRACTION(key);
        return (
          <SliderField
            key={key}
            label={fraction && !label.includes('(') ? `${label} (fraction)` : label}
            min={lo}
            max={hi}
            scale="linear"
            valid={fraction ? FRACTION : FIGURE}
            value={efficiencyOf(system.spec.efficiency, key, system.spec)}
            hint={`${EFFICIENCY_HINTS[key]} Range ${lo} to ${hi}.`}
            onChange={(v) => setSystemEfficiency(store, k, key, v)}
            error={issues[`systems[${k}].efficiency.${key}`]}
          />
        );
      })}
    </FieldGroup>
  );
}
