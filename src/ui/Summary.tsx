/** The answer first: the fastest configuration at the detailed GPU count, and the search's progress. */
import { memo, useEffect, useState } from 'react';
import { bottleneck } from '../charts/rows.ts';
import { systemLabel } from '../state/inputs.ts';
import { useApp } from '../state/react.ts';
import { costAt, effectiveGpus, effectiveResult, plannerOf, resultsStale } from '../state/selectors.ts';
import { explainDiagnosis } from '../search/diagnose.ts';
import { presetCalibration } from '../presets/calibrated.ts';
import { configText } from './describe.ts';
import { useServices } from './services.ts';
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

/** Shows the progress bar only for runs that last longer than this. */
const PROGRESS_AFTER_MS = 200;

export const Summary = memo(function Summary() {
  const result = useApp(effectiveResult);
  const gpus = useApp(effectiveGpus);
  const inputs = useApp((s) => s.inputs);
  const k = useApp((s) => s.view.activeSystem);
  const status = useApp((s) => s.results.status);
  // When nothing fits anywhere, the largest GPU count's reason (the most memory, the most splits).
  const largest = useApp((s) => s.results.series[k]?.byGpus[s.inputs.gpuMax]);
  const stale = useApp(resultsStale);
  const system = inputs.systems[k];
  // While the inputs are invalid the last results are of other inputs: no figure is shown as the answer.
  const best = stale ? undefined : result?.top[0];
  // The model's parameters: from the best's full evaluation, or from the per-layer view's when this GPU
  // count came without one (the counts are the model's, the same at every GPU count).
  const detail = useApp((s) => s.detail.evaluation);
  const params = stale ? undefined : (result?.best ?? detail)?.params;
  const view = useApp((s) => s.view);
  const planner = plannerOf(view);
  const { tokenBudget } = view;
  const cost =
    result && best
      ? costAt(planner, best.throughput, inputs.model.l, result.gpus, system?.spec.gpu_power)
      : null;
  const calibration = system ? presetCalibration(system.preset) : null;
  // Only while the system runs with the efficiency its calibration fitted.
  const calibrated =
    calibration && JSON.stringify(system?.spec.efficiency) === JSON.stringify(calibration.efficiency)
      ? calibration
      : null;
  return (
    <section className="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">
        Fastest configuration{gpus !== null ? ` at ${count(gpus)} GPUs` : ''}
        {system ? ` on ${systemLabel(system)}` : ''}
      </h2>
      {calibrated ? (
        <p className="summary-calibration muted" data-testid="calibration-note">
          calibrated on {count(calibrated.runs)} runs
          {calibrated.from !== system?.preset ? ` of ${calibrated.from}` : ''}, typical error{' '}
          {percent(calibrated.typicalError)}
          {calibrated.outOfSample ? ' on runs the fit never saw' : ' (in sample)'}
        </p>
      ) : null}
      {result && best ? (
        <>
          <p className="summary-config" data-testid="best-config">
            {configText(best.config, inputs.strategy)}
          </p>
          {params ? (
            <p className="summary-params" data-testid="model-params">
              {bigCount(params.total)} parameters
              {params.active !== params.total ? `, ${bigCount(params.active)} active per token` : ''}
            </p>
          ) : null}
          <p className="summary-figures">
            <span className="big">
              <span data-testid="best-throughput">{sig(best.throughput, 4)}</span> samples/s
            </span>
            <span data-testid="best-tokens">
              {/* The engine's rate per GPU times the GPUs it ran on is the whole job's rate. */}
              {bigCount(best.tokensPerSecondPerGpu * result.gpus)} tokens/s, {sig(best.tokensPerSecondPerGpu)}{' '}
              per GPU
            </span>
            <span data-testid="best-mfu">{percent(best.mfu)} MFU</span>
            {cost ? (
              <span data-testid="best-cost">
                {bigCount(tokenBudget)} tokens in{' '}
                <span data-testid="best-time-to-train">{trainingTime(cost.timeToTrain)}</span>:{' '}
                {bigCount(cost.gpuHours)} GPU-hours, {dollars(cost.cost)},{' '}
                {cost.energyMWh === null ? 'energy unknown (set the power per GPU)' : energy(cost.energyMWh)}
              </span>
            ) : null}
            <span>step {duration(best.totals.t)}</span>
            <span>
              {gigabytes(best.mem)} of {gigabytes(system?.spec.hbm_capacity ?? NaN)} HBM per GPU
            </span>
            <span>bound by {bottleneck(best.totals)}</span>
            <span>
              {count(result.feasible)} of {count(result.candidates)} candidates fit
            </span>
          </p>
        </>
      ) : (
        <p className="summary-config" data-testid="best-config">
          {stale
            ? 'Fix the highlighted inputs to search.'
            : result
              ? result.why
                ? explainDiagnosis(result.why)
                : `Nothing fits in HBM at ${count(result.gpus)} GPUs: try more GPUs or a larger memory.`
              : status === 'done'
                ? `Nothing fits at any GPU count from ${count(inputs.gpuMin)} to ${count(inputs.gpuMax)}.${largest?.why ? ` ${explainDiagnosis(largest.why)}` : ' Try more GPUs or a larger memory.'}`
                : status === 'cancelled'
                  ? 'The search was stopped before it found a configuration that fits.'
                  : 'Searching…'}
        </p>
      )}
      {stale && result ? (
        <p className="muted" data-testid="stale-note">
          The charts and tables below, dimmed, are of the last valid inputs.
        </p>
      ) : null}
      <Progress />
    </section>
  );
});

function Progress() {
  const results = useApp((s) => s.results);
  const services = useServices();
  const [now, setNow] = useState(() => performance.now());
  const running = results.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [running]);
  if (results.status === 'cancelled')
    return <p className="progress">Search stopped: the results shown are those found before it stopped.</p>;
  const elapsed = now - results.startedAt;
  if (!running || elapsed < PROGRESS_AFTER_MS || results.total === 0) return null;
  // Remaining time at the rate seen so far in this run.
  const left = results.done > 0 ? ((results.total - results.done) * elapsed) / results.done / 1000 : null;
  return (
    <div className="progress" data-testid="search-progress">
      <progress max={results.total} value={results.done} aria-label="Search progress" />
      <span>
        {count(results.done)} / {count(results.total)} candidates
        {left !== null && left > 1 ? `, about ${duration(left)} left` : ''}
      </span>
      <button type="button" onClick={() => services.cancelSearch()}>
        Stop search
      </button>
    </div>
  );
}
