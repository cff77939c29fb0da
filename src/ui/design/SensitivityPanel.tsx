/** Sensitivity: what improving one hardware figure by 10% or 2× buys, at the studied GPU count and across scale. */
import { useDeferredValue, useMemo } from 'react';
import { formatCount } from '../../charts/format.ts';
import { formatRatio, sensitivityRanking, type FactorSpeedup } from '../../charts/heatmapRows.ts';
import { SensitivityRankChart, SensitivityScalingChart } from '../../charts/SensitivityChart.tsx';
import { staggered } from '../../charts/stagger.ts';
import { designGpus } from '../../state/designSync.ts';
import { systemLabel } from '../../state/inputs.ts';
import { useApp } from '../../state/react.ts';

// The two charts take each update in frames of their own, as the explorer's do: see stagger.ts.
const RankChart = staggered(SensitivityRankChart);
const ScaleChart = staggered(SensitivityScalingChart);

export function SensitivityPanel() {
  const sensitivity = useDeferredValue(useApp((s) => s.design.sensitivity));
  const gpus = useApp(designGpus);
  const base = useApp((s) => s.inputs.systems[s.view.activeSystem]);
  const status = useApp((s) => s.design.status);
  const ranks = useMemo(
    () => (sensitivity ? sensitivityRanking(sensitivity, gpus) : []),
    [sensitivity, gpus],
  );
  if (!sensitivity)
    return (
      <p className="panel wide muted" role="status">
        {status === 'running' ? 'Preparing the study…' : 'No sensitivity study computed yet.'}
      </p>
    );
  const label = base ? systemLabel(base) : 'the edited system';
  return (
    <section className="design-section" aria-labelledby="sensitivity-heading">
      <h2 id="sensitivity-heading" className="visually-hidden">
        Sensitivity
      </h2>
      <p className="design-note">
        Each hardware figure of <strong>{label}</strong> improved on its own, every parallel configuration
        searched again.
      </p>
      <div className="charts">
        <RankChart ranks={ranks} gpus={gpus} />
        <ScaleChart sensitivity={sensitivity} />
      </div>
      <section className="panel wide" aria-labelledby="sensitivity-table-heading">
        <h2 id="sensitivity-table-heading">Speed-ups at {formatCount(gpus)} GPUs</h2>
        <table className="data sensitivity-table">
          <caption>
            Best throughput with one figure improved, divided by that of {label}; ranked by the +10% column.
          </caption>
          <thead>
            <tr>
              <th scope="col">Hardware figure</th>
              <th scope="col">+10% speed-up</th>
              <th scope="col">2× speed-up</th>
            </tr>
          </thead>
          <tbody>
            {ranks.map((r) => (
              <tr key={r.field}>
                <th scope="row">{r.label}</th>
                <td className="num">{speedupText(r.tenPercent)}</td>
                <td className="num">{speedupText(r.double)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function speedupText(f: FactorSpeedup | null): string {
  if (f === null) return 'not studied';
  if (f.enables) return 'fits only with it';
  if (f.speedup === undefined) return 'searching…';
  if (f.speedup === null) return 'nothing fits';
  return formatRatio(f.speedup);
}
