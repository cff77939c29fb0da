/**
 * A number control: a slider and a linked numeric input under one visible label (which is also the
 * accessible name of both), keyboard operable, with an inline message when the value breaks a rule.
 * The slider commits on every move, so charts follow while dragging.
 */
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { nearestIndex } from '../charts/heatmapRows.ts';
import { count, sig } from './format.ts';

export interface SliderFieldProps {
  /** Visible label with its unit, e.g. "HBM bandwidth (GB/s)". */
  readonly label: string;
  readonly value: number;
  /** `source` tells a drag of the slider from typing, which passes through partial values. */
  readonly onChange: (value: number, source: 'slider' | 'input') => void;
  readonly min: number;
  readonly max: number;
  /** `log`: the slider moves on a logarithmic scale (rates, sizes); `linear` in steps of `step`. */
  readonly scale?: 'linear' | 'log';
  readonly step?: number;
  /** Discrete values the slider walks through (e.g. the divisors of the embedding). */
  readonly values?: readonly number[];
  /** Rounds a value the slider produces (default for log scales: 3 significant digits). */
  readonly snap?: (v: number) => number;
  /** Converts the stored value to the one shown (e.g. seconds to microseconds) and back. */
  readonly display?: { readonly to: (v: number) => number; readonly from: (v: number) => number };
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly disabled?: boolean;
}

const LOG_STEPS = 1000;

const threeDigits = (v: number) => Number(v.toPrecision(3));

export function SliderField(p: SliderFieldProps) {
  const id = useId();
  const to = p.display?.to ?? ((v: number) => v);
  const from = p.display?.from ?? ((v: number) => v);
  const shown = to(p.value);
  const [text, setText] = useState(String(shown));
  const [editing, setEditing] = useState(false);

  // Follow changes made elsewhere (the slider, a preset) unless the user is typing an equal value.
  useEffect(() => {
    if (!editing || Number(text) !== shown) setText(String(Number(shown.toPrecision(12))));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only external value changes matter here
  }, [shown]);

  let sliderMin: number;
  let sliderMax: number;
  let sliderStep: number | 'any';
  let position: number;
  let fromPosition: (pos: number) => number;
  const lo = to(p.min);
  const hi = to(p.max);
  if (p.values && p.values.length > 0) {
    const values = p.values;
    sliderMin = 0;
    sliderMax = values.length - 1;
    sliderStep = 1;
    position = nearestIndex(values, p.value);
    fromPosition = (pos) => to(values[Math.round(pos)] ?? p.value);
  } else if (p.scale === 'log') {
    sliderMin = 0;
    sliderMax = LOG_STEPS;
    sliderStep = 1;
    const clamped = Math.min(Math.max(shown, lo), hi);
    position = Math.round((Math.log(clamped / lo) / Math.log(hi / lo)) * LOG_STEPS);
    fromPosition = (pos) => lo * (hi / lo) ** (pos / LOG_STEPS);
  } else {
    sliderMin = lo;
    sliderMax = hi;
    sliderStep = p.step ?? 'any';
    position = Math.min(Math.max(shown, lo), hi);
    fromPosition = (pos) => pos;
  }
  const snap = p.snap ?? (p.scale === 'log' && !p.values ? threeDigits : (v: number) => v);

  const onSlider = (e: ChangeEvent<HTMLInputElement>) => {
    const pos = Number(e.target.value);
    const v = from(p.values ? fromPosition(pos) : snap(fromPosition(pos)));
    if (Number.isFinite(v) && v !== p.value) p.onChange(v, 'slider');
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
          min={sliderMin}
          max={sliderMax}
          step={sliderStep}
          value={position}
          onChange={onSlider}
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
            setText(String(Number(shown.toPrecision(12))));
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
}
