/**
 * The search pool in Node (CLI, benchmarks): the browser's pool and bridge over worker threads. Each thread
 * runs this same bundle with `workerData.parallaxSearchWorker` set, and serves the search API.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { GpuResult, SearchRequest } from '../search/search.ts';
import { searchApi, type SearchApi } from './api.ts';
import { SearchBridge } from './bridge.ts';
import { WorkerPool, type PoolWorker } from './pool.ts';

const MARK = 'parallaxSearchWorker';

/** In a search thread: serve the API and return true. In the main thread: false. */
export function serveIfSearchThread(): boolean {
  const data = workerData as Record<string, unknown> | null;
  if (isMainThread || !parentPort || !data?.[MARK]) return false;
  Comlink.expose(searchApi, nodeEndpoint(parentPort));
  return true;
}

function nodeWorker(entry: string): PoolWorker {
  const worker = new Worker(entry, { workerData: { [MARK]: true } });
  const api = Comlink.wrap<SearchApi>(nodeEndpoint(worker));
  let terminated = false;
  return {
    api,
    onCrash: (listener) => {
      worker.on('error', (e) => listener(e.message));
      worker.on('exit', (code) => {
        if (code !== 0 && !terminated) listener(`exit code ${code}`);
      });
    },
    terminate: () => {
      if (terminated) return;
      terminated = true;
      api[Comlink.releaseProxy]();
      void worker.terminate();
    },
  };
}

/** A pool of `threads` search threads, each running `entry` (a bundle that calls `serveIfSearchThread`). */
export function nodeSearchPool(threads: number, entry: string): WorkerPool {
  return new WorkerPool(threads, () => nodeWorker(entry));
}

/** Searches every GPU count of `request` on `threads` worker threads running `entry`; same result as in-process. */
export async function searchInThreads(
  request: SearchRequest,
  threads: number,
  entry: string,
): Promise<GpuResult[]> {
  const pool = nodeSearchPool(threads, entry);
  try {
    const byGpus = new Map<number, GpuResult>();
    await new Promise<void>((resolve, reject) => {
      new SearchBridge(pool).run([{ series: '0', request }], (u) => {
        if (u.kind === 'result') byGpus.set(u.result.gpus, u.result);
        else if (u.kind === 'error') reject(new Error(`the search at ${u.gpus} GPUs failed: ${u.message}`));
        else if (u.kind === 'done') resolve();
      });
    });
    return request.gpus.map((n) => {
      const r = byGpus.get(n);
      if (!r) throw new Error(`no result for ${n} GPUs`);
      return r;
    });
  } finally {
    pool.terminate();
  }
}
