/** Mounts heavy parts of a view a frame at a time, below the fold after what is above it. */
import { startTransition, useEffect, useState } from 'react';

/**
 * How many of `count` stages may render: none until `ready`, then one more in each task after a painted
 * frame, and from then on always all (later updates render with the rest of the view, as before). On this
 * project's 2-core machine a frame that lays out the explorer's first screen took 30-45 ms of CPU (traced),
 * most of it for the controls' 25 fields, and the first results' frame as much again for the four charts and
 * both tables at once; staged, each part is laid out and painted in a frame of its own.
 */
export function useStages(count: number, ready = true): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (!ready || shown >= count) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The timeout starts a task after the frame that showed the last stage (requestAnimationFrame runs
    // before that frame's layout and paint); the stage renders as a transition, in slices of a few ms.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown((n) => n + 1)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [count, ready, shown]);
  return shown;
}
