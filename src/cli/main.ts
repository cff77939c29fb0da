/**
 * Parallax on the command line: the same engine as the explorer, for scripts.
 *
 *   npm run --silent cli -- evaluate --input cases.json [--format json|csv]
 *   npm run --silent cli -- search   --input scenario.json [--format json|csv]
 *   npm run --silent cli -- presets
 *
 * Exit status: 0 success; 1 invalid input (the file, a field, a configuration); 2 usage (command,
 * flags, unreadable file); 3 internal error. On any failure stdout stays empty and stderr gets one line.
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluate, type Evaluation, type Scenario } from '../model/evaluate.ts';
import { referenceResult } from '../model/report.ts';
import {
  configIssues,
  evaluateCaseSchema,
  formatIssue,
  parseWith,
  searchFileSchema,
  type EvaluateCase,
  type InputIssue,
  type SearchFile,
} from '../model/schema.ts';
import {
  DEFAULT_PLANNER,
  tokensPerSecond,
  trainingCost,
  type PlannerAssumptions,
  type TrainingCost,
} from '../model/metrics.ts';
import { PAPER_TRAINING, type ParallelConfig, type TrainingSpec } from '../model/spec.ts';
import { isPaperChoice, optimizerBytesOf, PAPER_CHOICE, type TrainingChoice } from '../model/training.ts';
import { pickSystem, type SystemSpec } from '../model/system.ts';
import { MODEL_PRESETS, MODEL_PRESET_IDS } from '../presets/models.ts';
import { SYSTEM_PRESETS, SYSTEM_PRESET_IDS } from '../presets/systems.ts';
import { countCandidates } from '../search/enumerate.ts';
import { PLACEMENT_KEYS, type OpenPlacement } from '../model/dims.ts';
import { fastestPlacement } from '../search/placement.ts';
import {
  candidateCounts,
  searchSweep,
  spaceOf,
  type GpuResult,
  type SearchRequest,
} from '../search/search.ts';
import { searchInThreads, serveIfSearchThread } from '../worker/node.ts';
import { COST_COLUMNS, configColumns, costCells, toCsv } from '../model/csv.ts';
import { calibrateRuns, formatCalibration, RUN_SYSTEM_IDS } from './calibrate.ts';

/**
 * V8's tier-up budget for a search: 8 times its default (66 KB: the bytecode a function runs
 * between two of V8's checks for a higher tier; `--interrupt-budget` in `node --v8-options`). The default suits
 * long-lived pages; a CLI search is over in under a second, and its engine code (the plan builders, the
 * floors, the summaries) runs a few thousand times, so TurboFan compiled some forty functions that ran
 * little longer. The 2D NVLink-64 sweep: 9 compiled instead of 36, about 1,500 instead of 1,650 million
 * instructions (`node --single-threaded`, callgrind), results unchanged. The same budget also holds
 * functions in the interpreter longer before their baseline code (a 74-candidate search: about 8
 * million more); a long search still optimises its hot loop, slightly later (docs/speed.md, "a fourth
 * pass").
 */
export const CLI_V8_FLAGS = '--interrupt-budget=540672';

/** Larger inputs are refused: a scenario is kilobytes, the whole golden set 5 MB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * What a search costs in one thread, and what each worker thread adds, in CPU seconds. Measured on this
 * project's 2-core machine with whole-process CPU times (medians of 7, the runs taking turns) of the 2D
 * NVLink-64 sweep of GPT3-1T over 4 to 16,384 GPUs (570,844 candidates) and over 4 to 262,144 (951,716):
 * 0.46 and 0.52 s of search after the 0.28 s a 74-candidate search takes, so 0.37 s fixed (compiling and
 * warming the engine, the block plans every micro-batch's memory check needs) and 0.16 us per candidate.
 * Two threads took 0.82-0.90 s more CPU than one (each starts Node, loads this bundle, warms its own
 * engine and builds its own block plans). Measured after the search learnt to time the most promising
 * micro-batches first, on a machine under a load average of about 13 (so read them as ratios).
 */
export const SEARCH_COST = { fixedS: 0.37, perCandidateS: 0.16e-6, perThreadS: 0.43 } as const;

/**
 * Whether `threads` worker threads, one per core, finish a search of about `candidates` sooner than this
 * thread alone: the work split k ways saves (1 - 1/k) of it, each thread's start costs `perThreadS`.
 */
export function threadsPay(candidates: number, threads: number): boolean {
  if (threads < 2) return false;
  const alone = SEARCH_COST.fixedS + SEARCH_COST.perCandidateS * candidates;
  return alone * (1 - 1 / threads) > SEARCH_COST.perThreadS;
}

/**
 * The candidates of a request, estimated from three GPU counts instead of counted for all (counting them
 * all costs a tenth of a 2D search): the largest count among the middle, three-quarter and last of them in
 * ascending order, times how many there are. Candidates grow with the GPU count until the data-parallel
 * degree runs out of batch to split, so this over-estimates a sweep (1.6 to 3 times for the reference's).
 */
export function estimateCandidates(r: SearchRequest): number {
  const gpus = [...new Set(r.gpus)].sort((a, b) => a - b);
  const sample = [gpus.length >> 1, (3 * gpus.length) >> 2, gpus.length - 1];
  const space = spaceOf(r);
  let most = 0;
  for (const n of new Set(sample.map((i) => gpus[i] ?? 0)))
    if (n > 0) most = Math.max(most, countCandidates(space, n));
  return most * r.gpus.length;
}

/** How many threads to search `r` with on `cores` cores: all of them where that pays, else this one. */
export function searchThreads(r: SearchRequest, cores: number): number {
  if (!threadsPay(estimateCandidates(r), cores)) return 1;
  // The estimate can be a few times too high: near the threshold, count exactly (a tenth of a search
  // that is long by now) rather than start threads that cost more than they save.
  const exact = candidateCounts(r).reduce((a, b) => a + b, 0);
  return threadsPay(exact, cores) ? cores : 1;
}

const USAGE = `usage: parallax <command> --input FILE [--format json|csv] [--workers N]
commands:
  evaluate   FILE is a JSON list of cases {id, strategy, flashAttention, model, globalBatchSize, system, config,
             training?}; prints [{id, result, config, training?}]: per-layer rows, totals, throughput, fits,
             params, tokens/s per GPU and MFU; config placement fields (nvTp1, nvTp2, nvDp, nvPp) left out:
             the fastest placement; config.v: virtual pipeline stages (default 1)
  search     FILE is {model, system, strategy, globalBatchSize, gpusSearched, top?, training?, v?};
             prints {results: [{gpus, top: [{throughput, mem, config, totals, tokensPerSecondPerGpu, mfu,
             training?}]}]}
training     {recompute: none|selective|full, zero: 0|1|2|3, precision: bf16|fp8, optimizerBytes}, each
             absent = the paper's (none, 1, bf16, 12); absent altogether = the paper's. In search, any field
             may be "search", or training may be "search" (recompute, zero and precision searched), and
             v may be a number or "search": each configuration is then reported with its best settings
             (training on each ranked config, config.v when not 1).
  presets    prints the model and system presets [{id, kind, name}]
  calibrate  FILE is a list of measured runs (test/fixtures/measured/README.md); --system ID (${RUN_SYSTEM_IDS.join(', ')});
             fits that system's efficiency to its runs, prints the fit and each run's predicted vs measured
             tokens/s per GPU and residual (--format json, or csv: text lines)
model and system may be a preset id. FILE may be - for standard input.
Either input may give tokenBudget (tokens to train on), with optional pricePerGpuHour (default 2),
gpuPower (W per GPU; default the system's gpu_power) and pue (default 1): each result then also has
timeToTrain (seconds), gpuHours, cost (gpuHours x pricePerGpuHour) and energyMWh (GPUs x power x pue x
time; null when no power is known), and CSV the columns time_to_train_s, gpu_hours, cost, energy_mwh.
--workers: search threads (default: one per core when threads pay).`;

class UsageError extends Error {}
class InputError extends Error {}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readInput(path: string): string;
}

const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readInput: (path) => {
    if (path !== '-' && statSync(path).size > MAX_INPUT_BYTES)
      throw new InputError(`${path}: the file is over the ${MAX_INPUT_BYTES / 2 ** 20} MB input limit`);
    const text = readFileSync(path === '-' ? 0 : path, 'utf8');
    if (text.length > MAX_INPUT_BYTES)
      throw new InputError(`${path}: the input is over the ${MAX_INPUT_BYTES / 2 ** 20} MB input limit`);
    return text;
  },
};

function fail(issues: readonly InputIssue[], prefix = ''): never {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new InputError(`${prefix}${first ? formatIssue(first) : 'invalid input'}${more}`);
}

function readJson(io: CliIo, path: string): unknown {
  let text: string;
  try {
    text = io.readInput(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read the input file${code ? ` (${code})` : ''}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${path}: malformed JSON: ${(e as Error).message}`);
  }
}

/** Every preset, for `presets` and for naming the choices when an id is unknown. */
export function presetList(): { id: string; kind: 'model' | 'system'; name: string }[] {
  return [
    ...MODEL_PRESET_IDS.map((id) => ({ id, kind: 'model' as const, name: MODEL_PRESETS[id].label })),
    ...SYSTEM_PRESET_IDS.map((id) => ({ id, kind: 'system' as const, name: SYSTEM_PRESETS[id].label })),
  ];
}

/**
 * A `model` or `system` given as a preset id becomes that preset's figures (a system at its preset's
 * NVLink domain); objects and other values are left to the schema.
 */
function resolvePresets(raw: unknown, prefix = ''): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  const pick = (field: string, ids: readonly string[], spec: (id: string) => object) => {
    const v = out[field];
    if (typeof v !== 'string') return;
    if (!ids.includes(v))
      fail(
        [{ path: field, message: `must be an object or a ${field} preset: ${ids.join(', ')} (got '${v}')` }],
        prefix,
      );
    out[field] = spec(v);
  };
  pick('model', MODEL_PRESET_IDS, (id) => MODEL_PRESETS[id as keyof typeof MODEL_PRESETS].spec);
  pick('system', SYSTEM_PRESET_IDS, (id) => SYSTEM_PRESETS[id as keyof typeof SYSTEM_PRESETS].spec);
  return out;
}

const formatPresets = (): string => JSON.stringify(presetList(), null, 2) + '\n';

interface ResolvedCase {
  readonly c: EvaluateCase;
  /** The configuration evaluated: the input's, its placement chosen when left out. */
  readonly config: ParallelConfig;
  readonly e: Evaluation;
}

function parseCases(raw: unknown): ResolvedCase[] {
  if (!Array.isArray(raw)) throw new InputError('input: must be a JSON list of cases');
  return raw.map((item, i) => {
    const id = item !== null && typeof item === 'object' && 'id' in item ? JSON.stringify(item.id) : null;
    const prefix = `case ${i}${id ? ` (id ${id})` : ''}: `;
    const parsed = parseWith(evaluateCaseSchema, resolvePresets(item, prefix));
    if (!parsed.ok) fail(parsed.issues, prefix);
    const c = parsed.value;
    const scenario: Scenario = {
      model: c.model,
      system: pickSystem(c.system),
      strategy: c.strategy,
      globalBatchSize: c.globalBatchSize,
      options: { flashAttention: c.flashAttention },
      ...(c.training && { training: trainingOf(c.training) }),
    };
    return { c, ...evaluatePlacements(scenario, c.config, prefix) };
  });
}

/** A parsed training object as the engine's spec (optimizer bytes only when given). */
function trainingOf(t: NonNullable<EvaluateCase['training']>): TrainingSpec {
  const { recompute, zero, precision, optimizerBytes } = t;
  return optimizerBytes === undefined
    ? { recompute, zero, precision }
    : { recompute, zero, precision, optimizerBytes };
}

/**
 * Evaluates a configuration; with placement fields left out, the fastest placement that agrees with
 * those given (search/placement.ts, which states the tie-break).
 */
function evaluatePlacements(
  s: Scenario,
  open: OpenPlacement,
  prefix: string,
): { config: ParallelConfig; e: Evaluation } {
  const check = (config: ParallelConfig) => {
    const issues = configIssues(s.model, s.system, s.strategy, s.globalBatchSize, config);
    if (issues.length) fail(issues, prefix);
  };
  const { nvTp1, nvTp2, nvDp, nvPp, ...rest } = open;
  if (nvTp1 !== undefined && nvTp2 !== undefined && nvDp !== undefined && nvPp !== undefined) {
    const config = { ...rest, nvTp1, nvTp2, nvDp, nvPp };
    check(config);
    return { config, e: evaluate(s, config) };
  }
  // The rest of the configuration must be valid whatever the placement (1 GPU of each group always is).
  check({ ...rest, nvTp1: nvTp1 ?? 1, nvTp2: nvTp2 ?? 1, nvDp: nvDp ?? 1, nvPp: nvPp ?? 1 });
  const best = fastestPlacement(s, open);
  if (best) return { config: best.config, e: best.evaluation };
  const given = [nvTp1, nvTp2, nvDp, nvPp];
  const fixed = PLACEMENT_KEYS.flatMap((f, k) => (given[k] === undefined ? [] : [`${f} ${given[k]}`]));
  const groups = `dp ${rest.dp}, tp1 ${rest.tp1}, tp2 ${s.strategy === '1d' ? 1 : rest.tp2}, pp ${rest.pp}`;
  const nvs = s.system.nvlink_size;
  const message = fixed.length
    ? `no NVLink placement of the groups (${groups}) in domains of ${nvs} GPUs has ${fixed.join(', ')}`
    : `the groups (${groups}) cannot fill NVLink domains of ${nvs} GPUs; give nvTp1, nvTp2, nvDp and nvPp`;
  return fail([{ path: 'config', message }], prefix);
}

/** What an input states for the planner's figures, when it gives a token budget (else null). */
interface Planner {
  readonly assumptions: PlannerAssumptions;
  readonly gpuPower: number | undefined;
}

function plannerOf(
  f: {
    readonly tokenBudget?: number | undefined;
    readonly pricePerGpuHour?: number | undefined;
    readonly gpuPower?: number | undefined;
    readonly pue?: number | undefined;
  },
  system: SystemSpec,
): Planner | null {
  if (f.tokenBudget === undefined) return null;
  return {
    assumptions: {
      tokenBudget: f.tokenBudget,
      pricePerGpuHour: f.pricePerGpuHour ?? DEFAULT_PLANNER.pricePerGpuHour,
      pue: f.pue ?? DEFAULT_PLANNER.pue,
    },
    gpuPower: f.gpuPower ?? system.gpu_power,
  };
}

/** `timeToTrain` (s), `gpuHours`, `cost` (in the price's currency), `energyMWh` (null: power unknown). */
function costOf(p: Planner, throughput: number, l: number, gpus: number): TrainingCost {
  return trainingCost(tokensPerSecond(throughput, l), gpus, p.assumptions, p.gpuPower);
}

/** The `evaluate` record of one case: the reference's form, then the planner's figures (added keys only). */
function evaluateRecord(e: Evaluation, cost: TrainingCost | null) {
  return {
    ...referenceResult(e),
    params: e.params,
    tokensPerSecondPerGpu: e.tokensPerSecondPerGpu,
    mfu: e.mfu,
    ...cost,
  };
}

const gpusOf = (c: ParallelConfig) => c.dp * c.tp1 * c.tp2 * c.pp;

function runEvaluate(raw: unknown, format: string): string {
  const results = parseCases(raw).map((r) => {
    const p = plannerOf(r.c, r.c.system);
    return { ...r, cost: p && costOf(p, r.e.throughput, r.c.model.l, gpusOf(r.config)) };
  });
  if (format === 'json')
    return (
      JSON.stringify(
        // `training` only when the case gives it: inputs without one print what they always did.
        results.map(({ c, config, e, cost }) => ({
          id: c.id,
          result: evaluateRecord(e, cost),
          config,
          ...(c.training && { training: trainingOf(c.training) }),
        })),
        null,
        2,
      ) + '\n'
    );
  const costs = results.some((r) => r.cost);
  const columns = configColumns(results.map((r) => r.config));
  return toCsv(
    [
      'id',
      'strategy',
      'gpus',
      ...columns.header,
      'throughput_samples_per_s',
      'fits',
      ...TOTALS_COLUMNS,
      ...PLANNER_COLUMNS,
      'params_total',
      'params_active',
      ...(costs ? COST_COLUMNS : []),
    ],
    results.map(({ c, config, e, cost }) => [
      c.id,
      c.strategy,
      gpusOf(config),
      ...columns.cells(config),
      e.throughput,
      e.fits,
      ...totalsCells(e.totals),
      e.tokensPerSecondPerGpu,
      e.mfu,
      e.params.total,
      e.params.active,
      ...(costs ? costCells(cost) : []),
    ]),
  );
}

/** Columns after the reference's, so a reader of the old columns by position is unaffected. */
const PLANNER_COLUMNS = ['tokens_per_s_per_gpu', 'mfu'];

const TOTALS_COLUMNS = [
  'step_time_s',
  'mem_per_gpu_gb',
  'compute_frac',
  'exposed_memory_frac',
  'tp_comm_frac',
  'dp_comm_frac',
  'pp_comm_frac',
  'bubble_frac',
];
const totalsCells = (t: GpuResult['top'][number]['totals']) => [
  t.t,
  t.mem,
  t.comp_frac,
  t.mem_frac,
  t.tp_comm_frac,
  t.dp_comm_frac,
  t.pp_comm_frac,
  t.bubble_frac,
];

const TRAINING_COLUMNS = ['recompute', 'zero', 'precision', 'optimizer_bytes'];
const trainingCells = (t: TrainingSpec | undefined) => {
  const s = t ?? PAPER_TRAINING;
  return [s.recompute, s.zero, s.precision, optimizerBytesOf(s)];
};

interface SearchJob {
  readonly request: SearchRequest;
  readonly planner: Planner | null;
}

function searchJobOf(raw: unknown): SearchJob {
  const parsed = parseWith(searchFileSchema, resolvePresets(raw));
  if (!parsed.ok) fail(parsed.issues);
  const f = parsed.value;
  return { request: searchRequestOf(f), planner: plannerOf(f, f.system) };
}

function searchRequestOf(f: SearchFile): SearchRequest {
  return {
    model: f.model,
    system: pickSystem(f.system),
    strategy: f.strategy,
    globalBatchSize: f.globalBatchSize,
    gpus: f.gpusSearched,
    top: f.top,
    options: { flashAttention: f.flashAttention },
    // The CLI prints only the top-k: no Pareto front lets the search skip far more candidates, and
    // no per-layer evaluation of the best or diagnosis of a GPU count where nothing fits is needed.
    front: false,
    withBest: false,
    diagnose: false,
    ...trainingRequest(f),
  };
}

/**
 * The search's training choice from the input: absent `training` and `v` are the paper's (the request
 * then has no `training`, the reference's search); `"training": "search"` searches recompute, ZeRO stage
 * and precision; an object pins or searches each; `"v": "search"` chooses v per configuration.
 */
function trainingRequest(f: SearchFile): { training?: TrainingChoice } {
  const t = f.training;
  const choice: TrainingChoice = {
    recompute: t?.recompute ?? PAPER_CHOICE.recompute,
    zero: t?.zero ?? PAPER_CHOICE.zero,
    precision: t?.precision ?? PAPER_CHOICE.precision,
    optimizerBytes: t?.optimizerBytes ?? PAPER_CHOICE.optimizerBytes,
    v: f.v ?? PAPER_CHOICE.v,
  };
  return isPaperChoice(choice) ? {} : { training: choice };
}

function formatSearch(all: readonly GpuResult[], job: SearchJob, format: string): string {
  const results = all.filter((g) => g.top.length > 0);
  const { planner } = job;
  const l = job.request.model.l;
  const cost = (g: GpuResult, t: GpuResult['top'][number]) =>
    planner && costOf(planner, t.throughput, l, g.gpus);
  if (format === 'json') {
    const out = results.map((g) => ({
      gpus: g.gpus,
      top: g.top.map((t) => ({
        throughput: t.throughput,
        mem: t.mem,
        config: t.config,
        totals: t.totals,
        tokensPerSecondPerGpu: t.tokensPerSecondPerGpu,
        mfu: t.mfu,
        ...cost(g, t),
        ...(t.training && { training: t.training }),
      })),
    }));
    return JSON.stringify({ results: out }, null, 2) + '\n';
  }
  const config = configColumns(results.flatMap((g) => g.top.map((t) => t.config)));
  // Training columns last, and only when the search chose training settings.
  const trained = results.some((g) => g.top.some((t) => t.training));
  return toCsv(
    [
      'gpus',
      'rank',
      'throughput_samples_per_s',
      ...config.header,
      ...TOTALS_COLUMNS,
      ...PLANNER_COLUMNS,
      ...(planner ? COST_COLUMNS : []),
      ...(trained ? TRAINING_COLUMNS : []),
    ],
    results.flatMap((g) =>
      g.top.map((t, i) => [
        g.gpus,
        i + 1,
        t.throughput,
        ...config.cells(t.config),
        ...totalsCells(t.totals),
        t.tokensPerSecondPerGpu,
        t.mfu,
        ...(planner ? costCells(cost(g, t)) : []),
        ...(trained ? trainingCells(t.training) : []),
      ]),
    ),
  );
}

interface Parsed {
  readonly command: 'evaluate' | 'search' | 'presets' | 'calibrate';
  readonly format: string;
  readonly system?: string | undefined;
  readonly workers: number | undefined;
  readonly raw: unknown;
}

/** Reads the command line and the input file; null when there is nothing to run (help). */
function parseCommand(argv: readonly string[], io: CliIo): Parsed | null {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === undefined) throw new UsageError('missing command (evaluate, search or presets)');
    io.stdout(USAGE + '\n');
    return null;
  }
  if (command !== 'evaluate' && command !== 'search' && command !== 'presets' && command !== 'calibrate')
    throw new UsageError(`unknown command '${command}' (expected evaluate, search, presets or calibrate)`);
  let values: {
    input?: string | undefined;
    format?: string | undefined;
    workers?: string | undefined;
    system?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        input: { type: 'string' },
        format: { type: 'string' },
        workers: { type: 'string' },
        system: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.help) {
    io.stdout(USAGE + '\n');
    return null;
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new UsageError(`--format must be json or csv (got '${format}')`);
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!/^\d{1,3}$/.test(values.workers) || workers < 1 || workers > 256)
      throw new UsageError(`--workers must be a whole number from 1 to 256 (got '${values.workers}')`);
  }
  if (command === 'presets') {
    if (values.input !== undefined || values.format !== undefined || values.workers !== undefined)
      throw new UsageError('presets takes no --input, --format or --workers');
    return { command, format, workers, raw: null };
  }
  if ((command === 'calibrate') !== (values.system !== undefined))
    throw new UsageError(
      command === 'calibrate' ? '--system ID is required' : `${command} takes no --system`,
    );
  if (!values.input) throw new UsageError('--input FILE is required');
  return { command, format, workers, system: values.system, raw: readJson(io, values.input) };
}

function runCalibrate(p: Parsed): string {
  try {
    return formatCalibration(calibrateRuns(p.raw, p.system ?? ''), p.format);
  } catch (e) {
    if (e instanceof Error && /^(--system|runs|no run)/.test(e.message)) throw new InputError(e.message);
    throw e;
  }
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr(`parallax: ${e.message}\n${USAGE.split('\n')[0]}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    io.stderr(`parallax: ${e.message}\n`);
    return 1;
  }
  io.stderr(`parallax: internal error: ${(e as Error).message}\n`);
  return 3;
}

const runSearch = (job: SearchJob, format: string) => formatSearch(searchSweep(job.request), job, format);

/** Runs the CLI on `argv` (without node and script) in this thread; returns the exit status. */
export function run(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    const p = parseCommand(argv, io);
    if (!p) return 0;
    io.stdout(
      p.command === 'presets'
        ? formatPresets()
        : p.command === 'evaluate'
          ? runEvaluate(p.raw, p.format)
          : p.command === 'calibrate'
            ? runCalibrate(p)
            : runSearch(searchJobOf(p.raw), p.format),
    );
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

/**
 * As `run`, but large searches go to a pool of worker threads (one per core unless `--workers` says
 * otherwise), each running `entry` (this bundle). Results are identical to the in-process search.
 */
export async function runWithThreads(
  argv: readonly string[],
  entry: string,
  io: CliIo = nodeIo,
): Promise<number> {
  try {
    const p = parseCommand(argv, io);
    if (!p) return 0;
    if (p.command !== 'search') {
      io.stdout(
        p.command === 'presets'
          ? formatPresets()
          : p.command === 'calibrate'
            ? runCalibrate(p)
            : runEvaluate(p.raw, p.format),
      );
      return 0;
    }
    const job = searchJobOf(p.raw);
    // Process-wide, so for the search threads too, which start after this; the other commands were
    // not measured with it.
    setFlagsFromString(CLI_V8_FLAGS);
    const { request } = job;
    const threads = p.workers ?? searchThreads(request, availableParallelism());
    const results = threads > 1 ? await searchInThreads(request, threads, entry) : searchSweep(request);
    io.stdout(formatSearch(results, job, p.format));
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

if (!serveIfSearchThread() && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = await runWithThreads(process.argv.slice(2), fileURLToPath(import.meta.url));
}
