/**
 * recharts chart updates, one chart per animation frame (the plain-SVG charts of src/charts/plot need
 * none of this).
 *
 * recharts 3 keeps each chart's layout in a store of its own and, in the next animation frame after a
 * chart's props change, re-renders the chart from that store synchronously. When several charts change
 * together (every time results land), all of those re-renders run in one frame: one task of
 * 100-200 ms on a 2-core machine while the workers search, and the page stutters. Handing each
 * chart its new props a frame after the previous one spreads the same work over several frames, each
 * holding one chart's share.
 *
 * Superseded, never queued: a chart that changes again before its turn keeps its place in line and gets
 * only the newest props.
 */
import { createElement, useEffect, useRef, useState, type ComponentType } from 'react';

type Release = () => void;

/** Charts waiting for their turn, in the order they first asked; each with its newest update. */
const waiting = new Map<object, Release>();
let pumping = false;

/** Runs `f` in a task of its own after the coming animation frame. */
function afterNextFrame(f: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(f, 0));
  else setTimeout(f, 16);
}

function pump(): void {
  const next = waiting.entries().next();
  if (next.done) {
    pumping = false;
    return;
  }
  const [owner, release] = next.value;
  waiting.delete(owner);
  release();
  // React renders the chart in a task of its own right after this one, and recharts re-renders it from
  // its store in the coming frame; the next chart goes after that frame.
  afterNextFrame(pump);
}

function enqueue(owner: object, release: Release): void {
  const queued = waiting.has(owner);
  waiting.set(owner, release);
  if (queued) {
    // Keep the place in line: Map keeps insertion order, and set() on an existing key does not move it.
    return;
  }
  if (!pumping) {
    pumping = true;
    setTimeout(pump, 0);
  }
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is(ra[k], rb[k]));
}

/**
 * `props` as last handed out: the first render gets them at once; a later change arrives in this
 * component's turn (a frame after the chart before it), unless it is changed back first.
 */
export function useStaggeredProps<P extends object>(props: P): P {
  const [shown, setShown] = useState(props);
  const owner = useRef<object>({});
  const wanted = useRef(props);
  if (!shallowEqual(wanted.current, props)) wanted.current = props;
  const target = wanted.current;
  useEffect(() => {
    const key = owner.current;
    if (shallowEqual(target, shown)) {
      waiting.delete(key);
      return;
    }
    enqueue(key, () => setShown(target));
  }, [target, shown]);
  useEffect(() => {
    const key = owner.current;
    return () => {
      waiting.delete(key);
    };
  }, []);
  return shown;
}

/** `Chart` receiving its props in turn with the other staggered charts (see the module comment). */
export function staggered<P extends object>(Chart: ComponentType<P>): ComponentType<P> {
  function Staggered(props: P) {
    return createElement(Chart, useStaggeredProps(props));
  }
  Staggered.displayName = `Staggered(${Chart.displayName ?? Chart.name})`;
  return Staggered;
}
