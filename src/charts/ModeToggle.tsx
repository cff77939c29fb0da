/** Seconds / Fraction switch for time breakdowns: two toggle buttons, one pressed. */
import type { TimeMode } from './rows.ts';

const OPTIONS = [
  { mode: 'absolute', label: 'Seconds' },
  { mode: 'fraction', label: 'Fraction' },
] as const satisfies readonly { mode: TimeMode; label: string }[];

export function ModeToggle({
  mode,
  onChange,
}: {
  readonly mode: TimeMode;
  readonly onChange: (m: TimeMode) => void;
}) {
  return (
    <div role="group" aria-label="Time units" className="chart-toggle">
      {OPTIONS.map((o) => (
        <button
          key={o.mode}
          type="button"
          aria-pressed={mode === o.mode}
          onClick={() => o.mode !== mode && onChange(o.mode)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
