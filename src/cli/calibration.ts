/**
 * `npm run calibration [-- --write]`: how close the calibrated engine lands on published measured runs.
 * Per system: the fit (in sample) and leave-one-model-out and leave-one-source-out cross-validation (out of
 * sample), mean |error| of tokens/s per GPU; the Spearman rank correlation of predicted vs measured
 * iteration time on the vTrain set per model and GPU count; Megatron-LM SC21 Table 1's residuals; memory
 * checks. `--write` regenerates src/presets/calibration.ts from the same fits.
 *
 * Reads the copies in test/fixtures/measured (see its README for the sources and their caveats).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { EFFICIENCY_KEYS, type EfficiencySpec } from '../model/efficiency.ts';
import { evaluate } from '../model/evaluate.ts';
import { mapRun, type MappedRun, type MeasuredRun, type RunSystemId } from '../model/runs.ts';
import type { ModelSpec, ParallelConfig } from '../model/spec.ts';
import type { SystemSpec } from '../model/system.ts';
import type { Calibration } from '../presets/calibration.ts';
import { RUN_SYSTEMS, SHAPE_FROM } from '../presets/runSystems.ts';
import {
  crossValidate,
  fitStart,
  fitEfficiency,
  fitMemoryFraction,
  fittable,
  meanAbsError,
  memoryLeaveOneOut,
  peakPairs,
  predictRun,
  spearman,
} from '../search/calibrate.ts';

// Run from the repository's root (npm run): the launcher's bundle lives elsewhere.
const root = pathToFileURL(`${process.cwd()}/`);
const fixture = (name: string) => new URL(`test/fixtures/measured/${name}`, root);
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');

const domainOf = (id: RunSystemId) => RUN_SYSTEMS[id].spec.nvlink_size;

/** Placement of tp, dp, pp in 8-GPU nodes, in Megatron's order. */
function megatronConfig(tp: number, dp: number, pp: number, mbs: number, domain: number): ParallelConfig {
  const nvTp1 = Math.min(tp, domain);
  const nvDp = Math.min(dp, domain / nvTp1);
  const nvPp = Math.min(pp, domain / nvTp1 / nvDp);
  return { dp, tp1: tp, tp2: 1, pp, mbs, nb: null, nvTp1, nvTp2: 1, nvDp, nvPp };
}

/** A GPT-style model of Megatron's (4e MLP, GELU, LayerNorm, biases and dropout) with a vocabulary. */
const gpt = (l: number, e: number, h: number, depth: number, vocab: number): ModelSpec => ({
  l,
  e,
  f: 4 * e,
  h,
  depth,
  vocab,
});

function vtrainRanking(a100: SystemSpec) {
  const rows = readFileSync(fixture('vtrain_multi_node.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const groups = new Map<string, { predicted: number[]; measured: number[] }>();
  let skipped = 0;
  for (const row of rows) {
    const [params, gpus, gbs, mbs, e, h, depth, l, tp, dp, pp, ms] = row as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (depth % pp !== 0 || Math.floor(gbs / dp) % mbs !== 0) {
      skipped++;
      continue;
    }
    const result = evaluate(
      {
        model: gpt(l, e, h, depth, 50257),
        system: a100,
        strategy: '1d',
        globalBatchSize: gbs,
        options: { flashAttention: true },
      },
      megatronConfig(tp, dp, pp, mbs, 8),
    );
    const key = `${params}B on ${gpus} GPUs`;
    const g = groups.get(key) ?? { predicted: [], measured: [] };
    g.predicted.push(result.totals.t);
    g.measured.push(ms / 1000);
    groups.set(key, g);
  }
  return {
    skipped,
    groups: [...groups].map(([key, g]) => ({
      key,
      n: g.measured.length,
      rho: spearman(g.predicted, g.measured),
    })),
  };
}

/** SC21 Table 1 (README): params, heads, hidden, layers, tp, pp, GPUs, batch, TFLOP/s per GPU. */
const SC21 = [
  [1.7, 24, 2304, 24, 1, 1, 32, 512, 137],
  [3.6, 32, 3072, 30, 2, 1, 64, 512, 138],
  [7.5, 32, 4096, 36, 4, 1, 128, 512, 142],
  [18.4, 48, 6144, 40, 8, 1, 256, 1024, 135],
  [39.1, 64, 8192, 48, 8, 2, 512, 1536, 138],
  [76.1, 80, 10240, 60, 8, 4, 1024, 1792, 140],
  [145.6, 96, 12288, 80, 8, 8, 1536, 2304, 148],
  [310.1, 128, 16384, 96, 8, 16, 1920, 2160, 155],
  [529.6, 128, 20480, 105, 8, 35, 2520, 2520, 163],
  [1008.0, 160, 25600, 128, 8, 64, 3072, 3072, 163],
] as const;

function sc21Residuals(a100: SystemSpec) {
  return SC21.map(([params, h, e, depth, tp, pp, gpus, gbs, measured]) => {
    const l = 2048;
    const V = 51200;
    const dp = gpus / (tp * pp);
    const r = evaluate(
      {
        model: gpt(l, e, h, depth, V),
        system: a100,
        strategy: '1d',
        globalBatchSize: gbs,
        options: { flashAttention: true },
      },
      megatronConfig(tp, dp, pp, 1, 8),
    );
    // SC21's FLOPs per iteration with recomputation (its eq. 3): 96 B s l h^2 (1 + s/6h + V/16lh).
    const flops = 96 * gbs * l * depth * e * e * (1 + l / (6 * e) + V / (16 * depth * e));
    const predicted = flops / r.totals.t / gpus / 1e12;
    return { params, gpus, predicted, measured, error: predicted / measured - 1 };
  });
}

function main(argv: readonly string[]) {
  const write = argv.includes('--write');
  const raw = JSON.parse(readFileSync(fixture('calibration-runs.json'), 'utf8')) as MeasuredRun[];
  const all = raw.map((r) => mapRun(r, domainOf));
  const mapped = all.filter((m): m is MappedRun => m.kind === 'mapped');
  const out: string[] = [];
  const entries: Partial<Record<RunSystemId, Calibration>> = {};
  out.push(
    `${raw.length} runs: ${mapped.length} mapped, ${all.length - mapped.length} the engine cannot represent`,
  );
  for (const m of all)
    if (m.kind === 'unmapped') out.push(`  not represented: ${m.id} ${m.modelName}: ${m.reasons.join('; ')}`);
  // Memory first (it does not depend on the time parameters): the framework's share of the published peaks
  // (torchtitan's), shipped on the systems whose runs follow torchtitan's recipe, so their time fit chooses
  // unstated recompute settings with the memory they ship with. Megatron's recipes publish no peak: their
  // systems keep the paper's 0.
  const pairs = peakPairs(
    mapped,
    (r) => RUN_SYSTEMS[r.systemId].spec,
    () => ({}),
  );
  const memoryFraction = fitMemoryFraction(pairs);
  const memoryOut = memoryLeaveOneOut(pairs);
  out.push('', 'system          runs models  paper   in-sample  leave-model-out  leave-source-out');
  const fitted: Partial<Record<RunSystemId, EfficiencySpec>> = {};
  for (const id of Object.keys(RUN_SYSTEMS) as RunSystemId[]) {
    const torchtitan = mapped.some((r) => r.systemId === id && r.training.framework !== undefined);
    // A shape term taken from another system's fit (fitted before this one) is a start value not fitted.
    const shapeFrom = SHAPE_FROM[id];
    const shape = shapeFrom === undefined ? undefined : fitted[shapeFrom]?.matmulHalfIntensity;
    const { base, keys } = fitStart(RUN_SYSTEMS[id].spec, {
      ...(torchtitan ? { memoryFraction } : {}),
      ...(shape === undefined ? {} : { matmulHalfIntensity: shape }),
    });
    const runs = mapped.filter((r) => r.systemId === id && fittable(r));
    if (runs.length === 0) {
      out.push(`${id.padEnd(15)} ${String(0).padStart(4)}  (no run whose time the engine models yet)`);
      continue;
    }
    const fit = fitEfficiency(runs, base, keys);
    fitted[id] = fit.efficiency;
    const paper = meanAbsError(runs.map((r) => predictRun(r, RUN_SYSTEMS[id].spec, {})));
    const inSample = meanAbsError(runs.map((r) => predictRun(r, base, fit.efficiency)));
    const lomo = meanAbsError(crossValidate(runs, base, (r) => r.modelName, keys));
    const loso = meanAbsError(crossValidate(runs, base, (r) => r.source, keys));
    const models = new Set(runs.map((r) => r.modelName)).size;
    entries[id] = {
      efficiency: fit.efficiency,
      runs: runs.length,
      models,
      inSample,
      leaveModelOut: Number.isFinite(lomo) ? lomo : null,
      leaveSourceOut: Number.isFinite(loso) ? loso : null,
    };
    out.push(
      `${id.padEnd(15)} ${String(runs.length).padStart(4)} ${String(models).padStart(6)}  ${pct(paper).padStart(6)}  ${pct(inSample).padStart(9)}  ${pct(lomo).padStart(15)}  ${pct(loso).padStart(16)}`,
    );
    out.push(
      `  fitted: ${EFFICIENCY_KEYS.filter((k) => fit.efficiency[k] !== undefined)
        .map((k) => `${k} ${Number((fit.efficiency[k] as number).toPrecision(3))}`)
        .join(', ')}${shape === undefined ? '' : ` (matmulHalfIntensity ${shapeFrom}'s)`}`,
    );
  }

  const a100 = {
    ...RUN_SYSTEMS['a100-80gb'].spec,
    ...(fitted['a100-80gb'] ? { efficiency: fitted['a100-80gb'] } : {}),
  };
  const ranking = vtrainRanking(a100);
  out.push(
    '',
    'vTrain (A100, Megatron-DeepSpeed): Spearman rank correlation of predicted vs measured iteration time',
  );
  for (const g of ranking.groups)
    out.push(`  ${g.key.padEnd(22)} n=${String(g.n).padStart(3)}  rho ${g.rho.toFixed(3)}`);
  if (ranking.skipped) out.push(`  (${ranking.skipped} rows skipped: layers or batch do not split)`);

  out.push(
    '',
    'Megatron-LM SC21 Table 1 (A100, predicted vs reported TFLOP/s per GPU, micro-batch 1 assumed)',
  );
  for (const r of sc21Residuals(a100))
    out.push(
      `  ${String(r.params).padStart(6)}B ${String(r.gpus).padStart(5)} GPUs  ${r.predicted.toFixed(0).padStart(4)} vs ${r.measured}  ${pct(r.error)}`,
    );

  const inPeak = pairs.map((p) => (p.model * (1 + memoryFraction)) / p.measured - 1);
  const absMax = (xs: readonly number[]) => Math.max(...xs.map(Math.abs));
  const absMean = (xs: readonly number[]) => xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length;
  out.push(
    '',
    `Framework memory fraction fitted on ${pairs.length} published peaks (torchtitan's reserved GiB), shipped on its systems: ${memoryFraction.toFixed(4)}`,
    `  in sample mean |error| ${pct(absMean(inPeak))}, max ${pct(absMax(inPeak))}; leave one run out mean ${pct(absMean(memoryOut.map((m) => m.error)))}, max ${pct(absMax(memoryOut.map((m) => m.error)))}`,
  );
  out.push('', 'Memory: each mapped run with its stated settings, on its system');
  let fitCount = 0;
  const misses: string[] = [];
  const peaks: string[] = [];
  for (const r of mapped) {
    const base = RUN_SYSTEMS[r.systemId].spec;
    const p = predictRun(r, base, fitted[r.systemId] ?? {});
    if (p.fits) fitCount++;
    else
      misses.push(
        `  does not fit: ${r.id} ${r.modelName} ${r.gpus} GPUs: ${p.mem.toFixed(1)} of ${base.hbm_capacity} GB (${p.recompute} recompute, ZeRO ${r.training.zero}${r.config.v ? `, v ${r.config.v}` : ''})`,
      );
    if (r.peakMemoryGB !== null)
      peaks.push(
        `  peak ${r.id} ${r.modelName}: predicted ${p.mem.toFixed(1)} GB vs measured ${r.peakMemoryGB.toFixed(1)} GB (${pct(p.mem / r.peakMemoryGB - 1)})`,
      );
  }
  out.push(`  ${fitCount} of ${mapped.length} predicted to fit`, ...misses, ...peaks);
  process.stdout.write(out.join('\n') + '\n');
  if (write) writeCalibration(entries);
}

function writeCalibration(entries: Partial<Record<RunSystemId, Calibration>>) {
  const round = (x: number) => Number(x.toPrecision(6));
  const body = (Object.keys(entries) as RunSystemId[])
    .map((id) => {
      const e = entries[id] as Calibration;
      const eff = EFFICIENCY_KEYS.filter((k) => e.efficiency[k] !== undefined)
        .map((k) => `${k}: ${round(e.efficiency[k] as number)}`)
        .join(', ');
      const cv = (x: number | null) => (x === null ? 'null' : String(round(x)));
      return `  '${id}': {\n    efficiency: { ${eff} },\n    runs: ${e.runs},\n    models: ${e.models},\n    inSample: ${round(e.inSample)},\n    leaveModelOut: ${cv(e.leaveModelOut)},\n    leaveSourceOut: ${cv(e.leaveSourceOut)},\n  },`;
    })
    .join('\n');
  const text = `/**
 * Efficiency parameters fitted to published measured runs (test/fixtures/measured), per system, with the
 * fit's statistics: runs and models fitted, mean |error| of tokens/s per GPU in sample and out of sample
 * (leave one model out, leave one source out; null where the system's runs are one model or one source).
 * Generated by \`npm run calibration -- --write\`; test/presets/calibration.test.ts checks it.
 */
import type { RunSystemId } from '../model/runs.ts';
import type { EfficiencySpec } from '../model/efficiency.ts';

export interface Calibration {
  readonly efficiency: EfficiencySpec;
  readonly runs: number;
  readonly models: number;
  readonly inSample: number;
  readonly leaveModelOut: number | null;
  readonly leaveSourceOut: number | null;
}

export const CALIBRATIONS: Readonly<Partial<Record<RunSystemId, Calibration>>> = {
${body}
};

/**
 * Systems without runs the engine can fit take the calibration of the one that shares their compute die
 * and software stack: H200 is H100's GH100 with faster, larger HBM (HBM-bound kernels keep their own
 * bandwidth figure); B200 is GB200's Blackwell GPU on an 8-GPU HGX board.
 */
export const DERIVED_CALIBRATIONS = { 'h200-sxm': 'h100-sxm', b200: 'gb200-nvl72' } as const;
`;
  const path = new URL('src/presets/calibration.ts', root);
  writeFileSync(path, text);
  execFileSync('npx', ['prettier', '--write', path.pathname], { stdio: 'ignore' });
}

main(process.argv.slice(2));
