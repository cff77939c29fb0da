/**
 * The reference's record shapes (snake_case keys, its row order), for the CLI's output and golden
 * comparisons. Values that are not finite (an intensity with no traffic) become null, as JSON has no
 * infinity.
 */
import type { Evaluation } from './evaluate.ts';
import type { Collective } from './layers.ts';
import type { LayerRow } from './layerTime.ts';
import type { StepTotals } from './step.ts';

export interface ReferenceRow {
  readonly name: string;
  readonly flops_fwd: number;
  readonly flops_bwd: number;
  readonly mem_fwd: number;
  readonly mem_bwd: number;
  readonly activation_buffer: number;
  readonly weights_mem: number;
  readonly weights_grad_mem: number;
  readonly collectives_fwd: readonly Collective[];
  readonly collectives_bwd: readonly Collective[];
  readonly t_fwd: number;
  readonly t_fwd_comm: number;
  readonly t_fwd_comp: number;
  readonly t_fwd_mem: number;
  readonly intensity_fwd: number | null;
  readonly t_bwd: number;
  readonly t_bwd_comm: number;
  readonly t_bwd_comp: number;
  readonly t_bwd_mem: number;
  readonly intensity_bwd: number | null;
  readonly t: number;
}

export interface ReferenceResult {
  readonly mlp: readonly ReferenceRow[];
  readonly sa: readonly ReferenceRow[];
  readonly dp: ReferenceRow;
  readonly pp: ReferenceRow;
  readonly totals: StepTotals;
  readonly throughput: number;
  readonly fits: boolean;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

const collectives = (list: readonly Collective[]): Collective[] =>
  list.map((c) => ({ type: c.type, volume: c.volume, group: c.group, fast: c.fast }));

export function referenceRow(r: LayerRow): ReferenceRow {
  return {
    name: r.name,
    flops_fwd: r.flopsFwd,
    flops_bwd: r.flopsBwd,
    mem_fwd: r.memFwd,
    mem_bwd: r.memBwd,
    activation_buffer: r.activationBuffer,
    weights_mem: r.weightsMem,
    weights_grad_mem: r.weightsGradMem,
    collectives_fwd: collectives(r.commFwd),
    collectives_bwd: collectives(r.commBwd),
    t_fwd: r.fwd.t,
    t_fwd_comm: r.fwd.comm,
    t_fwd_comp: r.fwd.comp,
    t_fwd_mem: r.fwd.mem,
    intensity_fwd: finite(r.fwd.intensity),
    t_bwd: r.bwd.t,
    t_bwd_comm: r.bwd.comm,
    t_bwd_comp: r.bwd.comp,
    t_bwd_mem: r.bwd.mem,
    intensity_bwd: finite(r.bwd.intensity),
    t: r.t,
  };
}

export function referenceResult(e: Evaluation): ReferenceResult {
  return {
    mlp: e.mlp.map(referenceRow),
    sa: e.sa.map(referenceRow),
    dp: referenceRow(e.dp),
    pp: referenceRow(e.pp),
    totals: e.totals,
    throughput: e.throughput,
    fits: e.fits,
  };
}
