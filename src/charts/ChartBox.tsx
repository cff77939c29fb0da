/** Sizing of the recharts charts: responsive width at a fixed height, or a fixed size (tests, exports). */
import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { CHART_HEIGHT, type ChartSize } from './EmptyChart.tsx';

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
