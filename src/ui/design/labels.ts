/** The design views' words: mode and sweep names, axis titles of design-space maps. */
import { CONFIG_DIMS } from '../../model/dims.ts';
import type { SweepKind } from '../../search/sweeps.ts';
import type { DesignMode } from '../../state/design.ts';

export const MODE_LABELS: Readonly<Record<DesignMode, string>> = {
  sweep: 'Hardware sweep',
  sensitivity: 'Sensitivity',
  map: 'Design-space map',
  figures: 'Paper figures',
};

export const SWEEP_LABELS: Readonly<Record<SweepKind, string>> = {
  'cap-bw': 'HBM capacity × bandwidth',
  'flops-cap': 'Matrix TFLOP/s × HBM capacity (GPU generations)',
  'nvlink-ib': 'NVLink × InfiniBand bandwidth',
  'domain-gpus': 'NVLink domain size × GPU count',
};

/** A design-space map axis ('tp', 'pp', 'tp1', 'tp2') spelled out, with its unit. */
export function mapAxisTitle(axis: string): string {
  // 'tp' is the 1D strategy's only tensor-parallel degree (tp1 in a configuration).
  if (axis === 'tp') return 'Tensor-parallel degree tp (GPUs)';
  const label = CONFIG_DIMS.find((d) => d.key === axis)?.label;
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : axis;
}

/** The pair a map studies, in words: "tensor- and pipeline-parallel degrees (tp, pp)". */
export function mapPairText(axes: readonly [string, string]): string {
  return axes[0] === 'tp'
    ? 'tensor- and pipeline-parallel degrees (tp, pp)'
    : 'tensor-parallel degrees (tp1, tp2)';
}
