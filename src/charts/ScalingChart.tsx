/** Best throughput against GPU count for each compared system, with ideal linear scaling. */
import { memo, useMemo } from 'react';
import { ChartFrame } from './ChartFrame.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { formatNumber, withUnit } from './format.ts';
import { GpuLines } from './plot/GpuLines.tsx';
import { scalingRows, seriesLines, type SeriesInput } from './rows.ts';

export interface ScalingChartProps extends ChartSize {
  readonly series: readonly SeriesInput[];
  readonly selectedGpus: number | null;
  readonly onSelectGpus?: (gpus: number) => void;
}

const TITLE = 'Throughput vs GPU count';
const SAMPLES_PER_SECOND = withUnit(' samples/s');

export const ScalingChart = memo(function ScalingChart({
  series,
  selectedGpus,
  onSelectGpus,
  width,
  height,
}: ScalingChartProps) {
  const rows = useMemo(() => scalingRows(series), [series]);
  const lines = useMemo(() => seriesLines(series), [series]);
  return (
    <ChartFrame
      title={TITLE}
      caption="Best throughput found at each GPU count (solid) against ideal linear scaling (dashed): every count at the best throughput per GPU found at any count, so no point lies above it. Both axes logarithmic. Click a point to show that GPU count in the breakdowns, the scatter and the tables."
      exportName="parallax-scaling"
    >
      {rows.length === 0 ? (
        <EmptyChart message="No results yet" height={height} />
      ) : (
        <GpuLines
          label={TITLE}
          rows={rows}
          lines={lines}
          yScale="log"
          yTitle="Throughput (samples/s)"
          yFormat={formatNumber}
          valueFormat={SAMPLES_PER_SECOND}
          ideal
          selectedGpus={selectedGpus}
          onSelectGpus={onSelectGpus}
          width={width}
          height={height}
        />
      )}
    </ChartFrame>
  );
});
