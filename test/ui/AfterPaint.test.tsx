// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AfterPaint } from '../../src/ui/AfterPaint.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('AfterPaint', () => {
  it('shows nothing until ready, then its children only after a frame, and keeps them', () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'],
    });
    const view = (ready: boolean) => (
      <AfterPaint ready={ready}>
        <p>below the fold</p>
      </AfterPaint>
    );
    const { rerender } = render(view(false));
    act(() => vi.advanceTimersByTime(100));
    expect(screen.queryByText('below the fold')).toBeNull();
    rerender(view(true));
    // Not in the commit that made it ready: the frame that shows the rest comes first.
    expect(screen.queryByText('below the fold')).toBeNull();
    act(() => vi.advanceTimersToNextFrame());
    expect(screen.queryByText('below the fold')).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByText('below the fold')).not.toBeNull();
    // Once shown, it stays, ready or not (later results update it in place).
    rerender(view(false));
    expect(screen.queryByText('below the fold')).not.toBeNull();
  });
});
