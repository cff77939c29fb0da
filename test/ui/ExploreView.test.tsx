// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSystemField } from '../../src/state/store.ts';
import type * as describeModule from '../../src/ui/describe.ts';
import { placementText } from '../../src/ui/describe.ts';
import { ExploreView } from '../../src/ui/ExploreView.tsx';
import { renderWithStore, storeWithResults } from './harness.tsx';

// Counts the top-10 table's row renders: each row writes its placement with this function.
vi.mock('../../src/ui/describe.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof describeModule>();
  return { ...actual, placementText: vi.fn(actual.placementText) };
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('ExploreView', () => {
  it('mounts the tables a painted frame after the charts and the headline', async () => {
    renderWithStore(<ExploreView />, storeWithResults());
    expect(screen.getByTestId('best-throughput')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    await screen.findByRole('heading', { name: /^Top 10 configurations/ });
  });

  it('draws the first results a chart per frame: the scaling chart first, the tables after the charts', async () => {
    renderWithStore(<ExploreView />, storeWithResults());
    // In the first frame only the scaling chart draws; the breakdowns and the scatter wait their frames.
    expect(screen.getAllByText('No results yet').length).toBe(2);
    expect(screen.getByText('No configurations to show')).toBeTruthy();
    await screen.findByRole('heading', { name: /^Top 10 configurations/ });
    expect(screen.queryByText('No results yet')).toBeNull();
    expect(screen.queryByText('No configurations to show')).toBeNull();
  });

  it('an edit does not redraw the top-10 table, whose results have not changed', async () => {
    const { store } = renderWithStore(<ExploreView />, storeWithResults());
    await screen.findByRole('heading', { name: /^Top 10 configurations/ });
    const rows = vi.mocked(placementText).mock.calls.length;
    expect(rows).toBeGreaterThanOrEqual(10);
    // The view re-renders (its memory chart draws the capacity); the table's inputs are the same.
    act(() => setSystemField(store, 0, 'hbm_capacity', 81));
    expect(vi.mocked(placementText).mock.calls.length).toBe(rows);
  });
});
