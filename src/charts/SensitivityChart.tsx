/**
 * Which hardware figure to improve: the speed-up each buys at one GPU count (ranked bars), and how the +10%
 * answer moves with scale (one line per figure).
 */
import { memo, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartBox } from './ChartBox.tsx';
import { EmptyChart, type ChartSize } from './EmptyChart.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import {
  AUTO_DOMAIN,
  gpusLabel,
  GRID_STROKE,
  LEGEND_PROPS,
  LOG_GPU_X_AXIS,
  MARGIN,
  seriesDot,
  TICK,
  TOOLTIP_PROPS,
  X_AXIS_HEIGHT,
  xLabel,
  Y_AXIS_WIDTH,
  yLabel,
} from './chartStyle.tsx';
import { formatCount, formatNumber, formatTimes } from './format.ts';
import {
  sensitivityBarRows,
  sensitivityLineRows,
  sensitivityLines,
  TEN_PERCENT,
  type SensitivityRank,
} from './heatmapRows.ts';
import { useGpuTicks } from './useSameArray.ts';
import type { SensitivityResult } from '../state/design.ts';

// Okabe–Ito sky blue and blue (Okabe & Ito 2008): the small and the large improvement, one hue family.
const TEN_PERCENT_COLOUR = '#56B4E9';
const DOUBLE_COLOUR = '#0072B2';

/** "+5.2%", "−0.1%", a dash for non-numbers. */
export function formatGain(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return `${v >= 0 ? '+' : '−'}${formatNumber(Math.abs(v))}%`;
}

const BAR_ROW = 36;
const LABEL_WIDTH = 150;
/** Gains axis: from zero, or below it when a change makes things slower. Made once: see sameObjectFor. */
const FROM_ZERO = [(min: number) => Math.min(0, min), 'auto'] as const;

export interface SensitivityRankChartProps extends ChartSize {
  /** Ranked, best first (sensitivityRanking). */
  readonly ranks: readonly SensitivityRank[];
  readonly gpus: number;
}

/** Percent gain of +10% and of 2× per hardware figure at one GPU count, best first. */
export const SensitivityRankChart = memo(function SensitivityRankChart({
  ranks,
  gpus,
  width,
  height,
}: SensitivityRankChartProps) {
  const rows = useMemo(() => sensitivityBarRows(ranks), [ranks]);
  const any = rows.some((r) => r.tenPercent !== null || r.double !== null);
  const h = height ?? Math.max(260, rows.length * BAR_ROW + 90);
  return (
    <ChartFrame
      title={`What to buy next at ${formatCount(gpus)} GPUs`}
      caption="How much faster the best configuration trains when one hardware figure improves by 10% or doubles (latencies shrink), everything else kept; ranked by the 10% gain. Missing bars: nothing fits, or not searched yet."
      exportName={`parallax-what-to-buy-${gpus}`}
    >
      {!any ? (
        <EmptyChart message="No results yet" height={h} />
      ) : (
        <ChartBox width={width} height={h}>
          {(size) => (
            <BarChart {...size} data={rows} layout="vertical" margin={MARGIN} barGap={2}>
              <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
              <XAxis
                type="number"
                height={X_AXIS_HEIGHT}
                tick={TICK}
                domain={FROM_ZERO}
                tickFormatter={formatGain}
                label={xLabel('Gain in training throughput (%)')}
              />
              <YAxis type="category" dataKey="label" tick={TICK} width={LABEL_WIDTH} interval={0} />
              <Tooltip {...TOOLTIP_PROPS} formatter={formatGain} />
              <Legend {...LEGEND_PROPS} />
              <ReferenceLine x={0} stroke="#888888" />
              <Bar dataKey="tenPercent" name="+10%" fill={TEN_PERCENT_COLOUR} isAnimationActive={false} />
              <Bar dataKey="double" name="2×" fill={DOUBLE_COLOUR} isAnimationActive={false} />
            </BarChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});

export interface SensitivityScalingChartProps extends ChartSize {
  readonly sensitivity: SensitivityResult;
  /** The improvement plotted (default +10%). */
  readonly factor?: number | undefined;
}

/** Speed-up from improving each figure, against GPU count (log axis), one line per figure. */
export const SensitivityScalingChart = memo(function SensitivityScalingChart({
  sensitivity,
  factor = TEN_PERCENT,
  width,
  height,
}: SensitivityScalingChartProps) {
  const rows = useMemo(() => sensitivityLineRows(sensitivity, factor), [sensitivity, factor]);
  const lines = useMemo(() => sensitivityLines(sensitivity, factor), [sensitivity, factor]);
  const ticks = useGpuTicks(rows);
  const any = rows.some((r) => Object.values(r.values).some((v) => v !== null));
  const h = height ?? 360;
  const what = factor === TEN_PERCENT ? 'by 10%' : `by ${formatNumber(factor)}×`;
  return (
    <ChartFrame
      title="How the answer changes with scale"
      caption={`Speed-up of the best configuration when one hardware figure improves ${what} (latencies shrink), against GPU count (logarithmic); gaps where nothing fits or not searched yet.`}
      exportName="parallax-sensitivity-scaling"
    >
      {!any ? (
        <EmptyChart message="No results yet" height={h} />
      ) : (
        <ChartBox width={width} height={h}>
          {(size) => (
            <LineChart {...size} data={rows} margin={MARGIN}>
              <CartesianGrid stroke={GRID_STROKE} />
              <XAxis {...LOG_GPU_X_AXIS} ticks={ticks} />
              <YAxis
                tick={TICK}
                type="number"
                domain={AUTO_DOMAIN}
                tickFormatter={formatTimes}
                width={Y_AXIS_WIDTH}
                label={yLabel('Speed-up (×)')}
              />
              <Tooltip {...TOOLTIP_PROPS} formatter={formatTimes} labelFormatter={gpusLabel} />
              <Legend {...LEGEND_PROPS} />
              <ReferenceLine y={1} stroke="#888888" ifOverflow="extendDomain" />
              {lines.map((l) => (
                <Line
                  key={l.field}
                  dataKey={l.value}
                  name={l.label}
                  stroke={l.colour}
                  strokeWidth={2}
                  {...(l.dash ? { strokeDasharray: l.dash } : {})}
                  dot={seriesDot(2.5, l.colour)}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ChartBox>
      )}
    </ChartFrame>
  );
});
