/**
 * About's section on the efficiency model (model/efficiency.ts) and its calibration: each parameter, its
 * paper default and meaning, what each system's fit adjusted, and the errors measured in and out of sample
 * (presets/calibration.ts, from `npm run calibration`).
 */
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS, PAPER_EFFICIENCY } from '../model/efficiency.ts';
import { peakErrors } from '../model/calibrationRow.ts';
import { EAGER_BYTES } from '../model/training.ts';
import { CALIBRATIONS, DERIVED_CALIBRATIONS } from '../presets/calibration.ts';
import { CALIBRATION_ROWS } from '../presets/calibrationRuns.ts';
import { RUN_SYSTEMS } from '../presets/runSystems.ts';
import { EFFICIENCY_HINTS } from './EfficiencyGroup.tsx';
import { percent } from './format.ts';

const paperDefault = (k: (typeof EFFICIENCY_KEYS)[number]) =>
  k === 'nvlink' || k === 'ib'
    ? "the system's link efficiency"
    : k === 'fp8Rowwise'
      ? 'the FP8 efficiency'
      : String(PAPER_EFFICIENCY[k]);
const orDash = (f: number | null) => (f === null ? '—' : percent(f));

/** torchtitan's H100s' HBM bandwidth (GB/s), as its runs are timed. */
const TITAN_HBM = RUN_SYSTEMS['h100-96gb-500w'].spec.hbm_bandwidth;

/** torchtitan's H100s' fitted attention kernel rate, relative to their matmul efficiency. */
const TITAN_ATTENTION = CALIBRATIONS['h100-96gb-500w']?.efficiency.attention ?? 1;

/** The shipped framework memory fraction (one fit, on the systems whose runs follow torchtitan). */
const FRACTION =
  Object.values(CALIBRATIONS).find((c) => c.efficiency.memoryFraction !== undefined)?.efficiency
    .memoryFraction ?? 0;
const PEAKS = peakErrors(CALIBRATION_ROWS.runs, FRACTION);
const meanAbs = (xs: readonly number[]) => xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length;
const maxAbs = (xs: readonly number[]) => Math.max(...xs.map(Math.abs));

export function AboutEfficiency() {
  return (
    <section aria-labelledby="about-efficiency">
      <h3 id="about-efficiency">Efficiency and calibration (beyond the paper)</h3>
      <p>
        The paper runs every matmul at 0.8 of peak, every collective at its tier&apos;s fixed link efficiency,
        and overlaps nothing. A system may instead carry a handful of efficiency parameters; each left out is
        the paper&apos;s constant, so the paper&apos;s four systems reproduce the reference exactly. The
        product presets ship with parameters fitted to published measured runs by least squares on the log of
        tokens/s per GPU (<code>cli calibrate</code>); the system panel&apos;s Efficiency group edits them,
        and the Calibration tab shows every run&apos;s prediction against its measurement.
      </p>
      <div className="table-scroll">
        <table className="data">
          <caption>The parameters, their ranges and the paper&apos;s values.</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Range</th>
              <th scope="col">Paper</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {EFFICIENCY_KEYS.map((k) => (
              <tr key={k}>
                <th scope="row">{EFFICIENCY_FIELDS[k].label}</th>
                <td className="num">
                  {EFFICIENCY_FIELDS[k].lo}–{EFFICIENCY_FIELDS[k].hi}
                </td>
                <td className="num">{paperDefault(k)}</td>
                <td>{EFFICIENCY_HINTS[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table className="data" data-testid="about-calibration">
          <caption>
            Each calibrated system: the parameters its fit adjusted, and the mean |error| of tokens/s per GPU
            in sample and on runs the fit never saw (leave one model out, leave one source out; — with one
            model or one source).{' '}
            {Object.entries(DERIVED_CALIBRATIONS)
              .map(([to, from]) => `${to} takes ${from}'s fit`)
              .join('; ')}{' '}
            (same compute die and software stack).
          </caption>
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Runs (models)</th>
              <th scope="col">Fitted</th>
              <th scope="col">In sample</th>
              <th scope="col">Leave model out</th>
              <th scope="col">Leave source out</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(CALIBRATIONS).map(([id, c]) => (
              <tr key={id}>
                <th scope="row">{id}</th>
                <td className="num">
                  {c.runs} ({c.models})
                </td>
                <td>
                  {EFFICIENCY_KEYS.filter((k) => c.efficiency[k] !== undefined)
                    .map((k) => `${k} ${Number(c.efficiency[k]!.toPrecision(3))}`)
                    .join(', ')}
                </td>
                <td className="num">{percent(c.inSample)}</td>
                <td className="num">{orDash(c.leaveModelOut)}</td>
                <td className="num">{orDash(c.leaveSourceOut)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="about-torchtitan-time">
        Time, too, follows what a torchtitan run states. Its H100s are 96 GB HBM2e parts at {TITAN_HBM / 1000}{' '}
        TB/s, capped at 500 W (the cap&apos;s lower clocks are in their fitted matmul efficiency). Eager runs
        (no torch.compile) move the bytes of their unfused RMSNorm and SwiGLU kernel chains, counted from its
        code ({EAGER_BYTES.norm.fwd} and {EAGER_BYTES.norm.bwd} bytes per element for the norm, forward and
        backward, against a fused kernel&apos;s {EAGER_BYTES.norm.fusedFwd} and {EAGER_BYTES.norm.fusedBwd}).
        Vanilla tensor parallelism waits for every collective; only async TP hides the fitted tensor-parallel
        overlap. torchao&apos;s float8 casts its inputs, weights and gradients in memory-bound kernels of
        their own beside each FP8 GEMM, and rowwise-scaled GEMMs run at their own fitted rate. Context
        parallelism is PyTorch&apos;s ring attention: one flash-attention step per rank of the ring, each
        re-reading the queries, merged in fp32, K and V gathered under the first step. Its attention is
        SDPA&apos;s causal FlashAttention-2 kernel: half the square of keys and queries (the tiles above the
        diagonal skipped) at its own fitted rate, {TITAN_ATTENTION.toPrecision(2)} of the matmul efficiency
        (FlashAttention-2 uses none of Hopper&apos;s warpgroup matmuls and reaches 35% of an H100&apos;s
        peak). Long sequences are one model&apos;s (Llama 3.1 8B at 32k–256k tokens): left out, the fit sees
        attention only at 8k tokens, where it is a small share of the step, and over-predicts them most.
      </p>
      <p data-testid="about-memory">
        Memory follows the recipe a run states. torchtitan&apos;s runs use its own: FSDP2 (sharded fp32
        weights, gradients and Adam states, the root module&apos;s bf16 weights gathered through the step and
        two blocks&apos; at a time), per-op selective checkpointing (every other matmul&apos;s output, the
        attention kernel&apos;s and the reduce-scatters&apos; kept, the rest recomputed), float8 keeping bf16
        activations, and an fp32 cross-entropy over the whole vocabulary (compiled from April 2025). Its
        tables report the caching allocator&apos;s reserved peak in GiB; a framework fraction of{' '}
        {FRACTION.toFixed(3)} (the reserved memory beyond the modelled peak) fitted to its {PEAKS.length}{' '}
        published peaks predicts them within {percent(meanAbs(PEAKS.map((p) => p.error)))} on average (at most{' '}
        {percent(maxAbs(PEAKS.map((p) => p.error)))}), and within{' '}
        {percent(meanAbs(PEAKS.map((p) => p.leaveOneOut)))} (at most{' '}
        {percent(maxAbs(PEAKS.map((p) => p.leaveOneOut)))}) when each run is left out of the fit.{' '}
        {CALIBRATION_ROWS.runs.filter((r) => r.fits).length} of {CALIBRATION_ROWS.runs.length} mapped runs are
        predicted to fit their GPU with their stated settings.
      </p>
    </section>
  );
}
