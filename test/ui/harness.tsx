/**
 * Shared set-up of the UI tests: a store filled with real search results (the engine, not fixtures),
 * rendering inside the store and services providers, and capture of downloaded files.
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { searchSweep, type GpuResult } from '../../src/search/search.ts';
import { DEFAULT_INPUTS, gpuCounts, searchRequest, type Inputs } from '../../src/state/inputs.ts';
import { StoreProvider } from '../../src/state/react.ts';
import {
  applyUpdates,
  createAppStore,
  initialState,
  startRun,
  type AppStore,
  type ViewState,
  DEFAULT_VIEW,
} from '../../src/state/store.ts';
import { ServicesContext, type Services } from '../../src/ui/services.ts';
import { requestKey } from '../../src/worker/api.ts';

/** GPT3-1T on A100 (NVS 4) at 256, 512 and 1024 GPUs: nothing fits at 256, ten configurations at the others. */
export const INPUTS: Inputs = { ...DEFAULT_INPUTS, gpuMin: 256, gpuMax: 1024 };

const cache = new Map<string, GpuResult[]>();

/** The engine's results for system k of the inputs (memoised: a sweep takes ~100 ms). */
export function resultsFor(inputs: Inputs, k = 0): GpuResult[] {
  const request = searchRequest(inputs, k);
  const key = `${requestKey(request)}|${request.gpus.join(',')}`;
  let out = cache.get(key);
  if (!out) {
    out = searchSweep(request);
    cache.set(key, out);
  }
  return out;
}

/**
 * A store holding the inputs and a finished run with every system's results, each passed through `edit`
 * (results the engine cannot produce yet, such as configurations with expert parallelism).
 */
export function storeWithResults(
  inputs: Inputs = INPUTS,
  view: Partial<ViewState> = {},
  edit: (r: GpuResult) => GpuResult = (r) => r,
): AppStore {
  const store = createAppStore(initialState(inputs, { ...DEFAULT_VIEW, ...view }));
  const keys = inputs.systems.map((_, k) => requestKey(searchRequest(inputs, k)));
  startRun(store, 1, keys, 0);
  applyUpdates(
    store,
    [
      ...inputs.systems.flatMap((_, k) =>
        resultsFor(inputs, k).map((result) => ({
          kind: 'result' as const,
          run: 1,
          series: String(k),
          result: edit(result),
        })),
      ),
      { kind: 'done', run: 1, ms: 1 },
    ],
    gpuCounts(inputs.gpuMin, inputs.gpuMax),
  );
  return store;
}

/** Services that record their calls: the link is fixed, copying succeeds. */
export function fakeServices(overrides: Partial<Services> = {}): Services {
  const services = {
    shareLink: vi.fn(() => 'https://example.test/parallax/#v=1&m=gpt3-1t'),
    copy: vi.fn(async (_text: string) => true),
    cancelSearch: vi.fn(),
    cancelDesign: vi.fn(),
    resumeDesign: vi.fn(),
    ...overrides,
  };
  return services;
}

export function renderWithStore(
  ui: ReactElement,
  store: AppStore = createAppStore(),
  services: Services = fakeServices(),
): RenderResult & { store: AppStore; services: Services } {
  const result = render(
    <ServicesContext.Provider value={services}>
      <StoreProvider store={store}>{ui}</StoreProvider>
    </ServicesContext.Provider>,
  );
  return { ...result, store, services };
}

export interface Download {
  readonly filename: string;
  readonly type: string;
  text(): Promise<string>;
}

/**
 * Captures files saved through `downloadText`: stubs URL.createObjectURL / revokeObjectURL and the link
 * click (happy-dom would otherwise try to navigate). Restore with vi.restoreAllMocks().
 */
export function captureDownloads(): Download[] {
  const blobs = new Map<string, Blob>();
  const downloads: Download[] = [];
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((obj: Blob | MediaSource) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, obj as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (!blob) throw new Error(`download of an unknown URL ${this.href}`);
    downloads.push({ filename: this.download, type: blob.type, text: () => blob.text() });
  });
  return downloads;
}

// Table rows and cells by selector: *ByRole over every cell of a table is slow (it computes each
// element's accessibility), and these tables are plain HTML tables.

/** The body rows of a table. */
export const bodyRows = (table: HTMLElement): HTMLTableRowElement[] => [
  ...table.querySelectorAll<HTMLTableRowElement>('tbody tr'),
];

/** The data cells (td) of a row, without its row header. */
export const cells = (row: Element): HTMLTableCellElement[] => [...row.querySelectorAll('td')];

/** The text of a row's header cell (th scope=row). */
export const rowHeader = (row: Element): string | null | undefined =>
  row.querySelector('th[scope="row"]')?.textContent;
