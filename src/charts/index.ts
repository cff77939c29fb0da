/** The charts. Each is memoised: the explorer re-renders as results stream in, and a chart whose props did not change skips that work. */
export { ChartFrame, type ChartFrameProps } from './ChartFrame.tsx';
export { CHART_HEIGHT, type ChartSize } from './EmptyChart.tsx';
export { ScalingChart, type ScalingChartProps } from './ScalingChart.tsx';
export { TimeBreakdownChart, type TimeBreakdownChartProps } from './TimeBreakdownChart.tsx';
export { MemoryChart, type MemoryChartProps } from './MemoryChart.tsx';
export { ParetoChart, type ParetoChartProps } from './ParetoChart.tsx';
export { SpeedupChart, type SpeedupChartProps } from './SpeedupChart.tsx';
export { CompareBreakdownChart, type CompareBreakdownChartProps } from './CompareBreakdownChart.tsx';
export { chartSvg, chartPng } from './exportChart.ts';
export { formatConfig, formatCount, formatNumber, formatPercent } from './format.ts';
export * from './rows.ts';
