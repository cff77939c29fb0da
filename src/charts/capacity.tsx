/**
 * The memory charts' shared y axis and HBM line: from 0 to a round number above the tallest stack and the
 * capacity (8% headroom for the line's label), and a dashed line at the capacity when it is known.
 */
import { useCallback, useMemo, type ReactNode } from 'react';
import type { GB } from '../model/units.ts';
import { formatNumber } from './format.ts';
import { MARKER, type Frame } from './plot/Plot.tsx';
import { linearTicks, type Scale } from './plot/scale.ts';
import { niceCeil } from './rows.ts';

export function useCapacityAxis(
  totals: readonly GB[],
  capacityGB: GB,
  /** The line's label before "(80 GB)": narrow charts say just "HBM". */
  name: string,
): {
  readonly max: number;
  readonly ticks: readonly number[];
  readonly overlay: (frame: Frame, y: Scale) => ReactNode;
} {
  const axis = useMemo(() => {
    const max = niceCeil(Math.max(0, capacityGB, ...totals) * 1.08) || 1;
    return { max, ticks: linearTicks(0, max) };
  }, [totals, capacityGB]);
  const overlay = useCallback(
    (frame: Frame, y: Scale) =>
      capacityGB > 0 ? (
        <g className="plot-capacity">
          <line
            x1={frame.left}
            x2={frame.right}
            y1={y(capacityGB)}
            y2={y(capacityGB)}
            stroke={MARKER}
            strokeDasharray="6 3"
            strokeWidth={1.5}
          />
          <text x={frame.right - 4} y={y(capacityGB) - 5} textAnchor="end" fontSize={11} fill={MARKER}>
            {`${name} (${formatNumber(capacityGB)} GB)`}
          </text>
        </g>
      ) : null,
    [capacityGB, name],
  );
  return { ...axis, overlay };
}
