/** Sizing shared by the charts: responsive width at a fixed height, or a fixed size (tests, exports). */
import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

export const CHART_HEIGHT = 300;

/** Optional fixed size, px. With `width`, the chart skips ResponsiveContainer (which measures 0 in tests). */
export interface ChartSize {
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** The size to spread onto a recharts chart: empty inside ResponsiveContainer. */
export interface FixedSize {
  readonly width?: number;
  readonly height?: number;
}

export function ChartBox({
  width,
  height = CHART_HEIGHT,
  children,
}: ChartSize & { readonly children: (size: FixedSize) => ReactElement }) {
  if (width !== undefined) return children({ width, height });
  return (
    <ResponsiveContainer width="100%" height={height}>
      {children({})}
    </ResponsiveContainer>
  );
}

/** Stands in for a chart with nothing to draw, at the chart's height so the page does not jump. */
export function EmptyChart({ message, height = CHART_HEIGHT }: { readonly message: string } & ChartSize) {
  return (
    <p className="chart-empty" role="status" style={{ minHeight: height }}>
      {message}
    </p>
  );
}
