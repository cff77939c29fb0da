/**
 * One schema per input, written once (zod) and used at every entry: CLI files, URL state, JSON import,
 * the worker boundary and the UI's controls. Each error names the field, the value and the rule, e.g.
 * `model.h: heads (48) must divide embedding (12100)`.
 *
 * Bounds keep every accepted input finite to compute: they are far beyond any real system, but a
 * tampered URL cannot ask for a trillion GPUs.
 */
import * as z from 'zod';
import { CONFIG_DIMS, PLACEMENT_KEYS, type ConfigDim, type OpenPlacement } from './dims.ts';
import { EFFICIENCY_FIELDS, EFFICIENCY_KEYS, type EfficiencySpec } from './efficiency.ts';
import { STRATEGY_RULES } from './strategy.ts';
import type { SYSTEM_KEYS, SystemSpec } from './system.ts';
import {
  FP8_SCALINGS,
  FRAMEWORKS,
  MLP_KINDS,
  NORM_KINDS,
  PAPER_TRAINING,
  PRECISIONS,
  RECOMPUTES,
  STRATEGIES,
  TC_LENGTHS,
  type EncoderSpec,
  ZERO_STAGES,
  type ModelSpec,
  type MoeSpec,
  type TensorChain,
  type TensorChains,
  type ParallelConfig,
  type Strategy,
} from './spec.ts';

// The page's content security policy forbids eval; zod 4 would otherwise probe `new Function` to compile
// its parsers. Interpreted parsing is plenty fast for inputs this size.
z.config({ jitless: true });

/**
 * A schema built when first used, then kept. Building every schema at import was the largest cost of
 * evaluating the explorer's first chunk, and the boot needs only a few of them (the model's, the system's).
 */
export type Lazy<S> = () => S;

function lazy<S>(build: () => S): Lazy<S> {
  let built: S | undefined;
  return () => (built ??= build());
}

/** A schema, or a lazily built one: what `parseWith` accepts. */
export type SchemaRef<T> = z.ZodType<T, unknown> | Lazy<z.ZodType<T, unknown>>;

export const LIMITS = {
  sequence: 1 << 22,
  embedding: 1 << 20,
  hidden: 1 << 22,
  heads: 1 << 16,
  // Far past today's models: vocabularies reach 256k (Nemotron-4, Gemma), experts 256 (DeepSeek-V3).
  vocab: 1 << 24,
  experts: 1 << 16,
  depth: 1 << 14,
  // H-SoftPOS levels: the official code uses 2; each level halves what is left of the width.
  hsoftposLevels: 16,
  globalBatch: 1 << 24,
  gpus: 1 << 22,
  gpuCounts: 64,
  nvlinkSize: 1 << 14,
  top: 1000,
} as const;

const show = (v: unknown): string =>
  typeof v === 'string'
    ? `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`
    : v === undefined
      ? 'nothing'
      : JSON.stringify(v);

/** A whole number in [min, max], with messages that name the value. */
export function wholeNumber(min: number, max: number) {
  return z
    .number({
      error: (iss) => (iss.input === undefined ? 'is required' : `must be a number (got ${show(iss.input)})`),
    })
    .refine(Number.isInteger, {
      error: (iss) => `must be a whole number (got ${show(iss.input)})`,
      abort: true,
    })
    .refine((v) => v >= min && v <= max, {
      error: (iss) => `must be between ${min} and ${max} (got ${show(iss.input)})`,
    });
}

const whole = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** A finite number in (0, max] (or [0, max] with `allowZero`). */
export function positiveNumber(max: number, allowZero = false) {
  return z
    .number({
      error: (iss) => (iss.input === undefined ? 'is required' : `must be a number (got ${show(iss.input)})`),
    })
    .refine(Number.isFinite, { error: (iss) => `must be finite (got ${show(iss.input)})`, abort: true })
    .refine((v) => (allowZero ? v >= 0 : v > 0) && v <= max, {
      error: (iss) =>
        `must be ${allowZero ? 'at least 0' : 'greater than 0'} and at most ${max} (got ${show(iss.input)})`,
    });
}

export const strategySchema = lazy(() =>
  z.enum(STRATEGIES, {
    error: (iss) => `must be one of ${STRATEGIES.join(', ')} (got ${show(iss.input)})`,
  }),
);

/** One of an allowed list, with a message that names them (plot's `keyword`). */
function keyword<const T extends readonly [string, ...string[]]>(allowed: T) {
  return z.enum(allowed, {
    error: (iss) => `must be one of ${allowed.join(', ')} (got ${show(iss.input)})`,
  });
}

const flag = lazy(() => z.boolean({ error: (iss) => `must be true or false (got ${show(iss.input)})` }));

/** Mixture of experts: every field required when `moe` is given. */
export const moeSchema = lazy(
  () =>
    z
      .object({
        experts: wholeNumber(1, LIMITS.experts),
        topK: wholeNumber(1, LIMITS.experts),
        expertF: wholeNumber(1, LIMITS.hidden),
        sharedExpertF: wholeNumber(0, LIMITS.hidden),
        denseLayers: wholeNumber(0, LIMITS.depth),
      })
      .check((ctx) => {
        const { experts, topK } = ctx.value;
        if (whole(topK, 1, LIMITS.experts) && whole(experts, 1, LIMITS.experts) && topK > experts)
          ctx.issues.push({
            code: 'custom',
            path: ['topK'],
            input: topK,
            message: `experts per token (${topK}) must not exceed experts (${experts})`,
          });
      }) satisfies z.ZodType<MoeSpec>,
);

/** An encoder-decoder model's encoder: every field required when `encoder` is given. */
export const encoderSchema = lazy(
  () =>
    z.object({
      depth: wholeNumber(0, LIMITS.depth),
      l: wholeNumber(1, LIMITS.sequence),
      sharedEmbeddings: flag(),
    }) satisfies z.ZodType<EncoderSpec>,
);

/** A tensor chain: a ratio in (0, 1) and a length of 2, 3 or 4 (the official code's). */
export const tensorChainSchema = lazy(
  () =>
    z.object({
      ratio: positiveNumber(1).refine((v) => v < 1, {
        error: (iss) => `must be below 1 (got ${show(iss.input)})`,
      }),
      length: z.union(
        TC_LENGTHS.map((n) => z.literal(n)),
        { error: (iss) => `must be one of ${TC_LENGTHS.join(', ')} (got ${show(iss.input)})` },
      ),
    }) satisfies z.ZodType<TensorChain>,
);

export const tensorChainsSchema = lazy(
  () =>
    z.object({
      ffn: tensorChainSchema().exactOptional(),
      attn: tensorChainSchema().exactOptional(),
      embed: tensorChainSchema().exactOptional(),
      head: tensorChainSchema().exactOptional(),
    }) satisfies z.ZodType<TensorChains>,
);

/**
 * A model. The optional architecture fields stay absent when not given (`exactOptional`, no defaults):
 * an input without them parses to the very object it was, the paper's model.
 */
export const modelSchema = lazy(
  () =>
    z
      .object({
        l: wholeNumber(1, LIMITS.sequence),
        e: wholeNumber(1, LIMITS.embedding),
        f: wholeNumber(1, LIMITS.hidden),
        h: wholeNumber(1, LIMITS.heads),
        depth: wholeNumber(1, LIMITS.depth),
        kvHeads: wholeNumber(1, LIMITS.heads).exactOptional(),
        headDim: wholeNumber(1, LIMITS.embedding).exactOptional(),
        mlp: keyword(MLP_KINDS).exactOptional(),
        norm: keyword(NORM_KINDS).exactOptional(),
        bias: flag().exactOptional(),
        dropout: flag().exactOptional(),
        vocab: wholeNumber(0, LIMITS.vocab).exactOptional(),
        tiedEmbeddings: flag().exactOptional(),
        moe: moeSchema().exactOptional(),
        encoder: encoderSchema().exactOptional(),
        denseBiases: flag().exactOptional(),
        postNorm: flag().exactOptional(),
        kgv: flag().exactOptional(),
        tc: tensorChainsSchema().exactOptional(),
        hsoftpos: wholeNumber(0, LIMITS.hsoftposLevels).exactOptional(),
      })
      .check((ctx) => {
        const { e, h, depth, kvHeads, headDim, moe, encoder, hsoftpos, tc, vocab, tiedEmbeddings } =
          ctx.value;
        const add = (path: string | readonly string[], input: unknown, message: string) =>
          ctx.issues.push({
            code: 'custom',
            path: typeof path === 'string' ? [path] : [...path],
            input,
            message,
          });
        // With an explicit head width, Q need not be e wide (Qwen3: 32 heads of 128 on a 2,048-wide model).
        if (headDim === undefined && e % h !== 0) add('h', h, `heads (${h}) must divide embedding (${e})`);
        // Relations only between values that passed their own rule (one message per mistake).
        if (kvHeads !== undefined && whole(kvHeads, 1, LIMITS.heads)) {
          if (kvHeads > h)
            add('kvHeads', kvHeads, `key/value heads (${kvHeads}) must not exceed heads (${h})`);
          else if (h % kvHeads !== 0)
            add('kvHeads', kvHeads, `key/value heads (${kvHeads}) must divide heads (${h})`);
        }
        if (encoder && whole(encoder.depth, 0, LIMITS.depth) && encoder.depth > depth)
          add(
            ['encoder', 'depth'],
            encoder.depth,
            `encoder layers (${encoder.depth}) must not exceed layers (${depth})`,
          );
        // The two stacks take the places of a dense and an expert stack on the pipeline: not both.
        if (encoder && encoder.depth > 0 && moe)
          add('encoder', encoder.depth, 'an encoder-decoder model cannot have experts here');
        if (hsoftpos !== undefined && whole(hsoftpos, 1, LIMITS.hsoftposLevels) && e < 2 * hsoftpos)
          add(
            'hsoftpos',
            hsoftpos,
            `H-SoftPOS levels (${hsoftpos}) need an embedding of at least ${2 * hsoftpos}`,
          );
        // Chains on layers the model does not have would change nothing, silently.
        for (const family of ['embed', 'head'] as const)
          if (tc?.[family] && !(vocab !== undefined && vocab > 0))
            add(['tc', family], tc[family], `a tensor chain on the ${TC_LAYER[family]} needs a vocabulary`);
        if (tc?.head && tiedEmbeddings === true && vocab !== undefined && vocab > 0 && !((hsoftpos ?? 0) > 0))
          add(
            ['tc', 'head'],
            tc.head,
            'a tied output layer is the embedding table: set the chain on the embedding table, or untie them',
          );
        if (moe && whole(moe.denseLayers, 0, LIMITS.depth) && moe.denseLayers > depth)
          add(
            ['moe', 'denseLayers'],
            moe.denseLayers,
            `dense layers (${moe.denseLayers}) must not exceed layers (${depth})`,
          );
      }) satisfies z.ZodType<ModelSpec>,
);

/** What the tensor-chain families that need a vocabulary are called in messages. */
const TC_LAYER = { embed: 'embedding table', head: 'output layer' } as const;

const efficiency = () =>
  z
    .number({
      error: (iss) => (iss.input === undefined ? 'is required' : `must be a number (got ${show(iss.input)})`),
    })
    .refine((v) => v > 0 && v <= 1, { error: (iss) => `must be in (0, 1] (got ${show(iss.input)})` });

/** Each efficiency field within the range the calibration may fit (efficiency.ts `EFFICIENCY_FIELDS`). */
const efficiencySchema = () =>
  z.strictObject(
    Object.fromEntries(
      EFFICIENCY_KEYS.map((k) => {
        const { lo, hi } = EFFICIENCY_FIELDS[k];
        return [
          k,
          z
            .number({ error: (iss) => `must be a number (got ${show(iss.input)})` })
            .refine((v) => v >= lo && v <= hi, {
              error: (iss) => `must be in [${lo}, ${hi}] (got ${show(iss.input)})`,
            })
            .exactOptional(),
        ];
      }),
    ),
  ) as unknown as z.ZodType<EfficiencySpec, unknown>;

export const systemSchema = lazy(
  () =>
    z.object({
      matrix_flops_fp16: positiveNumber(1e7),
      vector_flops_fp16: positiveNumber(1e7),
      hbm_bandwidth: positiveNumber(1e9),
      hbm_capacity: positiveNumber(1e9),
      nvlink_bandwidth: positiveNumber(1e9),
      nvlink_eff: efficiency(),
      nvlink_latency: positiveNumber(1, true),
      ib_bandwidth: positiveNumber(1e9),
      ib_eff: efficiency(),
      ib_latency: positiveNumber(1, true),
      nvlink_size: wholeNumber(1, LIMITS.nvlinkSize),
      nic_factor: positiveNumber(1e4),
      element_size: positiveNumber(1),
      mask_element_size: positiveNumber(1),
      flops_units: positiveNumber(1),
      // Beyond the reference, absent in its files: left out, they stay absent (no FP8 rate; power unknown).
      matrix_flops_fp8: positiveNumber(1e7).exactOptional(),
      gpu_power: positiveNumber(1e6).exactOptional(),
      efficiency: efficiencySchema().exactOptional(),
    }) satisfies z.ZodType<SystemSpec>,
);

// Every SystemSpec key has a schema entry (a new field without validation fails to compile). A type
// check only: reading the shape would build the schema at import.
const _systemKeysCovered = (
  shape: ReturnType<typeof systemSchema>['shape'],
): Record<(typeof SYSTEM_KEYS)[number], unknown> => shape;
void _systemKeysCovered;

/** A dimension's rule: a whole number from 1 to its bound; null for no panels; absent for its default. */
function dimSchema(d: ConfigDim) {
  const n = wholeNumber(1, LIMITS[d.max]);
  return d.presence === 'nullable'
    ? n.nullable().default(null)
    : d.presence === 'optional'
      ? n.optional()
      : n;
}

/**
 * A parallel configuration, one rule per dimension of `CONFIG_DIMS`. Built from the table, so its type is
 * asserted; test/model/dims.test.ts checks the shape against the table.
 */
const configObject = lazy(() => z.object(Object.fromEntries(CONFIG_DIMS.map((d) => [d.key, dimSchema(d)]))));
export const configSchema = configObject as unknown as Lazy<z.ZodType<ParallelConfig, unknown>>;

/** A configuration whose NVLink placement fields may be left out (the CLI then picks the fastest). */
export const configWithoutPlacementSchema = lazy(
  () =>
    configObject().partial(
      Object.fromEntries(PLACEMENT_KEYS.map((k) => [k, true as const])),
    ) as unknown as z.ZodType<OpenPlacement, unknown>,
);

export const globalBatchSchema = lazy(() => wholeNumber(1, LIMITS.globalBatch));
export const gpuCountSchema = lazy(() => wholeNumber(1, LIMITS.gpus));

/** Every `step`-th GPU count from `from` to `to` (step 1 when absent): 72 to 576 by 72 for NVL72 racks. */
export const gpuRangeSchema = lazy(() =>
  z
    .strictObject({
      from: gpuCountSchema(),
      to: gpuCountSchema(),
      step: gpuCountSchema().optional(),
    })
    .refine((r) => r.from <= r.to, { error: 'a GPU range must run from low to high' })
    .refine((r) => (r.to - r.from) / (r.step ?? 1) < LIMITS.gpuCounts, {
      error: `a GPU range may hold at most ${LIMITS.gpuCounts} GPU counts`,
    }),
);

const expandGpus = (g: number | z.output<ReturnType<typeof gpuRangeSchema>>): number[] => {
  if (typeof g === 'number') return [g];
  const out: number[] = [];
  for (let n = g.from; n <= g.to; n += g.step ?? 1) out.push(n);
  return out;
};

/** A problem with an input: where, and a sentence that names the value and the rule. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

export const formatIssue = (i: InputIssue): string => (i.path ? `${i.path}: ${i.message}` : i.message);

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: InputIssue[] };

/** Parses with a schema, prefixing each issue's path with `at`. Never throws. */
export function parseWith<T>(schema: SchemaRef<T>, input: unknown, at = ''): Parsed<T> {
  const r = (typeof schema === 'function' ? schema() : schema).safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const tail = pathOf(i.path);
      const message =
        i.code === 'invalid_type' && i.expected === 'object'
          ? `must be an object (got ${show(i.input)})`
          : i.code === 'invalid_type' && i.expected === 'array'
            ? `must be a list (got ${show(i.input)})`
            : i.code === 'invalid_type' && i.expected === 'boolean'
              ? i.input === undefined
                ? 'is required'
                : `must be true or false (got ${show(i.input)})`
              : i.message;
      return { path: [at, tail].filter(Boolean).join(tail.startsWith('[') ? '' : '.'), message };
    }),
  };
}

/**
 * Whether a configuration can run the model under a strategy: the rules the search's enumeration
 * guarantees (integer shards, groups that multiply, placements that fit a domain), as readable issues.
 * The search's narrow-shard cut-offs (128 columns) are a search heuristic, not a validity rule.
 */
export function configIssues(
  model: ModelSpec,
  system: SystemSpec,
  strategy: Strategy,
  globalBatchSize: number,
  c: ParallelConfig,
  at = 'config',
): InputIssue[] {
  const out: InputIssue[] = [];
  const add = (field: string, message: string) => out.push({ path: `${at}.${field}`, message });
  const { l, e, h, depth } = model;
  const kvHeads = model.kvHeads ?? h;
  const rules = STRATEGY_RULES[strategy];
  if (h % c.tp1 !== 0) add('tp1', `tensor parallel degree (${c.tp1}) must divide heads (${h})`);
  // Each tensor-parallel rank holds whole key/value heads (Megatron splits query groups over tp).
  if (kvHeads !== h && kvHeads % c.tp1 !== 0)
    add('tp1', `tensor parallel degree (${c.tp1}) must divide key/value heads (${kvHeads})`);
  if (e % c.tp1 !== 0) add('tp1', `tensor parallel degree (${c.tp1}) must divide embedding (${e})`);
  if (!rules.usesTp2 && c.tp2 !== 1) add('tp2', `must be 1 for the ${strategy} strategy (got ${c.tp2})`);
  if (rules.panels && e % c.tp2 !== 0)
    add('tp2', `second tensor degree (${c.tp2}) must divide embedding (${e})`);
  const qw = h * (model.headDim ?? Math.floor(e / h));
  if (rules.panels && qw !== e && qw % c.tp2 !== 0)
    add('tp2', `second tensor degree (${c.tp2}) must divide the attention width (${h} x ${qw / h} = ${qw})`);
  // The reference shards b*l, not l, over tp2 (it need not divide l), but a shard must hold a token.
  if (rules.usesTp2 && c.tp2 > l)
    add('tp2', `second tensor degree (${c.tp2}) must not exceed the sequence (${l})`);
  if (depth % c.pp !== 0) add('pp', `pipeline degree (${c.pp}) must divide layers (${depth})`);
  else if (depth % (c.pp * (c.v ?? 1)) !== 0)
    add('v', `virtual pipeline stages (${c.v}) must divide the layers per stage (${depth / c.pp})`);
  if ((c.v ?? 1) > 1 && c.pp === 1)
    add('v', `virtual pipeline stages (${c.v}) need pipeline parallelism (pp > 1)`);
  // Megatron-Core places expert parallelism inside the data-parallel x context-parallel group.
  const ep = c.ep ?? 1;
  const experts = model.moe?.experts ?? 0;
  if (ep !== 1 && experts === 0) add('ep', `expert parallelism (${ep}) needs a model with experts`);
  else if (experts > 0 && experts % ep !== 0)
    add('ep', `expert parallel degree (${ep}) must divide the experts (${experts})`);
  if (rules.contextReplicas && (c.dp * c.tp2) % ep !== 0)
    add(
      'ep',
      `expert parallel degree (${ep}) must divide data x context parallel (${c.dp} x ${c.tp2} = ${c.dp * c.tp2})`,
    );
  else if (!rules.contextReplicas && c.dp % ep !== 0)
    add('ep', `expert parallel degree (${ep}) must divide the data parallel degree (${c.dp})`);
  if (globalBatchSize % c.dp !== 0)
    add('dp', `data parallel degree (${c.dp}) must divide the global batch (${globalBatchSize})`);
  else if ((globalBatchSize / c.dp) % c.mbs !== 0)
    add('mbs', `micro-batch (${c.mbs}) must divide the local batch (${globalBatchSize / c.dp})`);
  const shard = rules.tokenShard(c.tp1, c.tp2);
  if ((c.mbs * l) % shard !== 0)
    add('mbs', `micro-batch tokens (${c.mbs} x ${l}) must divide over ${shard} tensor-parallel GPUs`);
  if (rules.panels) {
    if (c.nb === null) add('nb', 'SUMMA panel count is required for the 2d strategy');
  } else if (c.nb !== null) add('nb', `applies to the 2d strategy only (got ${c.nb})`);
  const groups = [
    ['nvTp1', c.nvTp1, 'tp1', c.tp1],
    ['nvTp2', c.nvTp2, 'tp2', c.tp2],
    ['nvDp', c.nvDp, 'dp', c.dp],
    ['nvPp', c.nvPp, 'pp', c.pp],
  ] as const;
  for (const [nv, value, group, size] of groups)
    if (size % value !== 0) add(nv, `GPUs in the NVLink domain (${value}) must divide ${group} (${size})`);
  const inDomain = c.nvTp1 * c.nvTp2 * c.nvDp * c.nvPp;
  if (inDomain > system.nvlink_size)
    add('nvTp1', `placement puts ${inDomain} GPUs in one NVLink domain of ${system.nvlink_size}`);
  return out;
}

/** Whole optimizer bytes per parameter: 12 is the paper's (fp32 master weights, momentum, variance). */
const optimizerBytesSchema = () => wholeNumber(0, 64);
const zeroSchema = () =>
  z.union(
    ZERO_STAGES.map((n) => z.literal(n)),
    {
      error: (iss) => `must be one of ${ZERO_STAGES.join(', ')} (got ${show(iss.input)})`,
    },
  );

/** `evaluate`'s training settings: each field absent is the paper's. */
export const trainingSchema = lazy(() =>
  z
    .object({
      recompute: keyword(RECOMPUTES).optional().default(PAPER_TRAINING.recompute),
      zero: zeroSchema().optional().default(PAPER_TRAINING.zero),
      precision: keyword(PRECISIONS).optional().default(PAPER_TRAINING.precision),
      optimizerBytes: optimizerBytesSchema().optional(),
      // Whose memory recipe (spec.ts `Framework`); absent = Megatron's.
      framework: keyword(FRAMEWORKS).optional(),
      // How a framework's run ran (spec.ts): eager or compiled, async TP, float8 scaling.
      compiled: z.boolean().optional(),
      asyncTp: z.boolean().optional(),
      fp8Scaling: keyword(FP8_SCALINGS).optional(),
    })
    .strict(),
);

/** A ZeRO stage or 'search'. */
const zeroOrSearch = () =>
  z.union([z.literal('search'), ...ZERO_STAGES.map((n) => z.literal(n))], {
    error: (iss) => `must be one of ${ZERO_STAGES.join(', ')} or search (got ${show(iss.input)})`,
  });

/**
 * `search`'s training settings: `"search"` (recompute, ZeRO stage and precision all searched) or an
 * object whose fields are each a value or `"search"`; absent fields are the paper's.
 */
export const trainingChoiceSchema = lazy(() =>
  z.preprocess(
    (v) => (v === 'search' ? { recompute: 'search', zero: 'search', precision: 'search' } : v),
    z
      .object(
        {
          recompute: keyword([...RECOMPUTES, 'search'])
            .optional()
            .default(PAPER_TRAINING.recompute),
          zero: zeroOrSearch().optional().default(PAPER_TRAINING.zero),
          precision: keyword([...PRECISIONS, 'search'])
            .optional()
            .default(PAPER_TRAINING.precision),
          optimizerBytes: optimizerBytesSchema().optional(),
        },
        { error: (iss) => `must be "search" or an object (got ${show(iss.input)})` },
      )
      .strict(),
  ),
);

/** Virtual pipeline stages or 'search'. */
const vOrSearch = () =>
  z.union([z.literal('search'), wholeNumber(1, LIMITS.depth)], {
    error: (iss) => `must be a whole number from 1 or search (got ${show(iss.input)})`,
  });

/** The system as the reference's files carry it; `empirical` (measured NCCL tables) is not supported. */
export const systemFileSchema = lazy(() =>
  systemSchema().extend({
    empirical: z
      .literal(false, {
        error: (iss) => `measured-bandwidth mode is not supported; set false (got ${show(iss.input)})`,
      })
      .optional(),
  }),
);

/**
 * The planner's inputs, optional in every CLI input: with `tokenBudget` (tokens), results gain the time
 * to train, GPU-hours, cost and energy. `pricePerGpuHour` (default 2), `gpuPower` (W per GPU; default the
 * system's `gpu_power`), `pue` (default 1).
 */
export const plannerFields = lazy(() => ({
  tokenBudget: positiveNumber(1e18).optional(),
  pricePerGpuHour: positiveNumber(1e6, true).optional(),
  gpuPower: positiveNumber(1e6).optional(),
  pue: positiveNumber(10)
    .refine((v) => v >= 1, { error: (iss) => `must be at least 1 (got ${show(iss.input)})` })
    .optional(),
}));

const flashSchema = () =>
  z.boolean({
    error: (iss) => `must be true or false (got ${show(iss.input)})`,
  });

/**
 * One case of the CLI's `evaluate` input: the golden `evaluate.json` form, its NVLink placement optional.
 * Descriptive fields (`gpus`, `systemBase`, `expected`, ...) are accepted and ignored.
 */
export const evaluateCaseSchema = lazy(() =>
  z.object({
    id: z.union([z.string(), z.number()], {
      error: (iss) => `must be a string or number (got ${show(iss.input)})`,
    }),
    strategy: strategySchema(),
    flashAttention: flashSchema().optional().default(true),
    model: modelSchema(),
    globalBatchSize: globalBatchSchema(),
    system: systemFileSchema(),
    // Placement fields left out are chosen by the CLI: the fastest valid placement for the rest.
    config: configWithoutPlacementSchema(),
    ...plannerFields(),
    // Absent: the paper's training (no recomputation, ZeRO 1, bf16, 12 optimizer bytes).
    training: trainingSchema().optional(),
  }),
);
export type EvaluateCase = z.output<ReturnType<typeof evaluateCaseSchema>>;

/**
 * The CLI's `search` input, the golden search form (and what the explorer exports): descriptive fields
 * (`source`, `modelName`, `systemBase`, `results`) are accepted and ignored.
 */
export const searchFileSchema = lazy(() =>
  z.object({
    model: modelSchema(),
    system: systemFileSchema(),
    strategy: strategySchema(),
    globalBatchSize: globalBatchSchema(),
    gpusSearched: z
      .array(z.union([gpuCountSchema(), gpuRangeSchema()]), {
        error: (iss) => `must be a list of GPU counts or ranges {from, to, step} (got ${show(iss.input)})`,
      })
      .min(1, { error: 'must list at least one GPU count' })
      .transform((items) => items.flatMap(expandGpus))
      .refine((gpus) => gpus.length <= LIMITS.gpuCounts, {
        error: (iss) =>
          `must list at most ${LIMITS.gpuCounts} GPU counts (got ${(iss.input as number[]).length} after expanding ranges)`,
      }),
    top: wholeNumber(1, LIMITS.top).optional().default(10),
    flashAttention: flashSchema().optional().default(true),
    ...plannerFields(),
    // Absent: the paper's training, the reference's search. See trainingChoiceSchema.
    training: trainingChoiceSchema().optional(),
    // Virtual pipeline stages of every configuration, or 'search' (chosen per configuration); absent: 1.
    v: vOrSearch().optional(),
  }),
);
export type SearchFile = z.output<ReturnType<typeof searchFileSchema>>;
