// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CompareBreakdownChart,
  MemoryChart,
  ParetoChart,
  ScalingChart,
  SpeedupChart,
  TimeBreakdownChart,
  type SeriesInput,
} from '../../../src/charts/index.ts';
import { emptyResult, makeConfig, makeResult } from '../fixtures.ts';

afterEach(cleanup);

const GPU_COUNTS = [4, 8, 16, 64, 256, 1024, 16384];
const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true });
const part = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-9, max: 1e4, noNaN: true, noDefaultInfinity: true }),
);

/** A series over some GPU counts, each feasible (with random step parts) or not. */
const seriesArb = (key: string) =>
  fc
    .subarray(GPU_COUNTS, { minLength: 1 })
    .chain((gpus) =>
      fc.tuple(
        ...gpus.map((g) =>
          fc
            .option(
              fc.record({ throughput: positive, comp: part, mem: part, tp: part, bubble: part, acts: part }),
              { nil: null },
            )
            .map((r) =>
              r === null
                ? emptyResult(g)
                : makeResult(
                    g,
                    [
                      {
                        throughput: r.throughput,
                        totals: { comp: r.comp, mem: r.mem, tp: r.tp, bubble: r.bubble, acts: r.acts },
                      },
                    ],
                    {
                      cloud: [{ throughput: r.throughput / 2, mem: 40, config: makeConfig({ dp: 2 }) }],
                    },
                  ),
            ),
        ),
      ),
    )
    .map((results): SeriesInput => ({ key, label: `System ${key}`, results }));

const SIZE = { width: 480, height: 280 } as const;

/** Every number the charts wrote into their SVG is finite. */
function finiteSvg(container: HTMLElement): void {
  const bad = [...container.querySelectorAll('svg *')].flatMap((el) =>
    [...el.attributes]
      .filter((a) => /NaN|Infinity/.test(a.value))
      .map((a) => `${el.localName} ${a.name}=${a.value}`),
  );
  expect(bad).toEqual([]);
}

describe('plain-SVG charts on any results', () => {
  it('draw only finite coordinates and survive the pointer and keyboard anywhere', () => {
    fc.assert(
      fc.property(seriesArb('a'), seriesArb('b'), fc.boolean(), (a, b, fraction) => {
        const mode = fraction ? 'fraction' : 'absolute';
        const { container } = render(
          <>
            <ScalingChart
              series={[a, b]}
              selectedGpus={a.results[0]!.gpus}
              onSelectGpus={() => {}}
              {...SIZE}
            />
            <SpeedupChart series={[a, b]} {...SIZE} />
            <TimeBreakdownChart
              results={a.results}
              mode={mode}
              onModeChange={() => {}}
              selectedGpus={null}
              {...SIZE}
            />
            <MemoryChart results={a.results} capacityGB={80} selectedGpus={null} {...SIZE} />
            <ParetoChart result={a.results.at(-1)!} selected={null} onSelect={() => {}} {...SIZE} />
            <CompareBreakdownChart series={[a, b]} gpus={a.results.at(-1)!.gpus} mode={mode} {...SIZE} />
          </>,
        );
        finiteSvg(container);
        for (const svg of container.querySelectorAll<SVGSVGElement>('svg.chart-surface')) {
          for (const x of [0, 100, 300, 479]) fireEvent.mouseMove(svg, { clientX: x, clientY: 120 });
          fireEvent.keyDown(svg, { key: 'End' });
          fireEvent.keyDown(svg, { key: 'Enter' });
          fireEvent.click(svg, { clientX: 200, clientY: 100 });
        }
        finiteSvg(container);
        cleanup();
      }),
      { numRuns: 25 },
    );
  });
});
