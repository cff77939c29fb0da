/** Chart sizes, and the stand-in for a chart with nothing to draw. Free of recharts: the explorer's first load does not need it. */

export const CHART_HEIGHT = 300;

/** Optional fixed size, px. With `width`, the chart skips measuring its box (which measures 0 in tests). */
export interface ChartSize {
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** Stands in for a chart with nothing to draw, at the chart's height so the page does not jump. */
export function EmptyChart({ message, height = CHART_HEIGHT }: { readonly message: string } & ChartSize) {
  return (
    <p className="chart-empty" role="status" style={{ minHeight: height }}>
      {message}
    </p>
  );
}
