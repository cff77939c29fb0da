/**
 * A number control: a slider and a linked numeric input under one visible label (which is also the
 * accessible name of both), keyboard operable, with an inline message when the value breaks a rule.
 * The slider commits on every move, so charts follow while dragging. Each field declares the values it
 * accepts once (`valid`): a drag lands on the nearest, an arrow key moves to the next, Page Up/Down move a
 * tenth of the slider's travel (at least to the next), Home/End to the ends. Typing is free; the panels
 * report values that break a rule.
 */
import { memo, useEffect, useId, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { nearestIndex } from '../charts/heatmapRows.ts';
import { count, sig } from './format.ts';
import type { ValidValues } from './validValues.ts';

export interface SliderFieldProps {
  /** Visible label with its unit, e.g. "HBM bandwidth (GB/s)". */
  readonly label: string;
  readonly value: number;
  /** `source` tells the slider (drag or keys) from typing, which passes through partial values. */
  readonly onChange: (value: number, source: 'slider' | 'input') => void;
  readonly min: number;
  readonly max: number;
  /** `log`: the slider moves on a logarithmic scale (rates, sizes); `linear` evenly. Lists walk their entries. */
  readonly scale?: 'linear' | 'log';
  /** The values the slider and its keys produce, in displayed units (see validValues.ts). */
  readonly valid: ValidValues;
  /** Converts the stored value to the one shown (e.g. seconds to microseconds) and back. */
  readonly display?: { readonly to: (v: number) => number; readonly from: (v: number) => number };
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly disabled?: boolean;
}

const LOG_STEPS = 1000;
// Page Up/Down move this fraction of the slider's travel (as browsers do for native range inputs).
const PAGE = 1 / 10;

const KEY_STEPS: Readonly<Record<string, 1 | -1>> = {
  ArrowRight: 1,
  ArrowUp: 1,
  ArrowLeft: -1,
  ArrowDown: -1,
};
const PAGE_STEPS: Readonly<Record<string, 1 | -1>> = { PageUp: 1, PageDown: -1 };

/** Slider positions of a field: where a value sits, the value at a position, and a page's length. */
interface Track {
  readonly min: number;
  readonly max: number;
  readonly step: number | 'any';
  readonly page: number;
  readonly position: (shown: number) => number;
  readonly valueAt: (position: number) => number;
}

function trackOf(valid: ValidValues, scale: 'linear' | 'log' | undefined, lo: number, hi: number): Track {
  const list = valid.list?.filter((v) => v >= lo && v <= hi);
  if (list && list.length > 0) {
    return {
      min: 0,
      max: list.length - 1,
      step: 1,
      page: Math.max(1, Math.round(list.length * PAGE)),
      position: (v) => nearestIndex(list, v),
      valueAt: (pos) => list[Math.min(list.length - 1, Math.max(0, Math.round(pos)))] ?? lo,
    };
  }
  const clamp = (v: number) => Math.min(Math.max(v, lo), hi);
  if (scale === 'log') {
    return {
      min: 0,
      max: LOG_STEPS,
      step: 1,
      page: LOG_STEPS * PAGE,
      position: (v) => Math.round((Math.log(clamp(v) / lo) / Math.log(hi / lo)) * LOG_STEPS),
      valueAt: (pos) => lo * (hi / lo) ** (pos / LOG_STEPS),
    };
  }
  return { min: lo, max: hi, step: 'any', page: (hi - lo) * PAGE, position: clamp, valueAt: clamp };
}

/** The valid value the key asks for, from `shown`, kept within [lo, hi]; undefined for other keys. */
function keyTarget(key: string, shown: number, valid: ValidValues, track: Track, lo: number, hi: number) {
  const top = valid.nearest(hi) <= hi ? valid.nearest(hi) : valid.next(hi, -1);
  const bottom = valid.nearest(lo) >= lo ? valid.nearest(lo) : valid.next(lo, 1);
  const within = (v: number) => Math.min(Math.max(v, bottom), top);
  if (key === 'Home') return bottom;
  if (key === 'End') return top;
  const dir = KEY_STEPS[key] ?? PAGE_STEPS[key];
  if (dir === undefined) return undefined;
  const next = valid.next(shown, dir);
  if (KEY_STEPS[key] !== undefined) return within(next);
  const paged = valid.nearest(track.valueAt(track.position(shown) + dir * track.page));
  return within(dir * (paged - next) > 0 ? paged : next);
}

/**
 * Memoised: a panel re-renders all its fields on an edit to one, and only fields whose props changed
 * render again (callers pass stable callbacks and value lists).
 */
export const SliderField = memo(function SliderField(p: SliderFieldProps) {
  const id = useId();
  const to = p.display?.to ?? ((v: number) => v);
  const from = p.display?.from ?? ((v: number) => v);
  const shown = to(p.value);
  // An absent optional figure arrives as NaN: an empty box, not "NaN".
  const asText = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(12))) : '');
  const [text, setText] = useState(asText(shown));
  const [editing, setEditing] = useState(false);

  // Follow changes made elsewhere (the slider, a preset) unless the user is typing an equal value.
  useEffect(() => {
    if (!editing || Number(text) !== shown) setText(asText(shown));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only external value changes matter here
  }, [shown]);

  const lo = to(p.min);
  const hi = to(p.max);
  const track = trackOf(p.valid, p.scale, lo, hi);

  const commit = (v: number) => {
    const stored = from(v);
    if (Number.isFinite(stored) && stored !== p.value) p.onChange(stored, 'slider');
  };

  const onSlider = (e: ChangeEvent<HTMLInputElement>) => {
    const v = track.valueAt(Number(e.target.value));
    commit(p.valid.list ? v : p.valid.nearest(v));
  };

  // Every key that moves the slider is handled here, so each press lands on the next valid value; the
  // browser's own steps (one position of a log scale) can round back to the value it started from.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const v = keyTarget(e.key, shown, p.valid, track, lo, hi);
    if (v === undefined) return;
    e.preventDefault();
    if (v !== shown) commit(v);
  };

  const onNumber = (e: ChangeEvent<HTMLInputElement>) => {
    setText(e.target.value);
    if (e.target.value.trim() === '') return;
    const v = Number(e.target.value);
    if (Number.isFinite(v)) p.onChange(from(v), 'input');
  };

  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${p.error ? ' field-invalid' : ''}`}>
      <span className="field-label" id={labelId}>
        {p.label}
      </span>
      <div className="field-inputs">
        <input
          type="range"
          aria-labelledby={labelId}
          aria-valuetext={Number.isInteger(shown) ? count(shown) : sig(shown, 4)}
          min={track.min}
          max={track.max}
          step={track.step}
          value={Number.isFinite(shown) ? track.position(shown) : track.min}
          onChange={onSlider}
          onKeyDown={onKeyDown}
          disabled={p.disabled}
        />
        <input
          type="number"
          aria-labelledby={labelId}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={p.error ? errorId : undefined}
          value={text}
          onChange={onNumber}
          onFocus={() => setEditing(true)}
          onBlur={() => {
            setEditing(false);
            setText(asText(shown));
          }}
          disabled={p.disabled}
          inputMode="decimal"
        />
      </div>
      {p.error ? (
        <p className="field-error" id={errorId} role="alert">
          {p.error}
        </p>
      ) : p.hint ? (
        <p className="field-hint">{p.hint}</p>
      ) : null}
    </div>
  );
});
