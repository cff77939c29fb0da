/** Accelerator generations side by side: curves overlaid, speed-ups over the first, breakdowns at one GPU count. */
import { useCallback } from 'react';
import { CompareBreakdownChart, ScalingChart, SpeedupChart } from '../charts/index.ts';
import { bottleneck } from '../charts/rows.ts';
import { SYSTEM_PRESET_IDS, type SystemPresetId } from '../presets/systems.ts';
import { MAX_SYSTEMS, systemLabel } from '../state/inputs.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { costAt, effectiveGpus, plannerOf, resultsStale } from '../state/selectors.ts';
import { addSystem, removeSystem, selectGpus, setActiveSystem, setSystemPreset } from '../state/store.ts';
import {
  bigCount,
  count,
  dollars,
  duration,
  energy,
  gigabytes,
  percent,
  sig,
  trainingTime,
} from './format.ts';
import { useSeries } from './useSeries.ts';

export function CompareView() {
  const store = useAppStore();
  const series = useSeries();
  const gpus = useApp(effectiveGpus);
  const mode = useApp((s) => s.view.breakdown);
  const stale = useApp(resultsStale);
  const onSelectGpus = useCallback((n: number) => selectGpus(store, n), [store]);
  return (
    <div className="view" data-stale={stale || undefined}>
      <SystemsEditor />
      {stale ? (
        <p className="stale-note" data-testid="stale-note">
          Fix the highlighted inputs to search. The charts and table below, dimmed, are of the last valid
          inputs.
        </p>
      ) : null}
      <div className="charts">
        <ScalingChart series={series} selectedGpus={gpus} onSelectGpus={onSelectGpus} />
        <SpeedupChart series={series} />
        <CompareBreakdownChart series={series} gpus={gpus} mode={mode} />
      </div>
      <SpeedupTable gpus={gpus} />
    </div>
  );
}

function SystemsEditor() {
  const store = useAppStore();
  const systems = useApp((s) => s.inputs.systems);
  const active = useApp((s) => s.view.activeSystem);
  return (
    <section className="panel wide systems-editor" aria-labelledby="systems-heading">
      <h2 id="systems-heading">Systems compared</h2>
      <p className="muted">
        The first is the baseline of speed-ups. Edit a system's figures in the System panel.
      </p>
      <ol className="systems">
        {systems.map((s, k) => (
          <li key={k} className={k === active ? 'active' : undefined}>
            <label>
              <span className="visually-hidden">System {k + 1} preset</span>
              <select
                aria-label={`System ${k + 1} preset`}
                value={s.preset}
                onChange={(e) => setSystemPreset(store, k, e.target.value as SystemPresetId)}
              >
                {SYSTEM_PRESET_IDS.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
            <span className="system-label">{systemLabel(s)}</span>
            <button type="button" aria-pressed={k === active} onClick={() => setActiveSystem(store, k)}>
              Edit<span className="visually-hidden"> system {k + 1}</span>
            </button>
            <button
              type="button"
              onClick={() => removeSystem(store, k)}
              disabled={systems.length <= 1}
              aria-label={`Remove system ${k + 1}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      {systems.length < MAX_SYSTEMS ? (
        <label className="field inline">
          <span className="field-label">Add a system</span>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) addSystem(store, e.target.value as SystemPresetId);
            }}
          >
            <option value="">Choose a preset…</option>
            {SYSTEM_PRESET_IDS.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </section>
  );
}

function SpeedupTable({ gpus }: { gpus: number | null }) {
  const series = useSeries();
  const systems = useApp((s) => s.inputs.systems);
  const l = useApp((s) => s.inputs.model.l);
  const view = useApp((s) => s.view);
  if (gpus === null) return null;
  const planner = plannerOf(view);
  const rows = series.map((s, k) => {
    const best = s.results.find((r) => r.gpus === gpus)?.top[0];
    const cost = best ? costAt(planner, best.throughput, l, gpus, systems[k]?.spec.gpu_power) : null;
    return { label: s.label, best, cost };
  });
  const base = rows[0]?.best?.throughput;
  return (
    <section className="panel wide" aria-labelledby="speedup-heading">
      <h2 id="speedup-heading">At {count(gpus)} GPUs</h2>
      <div className="table-scroll">
        <table className="data">
          <caption>
            The fastest configuration of each system and its speed-up over the first; time to train, cost and
            energy of {bigCount(view.tokenBudget)} tokens at ${sig(view.pricePerGpuHour)} per GPU-hour
            (Training run panel).
          </caption>
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Throughput (samples/s)</th>
              <th scope="col">Speed-up</th>
              <th scope="col">Step time</th>
              <th scope="col">Memory (GB/GPU)</th>
              <th scope="col">Bottleneck</th>
              <th scope="col">Tokens/s per GPU</th>
              <th scope="col">MFU</th>
              <th scope="col">Time to train</th>
              <th scope="col">GPU-hours</th>
              <th scope="col">Cost</th>
              <th scope="col">Energy</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.best ? (
                  <>
                    <td className="num">{sig(r.best.throughput, 4)}</td>
                    <td className="num">{base ? `${sig(r.best.throughput / base)}×` : '—'}</td>
                    <td className="num">{duration(r.best.totals.t)}</td>
                    <td className="num">{gigabytes(r.best.mem)}</td>
                    <td>{bottleneck(r.best.totals)}</td>
                    <td className="num">{sig(r.best.tokensPerSecondPerGpu)}</td>
                    <td className="num">{percent(r.best.mfu)}</td>
                    <td className="num">{r.cost ? trainingTime(r.cost.timeToTrain) : '—'}</td>
                    <td className="num">{r.cost ? bigCount(r.cost.gpuHours) : '—'}</td>
                    <td className="num">{r.cost ? dollars(r.cost.cost) : '—'}</td>
                    <td className="num">{energy(r.cost?.energyMWh ?? null)}</td>
                  </>
                ) : (
                  <td colSpan={11}>Nothing fits in HBM</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
