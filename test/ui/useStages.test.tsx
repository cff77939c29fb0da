// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStages } from '../../src/ui/useStages.ts';

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
    // Not in the commit that made it ready, nor in the frame after it: in the task after that frame.
    expect(stage()).toBe(0);
    act(() => vi.advanceTimersToNextFrame());
    expect(stage()).toBe(0);
    act(() => vi.advanceTimersByTime(1));
    expect(stage()).toBe(1);
    const seen = [];
    for (let i = 0; i < 5; i++) {
      frameAndTask();
      seen.push(stage());
    }
    expect(seen).toEqual([2, 3, 3, 3, 3]);
    rerender(<Staged ready={false} />);
    frameAndTask();
    expect(stage()).toBe(3);
  });
});
