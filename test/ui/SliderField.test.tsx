// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SliderField, type SliderFieldProps } from '../../src/ui/SliderField.tsx';
import { INTEGERS, multiplesOf, oneOf, significant, type ValidValues } from '../../src/ui/validValues.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const MICROSECONDS = { to: (s: number) => s * 1e6, from: (us: number) => us / 1e6 };

type Props = Omit<SliderFieldProps, 'onChange' | 'valid'> & {
  onChange?: (v: number) => void;
  valid?: ValidValues;
};
const THREE_DIGITS = significant(3);

function field(p: Props) {
  const onChange = vi.fn<(v: number) => void>();
  const view = render(
    <SliderField {...p} valid={p.valid ?? THREE_DIGITS} onChange={p.onChange ?? onChange} />,
  );
  const slider = screen.getByRole('slider', { name: p.label }) as HTMLInputElement;
  const number = screen.getByRole('spinbutton', { name: p.label }) as HTMLInputElement;
  return { onChange, slider, number, ...view };
}

/** A field that owns its value, as the panels do through the store. */
function Controlled({
  initial,
  spy,
  ...p
}: Omit<Props, 'value'> & { initial: number; spy: (v: number) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <SliderField
      {...p}
      valid={p.valid ?? THREE_DIGITS}
      value={value}
      onChange={(v) => {
        spy(v);
        setValue(v);
      }}
    />
  );
}

describe('SliderField', () => {
  it('names the slider and the number input with the visible label', () => {
    const { slider, number } = field({ label: 'HBM capacity (GB)', value: 80, min: 8, max: 4096 });
    expect(slider.type).toBe('range');
    expect(number.type).toBe('number');
    expect(number.value).toBe('80');
    expect(screen.getByText('HBM capacity (GB)')).toBeTruthy();
  });

  it('calls onChange with a typed number', async () => {
    const { onChange, number } = field({
      label: 'Layers (depth)',
      value: 5,
      min: 1,
      max: 512,
      valid: INTEGERS,
    });
    const user = userEvent.setup();
    await user.clear(number);
    expect(onChange).not.toHaveBeenCalled();
    await user.type(number, '42');
    expect(onChange).toHaveBeenLastCalledWith(42, 'input');
  });

  it('converts typed values from the displayed unit to the stored one', async () => {
    const { onChange, number } = field({
      label: 'NVLink latency (µs)',
      value: 2.5e-6,
      min: 1e-7,
      max: 1e-4,
      scale: 'log',
      display: MICROSECONDS,
    });
    expect(number.value).toBe('2.5');
    const user = userEvent.setup();
    await user.clear(number);
    await user.type(number, '12');
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0]).toBeCloseTo(12e-6, 15);
  });

  it('maps a log-scale slider position to a value with 3 significant digits', () => {
    const { onChange, slider } = field({ label: 'Rate', value: 100, min: 10, max: 1000, scale: 'log' });
    expect(slider.min).toBe('0');
    expect(slider.max).toBe('1000');
    expect(slider.value).toBe('500');
    fireEvent.change(slider, { target: { value: '333' } });
    // 10 × 100^0.333 = 46.345…
    expect(onChange).toHaveBeenLastCalledWith(46.3, 'slider');
    fireEvent.change(slider, { target: { value: '1000' } });
    expect(onChange).toHaveBeenLastCalledWith(1000, 'slider');
  });

  it('lands a log-scale drag on the nearest valid value', () => {
    const { onChange, slider } = field({
      label: 'Sequence length (tokens)',
      value: 2048,
      min: 128,
      max: 262144,
      scale: 'log',
      valid: multiplesOf(64),
    });
    fireEvent.change(slider, { target: { value: '400' } });
    // 128 × 2048^0.4 = 2684.3… → 2688 (a multiple of 64)
    expect(onChange).toHaveBeenLastCalledWith(2688, 'slider');
  });

  it('moves a log-scale slider in display units and stores the converted value', () => {
    const { onChange, slider } = field({
      label: 'Latency (µs)',
      value: 2.5e-6,
      min: 1e-7,
      max: 1e-4,
      scale: 'log',
      display: MICROSECONDS,
    });
    // 0.1 µs to 100 µs over 1000 steps: 2.5 µs sits at log(25)/log(1000).
    expect(slider.value).toBe(String(Math.round((Math.log(25) / Math.log(1000)) * 1000)));
    expect(slider.getAttribute('aria-valuetext')).toBe('2.5');
    fireEvent.change(slider, { target: { value: '500' } });
    // 0.1 µs × 1000^0.5 = 3.162… µs → 3.16 µs
    expect(onChange.mock.calls[0]?.[0]).toBeCloseTo(3.16e-6, 15);
  });

  it('walks a list of values, one step per position', () => {
    const values = [1, 2, 4, 8, 16];
    const { onChange, slider } = field({ label: 'Heads', value: 4, min: 1, max: 16, valid: oneOf(values) });
    expect(slider.min).toBe('0');
    expect(slider.max).toBe('4');
    expect(slider.step).toBe('1');
    expect(slider.value).toBe('2');
    expect(slider.getAttribute('aria-valuetext')).toBe('4');
    fireEvent.change(slider, { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith(8, 'slider');
    fireEvent.change(slider, { target: { value: '0' } });
    expect(onChange).toHaveBeenLastCalledWith(1, 'slider');
  });

  it('places a value missing from the list at the nearest entry', () => {
    const { slider } = field({ label: 'Heads', value: 7, min: 1, max: 16, valid: oneOf([1, 2, 4, 8, 16]) });
    expect(slider.value).toBe('3');
  });

  it('does not report a slider move that leaves the value unchanged', () => {
    const { onChange, slider } = field({
      label: 'Heads',
      value: 4,
      min: 1,
      max: 16,
      valid: oneOf([1, 2, 4, 8]),
    });
    fireEvent.change(slider, { target: { value: '2' } });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('lands a linear slider on the nearest valid value', () => {
    const { onChange, slider } = field({
      label: 'NVLink efficiency (fraction)',
      value: 0.7,
      min: 0.05,
      max: 1,
      scale: 'linear',
      valid: multiplesOf(0.01),
    });
    expect(slider.value).toBe('0.7');
    fireEvent.change(slider, { target: { value: '0.8531' } });
    expect(onChange).toHaveBeenLastCalledWith(0.85, 'slider');
  });

  it('shows an error as an alert linked to the input, and marks the input invalid', () => {
    const { number } = field({
      label: 'Attention heads (h)',
      value: 48,
      min: 1,
      max: 4096,
      error: 'heads (48) must divide embedding (12100)',
      hint: 'Heads must divide the embedding dimension',
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('heads (48) must divide embedding (12100)');
    expect(alert.id).not.toBe('');
    expect(number.getAttribute('aria-describedby')).toBe(alert.id);
    expect(number.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Heads must divide the embedding dimension')).toBeNull();
  });

  it('shows the hint and no alert when the value is valid', () => {
    const { number } = field({ label: 'Heads', value: 8, min: 1, max: 16, hint: 'Must divide e' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(number.hasAttribute('aria-invalid')).toBe(false);
    expect(number.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.getByText('Must divide e')).toBeTruthy();
  });

  it('follows value changes made elsewhere', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <SliderField label="Depth" value={5} onChange={onChange} min={1} max={512} valid={INTEGERS} />,
    );
    rerender(<SliderField label="Depth" value={96} onChange={onChange} min={1} max={512} valid={INTEGERS} />);
    expect((screen.getByRole('spinbutton', { name: 'Depth' }) as HTMLInputElement).value).toBe('96');
    expect((screen.getByRole('slider', { name: 'Depth' }) as HTMLInputElement).value).toBe('96');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows external changes in display units, without float noise', () => {
    const props = {
      label: 'Latency (µs)',
      onChange: vi.fn(),
      min: 1e-7,
      max: 1e-4,
      scale: 'log' as const,
      valid: THREE_DIGITS,
    };
    const { rerender } = render(<SliderField {...props} value={2.5e-6} display={MICROSECONDS} />);
    // 2.1e-6 × 1e6 is 2.0999999999999996 in floating point.
    expect(2.1e-6 * 1e6).not.toBe(2.1);
    rerender(<SliderField {...props} value={2.1e-6} display={MICROSECONDS} />);
    expect((screen.getByRole('spinbutton', { name: 'Latency (µs)' }) as HTMLInputElement).value).toBe('2.1');
  });

  it('keeps what the user types while it equals the value, and tidies it on blur', async () => {
    const spy = vi.fn();
    render(
      <Controlled label="Efficiency" initial={0.7} spy={spy} min={0} max={1} valid={multiplesOf(0.01)} />,
    );
    const number = screen.getByRole('spinbutton', { name: 'Efficiency' }) as HTMLInputElement;
    const slider = screen.getByRole('slider', { name: 'Efficiency' }) as HTMLInputElement;
    const user = userEvent.setup();
    await user.clear(number);
    await user.type(number, '0.50');
    expect(spy).toHaveBeenLastCalledWith(0.5);
    expect(number.value).toBe('0.50');
    expect(slider.value).toBe('0.5');
    await user.tab();
    expect(number.value).toBe('0.5');
  });

  it('updates the number input when the slider moves', () => {
    const spy = vi.fn();
    render(
      <Controlled label="Heads" initial={4} spy={spy} min={1} max={16} valid={oneOf([1, 2, 4, 8, 16])} />,
    );
    fireEvent.change(screen.getByRole('slider', { name: 'Heads' }), { target: { value: '4' } });
    expect(spy).toHaveBeenCalledWith(16);
    expect((screen.getByRole('spinbutton', { name: 'Heads' }) as HTMLInputElement).value).toBe('16');
  });

  it('is keyboard operable: a native range input in the tab order, stepping on arrow keys', async () => {
    const { onChange, slider } = field({
      label: 'Heads',
      value: 4,
      min: 1,
      max: 16,
      valid: oneOf([1, 2, 4, 8, 16]),
    });
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(slider);
    expect(slider.tagName).toBe('INPUT');
    expect(slider.type).toBe('range');
    expect(slider.disabled).toBe(false);
    expect(slider.tabIndex).toBeGreaterThanOrEqual(0);
    await user.keyboard('{ArrowRight}');
    expect(onChange).toHaveBeenLastCalledWith(8, 'slider');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('spinbutton', { name: 'Heads' }));
  });

  describe('keys move to valid values', () => {
    /** The values a controlled field passes through as `keys` are pressed on its slider, one by one. */
    function press(
      p: Omit<Props, 'value' | 'valid'> & { initial: number; valid: ValidValues },
      keys: string[],
    ) {
      const spy = vi.fn<(v: number) => void>();
      render(<Controlled {...p} spy={spy} />);
      const slider = screen.getByRole('slider', { name: p.label });
      return keys.map((key) => {
        const event = fireEvent.keyDown(slider, { key });
        const last = spy.mock.lastCall?.[0];
        spy.mockClear();
        return { key, value: last, handled: !event };
      });
    }

    it('steps a log-scale sequence length by one multiple of 64 per arrow key', () => {
      const seen = press(
        {
          label: 'Sequence length (tokens)',
          initial: 2048,
          min: 128,
          max: 262144,
          scale: 'log',
          valid: multiplesOf(64),
        },
        ['ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowDown', 'ArrowDown'],
      );
      expect(seen.map((s) => s.value)).toEqual([2112, 2176, 2112, 2048, 1984]);
      expect(seen.every((s) => s.handled)).toBe(true);
    });

    it('takes a tenth of the travel on Page Up/Down, landing on valid values, and the ends on Home/End', () => {
      const seen = press(
        {
          label: 'Sequence length (tokens)',
          initial: 2048,
          min: 128,
          max: 262144,
          scale: 'log',
          valid: multiplesOf(64),
        },
        ['PageUp', 'PageDown', 'PageDown', 'End', 'ArrowRight', 'Home', 'ArrowLeft'],
      );
      const [up, down, down2, end, past, home, before] = seen.map((s) => s.value);
      // A tenth of a log scale over 2048× is a factor 2048^0.1 = 2.14.
      expect(up).toBe(Math.round((2048 * 2048 ** 0.1) / 64) * 64);
      expect(down! % 64).toBe(0);
      expect(down2! % 64).toBe(0);
      expect(down2).toBeLessThan(down!);
      expect([end, past, home, before]).toEqual([262144, undefined, 128, undefined]);
    });

    it('walks the divisors of the embedding, one per arrow key', () => {
      const heads = [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, 64, 80, 100, 128, 160, 200, 256, 320, 400];
      const seen = press(
        { label: 'Attention heads (h)', initial: 160, min: 1, max: 4096, scale: 'log', valid: oneOf(heads) },
        ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'PageUp'],
      );
      expect(seen.map((s) => s.value)).toEqual([200, 256, 200, 160, 128, 200]);
    });

    it('steps a count by whole numbers and continuous figures by their last significant digit', () => {
      expect(
        press(
          { label: 'NICs per GPU', initial: 1, min: 0.125, max: 16, valid: oneOf([0.25, 0.5, 1, 2, 3]) },
          ['ArrowRight', 'ArrowLeft', 'ArrowLeft'],
        ).map((s) => s.value),
      ).toEqual([2, 1, 0.5]);
      cleanup();
      expect(
        press({ label: 'Layers (depth)', initial: 128, min: 1, max: 512, scale: 'linear', valid: INTEGERS }, [
          'ArrowRight',
          'PageUp',
        ]).map((s) => s.value),
      ).toEqual([129, 180]);
      cleanup();
      expect(
        press(
          {
            label: 'HBM bandwidth (GB/s)',
            initial: 1555,
            min: 100,
            max: 200000,
            scale: 'log',
            valid: significant(3),
          },
          ['ArrowRight', 'ArrowLeft', 'ArrowLeft'],
        ).map((s) => s.value),
      ).toEqual([1560, 1550, 1540]);
    });

    it('steps in displayed units and stores the converted value', () => {
      const spy = vi.fn<(v: number) => void>();
      render(
        <Controlled
          label="Latency (µs)"
          initial={2.5e-6}
          spy={spy}
          min={1e-7}
          max={1e-4}
          scale="log"
          valid={significant(3)}
          display={MICROSECONDS}
        />,
      );
      fireEvent.keyDown(screen.getByRole('slider', { name: 'Latency (µs)' }), { key: 'ArrowRight' });
      expect(spy.mock.lastCall?.[0]).toBeCloseTo(2.51e-6, 15);
    });

    it('leaves other keys to the browser', () => {
      const seen = press({ label: 'Depth', initial: 5, min: 1, max: 10, valid: INTEGERS }, ['Tab', 'a']);
      expect(seen).toEqual([
        { key: 'Tab', value: undefined, handled: false },
        { key: 'a', value: undefined, handled: false },
      ]);
    });
  });

  it('disables both inputs', () => {
    const { slider, number } = field({ label: 'Depth', value: 5, min: 1, max: 10, disabled: true });
    expect(slider.disabled).toBe(true);
    expect(number.disabled).toBe(true);
  });
});
