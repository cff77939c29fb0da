// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AfterPaint, useStages } from '../../src/ui/AfterPaint.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const fakeFrames = () =>
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'],
  });

/** One painted frame, then the task after it (where a stage's transition renders). */
const frameAndTask = () => {
  act(() => vi.advanceTimersToNextFrame());
  act(() => vi.advanceTimersByTime(1));
};

describe('AfterPaint', () => {
  it('shows nothing until ready, then its children only after a frame, and keeps them', () => {
    fakeFrames();
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

describe('useStages', () => {
  function Staged({ ready }: { ready: boolean }) {
    const stage = useStages(3, ready);
    return <p data-testid="stage">{stage}</p>;
  }
  const stage = () => Number(screen.getByTestId('stage').textContent);

  it('adds one stage per painted frame once ready, stops at the count and never goes back', () => {
    fakeFrames();
    const { rerender } = render(<Staged ready={false} />);
    act(() => vi.advanceTimersByTime(100));
    expect(stage()).toBe(0);
    rerender(<Staged ready />);
    expect(stage()).toBe(0);
    const seen = [];
    for (let i = 0; i < 5; i++) {
      frameAndTask();
      seen.push(stage());
    }
    expect(seen).toEqual([1, 2, 3, 3, 3]);
    rerender(<Staged ready={false} />);
    frameAndTask();
    expect(stage()).toBe(3);
  });
});
