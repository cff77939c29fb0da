// @vitest-environment happy-dom
/**
 * An edit renders only the panels and fields that show what it changed: a slider change used to render
 * the model, system and parallelism panels with all their sliders, each panel reading the whole inputs.
 */
import { act, cleanup } from '@testing-library/react';
import { createElement, memo, Profiler, type ComponentProps } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setGpuRange, setModelField, setSystemField } from '../../src/state/store.ts';
import { ModelPanel } from '../../src/ui/ModelPanel.tsx';
import type * as SliderFieldModule from '../../src/ui/SliderField.tsx';
import { ParallelismPanel } from '../../src/ui/ParallelismPanel.tsx';
import { SystemPanel } from '../../src/ui/SystemPanel.tsx';
import { renderWithStore } from './harness.tsx';

const rendered = vi.hoisted(() => ({ fields: [] as string[] }));

// Each field's label when it renders, behind the same prop comparison as the field itself.
vi.mock('../../src/ui/SliderField.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof SliderFieldModule>();
  const Counted = memo((p: ComponentProps<typeof real.SliderField>) => {
    rendered.fields.push(p.label);
    return createElement(real.SliderField, p);
  });
  return { ...real, SliderField: Counted };
});

afterEach(cleanup);
beforeEach(() => {
  rendered.fields = [];
});

/** The three panels, each under a profiler that counts its commits. */
function renderPanels() {
  const commits = { model: 0, system: 0, parallelism: 0 };
  const count = (id: string) => commits[id as keyof typeof commits]++;
  const { store } = renderWithStore(
    <>
      <Profiler id="model" onRender={count}>
        <ModelPanel />
      </Profiler>
      <Profiler id="system" onRender={count}>
        <SystemPanel />
      </Profiler>
      <Profiler id="parallelism" onRender={count}>
        <ParallelismPanel />
      </Profiler>
    </>,
  );
  commits.model = commits.system = commits.parallelism = 0;
  rendered.fields = [];
  return { store, commits };
}

describe('panels on an edit', () => {
  it('a model edit renders only the model panel, and of its fields only the one edited', () => {
    const { store, commits } = renderPanels();
    act(() => setModelField(store, 'l', 4096));
    expect(commits).toMatchObject({ system: 0, parallelism: 0 });
    expect(commits.model).toBeGreaterThan(0);
    expect(rendered.fields).toEqual(['Sequence length (tokens)']);
  });

  it("a system edit renders only the system panel's edited field", () => {
    const { store, commits } = renderPanels();
    act(() => setSystemField(store, 0, 'hbm_capacity', 96));
    expect(commits).toMatchObject({ model: 0, parallelism: 0 });
    expect(commits.system).toBeGreaterThan(0);
    expect(rendered.fields).toEqual(['HBM capacity (GB)']);
  });

  it('a GPU range edit renders only the parallelism panel', () => {
    const { store, commits } = renderPanels();
    act(() => setGpuRange(store, 128, 4096));
    expect(commits).toMatchObject({ model: 0, system: 0 });
    expect(commits.parallelism).toBeGreaterThan(0);
    expect(rendered.fields).toContain('Most GPUs');
    expect(rendered.fields).not.toContain('Sequence length (tokens)');
  });
});
