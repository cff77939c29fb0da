/**
 * What limits a layer or a step, for labelling tables and charts.
 */
import type { LayerRow } from './layerTime.ts';

export type LayerBound = 'compute' | 'memory' | 'communication';

/**
 * A layer is communication-bound when its exposed collectives take longer than its roofline part;
 * otherwise memory-bound when HBM traffic outlasts the FLOPs (forward and backward together), else
 * compute-bound.
 */
export function layerBound(r: LayerRow): LayerBound {
  const comm = r.fwd.comm + r.bwd.comm;
  if (comm > r.t - comm) return 'communication';
  return r.fwd.mem + r.bwd.mem > 0 ? 'memory' : 'compute';
}
