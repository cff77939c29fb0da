/** Speed-up of each compared system over the first, against GPU count. */
import { memo, useMemo } from 'react';
import { ChartFrame } from './ChartFrame.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { formatTimes } from './format.ts';
import { GpuLines } from './plot/GpuLines.tsx';
import { seriesLines, speedupRows, type SeriesInput } from './rows.ts';

export interface SpeedupChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
}

const TITLE = 'Speed-up over the first system';

export const SpeedupChart = memo(function SpeedupChart({ series, width, height }: SpeedupChartProps) {
  const rows = useMemo(() => speedupRows(series), [series]);
  const lines = useMemo(() => seriesLines(series), [series]);
  const base = series[0]?.label ?? 'the first system';
  return (
    <ChartFrame
      title={TITLE}
      caption={`Best throughput of each system divided by that of ${base} at the same GPU count; GPU axis logarithmic.`}
      exportName="parallax-speedup"
    >
      {rows.length === 0 ? (
        <EmptyChart message="No results yet" height={height} />
      ) : (
        <GpuLines
          label={TITLE}
          rows={rows}
          lines={lines}
          yScale="linear"
          yTitle="Speed-up (×)"
          yFormat={formatTimes}
          valueFormat={formatTimes}
          reference={1}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
