/**
 * `npm run bench`: speed of the exhaustive search in Node, cold.
 *
 * Each measurement runs in a fresh worker thread (a new V8 isolate): no block cache, no JIT state, nothing
 * from an earlier run. Figures are medians over RUNS isolates, with min and max, because these machines
 * are noisy. The sweeps are the reference's: GPT3-1T, global batch 4096, 4 to 16384 GPUs, A100 with NVLink
 * domains of 4, 8 and 64, each strategy.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MODEL_PRESETS, PAPER_GLOBAL_BATCH, PAPER_GPU_COUNTS } from '../../src/presets/models.ts';
import { systemWithDomain } from '../../src/presets/systems.ts';
import { SweepContext, searchGpuCount, type SearchRequest } from '../../src/search/search.ts';
import type { Strategy } from '../../src/model/spec.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The reference's cost per candidate, measured here: 46 s for the 15,098-candidate 1D sweep. */
const REFERENCE_US_PER_CANDIDATE = (46 / 15098) * 1e6;

interface Job {
  strategy: Strategy;
  nvs: number;
}
interface Measurement {
  candidates: number;
  ms: number;
  blocks: number;
}

function request(job: Job): SearchRequest {
  return {
    model: MODEL_PRESETS['gpt3-1t'].spec,
    system: systemWithDomain('A100', job.nvs),
    strategy: job.strategy,
    globalBatchSize: PAPER_GLOBAL_BATCH,
    gpus: PAPER_GPU_COUNTS,
    top: 10,
    options: { flashAttention: true },
  };
}

function measure(job: Job): Measurement {
  const t0 = performance.now();
  const ctx = new SweepContext(request(job));
  let candidates = 0;
  for (const n of PAPER_GPU_COUNTS) candidates += searchGpuCount(ctx, n).candidates;
  return { candidates, ms: performance.now() - t0, blocks: ctx.blocksEvaluated };
}

function inFreshIsolate(job: Job): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: job });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main() {
  console.log(`Parallax search benchmark — Node ${process.version}, ${availableParallelism()} cores`);
  console.log(
    `GPT3-1T, batch ${PAPER_GLOBAL_BATCH}, GPUs ${PAPER_GPU_COUNTS[0]}..${PAPER_GPU_COUNTS.at(-1)}, A100;`,
  );
  console.log(`each figure: median [min-max] of ${RUNS} cold runs, one fresh V8 isolate each, one core\n`);
  const header = ['strategy', 'NVLink', 'candidates', 'blocks', 'wall ms', 'us/candidate', 'vs reference'];
  const rows: string[][] = [];
  for (const strategy of ['1d', '2d', '2d-seqp'] as const) {
    for (const nvs of [4, 8, 64]) {
      const runs: Measurement[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await inFreshIsolate({ strategy, nvs }));
      const ms = runs.map((r) => r.ms);
      const { candidates, blocks } = runs[0] as Measurement;
      const us = (median(ms) * 1000) / candidates;
      rows.push([
        strategy,
        String(nvs),
        candidates.toLocaleString('en-US'),
        blocks.toLocaleString('en-US'),
        `${median(ms).toFixed(0)} [${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}]`,
        us.toFixed(3),
        `${Math.round(REFERENCE_US_PER_CANDIDATE / us).toLocaleString('en-US')}x`,
      ]);
      console.error(`  done ${strategy} NVS${nvs}`);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(
    `\nreference: ~${(REFERENCE_US_PER_CANDIDATE / 1000).toFixed(1)} ms per candidate (46 s for 15,098)`,
  );
}

if (isMainThread) await main();
else parentPort?.postMessage(measure(workerData as Job));
