import { searchSweep, type GpuResult } from '../../src/search/search.ts';
import { close, diffJson, loadSearch, systemOf, type GoldenSearch } from './golden.ts';

/**
 * The reference's published search outputs (GPT3-1T; A100/H200/B200 x NVLink 4/8/64 x three strategies):
 * the top-10 throughputs in order at every GPU count, the best configuration among those tied for best,
 * and nothing feasible where the reference found nothing.
 */
export function checkAgainstGolden(golden: GoldenSearch, results: readonly GpuResult[]): string[] {
  const problems: string[] = [];
  const byGpus = new Map(golden.results.map((r) => [r.gpus, r]));
  for (const r of results) {
    const g = byGpus.get(r.gpus);
    if (!g) {
      if (r.top.length > 0)
        problems.push(`${r.gpus} GPUs: the reference has nothing feasible, we found ${r.top.length}`);
      continue;
    }
    const ours = r.top.map((t) => t.throughput);
    const theirs = g.top.map((t) => t.throughput);
    if (ours.length !== theirs.length)
      problems.push(`${r.gpus} GPUs: ${ours.length} kept vs ${theirs.length}`);
    theirs.forEach((t, i) => {
      if (!close(ours[i] ?? NaN, t)) problems.push(`${r.gpus} GPUs: #${i} ${ours[i]} != ${t}`);
    });
    const best = r.top[0];
    const tied = g.top.filter((t) => close(t.throughput, g.top[0]!.throughput));
    const match = tied.find((t) => best && diffJson(best.config, t.config).length === 0);
    if (!match)
      problems.push(`${r.gpus} GPUs: best ${JSON.stringify(best?.config)} is not among the reference's best`);
    else {
      const d = diffJson({ mem: best!.mem, totals: best!.totals }, { mem: match.mem, totals: match.totals });
      if (d.length) problems.push(`${r.gpus} GPUs: ${d.slice(0, 3).join('; ')}`);
    }
  }
  for (const g of golden.results)
    if (!results.some((r) => r.gpus === g.gpus)) problems.push(`${g.gpus} GPUs: not searched`);
  return problems;
}

export function runGolden(name: string): { golden: GoldenSearch; results: GpuResult[] } {
  const golden = loadSearch(name);
  const results = searchSweep({
    model: golden.model,
    system: systemOf(golden.system),
    strategy: golden.strategy,
    globalBatchSize: golden.globalBatchSize,
    gpus: golden.gpusSearched,
    top: 10,
    options: { flashAttention: true },
  });
  return { golden, results };
}
