// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chartSvg } from '../../src/charts/exportChart.ts';
import { Heatmap } from '../../src/charts/Heatmap.tsx';
import {
  RATIO_SCALE,
  axisValueText,
  baselineCellIndex,
  bestMapRow,
  bestSweepRow,
  fractionScale,
  mapRows,
  mapScale,
  ratioScale,
  ratioScaleOf,
  sensitivityBarRows,
  sensitivityLineRows,
  sensitivityLines,
  sensitivityRanking,
  sweepRows,
  legendTicks,
  thinTicks,
  type HeatmapCell,
} from '../../src/charts/heatmapRows.ts';
import { SensitivityRankChart, SensitivityScalingChart } from '../../src/charts/SensitivityChart.tsx';
import type { ParallelConfig } from '../../src/model/spec.ts';
import { SYSTEM_PRESETS } from '../../src/presets/systems.ts';
import type { DesignMap } from '../../src/search/designMap.ts';
import type { Best, SensitivityResult, SweepResult } from '../../src/state/design.ts';
import { makeConfig } from './fixtures.ts';

vi.mock('html-to-image', () => ({ toPng: vi.fn(async () => 'data:image/png;base64,AAAA') }));

afterEach(cleanup);

const best = (throughput: number, config: Partial<ParallelConfig> = {}): Best => ({
  throughput,
  mem: 50,
  config: makeConfig(config),
});

/** 3 bandwidths × 2 capacities around a baseline of 100 samples/s. */
function capBw(
  cells: SweepResult['cells'],
  baseline: SweepResult['baseline'] = [best(100), best(100), best(100)],
): SweepResult {
  return {
    kind: 'cap-bw',
    title: 'HBM capacity × HBM bandwidth',
    x: { label: 'HBM bandwidth (GB/s)', field: 'hbm_bandwidth', values: [1000, 2000, 4000] },
    y: { label: 'HBM capacity (GB)', field: 'hbm_capacity', values: [80, 160] },
    gpus: 64,
    cells,
    baseline,
  };
}

describe('sweepRows', () => {
  it('divides each cell by its column baseline and marks pending and no-fit cells', () => {
    const rows = sweepRows(
      capBw([best(50), best(100, { dp: 8, tp1: 8, pp: 32 }), best(200), undefined, null, best(400)]),
    );
    expect(rows.map((r) => r.value)).toEqual([0.5, 1, 2, null, null, 4]);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'pending', 'no-fit', 'ok']);
    expect(rows.map((r) => r.absolute)).toEqual([50, 100, 200, null, null, 400]);
    expect(rows.map((r) => [r.x, r.y])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(rows[5]).toMatchObject({ xValue: 4000, yValue: 160, index: 5 });
    expect(rows[1]!.config).toEqual(makeConfig({ dp: 8, tp1: 8, pp: 32 }));
    expect(rows[1]!.title).toBe(
      'HBM capacity 80 GB, HBM bandwidth 2,000 GB/s: 1× (100 samples/s), DP 8 × TP 8 × PP 32, micro-batch 1',
    );
    expect(rows[3]!.title).toBe('HBM capacity 160 GB, HBM bandwidth 1,000 GB/s: not searched yet');
    expect(rows[4]!.title).toBe('HBM capacity 160 GB, HBM bandwidth 2,000 GB/s: nothing fits in HBM');
  });

  it('leaves the ratio out while the baseline is pending or when it does not fit', () => {
    const rows = sweepRows(
      capBw([best(50), best(60), best(70), null, null, null], [undefined, null, best(35)]),
    );
    expect(rows.slice(0, 3).map((r) => r.value)).toEqual([null, null, 2]);
    expect(rows[0]!.status).toBe('ok');
    expect(rows[0]!.title).toMatch(/50 samples\/s; baseline not searched yet/);
    expect(rows[1]!.title).toMatch(/60 samples\/s; the baseline has nothing that fits/);
  });

  it('uses each column’s own baseline when the columns are GPU counts', () => {
    const sweep: SweepResult = {
      kind: 'domain-gpus',
      title: 'NVLink domain size × GPU count',
      x: { label: 'GPUs', field: 'gpus', values: [512, 1024] },
      y: { label: 'NVLink domain size (GPUs)', field: 'nvlink_size', values: [4, 8] },
      gpus: 1024,
      cells: [best(10), best(30), best(20), best(60)],
      baseline: [best(10), best(20)],
    };
    const rows = sweepRows(sweep);
    expect(rows.map((r) => r.value)).toEqual([1, 1.5, 2, 3]);
    expect(rows[3]!.place).toBe('NVLink domain size 8 GPUs, 1,024 GPUs');
    expect(baselineCellIndex(sweep, { ...SYSTEM_PRESETS.A100.spec, nvlink_size: 8 })).toBe(3);
  });

  it('finds the best ratio and the cell closest to the baseline system', () => {
    const rows = sweepRows(capBw([best(50), best(100), best(300), undefined, null, best(200)]));
    expect(bestSweepRow(rows)?.index).toBe(2);
    expect(bestSweepRow(sweepRows(capBw([undefined, null, undefined, null, null, null])))).toBeNull();
    // A100: 1,555 GB/s is nearer 2,000 than 1,000 on a log scale; 80 GB is the first row.
    expect(baselineCellIndex(capBw([]), SYSTEM_PRESETS.A100.spec)).toBe(1);
    expect(baselineCellIndex(capBw([]), { ...SYSTEM_PRESETS.A100.spec, hbm_capacity: 141 })).toBe(4);
  });
});

describe('colour scales', () => {
  it('is white at 1×, warm below, cool above, clamped at 0.25× and 4×', () => {
    const c = RATIO_SCALE.colour;
    expect(c(1)).toBe('#ffffff');
    expect(c(0.25)).toBe('#b2182b');
    expect(c(0.01)).toBe('#b2182b');
    expect(c(4)).toBe('#2166ac');
    expect(c(1000)).toBe('#2166ac');
    expect(c(0.5)).toBe('#ef8a62');
    expect(c(2)).toBe('#67a9cf');
    const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const [r1, , b1] = rgb(c(0.8));
    const [r2, , b2] = rgb(c(1.25));
    expect(r1!).toBeGreaterThan(b1!);
    expect(b2!).toBeGreaterThan(r2!);
    expect(RATIO_SCALE.ticks).toEqual([0.25, 0.5, 1, 2, 4]);
  });

  it('narrows the ratio scale to the data, symmetric around 1×', () => {
    const rows = sweepRows(capBw([best(90), best(100), best(116), undefined, null, best(105)]));
    const s = ratioScaleOf(rows);
    expect([s.min, s.max]).toEqual([0.8, 1.25]);
    expect(s.ticks).toEqual([0.8, 0.9, 1, 1.1, 1.25]);
    expect(s.colour(1)).toBe('#ffffff');
    expect(s.colour(1.25)).toBe('#2166ac');
    expect(s.colour(0.8)).toBe('#b2182b');
    expect(ratioScaleOf(sweepRows(capBw([best(40), best(100), best(100), null, null, null]))).max).toBe(4);
    expect(ratioScaleOf(sweepRows(capBw([best(10), best(100), best(100), null, null, null]))).max).toBe(4);
    expect(ratioScaleOf(sweepRows(capBw([best(60), best(100), best(100), null, null, null]))).max).toBe(2);
    expect(ratioScaleOf([]).max).toBe(1.25);
    expect(ratioScale(1.4).ticks[0]).toBeCloseTo(2 / 3);
  });

  it('maps fractions of the best from light to dark on a log scale', () => {
    const s = fractionScale(0.03);
    expect(s.min).toBe(0.02);
    expect(s.max).toBe(1);
    expect(s.ticks[s.ticks.length - 1]).toBe(1);
    expect(s.ticks[0]).toBe(0.02);
    expect(s.colour(1)).toBe('#253494');
    expect(s.colour(0.001)).toBe('#ffffcc');
    expect(fractionScale(0.9).min).toBe(0.5);
    expect(fractionScale(1e-9).ticks.length).toBeLessThanOrEqual(6);
  });
});

describe('axes', () => {
  it('spells a value out with its unit', () => {
    expect(axisValueText('HBM capacity (GB)', 520)).toBe('HBM capacity 520 GB');
    expect(axisValueText('HBM bandwidth (GB/s)', 7983.87)).toBe('HBM bandwidth 7,980 GB/s');
    expect(axisValueText('GPUs', 16384)).toBe('16,384 GPUs');
  });

  it('keeps legend tick labels apart, both ends always', () => {
    // On a bar from 0.001× to 1×, 170 px tall, 0.5× sits 17 px below 1×: closer than two lines of 11 px text.
    const s = fractionScale(0.001);
    expect(s.ticks).toEqual([0.001, 0.005, 0.02, 0.1, 0.5, 1]);
    expect(legendTicks(s, 170, 20)).toEqual([0.001, 0.005, 0.02, 0.1, 1]);
    expect(legendTicks(RATIO_SCALE, 170, 20)).toEqual([0.25, 0.5, 1, 2, 4]);
    expect(legendTicks(s, 20, 20)).toEqual([0.001, 1]);
  });

  it('thins labels that would crowd', () => {
    expect(thinTicks(9, 500, 40)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const many = thinTicks(32, 514, 45);
    expect(many.length).toBeLessThanOrEqual(11);
    expect(many[0]).toBe(0);
    expect(thinTicks(0, 100, 10)).toEqual([]);
  });
});

const MAP: DesignMap = {
  gpus: 64,
  axes: ['tp', 'pp'],
  a: [1, 2, 4],
  b: [8, 16],
  cells: [
    { a: 1, b: 8, candidates: 12, best: null },
    { a: 1, b: 16, candidates: 10, best: { throughput: 20, mem: 70, config: makeConfig({ pp: 16 }) } },
    { a: 2, b: 8, candidates: 9, best: { throughput: 40, mem: 60, config: makeConfig({ tp1: 2, pp: 8 }) } },
    { a: 4, b: 16, candidates: 4, best: { throughput: 10, mem: 30, config: makeConfig({ tp1: 4, pp: 16 }) } },
  ],
};

describe('mapRows', () => {
  it('gives throughput relative to the map’s best and marks cells where nothing fits', () => {
    const rows = mapRows(MAP);
    expect(rows.map((r) => r.value)).toEqual([null, 0.5, 1, 0.25]);
    expect(rows.map((r) => r.status)).toEqual(['no-fit', 'ok', 'ok', 'ok']);
    expect(rows.map((r) => [r.x, r.y])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
    expect(rows[0]!.title).toBe('tp 1 × pp 8: none of 12 candidates fits in HBM');
    expect(rows[2]!.title).toMatch(/^tp 2 × pp 8: 1× of the best \(40 samples\/s\), DP 1 × TP 2 × PP 8/);
    expect(bestMapRow(rows)).toMatchObject({ a: 2, b: 8, throughput: 40 });
    expect(mapScale(rows).min).toBe(0.2);
  });

  it('has no best when nothing fits', () => {
    const rows = mapRows({ ...MAP, cells: [{ a: 1, b: 8, candidates: 3, best: null }] });
    expect(bestMapRow(rows)).toBeNull();
    expect(rows[0]!.value).toBeNull();
  });
});

/** Three figures at 64 and 128 GPUs; baseline 100 and 200 samples/s. */
const SENS: SensitivityResult = {
  gpus: [64, 128],
  baseline: [best(100), best(200)],
  rows: [
    { field: 'matrix_flops_fp16', label: 'Matrix rate', factor: 1.1, best: [best(105), best(220)] },
    { field: 'matrix_flops_fp16', label: 'Matrix rate', factor: 2, best: [best(150), best(300)] },
    { field: 'hbm_capacity', label: 'HBM capacity', factor: 1.1, best: [best(108), undefined] },
    { field: 'hbm_capacity', label: 'HBM capacity', factor: 2, best: [best(130), best(210)] },
    { field: 'ib_latency', label: 'InfiniBand latency', factor: 1.1, best: [null, best(201)] },
    { field: 'ib_latency', label: 'InfiniBand latency', factor: 2, best: [best(100), best(202)] },
  ],
};

/** With a figure only doubled, as the study treats the NVLink domain. */
const WITH_DOMAIN: SensitivityResult = {
  ...SENS,
  rows: [
    ...SENS.rows,
    { field: 'nvlink_size', label: 'NVLink domain size', factor: 2, best: [best(120), best(190)] },
  ],
};

describe('sensitivity rows', () => {
  it('ranks the figures by their 10% speed-up, nothing-fits and pending last', () => {
    const at64 = sensitivityRanking(SENS, 64);
    expect(at64.map((r) => r.label)).toEqual(['HBM capacity', 'Matrix rate', 'InfiniBand latency']);
    expect(at64[0]!.tenPercent!.speedup).toBeCloseTo(1.08);
    expect(at64[0]!.double!.speedup).toBeCloseTo(1.3);
    expect(at64[2]!.tenPercent).toEqual({ speedup: null, enables: false });
    const at128 = sensitivityRanking(SENS, 128);
    expect(at128.map((r) => r.label)).toEqual(['Matrix rate', 'InfiniBand latency', 'HBM capacity']);
    expect(at128[2]!.tenPercent!.speedup).toBeUndefined();
    expect(sensitivityBarRows(at128)[0]).toEqual({
      field: 'matrix_flops_fp16',
      label: 'Matrix rate',
      tenPercent: expect.closeTo(10, 9) as number,
      double: expect.closeTo(50, 9) as number,
    });
  });

  it('ranks first an improvement that makes the model fit, and reads an unknown GPU count as pending', () => {
    const s: SensitivityResult = { ...SENS, baseline: [null, best(200)] };
    const r = sensitivityRanking(s, 64);
    expect(r.map((x) => x.tenPercent!.enables)).toEqual([true, true, false]);
    expect(r[2]!.label).toBe('InfiniBand latency');
    expect(sensitivityRanking(SENS, 4096).every((x) => x.tenPercent!.speedup === undefined)).toBe(true);
  });

  it('ranks a figure the study only doubles after the others, and draws no +10% line for it', () => {
    const r = sensitivityRanking(WITH_DOMAIN, 64);
    expect(r.map((x) => x.label)).toEqual([
      'HBM capacity',
      'Matrix rate',
      'InfiniBand latency',
      'NVLink domain size',
    ]);
    expect(r[3]!.tenPercent).toBeNull();
    expect(r[3]!.double!.speedup).toBeCloseTo(1.2);
    expect(sensitivityBarRows(r)[3]).toMatchObject({
      tenPercent: null,
      double: expect.closeTo(20, 9) as number,
    });
    // Doubling the domain may cost a little: the ratio is shown as it is.
    expect(sensitivityRanking(WITH_DOMAIN, 128)[3]!.double!.speedup).toBeCloseTo(0.95);
    expect(sensitivityLines(WITH_DOMAIN, 1.1).map((l) => l.field)).not.toContain('nvlink_size');
    const doubled = sensitivityLines(WITH_DOMAIN, 2);
    expect(doubled.map((l) => l.field)).toContain('nvlink_size');
    expect(doubled[0]!.colour).toBe(sensitivityLines(WITH_DOMAIN, 1.1)[0]!.colour);
    expect(Object.keys(sensitivityLineRows(WITH_DOMAIN, 1.1)[0]!.values)).not.toContain('nvlink_size');
  });

  it('draws one line per figure of the speed-up against GPU count', () => {
    const rows = sensitivityLineRows(SENS, 1.1);
    expect(rows.map((r) => r.gpus)).toEqual([64, 128]);
    expect(rows[0]!.values).toEqual({
      matrix_flops_fp16: expect.closeTo(1.05, 9) as number,
      hbm_capacity: expect.closeTo(1.08, 9) as number,
      ib_latency: null,
    });
    expect(rows[1]!.values.hbm_capacity).toBeNull();
    const lines = sensitivityLines(SENS, 1.1);
    expect(lines.map((l) => l.label)).toEqual(['Matrix rate', 'HBM capacity', 'InfiniBand latency']);
    expect(new Set(lines.map((l) => l.colour)).size).toBe(3);
    expect(lines[1]!.value(rows[0]!)).toBeCloseTo(1.08);
  });
});

// ---- components --------------------------------------------------------------------------------------

const AXES = {
  x: { title: 'HBM bandwidth (GB/s)', labels: ['1,000', '2,000', '4,000'] },
  y: { title: 'HBM capacity (GB)', labels: ['80', '160'] },
};

const statusCount = (root: ParentNode, status: string) =>
  root.querySelectorAll(`rect[data-status="${status}"]`).length;

describe('Heatmap', () => {
  const rows = sweepRows(capBw([best(50), best(100), best(200), undefined, null, best(400)]));

  it('draws one rect per cell with its status, a legend and tooltips', () => {
    render(
      <Heatmap
        testId="hm"
        title="Test sweep"
        caption="What it shows."
        exportName="test"
        {...AXES}
        cells={rows}
        scale={RATIO_SCALE}
        legendTitle="vs baseline"
        outlined={rows[1]}
        outlineLabel="baseline"
      />,
    );
    const root = screen.getByTestId('hm');
    expect(screen.getByRole('figure', { name: 'Test sweep' })).toBeTruthy();
    expect(screen.getByText('What it shows.')).toBeTruthy();
    expect(statusCount(root, 'ok')).toBe(4);
    expect(statusCount(root, 'pending')).toBe(1);
    expect(statusCount(root, 'no-fit')).toBe(1);
    const ok = [...root.querySelectorAll('rect[data-status="ok"]')].map((r) => r.getAttribute('fill'));
    expect(ok).toEqual(['#ef8a62', '#ffffff', '#67a9cf', '#2166ac']);
    expect(root.querySelector('rect[data-status="pending"]')!.getAttribute('fill')).toMatch(/^url\(#.+\)$/);
    const legend = root.querySelector('.heatmap-legend')!;
    expect([...legend.querySelectorAll('.heatmap-legend-tick text')].map((t) => t.textContent)).toEqual([
      '0.25×',
      '0.5×',
      '1×',
      '2×',
      '4×',
    ]);
    expect([...legend.querySelectorAll('.heatmap-legend-item text')].map((t) => t.textContent)).toEqual([
      'not searched yet',
      'does not fit',
      'baseline',
    ]);
    expect(screen.getByText('vs baseline')).toBeTruthy();
    const titles = [...root.querySelectorAll('rect[data-status] > title')].map((t) => t.textContent);
    expect(titles[2]).toMatch(/^HBM capacity 80 GB, HBM bandwidth 4,000 GB\/s: 2× \(200 samples\/s\), DP 1/);
    expect(titles[4]).toBe('HBM capacity 160 GB, HBM bandwidth 2,000 GB/s: nothing fits in HBM');
    expect(root.querySelectorAll('.heatmap-outline rect')).toHaveLength(2);
    expect(root.querySelector('.heatmap-x-title')!.textContent).toBe('HBM bandwidth (GB/s)');
    expect(root.querySelector('.heatmap-y-title')!.textContent).toBe('HBM capacity (GB)');
  });

  it('labels every row of categorical rows, with room for the longest and the axis title', () => {
    // The paper's figure set: 54 sweeps named "model · strategy · GPU NVLink domain".
    const labels = ['GPT3-1T', 'ViT-ERA5'].flatMap((m) =>
      ['1D', '2D', '2D-SEQP'].flatMap((s) =>
        ['A100', 'H200', 'B200'].flatMap((g) => [4, 8, 64].map((n) => `${m} · ${s} · ${g} NVS${n}`)),
      ),
    );
    const gpus = ['4', '8', '16'];
    const cells: HeatmapCell[] = labels.flatMap((_, y) =>
      gpus.map((__, x) => ({ x, y, status: 'ok' as const, value: 0.5, title: '' })),
    );
    render(
      <Heatmap
        testId="set"
        title="Set"
        caption="c"
        exportName="t"
        x={{ title: 'GPUs', labels: gpus }}
        y={{ title: 'Sweep', labels }}
        cells={cells}
        scale={fractionScale(0.001)}
        legendTitle="Of the fastest"
        labelEveryRow
      />,
    );
    const root = screen.getByTestId('set');
    const rowLabels = [...root.querySelectorAll('.heatmap-y-ticks text')];
    expect(rowLabels.map((t) => t.textContent)).toEqual(labels);
    // Labels end 7 px left of the plot; the longest, at about 7 px a glyph, must start right of the
    // rotated title (centred at x = 14, 12 px tall) and inside the drawing.
    const labelRight = Number(rowLabels[0]!.getAttribute('x'));
    const longest = Math.max(...labels.map((l) => l.length));
    expect(labelRight - longest * 6.9).toBeGreaterThan(14 + 6 + 4);
    const rows = [...root.querySelectorAll('.heatmap-y-ticks text')].map((t) => Number(t.getAttribute('y')));
    expect(Math.abs((rows[0] ?? 0) - (rows[1] ?? 0))).toBeGreaterThanOrEqual(13);
  });

  it('calls back with the clicked cell', () => {
    const onCellClick = vi.fn();
    render(
      <Heatmap
        title="Clickable"
        caption="c"
        exportName="t"
        {...AXES}
        cells={rows}
        scale={RATIO_SCALE}
        legendTitle="x"
        onCellClick={onCellClick}
      />,
    );
    const rect = document.querySelectorAll('rect[data-status]')[2]!;
    fireEvent.click(rect);
    expect(onCellClick).toHaveBeenCalledWith(rows[2]);
  });

  it('lists cells without a reference in the legend, and shows a message without a grid', () => {
    const noBase = sweepRows(
      capBw([best(1), best(1), best(1), best(1), best(1), best(1)], [null, null, null]),
    );
    const { unmount } = render(
      <Heatmap
        title="No baseline"
        caption="c"
        exportName="t"
        {...AXES}
        cells={noBase}
        scale={RATIO_SCALE}
        legendTitle="x"
        neutralLabel="no baseline fit"
      />,
    );
    expect(screen.getByText('no baseline fit')).toBeTruthy();
    unmount();
    render(
      <Heatmap
        title="Empty"
        caption="c"
        exportName="t"
        x={{ title: 'a', labels: [] }}
        y={{ title: 'b', labels: [] }}
        cells={[]}
        scale={RATIO_SCALE}
        legendTitle="x"
        emptyMessage="Nothing here"
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Nothing here');
  });

  it('exports as SVG through the chart frame', () => {
    render(
      <Heatmap
        title="Export me"
        caption="c"
        exportName="t"
        {...AXES}
        cells={rows}
        scale={RATIO_SCALE}
        legendTitle="x"
      />,
    );
    const svg = chartSvg(screen.getByRole('figure', { name: 'Export me' }), 'Export me');
    expect(svg).not.toBeNull();
    expect(svg).toContain('data-status="no-fit"');
    expect(svg).toContain('<pattern');
  });

  it('renders the paper’s 32 × 28 grid, with thinned labels', () => {
    const nx = 32;
    const ny = 28;
    const cells: HeatmapCell[] = Array.from({ length: nx * ny }, (_, i) => ({
      x: i % nx,
      y: Math.floor(i / nx),
      status: i % 7 === 0 ? 'no-fit' : i % 11 === 0 ? 'pending' : 'ok',
      value: 0.25 + (i / (nx * ny)) * 3.75,
      title: `cell ${i}`,
    }));
    const x = { title: 'x (GB/s)', labels: Array.from({ length: nx }, (_, i) => `${500 + i * 500}`) };
    const y = { title: 'y (GB)', labels: Array.from({ length: ny }, (_, i) => `${80 + i * 30}`) };
    render(
      <Heatmap
        testId="big"
        title="Big"
        caption="c"
        exportName="t"
        x={x}
        y={y}
        cells={cells}
        scale={RATIO_SCALE}
        legendTitle="x"
      />,
    );
    const root = screen.getByTestId('big');
    expect(root.querySelectorAll('rect[data-status]')).toHaveLength(896);
    expect(statusCount(root, 'no-fit') + statusCount(root, 'pending') + statusCount(root, 'ok')).toBe(896);
    expect(root.querySelectorAll('.heatmap-x-ticks text').length).toBeLessThan(nx);
    expect(root.querySelectorAll('.heatmap-y-ticks text').length).toBeLessThan(ny);
  });
});

describe('SensitivityChart', () => {
  it('ranks the figures in horizontal bars of +10% and 2× gains', () => {
    const { container } = render(
      <SensitivityRankChart ranks={sensitivityRanking(SENS, 64)} gpus={1024} width={640} />,
    );
    expect(screen.getByRole('figure', { name: 'What to buy next at 1,024 GPUs' })).toBeTruthy();
    expect([...container.querySelectorAll('.recharts-legend-item-text')].map((e) => e.textContent)).toEqual([
      '+10%',
      '2×',
    ]);
    // Two figures have both bars; InfiniBand latency has only its 2× bar (0% gain: zero width).
    expect(container.querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThanOrEqual(4);
    const labels = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map(
      (e) => e.textContent,
    );
    expect(labels).toEqual(['HBM capacity', 'Matrix rate', 'InfiniBand latency']);
  });

  it('draws the +10% speed-up against GPU count, one line per figure', () => {
    const { container } = render(<SensitivityScalingChart sensitivity={SENS} width={640} />);
    expect(screen.getByRole('figure', { name: 'How the answer changes with scale' })).toBeTruthy();
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(3);
    expect([...container.querySelectorAll('.recharts-legend-item-text')].map((e) => e.textContent)).toEqual([
      'Matrix rate',
      'HBM capacity',
      'InfiniBand latency',
    ]);
  });

  it('shows a placeholder until a ratio is known', () => {
    const pending: SensitivityResult = {
      ...SENS,
      baseline: [undefined, undefined],
    };
    render(<SensitivityRankChart ranks={sensitivityRanking(pending, 64)} gpus={64} width={640} />);
    render(<SensitivityScalingChart sensitivity={pending} width={640} />);
    expect(screen.getAllByText('No results yet')).toHaveLength(2);
  });
});
