// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { toPng } from 'html-to-image';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import {
  CompareBreakdownChart,
  formatConfig,
  MemoryChart,
  ParetoChart,
  ScalingChart,
  SpeedupChart,
  TimeBreakdownChart,
  type SeriesInput,
} from '../../src/charts/index.ts';
import { emptyResult, makeConfig, makeResult, type TotalsInput } from './fixtures.ts';

vi.mock('html-to-image', () => ({ toPng: vi.fn(async () => 'data:image/png;base64,AAAA') }));

const SIZE = { width: 640, height: 320 } as const;
// Every part non-zero, so each stacked segment draws a rectangle.
const STEP: TotalsInput = { comp: 4, mem: 1, tp: 2, dp: 0.5, pp: 0.25, bubble: 0.75 };

const A: SeriesInput = {
  key: 'a',
  label: 'System A',
  results: [
    emptyResult(4),
    makeResult(8, [{ throughput: 100, totals: STEP }]),
    makeResult(16, [{ throughput: 180, totals: STEP }]),
    makeResult(64, [{ throughput: 500, totals: STEP }]),
  ],
};
const B: SeriesInput = {
  key: 'b',
  label: 'System B',
  results: [
    makeResult(4, [{ throughput: 30, totals: STEP }]),
    makeResult(8, [{ throughput: 50, totals: STEP }]),
    makeResult(32, [{ throughput: 150, totals: STEP }]),
  ],
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

// These charts are plain SVG (src/charts/plot); the sensitivity charts, in recharts, are tested beside the heatmaps.
function legendLabels(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.recharts-legend-item-text, .chart-legend-text')].map(
    (e) => e.textContent ?? '',
  );
}

function count(container: HTMLElement, selector: string): number {
  return container.querySelectorAll(selector).length;
}

function texts(container: HTMLElement, selector: string): string[] {
  return [...container.querySelectorAll(selector)].map((t) => t.textContent ?? '');
}

function yTicks(container: HTMLElement): string[] {
  return texts(container, '.recharts-yAxis-tick-labels text, .plot-y-axis .plot-tick-labels text');
}

function xTicks(container: HTMLElement): string[] {
  return texts(container, '.recharts-xAxis-tick-labels text, .plot-x-axis .plot-tick-labels text');
}

/** The x position of the x tick labelled `text` (px from the chart's left). */
function tickX(container: HTMLElement, text: string): number {
  const tick = [...container.querySelectorAll('.plot-x-axis .plot-tick-labels text')].find(
    (t) => t.textContent === text,
  );
  if (!tick) throw new Error(`no x tick '${text}'`);
  return Number(tick.getAttribute('x'));
}

/** The chart's drawing surface. */
function surface(container: HTMLElement): SVGSVGElement {
  const svg = container.querySelector<SVGSVGElement>('.chart-plot > svg.chart-surface');
  if (!svg) throw new Error('no chart surface');
  return svg;
}

/**
 * Moves the pointer to (x, y) on the chart, then clicks there. happy-dom has no layout, so the surface's
 * rect is all zeros and client coordinates are chart coordinates.
 */
function clickChartAt(container: HTMLElement, x: number, y = 150): void {
  const svg = surface(container);
  fireEvent.mouseMove(svg, { clientX: x, clientY: y });
  fireEvent.click(svg, { clientX: x, clientY: y });
}

describe('ScalingChart', () => {
  it('draws a solid and a dashed ideal line per series, on log axes with units', () => {
    const { container } = render(<ScalingChart series={[A, B]} selectedGpus={16} {...SIZE} />);
    expect(screen.getByRole('heading', { name: 'Throughput vs GPU count' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Throughput vs GPU count' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/ideal linear scaling/);
    expect(screen.getByText('GPUs')).toBeTruthy();
    expect(screen.getByText('Throughput (samples/s)')).toBeTruthy();
    expect(legendLabels(container)).toEqual(['System A', 'System A, ideal', 'System B', 'System B, ideal']);
    expect(count(container, '.plot-line')).toBe(4);
    expect(count(container, '.plot-line[stroke-dasharray="6 4"]')).toBe(2);
    // Dots only on the measured lines, one per feasible point: A at 8, 16, 64; B at 4, 8, 32.
    expect(count(container, '.plot-dot')).toBe(6);
    expect(xTicks(container)).toEqual(['4', '8', '16', '32', '64']);
    // Powers of two are evenly spaced on the log axis, in order.
    const xs = ['4', '8', '16', '32', '64'].map((t) => tickX(container, t));
    const gaps = xs.slice(1).map((x, i) => x - (xs[i] as number));
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0] as number, 6);
    expect(gaps[0]).toBeGreaterThan(0);
    // Log y ticks: decades within the data's range (30 to 800 with room).
    expect(yTicks(container)).toEqual(['100', '1,000']);
    expect(count(container, '.plot-selected')).toBe(1);
    expect(screen.getByText('16 GPUs')).toBeTruthy();
  });

  it('thins its GPU labels on a narrow chart, keeping a mark per count', () => {
    const wide: SeriesInput = {
      key: 'w',
      label: 'Wide',
      results: [4, 16384].map((g) => makeResult(g, [{ throughput: g, totals: STEP }])),
    };
    const { container } = render(
      <ScalingChart series={[wide]} selectedGpus={null} width={300} height={320} />,
    );
    // Two searched counts span thirteen powers of two: one mark each, every fourth labelled.
    expect(count(container, '.plot-x-axis [data-value]')).toBe(13);
    expect(xTicks(container)).toEqual(['4', '64', '1,024', '16,384']);
  });

  it('breaks a line where a GPU count has no feasible configuration', () => {
    const gap: SeriesInput = {
      key: 'g',
      label: 'Gappy',
      results: [
        makeResult(4, [{ throughput: 30, totals: STEP }]),
        emptyResult(8),
        makeResult(16, [{ throughput: 90, totals: STEP }]),
      ],
    };
    const { container } = render(<ScalingChart series={[gap]} selectedGpus={null} {...SIZE} />);
    const solid = container.querySelector('.plot-line:not(.plot-ideal)')?.getAttribute('d') ?? '';
    expect(solid.match(/M/g)).toHaveLength(2);
    expect(solid).not.toContain('L');
  });

  it('labels the selected count on the side with room', () => {
    const wide: SeriesInput = {
      key: 'w',
      label: 'Wide',
      results: [4, 64, 1024, 16384].map((g) => makeResult(g, [{ throughput: g, totals: STEP }])),
    };
    const anchor = (gpus: number) => {
      const { container, unmount } = render(<ScalingChart series={[wide]} selectedGpus={gpus} {...SIZE} />);
      const a = container.querySelector('.plot-selected text')?.getAttribute('text-anchor');
      unmount();
      return a;
    };
    expect(anchor(16384)).toBe('end');
    expect(anchor(4)).toBe('start');
  });

  it('selects the GPU count clicked', async () => {
    const onSelectGpus = vi.fn();
    const { container } = render(
      <ScalingChart series={[A, B]} selectedGpus={null} onSelectGpus={onSelectGpus} {...SIZE} />,
    );
    expect(count(container, '.plot-selected')).toBe(0);
    clickChartAt(container, tickX(container, '32') + 3);
    expect(onSelectGpus).toHaveBeenCalledWith(32);
    // The tooltip names the count and each line's value there.
    expect(container.querySelector('.chart-tooltip-label')?.textContent).toBe('32 GPUs');
    expect(texts(container, '.chart-tooltip-item')).toContain('System B: 150 samples/s');
    fireEvent.mouseLeave(surface(container));
    expect(container.querySelector('.chart-tooltip')).toBeNull();
    // Over the y axis, outside the plot: nothing hovered, nothing picked.
    onSelectGpus.mockClear();
    clickChartAt(container, 20);
    expect(onSelectGpus).not.toHaveBeenCalled();
    expect(container.querySelector('.chart-tooltip')).toBeNull();
  });

  it('keeps a still tooltip current as new results arrive', () => {
    const { container, rerender } = render(<ScalingChart series={[A, B]} selectedGpus={null} {...SIZE} />);
    fireEvent.mouseMove(surface(container), { clientX: tickX(container, '32'), clientY: 150 });
    expect(texts(container, '.chart-tooltip-item')).toContain('System B: 150 samples/s');
    const faster: SeriesInput = {
      ...B,
      results: B.results.map((r) =>
        r.gpus === 32 ? makeResult(32, [{ throughput: 175, totals: STEP }]) : r,
      ),
    };
    rerender(<ScalingChart series={[A, faster]} selectedGpus={null} {...SIZE} />);
    expect(texts(container, '.chart-tooltip-item')).toContain('System B: 175 samples/s');
  });

  it('says so when there is nothing to draw', () => {
    render(<ScalingChart series={[]} selectedGpus={null} {...SIZE} />);
    expect(screen.getByRole('status').textContent).toBe('No results yet');
  });

  it('fits its container when no width is given, and follows it as it resizes', () => {
    // A ResizeObserver driven by the test: happy-dom has no layout to observe.
    const observers: ((entries: { contentRect: { width: number } }[]) => void)[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private readonly cb: (entries: { contentRect: { width: number } }[]) => void) {}
        observe() {
          observers.push(this.cb);
        }
        disconnect() {}
      },
    );
    const resize = (width: number) => act(() => observers.forEach((cb) => cb([{ contentRect: { width } }])));
    const { container } = render(<ScalingChart series={[A]} selectedGpus={null} />);
    // Nothing is drawn before the box is measured; the box keeps the chart's height meanwhile.
    expect(container.querySelector('svg.chart-surface')).toBeNull();
    resize(480);
    expect(surface(container).getAttribute('width')).toBe('480');
    resize(360.6);
    expect(surface(container).getAttribute('width')).toBe('360');
  });
});

describe('TimeBreakdownChart', () => {
  const results = [emptyResult(4), ...A.results.slice(1)];

  it('stacks the six time parts per feasible GPU count, in seconds', () => {
    const { container } = render(
      <TimeBreakdownChart
        results={results}
        mode="absolute"
        onModeChange={() => {}}
        selectedGpus={16}
        {...SIZE}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Step time breakdown' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/pipeline bubble/);
    expect(screen.getByText('Step time (s, log scale)')).toBeTruthy();
    expect(screen.getByText('GPUs')).toBeTruthy();
    expect(legendLabels(container)).toEqual([
      'Compute',
      'Exposed memory',
      'TP communication',
      'DP communication',
      'PP communication',
      'Pipeline bubble',
    ]);
    expect(count(container, '.plot-column')).toBe(3);
    expect(count(container, '.plot-bar')).toBe(6 * 3);
    expect(count(container, '.plot-selected')).toBe(1);
    // Seconds on a log axis from a power of ten below half the 8.5 s step to a round number above it.
    expect(yTicks(container)).toEqual(['1', '2', '5', '10']);
    // Each column reaches its step time (8.5 s between 1 and 10), its parts in proportion.
    const column = container.querySelector('.plot-column') as Element;
    const heights = [...column.querySelectorAll('.plot-bar')].map((b) => Number(b.getAttribute('height')));
    const plot = 320 - 22 - 44;
    expect(heights.reduce((a, b) => a + b, 0)).toBeCloseTo(plot * Math.log10(8.5), 6);
    expect(heights[0]! / heights[1]!).toBeCloseTo(4, 6);
  });

  it('keeps a short step readable next to one a hundred times longer', () => {
    // 1,170 s at 8 GPUs against 10.7 s at 64 (GPT3-1T on B200): on a linear axis the short one is 1% tall.
    const long = { comp: 1000, tp: 170 };
    const short = { comp: 8, tp: 2.7 };
    const { container } = render(
      <TimeBreakdownChart
        results={[
          makeResult(8, [{ throughput: 1, totals: long }]),
          makeResult(64, [{ throughput: 100, totals: short }]),
        ]}
        mode="absolute"
        onModeChange={() => {}}
        selectedGpus={64}
        {...SIZE}
      />,
    );
    const columnHeight = (i: number) =>
      [...container.querySelectorAll('.plot-column')[i]!.querySelectorAll('.plot-bar')].reduce(
        (sum, b) => sum + Number(b.getAttribute('height')),
        0,
      );
    const plot = 320 - 22 - 44;
    expect(columnHeight(1)).toBeGreaterThan(plot / 4);
    expect(columnHeight(0)).toBeGreaterThan(columnHeight(1));
    expect(yTicks(container)).toEqual(['1', '10', '100', '1,000']);
    expect(container.querySelector('figcaption')?.textContent).toMatch(/logarithmic/);
  });

  it('switches units with the toggle', () => {
    const onModeChange = vi.fn();
    const { container, rerender } = render(
      <TimeBreakdownChart
        results={results}
        mode="absolute"
        onModeChange={onModeChange}
        selectedGpus={null}
        {...SIZE}
      />,
    );
    const seconds = screen.getByRole('button', { name: 'Seconds' });
    const fraction = screen.getByRole('button', { name: 'Fraction' });
    expect(seconds.getAttribute('aria-pressed')).toBe('true');
    expect(fraction.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(seconds);
    expect(onModeChange).not.toHaveBeenCalled();
    fireEvent.click(fraction);
    expect(onModeChange).toHaveBeenCalledWith('fraction');

    rerender(
      <TimeBreakdownChart
        results={results}
        mode="fraction"
        onModeChange={onModeChange}
        selectedGpus={null}
        {...SIZE}
      />,
    );
    expect(screen.getByText('Share of step time (%)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fraction' }).getAttribute('aria-pressed')).toBe('true');
    expect(yTicks(container)).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  /** The chart in seconds with a selection handler, nothing selected yet. */
  const renderClickable = () => {
    const onSelectGpus = vi.fn();
    const { container } = render(
      <TimeBreakdownChart
        results={results}
        mode="absolute"
        onModeChange={() => {}}
        selectedGpus={null}
        onSelectGpus={onSelectGpus}
        {...SIZE}
      />,
    );
    return { container, onSelectGpus };
  };

  it('selects the GPU count of the bar clicked', () => {
    const { container, onSelectGpus } = renderClickable();
    clickChartAt(container, tickX(container, '64'));
    expect(onSelectGpus).toHaveBeenCalledWith(64);
    // The tooltip follows the pointer: parts in stacking order, the step time they add up to.
    const tooltip = container.querySelector('.chart-tooltip') as HTMLElement;
    expect(tooltip.querySelector('.chart-tooltip-label')?.textContent).toBe('64 GPUs · step 8.5 s');
    const items = [...tooltip.querySelectorAll('.chart-tooltip-item')].map((e) => e.textContent);
    expect(items[0]).toBe('Compute: 4 s');
    expect(items).toHaveLength(6);
    // Left of the axis is outside every column: nothing hovered, nothing picked.
    onSelectGpus.mockClear();
    clickChartAt(container, 10);
    expect(onSelectGpus).not.toHaveBeenCalled();
  });

  it('is operable from the keyboard: arrows move between GPU counts, Enter selects', () => {
    const { container, onSelectGpus } = renderClickable();
    const svg = surface(container);
    expect(svg.getAttribute('tabindex')).toBe('0');
    const label = () => container.querySelector('.chart-tooltip-label')?.textContent;
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    expect(label()).toMatch(/^8 GPUs/);
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    expect(label()).toMatch(/^16 GPUs/);
    fireEvent.keyDown(svg, { key: 'End' });
    expect(label()).toMatch(/^64 GPUs/);
    fireEvent.keyDown(svg, { key: 'Enter' });
    expect(onSelectGpus).toHaveBeenCalledWith(64);
    fireEvent.keyDown(svg, { key: 'Escape' });
    expect(container.querySelector('.chart-tooltip')).toBeNull();
  });

  it('tells no results apart from nothing fitting', () => {
    const { rerender } = render(
      <TimeBreakdownChart
        results={[]}
        mode="absolute"
        onModeChange={() => {}}
        selectedGpus={null}
        {...SIZE}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('No results yet');
    rerender(
      <TimeBreakdownChart
        results={[emptyResult(8)]}
        mode="absolute"
        onModeChange={() => {}}
        selectedGpus={null}
        {...SIZE}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Nothing fits in HBM at any GPU count');
  });
});

describe('MemoryChart', () => {
  it('stacks the four memory parts against the HBM capacity', () => {
    const { container } = render(
      <MemoryChart results={A.results} capacityGB={80} selectedGpus={8} {...SIZE} />,
    );
    expect(screen.getByRole('heading', { name: 'Memory per GPU' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/HBM capacity/);
    expect(screen.getByText('Memory per GPU (GB)')).toBeTruthy();
    expect(screen.getByText('GPUs')).toBeTruthy();
    expect(legendLabels(container)).toEqual(['Weights', 'Gradients', 'Optimizer states', 'Activations']);
    expect(count(container, '.plot-bar')).toBe(4 * 3);
    expect(count(container, '.plot-capacity')).toBe(1);
    expect(screen.getByText('HBM capacity (80 GB)')).toBeTruthy();
    // Room above the capacity line for its label.
    expect(yTicks(container).at(-1)).toBe('100');
    expect(count(container, '.plot-selected')).toBe(1);
  });
});

describe('ParetoChart', () => {
  const cloud = [40, 45, 50, 55, 60].map((mem, i) => ({
    throughput: 10 + i,
    mem,
    config: makeConfig({ dp: 2 ** i }),
  }));
  const result = makeResult(
    512,
    [
      { throughput: 30, totals: { acts: 20 }, config: { pp: 8 } },
      { throughput: 25, totals: { acts: 5 }, config: { pp: 16 } },
    ],
    { cloud },
  );

  /** Pixel positions of the sampled points in the cloud's path. */
  const cloudDots = (container: HTMLElement): [number, number][] =>
    [
      ...(container.querySelector('.pareto-cloud')?.getAttribute('d') ?? '').matchAll(
        /M([\d.-]+) ([\d.-]+)h0/g,
      ),
    ].map((m) => [Number(m[1]), Number(m[2])]);

  it('draws the sampled cloud, the front, the top and the selection', () => {
    const { container } = render(<ParetoChart result={result} selected={makeConfig({ pp: 16 })} {...SIZE} />);
    expect(screen.getByRole('heading', { name: 'Throughput vs memory at 512 GPUs' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/Pareto front/);
    expect(screen.getByText('Memory per GPU (GB)')).toBeTruthy();
    expect(screen.getByText('Throughput (samples/s)')).toBeTruthy();
    expect(legendLabels(container)).toEqual([
      'Sampled configurations',
      'Pareto front',
      'Top configurations',
      'Selected',
    ]);
    // The sample is one path of dots (one "M x y" per point); front, top and selection are symbols.
    expect(cloudDots(container)).toHaveLength(5);
    expect(count(container, '.pareto-front .plot-point')).toBe(2);
    expect(count(container, '.pareto-top .plot-point')).toBe(2);
    expect(count(container, '.pareto-selected')).toBe(1);
    expect(count(container, '.pareto-front .plot-line')).toBe(1);
  });

  it('leaves the selection out when it is not among the points', () => {
    const { container } = render(
      <ParetoChart result={result} selected={makeConfig({ dp: 999 })} {...SIZE} />,
    );
    expect(count(container, '.plot-point')).toBe(2 + 2);
    expect(cloudDots(container)).toHaveLength(5);
    expect(legendLabels(container)).not.toContain('Selected');
  });

  it('selects the configuration of the point clicked', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <ParetoChart result={result} selected={null} onSelect={onSelect} {...SIZE} />,
    );
    // A click near a sampled point selects it, and its tooltip spells it out.
    const [x, y] = cloudDots(container)[2]!;
    clickChartAt(container, x + 1, y - 1);
    expect(onSelect).toHaveBeenLastCalledWith(cloud[2]!.config);
    expect(container.querySelector('.chart-tooltip-label')?.textContent).toBe(formatConfig(cloud[2]!.config));
    // The second top configuration: the diamond's centre is its path's first x and middle y.
    const diamond = container.querySelectorAll('.pareto-top .plot-point')[1]!.getAttribute('d') ?? '';
    const [, dx, , , dy] = /^M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)/.exec(diamond) ?? [];
    clickChartAt(container, Number(dx), Number(dy));
    expect(onSelect).toHaveBeenLastCalledWith(makeConfig({ pp: 16 }));
    // Far from every point: nothing picked.
    onSelect.mockClear();
    clickChartAt(container, 600, 30);
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('steps through the front and the top configurations from the keyboard', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <ParetoChart result={result} selected={null} onSelect={onSelect} {...SIZE} />,
    );
    const svg = surface(container);
    // Lowest memory first: the 5 GB configuration (pp 16), then the 20 GB one (pp 8).
    fireEvent.keyDown(svg, { key: 'Home' });
    fireEvent.keyDown(svg, { key: ' ' });
    expect(onSelect).toHaveBeenLastCalledWith(makeConfig({ pp: 16 }));
    fireEvent.keyDown(svg, { key: 'End' });
    fireEvent.keyDown(svg, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith(makeConfig({ pp: 8 }));
  });

  it('says so when nothing fits or there is no result', () => {
    const { rerender } = render(<ParetoChart result={emptyResult(64)} selected={null} {...SIZE} />);
    expect(screen.getByRole('status').textContent).toBe('Nothing fits in HBM at this GPU count');
    rerender(<ParetoChart result={null} selected={null} {...SIZE} />);
    expect(screen.getByRole('status').textContent).toBe('No configurations to show');
  });
});

describe('SpeedupChart', () => {
  it('draws one line per series over the first', () => {
    const { container } = render(<SpeedupChart series={[A, B]} {...SIZE} />);
    expect(screen.getByRole('heading', { name: 'Speed-up over the first system' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/divided by that of System A/);
    expect(screen.getByText('Speed-up (×)')).toBeTruthy();
    expect(screen.getByText('GPUs')).toBeTruthy();
    expect(legendLabels(container)).toEqual(['System A', 'System B']);
    expect(count(container, '.plot-line')).toBe(2);
    expect(count(container, '.plot-reference')).toBe(1);
    expect(yTicks(container)[0]).toBe('0×');
    expect(yTicks(container).at(-1)).toBe('1×');
    // A is 1 where it fits (8, 16, 64); B only has a ratio at 8.
    expect(count(container, '.plot-dot')).toBe(4);
  });
});

describe('CompareBreakdownChart', () => {
  it('puts one stacked bar per system with something feasible at the count', () => {
    const nothing: SeriesInput = { key: 'n', label: 'System N', results: [emptyResult(8)] };
    const { container } = render(
      <CompareBreakdownChart series={[A, B, nothing]} gpus={8} mode="fraction" {...SIZE} />,
    );
    expect(screen.getByRole('heading', { name: 'Step time by system at 8 GPUs' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toMatch(/at 8 GPUs/);
    expect(screen.getByText('System')).toBeTruthy();
    expect(screen.getByText('Share of step time (%)')).toBeTruthy();
    expect(legendLabels(container)).toHaveLength(6);
    expect(xTicks(container)).toEqual(['System A', 'System B']);
    expect(count(container, '.plot-bar')).toBe(6 * 2);
    // Hovering a system names it with its throughput; the columns are not clickable.
    fireEvent.mouseMove(surface(container), { clientX: tickX(container, 'System B'), clientY: 150 });
    expect(container.querySelector('.chart-tooltip-label')?.textContent).toBe('System B: 50 samples/s');
  });

  it('says so when no count is chosen or nothing fits there', () => {
    const { rerender } = render(
      <CompareBreakdownChart series={[A, B]} gpus={null} mode="absolute" {...SIZE} />,
    );
    expect(screen.getByRole('status').textContent).toBe('No GPU count selected');
    rerender(<CompareBreakdownChart series={[A, B]} gpus={2048} mode="absolute" {...SIZE} />);
    expect(screen.getByRole('status').textContent).toBe('Nothing fits in HBM at 2,048 GPUs');
  });
});

describe('export', () => {
  let blobs: Blob[];
  let downloads: { href: string; download: string }[];

  beforeEach(() => {
    blobs = [];
    downloads = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      blobs.push(b as Blob);
      return 'blob:chart';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    (toPng as Mock).mockClear();
  });

  it('saves a standalone SVG with its title and legend', async () => {
    render(<ScalingChart series={[A, B]} selectedGpus={16} {...SIZE} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download Throughput vs GPU count as SVG' }));
    expect(downloads).toEqual([{ href: 'blob:chart', download: 'parallax-scaling.svg' }]);
    expect(blobs[0]?.type).toMatch(/^image\/svg\+xml/);
    const svg = await blobs[0]!.text();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<title>Throughput vs GPU count</title>');
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('plot-line');
    expect(svg).toContain('System B, ideal');
    expect(svg).not.toContain('tabindex');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.documentElement.localName).toBe('svg');
    expect(doc.querySelectorAll('.plot-dot')).toHaveLength(6);
  });

  it('reports an SVG export of an empty chart instead of saving nothing', () => {
    render(<ParetoChart result={null} selected={null} {...SIZE} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download Throughput vs memory as SVG' }));
    expect(downloads).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('Nothing to export yet.');
  });

  it('saves a PNG of the figure at twice the pixel ratio, without its buttons', async () => {
    render(<MemoryChart results={A.results} capacityGB={80} selectedGpus={null} {...SIZE} />);
    const figure = screen.getByRole('figure', { name: 'Memory per GPU' });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download Memory per GPU as PNG' }));
    });
    expect(downloads).toEqual([{ href: 'data:image/png;base64,AAAA', download: 'parallax-memory.png' }]);
    const [node, options] = (toPng as Mock).mock.calls[0] as [HTMLElement, Parameters<typeof toPng>[1]];
    expect(node).toBe(figure);
    expect(options).toMatchObject({ pixelRatio: 2, backgroundColor: '#ffffff' });
    const filter = options!.filter!;
    const controls = within(figure)
      .getByRole('button', { name: /as PNG/ })
      .closest('[data-export-ignore]');
    expect(controls && filter(controls as HTMLElement)).toBe(false);
    expect(filter(figure.querySelector('.chart-surface') as unknown as HTMLElement)).toBe(true);
  });

  it('reports a failed PNG export', async () => {
    (toPng as Mock).mockRejectedValueOnce(new Error('canvas tainted'));
    render(<SpeedupChart series={[A, B]} {...SIZE} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download Speed-up over the first system as PNG' }));
    });
    expect(downloads).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('PNG export failed: canvas tainted');
  });
});
