// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { toPng } from 'html-to-image';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import {
  CompareBreakdownChart,
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
});

function legendLabels(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.recharts-legend-item-text')].map((e) => e.textContent ?? '');
}

function count(container: HTMLElement, selector: string): number {
  return container.querySelectorAll(selector).length;
}

function yTicks(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent ?? '');
}

/** The x position recharts gave the tick labelled `text` (px from the chart's left). */
function tickX(container: HTMLElement, text: string): number {
  const tick = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].find(
    (t) => t.textContent === text,
  );
  if (!tick) throw new Error(`no x tick '${text}'`);
  return Number(tick.getAttribute('x'));
}

/**
 * Clicks the chart at x. happy-dom has no layout, so the wrapper's rect is all zeros and client
 * coordinates are chart coordinates; recharts throttles pointer moves, so wait before clicking.
 */
async function clickChartAt(container: HTMLElement, x: number): Promise<void> {
  const wrapper = container.querySelector('.recharts-wrapper') as HTMLElement;
  fireEvent.mouseMove(wrapper, { clientX: x, clientY: 100 });
  await act(() => new Promise((r) => setTimeout(r, 30)));
  fireEvent.click(wrapper, { clientX: x, clientY: 100 });
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
    expect(count(container, '.recharts-line')).toBe(4);
    expect(count(container, '.recharts-line-curve[stroke-dasharray="6 4"]')).toBe(2);
    // Dots only on the measured lines, one per feasible point: A at 8, 16, 64; B at 4, 8, 32.
    expect(count(container, '.recharts-line-dot')).toBe(6);
    const ticks = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map(
      (t) => t.textContent,
    );
    expect(ticks).toEqual(['4', '8', '16', '32', '64']);
    expect(count(container, '.recharts-reference-line')).toBe(1);
    expect(screen.getByText('16 GPUs')).toBeTruthy();
  });

  it('selects the GPU count clicked', async () => {
    const onSelectGpus = vi.fn();
    const { container } = render(
      <ScalingChart series={[A, B]} selectedGpus={null} onSelectGpus={onSelectGpus} {...SIZE} />,
    );
    expect(count(container, '.recharts-reference-line')).toBe(0);
    await clickChartAt(container, tickX(container, '32'));
    expect(onSelectGpus).toHaveBeenCalledWith(32);
  });

  it('says so when there is nothing to draw', () => {
    render(<ScalingChart series={[]} selectedGpus={null} {...SIZE} />);
    expect(screen.getByRole('status').textContent).toBe('No results yet');
  });

  it('fits its container when no width is given', () => {
    const { container } = render(<ScalingChart series={[A]} selectedGpus={null} />);
    expect(count(container, '.recharts-responsive-container')).toBe(1);
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
    expect(screen.getByText('Step time (s)')).toBeTruthy();
    expect(screen.getByText('GPUs')).toBeTruthy();
    expect(legendLabels(container)).toEqual([
      'Compute',
      'Exposed memory',
      'TP communication',
      'DP communication',
      'PP communication',
      'Pipeline bubble',
    ]);
    expect(count(container, '.recharts-bar')).toBe(6);
    expect(count(container, '.recharts-bar-rectangle')).toBe(6 * 3);
    expect(count(container, '.recharts-reference-area')).toBe(1);
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

  it('selects the GPU count of the bar clicked', async () => {
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
    await clickChartAt(container, tickX(container, '64'));
    expect(onSelectGpus).toHaveBeenCalledWith(64);
    // The tooltip follows the pointer: parts in stacking order, the step time they add up to.
    const tooltip = container.querySelector('.recharts-tooltip-wrapper') as HTMLElement;
    expect(tooltip.querySelector('.recharts-tooltip-label')?.textContent).toBe('64 GPUs · step 8.5 s');
    const items = [...tooltip.querySelectorAll('.recharts-tooltip-item')].map((e) => e.textContent);
    expect(items[0]).toBe('Compute : 4 s');
    expect(items).toHaveLength(6);
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
    expect(count(container, '.recharts-bar-rectangle')).toBe(4 * 3);
    expect(count(container, '.recharts-reference-line')).toBe(1);
    expect(screen.getByText('HBM capacity (80 GB)')).toBeTruthy();
    // Room above the capacity line for its label.
    expect(yTicks(container).at(-1)).toBe('100');
    expect(count(container, '.recharts-reference-area')).toBe(1);
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
    // The sample is one path of dots (one "M x y" per point); front, top and selection are recharts points.
    expect(cloudDots(container)).toHaveLength(5);
    const layers = [...container.querySelectorAll('.recharts-scatter')];
    expect(layers.map((l) => l.querySelectorAll('.recharts-scatter-symbol').length)).toEqual([2, 2, 1]);
    expect(count(container, '.recharts-scatter-line')).toBe(1);
  });

  it('leaves the selection out when it is not among the points', () => {
    const { container } = render(
      <ParetoChart result={result} selected={makeConfig({ dp: 999 })} {...SIZE} />,
    );
    expect(count(container, '.recharts-scatter-symbol')).toBe(2 + 2);
    expect(cloudDots(container)).toHaveLength(5);
    expect(legendLabels(container)).not.toContain('Selected');
  });

  it('selects the configuration of the point clicked', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <ParetoChart result={result} selected={null} onSelect={onSelect} {...SIZE} />,
    );
    const [, topLayer] = container.querySelectorAll('.recharts-scatter');
    // A click on the sample selects the sampled point nearest the pointer.
    const [x, y] = cloudDots(container)[2]!;
    fireEvent.click(container.querySelector('.pareto-cloud')!, { clientX: x + 1, clientY: y - 1 });
    expect(onSelect).toHaveBeenLastCalledWith(cloud[2]!.config);
    fireEvent.click(topLayer!.querySelectorAll('.recharts-scatter-symbol')[1]!);
    expect(onSelect).toHaveBeenLastCalledWith(makeConfig({ pp: 16 }));
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
    expect(count(container, '.recharts-line')).toBe(2);
    expect(yTicks(container).at(-1)).toBe('1×');
    // A is 1 where it fits (8, 16, 64); B only has a ratio at 8.
    expect(count(container, '.recharts-line-dot')).toBe(4);
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
    const ticks = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map(
      (t) => t.textContent,
    );
    expect(ticks).toEqual(['System A', 'System B']);
    expect(count(container, '.recharts-bar-rectangle')).toBe(6 * 2);
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
    expect(svg).toContain('recharts-line-curve');
    expect(svg).toContain('System B, ideal');
    expect(svg).not.toContain('tabindex');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.documentElement.localName).toBe('svg');
    expect(doc.querySelectorAll('.recharts-line-dot')).toHaveLength(6);
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
    expect(filter(figure.querySelector('.recharts-surface') as unknown as HTMLElement)).toBe(true);
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
