/**
 * Parallax on the command line: the same engine as the explorer, for scripts.
 *
 *   npm run --silent cli -- evaluate --input cases.json [--format json|csv]
 *   npm run --silent cli -- search   --input scenario.json [--format json|csv]
 *
 * Exit status: 0 success; 1 invalid input (the file, a field, a configuration); 2 usage (command,
 * flags, unreadable file); 3 internal error. On any failure stdout stays empty and stderr gets one line.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { evaluate } from '../model/evaluate.ts';
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
import type { SystemSpec } from '../model/system.ts';
import { SYSTEM_KEYS } from '../model/system.ts';
import { searchSweep, type GpuResult } from '../search/search.ts';
import { toCsv } from '../model/csv.ts';

/** Larger inputs are refused: a scenario is kilobytes, the whole golden set 5 MB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const USAGE = `usage: parallax <command> --input FILE [--format json|csv]
commands:
  evaluate   FILE is a JSON list of cases {id, strategy, flashAttention, model, globalBatchSize, system, config};
             prints [{id, result}] with per-layer rows, totals, throughput and fits
  search     FILE is {model, system, strategy, globalBatchSize, gpusSearched, top?};
             prints {results: [{gpus, top: [{throughput, mem, config, totals}]}]}
FILE may be - for standard input.`;

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

function systemSpec(raw: SearchFile['system']): SystemSpec {
  const out: Record<string, number> = {};
  for (const k of SYSTEM_KEYS) out[k] = raw[k];
  return out as unknown as SystemSpec;
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

function parseCases(raw: unknown): EvaluateCase[] {
  if (!Array.isArray(raw)) throw new InputError('input: must be a JSON list of cases');
  return raw.map((item, i) => {
    const id = item !== null && typeof item === 'object' && 'id' in item ? JSON.stringify(item.id) : null;
    const prefix = `case ${i}${id ? ` (id ${id})` : ''}: `;
    const parsed = parseWith(evaluateCaseSchema, item);
    if (!parsed.ok) fail(parsed.issues, prefix);
    const c = parsed.value;
    const issues = configIssues(c.model, systemSpec(c.system), c.strategy, c.globalBatchSize, c.config);
    if (issues.length) fail(issues, prefix);
    return c;
  });
}

function runEvaluate(raw: unknown, format: string): string {
  const cases = parseCases(raw);
  const results = cases.map((c) => ({
    c,
    e: evaluate(
      {
        model: c.model,
        system: systemSpec(c.system),
        strategy: c.strategy,
        globalBatchSize: c.globalBatchSize,
        options: { flashAttention: c.flashAttention },
      },
      c.config,
    ),
  }));
  if (format === 'json')
    return (
      JSON.stringify(
        results.map(({ c, e }) => ({ id: c.id, result: referenceResult(e) })),
        null,
        2,
      ) + '\n'
    );
  return toCsv(
    ['id', 'strategy', 'gpus', ...CONFIG_COLUMNS, 'throughput_samples_per_s', 'fits', ...TOTALS_COLUMNS],
    results.map(({ c, e }) => [
      c.id,
      c.strategy,
      c.config.dp * c.config.tp1 * c.config.tp2 * c.config.pp,
      ...configCells(c.config),
      e.throughput,
      e.fits,
      ...totalsCells(e.totals),
    ]),
  );
}

const CONFIG_COLUMNS = ['dp', 'tp1', 'tp2', 'pp', 'mbs', 'nb', 'nv_tp1', 'nv_tp2', 'nv_dp', 'nv_pp'];
const configCells = (c: EvaluateCase['config']) => [
  c.dp,
  c.tp1,
  c.tp2,
  c.pp,
  c.mbs,
  c.nb,
  c.nvTp1,
  c.nvTp2,
  c.nvDp,
  c.nvPp,
];
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

function runSearch(raw: unknown, format: string): string {
  const parsed = parseWith(searchFileSchema, raw);
  if (!parsed.ok) fail(parsed.issues);
  const f = parsed.value;
  const results = searchSweep({
    model: f.model,
    system: systemSpec(f.system),
    strategy: f.strategy,
    globalBatchSize: f.globalBatchSize,
    gpus: f.gpusSearched,
    top: f.top,
    options: { flashAttention: f.flashAttention },
  }).filter((g) => g.top.length > 0);
  if (format === 'json') {
    const out = results.map((g) => ({
      gpus: g.gpus,
      top: g.top.map((t) => ({ throughput: t.throughput, mem: t.mem, config: t.config, totals: t.totals })),
    }));
    return JSON.stringify({ results: out }, null, 2) + '\n';
  }
  return toCsv(
    ['gpus', 'rank', 'throughput_samples_per_s', ...CONFIG_COLUMNS, ...TOTALS_COLUMNS],
    results.flatMap((g) =>
      g.top.map((t, i) => [g.gpus, i + 1, t.throughput, ...configCells(t.config), ...totalsCells(t.totals)]),
    ),
  );
}

/** Runs the CLI on `argv` (without node and script); returns the exit status. */
export function run(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      if (command === undefined) throw new UsageError('missing command (evaluate or search)');
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (command !== 'evaluate' && command !== 'search')
      throw new UsageError(`unknown command '${command}' (expected evaluate or search)`);
    let values: { input?: string | undefined; format?: string | undefined; help?: boolean | undefined };
    try {
      ({ values } = parseArgs({
        args: [...rest],
        options: {
          input: { type: 'string' },
          format: { type: 'string' },
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
      return 0;
    }
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new UsageError(`--format must be json or csv (got '${format}')`);
    if (!values.input) throw new UsageError('--input FILE is required');
    const raw = readJson(io, values.input);
    const text = command === 'evaluate' ? runEvaluate(raw, format) : runSearch(raw, format);
    io.stdout(text);
    return 0;
  } catch (e) {
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = run(process.argv.slice(2));
}
