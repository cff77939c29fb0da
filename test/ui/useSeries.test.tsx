// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { searchRequest } from '../../src/state/inputs.ts';
import { StoreProvider } from '../../src/state/react.ts';
import { setSystemField, startRun } from '../../src/state/store.ts';
import { useSeries } from '../../src/ui/useSeries.ts';
import { requestKey } from '../../src/worker/api.ts';
import { storeWithResults } from './harness.tsx';

describe('useSeries', () => {
  it('keeps its series while an edit waits for results, and changes them when results or labels do', () => {
    const store = storeWithResults();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StoreProvider store={store}>{children}</StoreProvider>
    );
    const { result } = renderHook(() => useSeries(), { wrapper });
    const plain = result.current;
    expect(plain[0]!.results.length).toBeGreaterThan(0);

    // Editing a figure marks the system as edited in its label: new series.
    act(() => setSystemField(store, 0, 'hbm_bandwidth', 1000));
    expect(result.current[0]!.label).toMatch(/\*/);
    expect(result.current).not.toBe(plain);
    const edited = result.current;

    // The next steps of a drag start runs: inputs and the results' series change, the charts' data do not.
    act(() => {
      setSystemField(store, 0, 'hbm_bandwidth', 1001);
      const inputs = store.getState().inputs;
      startRun(store, 2, [requestKey(searchRequest(inputs, 0))], 0);
    });
    expect(result.current).toBe(edited);
  });
});
