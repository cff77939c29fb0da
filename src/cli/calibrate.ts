/**
 * `parallax calibrate --input runs.json --system h100-sxm`: fits a system's efficiency parameters to the
 * measured runs of that system (least squares on log tokens/s per GPU, search/calibrate.ts) and prints the
 * fit and each run's predicted vs measured value and residual. Runs in the form of the project's
 * calibration set (test/fixtures/measured/README.md).
 */
import * as z from 'zod';
import { EFFICIENCY_KEYS } from '../model/efficiency.ts';
import { mapRun, type MappedRun, type MeasuredRun, type RunSystemId } from '../model/runs.ts';
import { CALIBRATIONS } from '../presets/calibration.ts';
import { RUN_SYSTEMS, SHAPE_FROM } from '../presets/runSystems.ts';
import { calibrateSystem, fitStart, fittable, type SystemCalibration } from '../search/calibrate.ts';

export const RUN_SYSTEM_IDS = Object.keys(RUN_SYSTEMS) as RunSystemId[];

const count = z.number().int().positive();
/** The fields a run must carry to be mapped; the rest are read when present. */
const runSchema = z.looseObject({
  id: z.string(),
  source_group: z.string(),
  model: z.string(),
  gpu_class: z.string(),
  gpu_type: z.string(),
  num_gpus: count,
  precision: z.string(),
  num_layers: count,
  hidden_size: count,
  ffn_hidden_size: count,
  num_attention_heads: count,
  seq_length: count,
  global_batch_size: count,
  tp: count,
  pp: count,
});
export const runsSchema = z.array(runSchema).min(1);

/** Calibrates `system` on the runs of `raw` (already parsed JSON); throws a message on invalid input. */
export function calibrateRuns(
  raw: unknown,
  system: string,
): SystemCalibration & { taken: string[]; skipped: unknown[] } {
  if (!(RUN_SYSTEM_IDS as string[]).includes(system))
    throw new Error(`--system must be one of ${RUN_SYSTEM_IDS.join(', ')} (got '${system}')`);
  const parsed = runsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `runs${issue?.path.map((p) => `[${String(p)}]`).join('') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const id = system as RunSystemId;
  const all = (parsed.data as unknown as MeasuredRun[]).map((r) =>
    mapRun(r, (s) => RUN_SYSTEMS[s].spec.nvlink_size),
  );
  const mapped = all.filter((m): m is MappedRun => m.kind === 'mapped' && m.systemId === id);
  const skipped = all
    .filter((m) => m.kind === 'unmapped')
    .map((m) => ({ id: m.id, model: m.modelName, reasons: m.reasons }));
  if (!mapped.some(fittable))
    throw new Error(
      `no run of ${system} whose time the engine models (see each run's notes with --format csv)`,
    );
  // As `npm run calibration` fits it: a system whose matmul shape term is another's (SHAPE_FROM) takes that
  // system's shipped term instead of fitting its own, and a framework's memory fraction is the shipped one
  // (fitted on published peaks, which a runs file need not have).
  const from = SHAPE_FROM[id];
  const shape = from === undefined ? undefined : CALIBRATIONS[from]?.efficiency.matmulHalfIntensity;
  const memoryFraction = CALIBRATIONS[id]?.efficiency.memoryFraction;
  const { base, keys } = fitStart(RUN_SYSTEMS[id].spec, {
    ...(memoryFraction === undefined ? {} : { memoryFraction }),
    ...(shape === undefined ? {} : { matmulHalfIntensity: shape }),
  });
  const taken = [
    ...(shape === undefined ? [] : [`matmulHalfIntensity from ${from}'s shipped calibration`]),
    ...(memoryFraction === undefined ? [] : ['memoryFraction from the shipped calibration']),
  ];
  return { ...calibrateSystem(system, mapped, base, keys), taken, skipped };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The report as text: the fitted parameters, then one line per run. */
export function formatCalibration(
  c: SystemCalibration & { taken?: readonly string[]; skipped: unknown[] },
  format: string,
): string {
  if (format === 'json') return JSON.stringify(c, null, 2) + '\n';
  const lines = [
    `system ${c.system}: fitted on ${c.runs} runs, rms log residual ${c.rmsLog.toFixed(4)}, mean |error| ${pct(c.inSample)}`,
    ...EFFICIENCY_KEYS.filter((k) => c.efficiency[k] !== undefined).map(
      (k) => `  ${k} = ${Number((c.efficiency[k] as number).toPrecision(4))}`,
    ),
    ...(c.taken ?? []).map((t) => `  not fitted: ${t}`),
    'id,model,precision,gpus,predicted,measured,residual,fitted,notes',
    ...c.predictions.map((p) =>
      [
        p.id,
        JSON.stringify(p.model),
        p.precision,
        p.gpus,
        p.predicted.toFixed(1),
        p.measured,
        pct(p.error),
        p.fitted ? 'yes' : 'no',
        JSON.stringify(p.notes.join('; ')),
      ].join(','),
    ),
  ];
  return lines.join('\n') + '\n';
}
