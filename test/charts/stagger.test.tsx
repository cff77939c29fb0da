// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { memo } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { staggered } from '../../src/charts/stagger.ts';

/** Records each render with the props it got; memoised, as the charts are. */
const renders: string[] = [];
const Probe = memo(function Probe({ name, value }: { readonly name: string; readonly value: number }) {
  renders.push(`${name}=${value}`);
  return <span data-testid={name}>{value}</span>;
});
const First = staggered(Probe);
const Second = staggered(Probe);
const Third = staggered(Probe);

function Page({ a, b, c }: { readonly a: number; readonly b: number; readonly c: number }) {
  return (
    <>
      <First name="first" value={a} />
      <Second name="second" value={b} />
      <Third name="third" value={c} />
    </>
  );
}

/** Animation frames asked for and not yet run. */
let frames: (() => void)[] = [];

/** Runs the due timers (setTimeout 0) and returns what rendered. */
async function timers(): Promise<string[]> {
  renders.length = 0;
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
  return [...renders];
}

/** Runs one animation frame and the timers it starts; returns what rendered. */
async function frame(): Promise<string[]> {
  renders.length = 0;
  await act(async () => {
    const due = frames;
    frames = [];
    for (const f of due) f();
    await vi.advanceTimersByTimeAsync(0);
  });
  return [...renders];
}

/** Timers, then `n` frames: everything rendered. */
async function settle(n = 4): Promise<string[]> {
  const all = await timers();
  for (let i = 0; i < n; i++) all.push(...(await frame()));
  return all;
}

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
  renders.length = 0;
});
afterEach(async () => {
  // Let a queue left by a test drain, so the next test starts with none.
  await settle();
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('staggered', () => {
  it('draws the first props at once', () => {
    const { getByTestId } = render(<Page a={1} b={1} c={1} />);
    expect(getByTestId('first').textContent).toBe('1');
    expect(renders).toEqual(['first=1', 'second=1', 'third=1']);
  });

  it('hands changed props out one component per turn, in order, and none in the update itself', async () => {
    const { rerender, getByTestId } = render(<Page a={1} b={1} c={1} />);
    renders.length = 0;
    rerender(<Page a={2} b={2} c={2} />);
    expect(renders).toEqual([]);
    expect(getByTestId('first').textContent).toBe('1');
    // The first goes in a task after the update; each next one after an animation frame.
    expect(await timers()).toEqual(['first=2']);
    expect(await frame()).toEqual(['second=2']);
    expect(await frame()).toEqual(['third=2']);
    expect(await frame()).toEqual([]);
    expect(getByTestId('third').textContent).toBe('2');
  });

  it('supersedes: a component changed twice before its turn renders once, with the newest props', async () => {
    const { rerender, getByTestId } = render(<Page a={1} b={1} c={1} />);
    rerender(<Page a={2} b={1} c={2} />);
    rerender(<Page a={3} b={1} c={3} />);
    expect(await settle()).toEqual(['first=3', 'third=3']);
    expect(getByTestId('first').textContent).toBe('3');
  });

  it('skips a change undone before its turn', async () => {
    const { rerender } = render(<Page a={1} b={1} c={1} />);
    rerender(<Page a={1} b={5} c={1} />);
    rerender(<Page a={1} b={1} c={1} />);
    expect(await settle()).toEqual([]);
  });

  it('drops the turn of an unmounted component', async () => {
    const { rerender, unmount } = render(<Page a={1} b={1} c={1} />);
    rerender(<Page a={2} b={2} c={2} />);
    unmount();
    expect(await settle()).toEqual([]);
  });
});
