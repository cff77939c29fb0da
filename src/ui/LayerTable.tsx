/** Per-layer view of the detailed configuration: counts, collectives, times and what bounds each layer. */
import { memo } from 'react';
import { layerBound } from '../model/bound.ts';
import { toCsv } from '../model/csv.ts';
import type { Collective } from '../model/layers.ts';
import type { LayerRow } from '../model/layerTime.ts';
import { useApp } from '../state/react.ts';
import { configText } from './describe.ts';
import { downloadText } from './download.ts';
import { duration, gigabytes, teraflop } from './format.ts';

const collectivesText = (list: readonly Collective[]) =>
  list.length === 0
    ? '—'
    : list.map((c) => `${c.type} ${gigabytes(c.volume)} over ${c.group} (${c.fast} on NVLink)`).join('; ');

export const LayerTable = memo(function LayerTable() {
  const detail = useApp((s) => s.detail);
  const strategy = useApp((s) => s.inputs.strategy);
  const { evaluation, config } = detail;
  if (!config) return null;
  const rows: [string, LayerRow][] = evaluation
    ? [
        ...evaluation.blocks.flatMap((b) => b.rows.map((r): [string, LayerRow] => [b.title, r])),
        ['Step', evaluation.dp],
        ['Step', evaluation.pp],
      ]
    : [];
  const exportCsv = () =>
    downloadText(
      'parallax-layers.csv',
      toCsv(
        [
          'block',
          'layer',
          'flops_fwd_tflop',
          'flops_bwd_tflop',
          'hbm_fwd_gb',
          'hbm_bwd_gb',
          'activation_gb',
          'weights_gb',
          'collectives_fwd',
          'collectives_bwd',
          't_fwd_s',
          't_bwd_s',
          'bound',
        ],
        rows.map(([block, r]) => [
          block,
          r.name,
          r.flopsFwd,
          r.flopsBwd,
          r.memFwd,
          r.memBwd,
          r.activationBuffer,
          r.weightsMem,
          collectivesText(r.commFwd),
          collectivesText(r.commBwd),
          r.fwd.t,
          r.bwd.t,
          layerBound(r),
        ]),
      ),
      'text/csv',
    );
  return (
    <section className="panel wide" aria-labelledby="layers-heading">
      <div className="section-head">
        <h2 id="layers-heading">Per-layer breakdown</h2>
        <button type="button" onClick={exportCsv} disabled={!evaluation}>
          Download CSV<span className="visually-hidden"> of the per-layer breakdown</span>
        </button>
      </div>
      <p className="muted">{configText(config, strategy)}</p>
      {detail.error ? <p role="alert">This configuration cannot run: {detail.error}</p> : null}
      {detail.pending ? <p>Evaluating…</p> : null}
      {evaluation ? (
        <div className="table-scroll">
          <table className="data layers">
            <caption>
              One micro-batch through one transformer layer; the data- and pipeline-parallel rows are per
              training step.
            </caption>
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Layer</th>
                <th scope="col">FLOPs fwd</th>
                <th scope="col">FLOPs bwd</th>
                <th scope="col">HBM traffic fwd</th>
                <th scope="col">HBM traffic bwd</th>
                <th scope="col">Collectives fwd</th>
                <th scope="col">Collectives bwd</th>
                <th scope="col">Time fwd</th>
                <th scope="col">Time bwd</th>
                <th scope="col">Bound</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([block, r], i) => (
                <tr key={i}>
                  <td>{block}</td>
                  <th scope="row">
                    {r.name}
                    {r.recomputed && (
                      // Its backward columns include its forward, redone (activation recomputation).
                      <span title="recomputed: the backward redoes this layer's forward"> (recomputed)</span>
                    )}
                    {r.fp8 && <span title="GEMM at the FP8 rate"> (FP8)</span>}
                  </th>
                  <td className="num">{teraflop(r.flopsFwd)}</td>
                  <td className="num">{teraflop(r.flopsBwd)}</td>
                  <td className="num">{gigabytes(r.memFwd)}</td>
                  <td className="num">{gigabytes(r.memBwd)}</td>
                  <td className="coll">{collectivesText(r.commFwd)}</td>
                  <td className="coll">{collectivesText(r.commBwd)}</td>
                  <td className="num">{duration(r.fwd.t)}</td>
                  <td className="num">{duration(r.bwd.t)}</td>
                  <td className={`bound bound-${layerBound(r)}`}>{layerBound(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
});
