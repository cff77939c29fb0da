/** The fastest configurations at the detailed GPU count; choosing one details it everywhere. */
import { memo } from 'react';
import { PAPER_TRAINING, type Recompute, type TrainingSpec } from '../model/spec.ts';
import { bottleneck } from '../charts/rows.ts';
import { COST_COLUMNS, configColumns, costCells, toCsv } from '../model/csv.ts';
import { dimValue, dimsUsed } from '../model/dims.ts';
import type { ParallelConfig } from '../model/spec.ts';
import { useApp, useAppStore } from '../state/react.ts';
import type { GpuResult } from '../search/search.ts';
import { costAt, effectiveConfig, effectiveResult, plannerOf, sameConfig } from '../state/selectors.ts';
import { selectConfig } from '../state/store.ts';
import { placementText } from './describe.ts';
import { downloadText } from './download.ts';
import { count, dollars, duration, gigabytes, sig, trainingTime } from './format.ts';

export const TopTable = memo(function TopTable() {
  const store = useAppStore();
  const result = useApp(effectiveResult);
  const selected = useApp(effectiveConfig);
  const strategy = useApp((s) => s.inputs.strategy);
  const l = useApp((s) => s.inputs.model.l);
  const power = useApp((s) => s.inputs.systems[s.view.activeSystem]?.spec.gpu_power);
  const view = useApp((s) => s.view);
  if (!result) return null;
  const planner = plannerOf(view);
  const costOf = (t: GpuResult['top'][number]) => costAt(planner, t.throughput, l, result.gpus, power);
  const select = (c: ParallelConfig) => selectConfig(store, result.gpus, c);
  const configs = result.top.map((t) => t.config);
  // The degrees each get a column; the NVLink placement is one column, in words.
  const degrees = dimsUsed(configs).filter((d) => !d.placement);
  // The training settings the search chose, when the inputs left any to it (or pinned them off the paper's).
  const trained = result.top.some((t) => t.training);
  const exportCsv = () => {
    const columns = configColumns(configs);
    downloadText(
      `parallax-top-${result.gpus}-gpus.csv`,
      toCsv(
        [
          'rank',
          ...columns.header,
          'throughput_samples_per_s',
          'mem_gb',
          'step_s',
          'bottleneck',
          'tokens_per_s_per_gpu',
          'mfu',
          ...COST_COLUMNS,
          ...(trained ? ['recompute', 'zero', 'precision'] : []),
        ],
        result.top.map((t, i) => [
          i + 1,
          ...columns.cells(t.config),
          t.throughput,
          t.mem,
          t.totals.t,
          bottleneck(t.totals),
          t.tokensPerSecondPerGpu,
          t.mfu,
          ...costCells(costOf(t)),
          ...(trained ? trainingCells(t.training) : []),
        ]),
      ),
      'text/csv',
    );
  };
  return (
    <section className="panel wide" aria-labelledby="top-heading">
      <div className="section-head">
        <h2 id="top-heading">
          Top {result.top.length} configurations at {count(result.gpus)} GPUs
        </h2>
        <button type="button" onClick={exportCsv} disabled={result.top.length === 0}>
          Download CSV<span className="visually-hidden"> of the top configurations</span>
        </button>
      </div>
      {result.top.length === 0 ? (
        <p>Nothing fits in HBM at this GPU count.</p>
      ) : (
        <div className="table-scroll">
          <table className="data top">
            <caption>
              Ranked by throughput; {count(result.feasible)} of {count(result.candidates)} candidates fit in
              HBM. Choose a row to detail it.
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                {degrees.map((d) => (
                  <th key={d.key} scope="col" title={d.label}>
                    {d.short}
                  </th>
                ))}
                <th scope="col">NVLink placement</th>
                <th scope="col">Throughput (samples/s)</th>
                <th scope="col">Memory (GB/GPU)</th>
                <th scope="col">Step time</th>
                <th scope="col">Bottleneck</th>
                {/* One column: the table must fit a 1280-px window; the CSV has tokens/s, MFU and each figure. */}
                <th scope="col" title="Time to train on the token budget, and its cost (Training run panel)">
                  Time, cost
                </th>
                {trained && <th scope="col">Training</th>}
              </tr>
            </thead>
            <tbody>
              {result.top.map((t, i) => {
                const c = t.config;
                const cost = costOf(t);
                const isSelected = sameConfig(c, selected);
                return (
                  <tr
                    key={i}
                    aria-selected={isSelected}
                    className={isSelected ? 'selected' : undefined}
                    onClick={() => select(c)}
                  >
                    <td>
                      <button
                        type="button"
                        aria-pressed={isSelected}
                        aria-label={`Detail configuration ${i + 1}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          select(c);
                        }}
                      >
                        {i + 1}
                      </button>
                    </td>
                    {degrees.map((d) => (
                      <td key={d.key}>{dimValue(c, d) ?? '—'}</td>
                    ))}
                    <td>{placementText(c, strategy)}</td>
                    <td className="num">{sig(t.throughput, 4)}</td>
                    <td className="num">{gigabytes(t.mem)}</td>
                    <td className="num">{duration(t.totals.t)}</td>
                    <td>{bottleneck(t.totals)}</td>
                    <td className="num">
                      {cost ? (
                        <>
                          {trainingTime(cost.timeToTrain)}
                          <br />
                          {dollars(cost.cost)}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    {trained && <td>{trainingText(t.training)}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});

const RECOMPUTE_TEXT: Record<Recompute, string> = {
  none: 'no recompute',
  selective: 'selective recompute',
  full: 'full recompute',
};

/** A chosen training setting in words, e.g. "full recompute · ZeRO 1 · bf16". */
export function trainingText(t: TrainingSpec | undefined): string {
  const s = t ?? PAPER_TRAINING;
  return `${RECOMPUTE_TEXT[s.recompute]} · ZeRO ${s.zero} · ${s.precision}`;
}

const trainingCells = (t: TrainingSpec | undefined) => {
  const s = t ?? PAPER_TRAINING;
  return [s.recompute, s.zero, s.precision];
};
