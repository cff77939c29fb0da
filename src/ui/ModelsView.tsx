/**
 * Models side by side on one system (the edited one): overlaid scaling curves, and at one GPU count each
 * model's step time, memory by kind, data-parallel traffic, fastest configuration and the fewest GPUs at
 * which it fits. Every figure is the engine's, from one search per model in the worker pool.
 */
import { useCallback, useMemo, useRef } from 'react';
import { CompareBreakdownChart } from '../charts/CompareBreakdownChart.tsx';
import { CompareMemoryChart } from '../charts/CompareMemoryChart.tsx';
import { fewestGpus, paramsOf } from '../charts/modelRows.ts';
import { ScalingChart } from '../charts/ScalingChart.tsx';
import { TIME_PARTS, bottleneck, type SeriesInput } from '../charts/rows.ts';
import { dpVolumePerStep } from '../model/traffic.ts';
import type { RankedConfig } from '../search/search.ts';
import { MODEL_PRESET_IDS } from '../presets/models.ts';
import { modelPresetOf, systemLabel } from '../state/inputs.ts';
import {
  MAX_MODELS,
  MIN_MODELS,
  MODEL_VARIANTS,
  comparedModelLabel,
  type ComparedModel,
  type ModelSource,
} from '../state/models.ts';
import { modelsGpus } from '../state/modelsSync.ts';
import { useApp, useAppStore } from '../state/react.ts';
import { selectGpuList, seriesResults } from '../state/selectors.ts';
import {
  addComparedModel,
  removeComparedModel,
  selectGpus,
  setComparedSource,
  setComparedVariant,
} from '../state/store.ts';
import { degreesText, placementText } from './describe.ts';
import { bigCount, count, duration, gigabytes, sig } from './format.ts';

const VARIANT_IDS = Object.keys(MODEL_VARIANTS);

export function ModelsView() {
  const store = useAppStore();
  const series = useModelSeries();
  const gpus = useApp(modelsGpus);
  const mode = useApp((s) => s.view.breakdown);
  const system = useApp((s) => s.inputs.systems[s.view.activeSystem]);
  const onSelectGpus = useCallback((n: number) => selectGpus(store, n), [store]);
  return (
    <div className="view models-view">
      <ModelsEditor />
      <div className="charts">
        <ScalingChart series={series} selectedGpus={gpus} onSelectGpus={onSelectGpus} />
        <CompareBreakdownChart series={series} gpus={gpus} mode={mode} noun="model" />
        <CompareMemoryChart series={series} gpus={gpus} capacityGB={system?.spec.hbm_capacity ?? 0} />
      </div>
      <ModelsTable series={series} gpus={gpus} />
    </div>
  );
}

/** "current model (llama3.1-8b)": which model the model panel holds. */
function useLabel(): (m: ComparedModel) => string {
  const current = useApp((s) => s.inputs.model);
  return useCallback(
    (m: ComparedModel) =>
      m.source === 'current'
        ? `${comparedModelLabel(m)} (${modelPresetOf(current) ?? 'custom'})`
        : comparedModelLabel(m),
    [current],
  );
}

/** The compared models' results as chart series, the same objects while their labels and results are. */
function useModelSeries(): readonly SeriesInput[] {
  const models = useApp((s) => s.view.compareModels);
  const results = useApp((s) => s.models.series);
  const inputs = useApp((s) => s.inputs);
  const label = useLabel();
  const last = useRef<readonly SeriesInput[]>([]);
  return useMemo(() => {
    const gpus = selectGpuList(inputs);
    const prev = last.current;
    const next = models.map((m, k): SeriesInput => {
      const fresh = {
        key: `m${k}`,
        label: `${k + 1}. ${label(m)}`,
        results: seriesResults(results[k], gpus),
      };
      const old = prev[k];
      const same =
        old &&
        old.label === fresh.label &&
        old.results.length === fresh.results.length &&
        old.results.every((r, i) => r === fresh.results[i]);
      return same ? old : fresh;
    });
    if (next.length !== prev.length || next.some((s, k) => s !== prev[k])) last.current = next;
    return last.current;
  }, [models, results, inputs, label]);
}

function SourceOptions() {
  return (
    <>
      <option value="current">current model</option>
      {MODEL_PRESET_IDS.map((id) => (
        <option key={id} value={id}>
          {id}
        </option>
      ))}
    </>
  );
}

function ModelsEditor() {
  const store = useAppStore();
  const models = useApp((s) => s.view.compareModels);
  const system = useApp((s) => s.inputs.systems[s.view.activeSystem]);
  const invalid = useApp((s) => s.models.series);
  const label = useLabel();
  return (
    <section className="panel wide systems-editor" aria-labelledby="models-heading">
      <h2 id="models-heading">Models compared</h2>
      <p className="muted">
        Each model's fastest configuration on {system ? systemLabel(system) : 'the edited system'} (the system
        the System panel edits), with the batch, strategy and GPU range of the scenario. "Current model" is
        the model the Model panel edits.
      </p>
      <ol className="systems models">
        {models.map((m, k) => (
          <li key={k}>
            <select
              aria-label={`Model ${k + 1}`}
              value={m.source}
              onChange={(e) => setComparedSource(store, k, e.target.value as ModelSource)}
            >
              <SourceOptions />
            </select>
            {VARIANT_IDS.length > 0 ? (
              <select
                aria-label={`Model ${k + 1} variant`}
                value={m.variant ?? ''}
                onChange={(e) => setComparedVariant(store, k, e.target.value || null)}
              >
                <option value="">as it is</option>
                {VARIANT_IDS.map((id) => (
                  <option key={id} value={id}>
                    {MODEL_VARIANTS[id]?.label ?? id}
                  </option>
                ))}
              </select>
            ) : null}
            <span className="system-label">{label(m)}</span>
            <button
              type="button"
              onClick={() => removeComparedModel(store, k)}
              disabled={models.length <= MIN_MODELS}
              aria-label={`Remove model ${k + 1}`}
            >
              Remove
            </button>
            {invalid[k]?.invalid ? (
              <span className="field-error" role="alert">
                Cannot be searched: {invalid[k]?.invalid}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {models.length < MAX_MODELS ? (
        <label className="field inline">
          <span className="field-label">Add a model</span>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) addComparedModel(store, e.target.value as ModelSource);
            }}
          >
            <option value="">Choose a model…</option>
            <SourceOptions />
          </select>
        </label>
      ) : null}
    </section>
  );
}

interface Row {
  readonly name: string;
  /** The cell of a model's fastest configuration; null when nothing fits at the GPU count. */
  readonly cell: (best: RankedConfig) => string;
  readonly value?: (best: RankedConfig) => number;
  readonly id?: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'Throughput (samples/s)',
    cell: (b) => sig(b.throughput, 4),
    value: (b) => b.throughput,
    id: 'throughput',
  },
  { name: 'Step time', cell: (b) => duration(b.totals.t), value: (b) => b.totals.t, id: 'step' },
  ...TIME_PARTS.map((p) => ({
    name: `· ${p.label}`,
    cell: (b: RankedConfig) => duration(b.totals[p.total]),
  })),
  { name: 'Bound by', cell: (b) => bottleneck(b.totals) },
  { name: 'Memory per GPU', cell: (b) => gigabytes(b.mem), value: (b) => b.mem, id: 'memory' },
  { name: '· Weights', cell: (b) => gigabytes(b.totals.wts_mem) },
  { name: '· Gradients', cell: (b) => gigabytes(b.totals.wts_grad_mem) },
  { name: '· Optimizer states', cell: (b) => gigabytes(b.totals.wts_optimizer_states_mem) },
  { name: '· Activations', cell: (b) => gigabytes(b.totals.acts_mem) },
  {
    name: 'DP traffic per GPU per step',
    cell: (b) => gigabytes(dpVolumePerStep(b.totals)),
    value: (b) => dpVolumePerStep(b.totals),
    id: 'dp-volume',
  },
  { name: 'DP communication time', cell: (b) => duration(b.totals.t_dp_comm) },
];

function ModelsTable({ series, gpus }: { series: readonly SeriesInput[]; gpus: number | null }) {
  const inputs = useApp((s) => s.inputs);
  const { strategy, gpuMin, gpuMax } = inputs;
  const range = useMemo(() => selectGpuList(inputs), [inputs]);
  const cols = series.map((s) => {
    const at = gpus === null ? undefined : s.results.find((r) => r.gpus === gpus);
    return {
      s,
      params: paramsOf(s.results),
      fewest: fewestGpus(s.results, range),
      // undefined: not searched yet; null: nothing fits.
      best: at === undefined ? undefined : (at.top[0] ?? null),
    };
  });
  const blank = (c: (typeof cols)[number]) => (c.best === undefined && gpus !== null ? '…' : '—');
  const anyMoe = cols.some((c) => c.params && c.params.active !== c.params.total);
  return (
    <section className="panel wide" aria-labelledby="models-table-heading">
      <h2 id="models-table-heading">{gpus === null ? 'Models side by side' : `At ${count(gpus)} GPUs`}</h2>
      <div className="table-scroll">
        <table className="data models-table">
          <caption>
            Each model's parameters, the fewest GPUs (from {count(gpuMin)} to {count(gpuMax)}) at which it
            fits, and its fastest configuration{gpus === null ? '' : ` at ${count(gpus)} GPUs`}.
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              {cols.map((c) => (
                <th scope="col" key={c.s.key}>
                  {c.s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Parameters</th>
              {cols.map((c, k) => (
                <td className="num" key={c.s.key} data-testid={`params-${k}`} data-value={c.params?.total}>
                  {c.params ? bigCount(c.params.total) : '—'}
                </td>
              ))}
            </tr>
            {anyMoe ? (
              <tr>
                <th scope="row">Active per token</th>
                {cols.map((c) => (
                  <td className="num" key={c.s.key}>
                    {c.params ? bigCount(c.params.active) : '—'}
                  </td>
                ))}
              </tr>
            ) : null}
            <tr>
              <th scope="row">Fewest GPUs that fit</th>
              {cols.map((c, k) => (
                <td
                  className="num"
                  key={c.s.key}
                  data-testid={`fewest-${k}`}
                  data-value={c.fewest ?? undefined}
                >
                  {c.fewest === undefined
                    ? '…'
                    : c.fewest === null
                      ? `none up to ${count(gpuMax)}`
                      : count(c.fewest)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Fastest configuration</th>
              {cols.map((c) => (
                <td key={c.s.key} className="config-cell">
                  {c.best ? (
                    <span title={`NVLink domain: ${placementText(c.best.config, strategy)}`}>
                      {degreesText(c.best.config, strategy)}
                    </span>
                  ) : (
                    blank(c)
                  )}
                </td>
              ))}
            </tr>
            {ROWS.map((r) => (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                {cols.map((c, k) => (
                  <td
                    className="num"
                    key={c.s.key}
                    data-testid={r.id ? `${r.id}-${k}` : undefined}
                    data-value={r.value && c.best ? r.value(c.best) : undefined}
                  >
                    {c.best ? r.cell(c.best) : blank(c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {gpus !== null && cols.some((c) => c.best === null) ? (
        <p className="muted">—: nothing of that model fits in HBM at {count(gpus)} GPUs.</p>
      ) : null}
    </section>
  );
}
