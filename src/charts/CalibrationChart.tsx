/**
 * Predicted against measured tokens/s per GPU, both axes logarithmic: one point per run, coloured by
 * system, the y = x line and a ±10% band around it. Drawn as a plain SVG with a viewBox so it scales down
 * to a phone's width; a point is a button that opens its run.
 */
import { memo, useMemo } from 'react';
import { ChartFrame } from './ChartFrame.tsx';
import { EmptyChart } from './EmptyChart.tsx';
import { formatNumber } from './format.ts';

export interface CalibrationPoint {
  readonly id: string;
  readonly label: string;
  readonly series: string;
  readonly measured: number;
  readonly predicted: number;
}

export interface CalibrationChartProps {
  readonly points: readonly CalibrationPoint[];
  /** Series names in legend order. */
  readonly series: readonly string[];
  readonly onOpen?: (id: string) => void;
}

// Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const W = 520;
const H = 420;
const PAD = { left: 72, right: 12, top: 12, bottom: 56 };
/** The band drawn around y = x: predictions within 10% of the measurement. */
const BAND = 0.1;

/** Log-scale ticks: 1, 2, 5 times powers of ten inside [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++)
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** p;
      if (t >= lo && t <= hi) out.push(t);
    }
  return out;
}

export const CalibrationChart = memo(function CalibrationChart({
  points,
  series,
  onOpen,
}: CalibrationChartProps) {
  const frame = useMemo(() => {
    const values = points.flatMap((p) => [p.measured, p.predicted]);
    const lo = Math.min(...values) / 1.25;
    const hi = Math.max(...values) * 1.25;
    const span = Math.log(hi / lo);
    const x = (v: number) => PAD.left + ((W - PAD.left - PAD.right) * Math.log(v / lo)) / span;
    const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * Math.log(v / lo)) / span;
    return { lo, hi, x, y, ticks: ticks(lo, hi) };
  }, [points]);
  const title = 'Predicted vs measured throughput';
  return (
    <ChartFrame
      title={title}
      caption="Tokens/s per GPU of each published run the engine represents: measured (x) against the engine's prediction on its system with the shipped calibrated efficiency (y), an in-sample fit: these runs are the ones it was fitted to. Both axes logarithmic; the line is y = x, the band ±10%. Click a point to open the run in the explorer."
      exportName="parallax-calibration"
    >
      {points.length === 0 ? (
        <EmptyChart message="No run matches the filters" />
      ) : (
        <>
          <ul className="chart-legend" aria-label="Systems">
            {series.map((s, k) => (
              <li key={s} className="chart-legend-item">
                <svg width="10" height="10" aria-hidden="true">
                  <circle cx="5" cy="5" r="4" fill={COLOURS[k % COLOURS.length]} />
                </svg>{' '}
                {s}
              </li>
            ))}
          </ul>
          <svg
            className="chart-surface calibration-plot"
            viewBox={`0 0 ${W} ${H}`}
            width="100%"
            role="img"
            aria-label={`${title}: ${points.length} runs`}
            data-testid="calibration-chart"
          >
            {(() => {
              const { lo, hi, x, y } = frame;
              const band = `M${x(lo)},${y(lo * (1 + BAND))} L${x(hi / (1 + BAND))},${y(hi)} L${x(hi)},${y(hi)} L${x(hi)},${y(hi * (1 - BAND))} L${x(lo / (1 - BAND))},${y(lo)} L${x(lo)},${y(lo)} Z`;
              return (
                <>
                  <path d={band} fill="#999" fillOpacity={0.18} data-testid="calibration-band">
                    <title>±10% of measured</title>
                  </path>
                  <line x1={x(lo)} y1={y(lo)} x2={x(hi)} y2={y(hi)} stroke="#555" strokeDasharray="4 3">
                    <title>y = x: prediction equals measurement</title>
                  </line>
                </>
              );
            })()}
            {frame.ticks.map((t) => (
              <g key={t} fontSize="14" fill="#555">
                <line
                  x1={frame.x(t)}
                  x2={frame.x(t)}
                  y1={H - PAD.bottom}
                  y2={H - PAD.bottom + 4}
                  stroke="#555"
                />
                <text x={frame.x(t)} y={H - PAD.bottom + 19} textAnchor="middle">
                  {formatNumber(t)}
                </text>
                <line x1={PAD.left - 4} x2={PAD.left} y1={frame.y(t)} y2={frame.y(t)} stroke="#555" />
                <text x={PAD.left - 7} y={frame.y(t) + 4} textAnchor="end">
                  {formatNumber(t)}
                </text>
              </g>
            ))}
            <rect
              x={PAD.left}
              y={PAD.top}
              width={W - PAD.left - PAD.right}
              height={H - PAD.top - PAD.bottom}
              fill="none"
              stroke="#bbb"
            />
            <text x={(PAD.left + W - PAD.right) / 2} y={H - 10} textAnchor="middle" fontSize="15">
              Measured (tokens/s per GPU)
            </text>
            <text
              transform={`translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              fontSize="15"
            >
              Predicted (tokens/s per GPU)
            </text>
            {points.map((p) => (
              <circle
                key={p.id}
                data-testid={`calibration-point-${p.id}`}
                cx={frame.x(p.measured)}
                cy={frame.y(p.predicted)}
                r={5}
                fill={COLOURS[series.indexOf(p.series) % COLOURS.length]}
                fillOpacity={0.8}
                stroke="#fff"
                tabIndex={onOpen ? 0 : undefined}
                role={onOpen ? 'button' : undefined}
                aria-label={p.label}
                style={onOpen ? { cursor: 'pointer' } : undefined}
                onClick={onOpen ? () => onOpen(p.id) : undefined}
                onKeyDown={
                  onOpen
                    ? (e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          onOpen(p.id);
                        }
                      }
                    : undefined
                }
              >
                <title>{p.label}</title>
              </circle>
            ))}
          </svg>
        </>
      )}
    </ChartFrame>
  );
});
