/** Mounts what is below the fold a frame after what is above it. */
import { useEffect, useState, type ReactNode } from 'react';

/**
 * Renders `children` once `ready` has been true through one painted frame, and from then on always (later
 * updates render with the rest of the view, as before). On this project's 2-core machine a frame that lays
 * out the explorer's first screen took 30-45 ms of CPU (traced), most of it for the controls' 25 fields, and
 * the first results' frame as much again for the charts and both tables at once; what lies below the fold
 * (the system and planner panels, the tables) now takes a task and a frame of its own, after the rest.
 */
export function AfterPaint({ ready = true, children }: { ready?: boolean; children: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!ready || shown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The timeout starts a task after the frame that showed the rest (requestAnimationFrame runs before it).
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, shown]);
  return shown ? children : null;
}
