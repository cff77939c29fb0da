/** Presentation of the recharts charts (the design view's sensitivity charts): margins, labels, legend, tooltips. */
import { createElement } from 'react';
import { formatCount, formatGpus } from './format.ts';

export const MARGIN = { top: 20, right: 24, bottom: 4, left: 8 } as const;

/** Wide enough for "12,300" ticks beside a rotated axis label. */
export const Y_AXIS_WIDTH = 76;

export const GRID_STROKE = '#e4e4e4';
const LABEL_COLOUR = '#444444';
const AXIS_LABEL_SIZE = 12;

/** Tick labels at the axis titles' size, so neither dominates. */
export const TICK = { fontSize: AXIS_LABEL_SIZE, fill: '#555555' } as const;

/** Height of an x axis: ticks, then its title at the bottom. */
export const X_AXIS_HEIGHT = 40;

/**
 * The same object for the same key. recharts 3 compares its children's props by reference and, for
 * each one that changed, dispatches to the chart's store, after which every selector of the chart runs
 * again; an axis label or a marker rebuilt on each render costs a whole pass of that. A few dozen
 * distinct keys at most are ever drawn; the bound only guards against a pathological session.
 */
function sameObjectFor<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let v = made.get(key);
    if (v === undefined) {
      if (made.size >= 256) made.clear();
      v = make(key);
      made.set(key, v);
    }
    return v;
  };
}

/** An x axis title at the bottom of the axis band, below the ticks. */
export const xLabel = sameObjectFor(
  (value: string) =>
    ({
      value,
      position: 'insideBottom',
      offset: 0,
      fill: LABEL_COLOUR,
      fontSize: AXIS_LABEL_SIZE,
    }) as const,
);

/** An axis domain fitted to the data. */
export const AUTO_DOMAIN = ['auto', 'auto'] as const;

/**
 * The GPU-count x axis of the line charts: logarithmic, numeric; spread it and add `ticks` (the counts
 * searched). One object, so recharts sees the same props on every render.
 */
export const LOG_GPU_X_AXIS = {
  height: X_AXIS_HEIGHT,
  tick: TICK,
  dataKey: 'gpus',
  type: 'number',
  scale: 'log',
  domain: AUTO_DOMAIN,
  tickFormatter: formatCount,
  label: xLabel('GPUs'),
} as const;

/** A y axis title, rotated, left of the ticks. */
export const yLabel = sameObjectFor(
  (value: string) =>
    ({
      value,
      angle: -90,
      position: 'insideLeft',
      offset: 4,
      fill: LABEL_COLOUR,
      fontSize: AXIS_LABEL_SIZE,
      style: { textAnchor: 'middle' },
    }) as const,
);

const dots = sameObjectFor((key: string) => {
  const space = key.indexOf(' ');
  return { r: Number(key.slice(0, space)), fill: key.slice(space + 1) } as const;
});

/** A series' dots: radius and colour, one object per pair. */
export function seriesDot(r: number, fill: string) {
  return dots(`${r} ${fill}`);
}

/**
 * Legend entries in the order the series are given (recharts 3 sorts them by name unless told not to),
 * in dark text: recharts colours each entry's text like its series, which is unreadable for the light
 * ones (yellow, grey, the white selection marker).
 */
export const LEGEND_PROPS = {
  verticalAlign: 'bottom',
  wrapperStyle: { paddingTop: 12, fontSize: 12 },
  itemSorter: null,
  formatter: (value: unknown) => createElement('span', { style: { color: '#333333' } }, String(value)),
} as const;

export function gpusLabel(label: unknown): string {
  return typeof label === 'number' ? formatGpus(label) : `${String(label)} GPUs`;
}

/**
 * Tooltip props shared by the row charts: entries in the order the series are drawn (recharts 3 sorts
 * them by name by default; a constant key keeps its stable sort from reordering them).
 */
export const TOOLTIP_PROPS = {
  itemSorter: () => 0,
  contentStyle: { fontSize: 12, padding: '6px 8px' },
} as const;
