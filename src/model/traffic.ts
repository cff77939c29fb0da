/** Communication volumes of a step, from its totals. */
import type { StepTotals } from './step.ts';
import type { GB } from './units.ts';

/**
 * Data-parallel volume of one training step per GPU, GB: the step all-gathers each layer's weights over
 * the data-parallel group before the layer's forward and reduce-scatters its gradients after its backward
 * (the dp row's two collectives, §3.4), so it moves the weights and the gradients a GPU holds, of the
 * stage whose memory is largest. Shrinks with the parameters, whatever the FLOPs.
 */
export function dpVolumePerStep(t: StepTotals): GB {
  return (t.wts_mem + t.wts_grad_mem) as GB;
}
