// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { notify } from '../../src/state/store.ts';
import { App } from '../../src/ui/App.tsx';
import { renderWithStore, storeWithResults } from './harness.tsx';

afterEach(cleanup);

describe('App', () => {
  it('opens on the explore view: controls, summary, top configurations', async () => {
    renderWithStore(<App />, storeWithResults());
    expect(screen.getByRole('button', { name: 'Explore' }).getAttribute('aria-current')).toBe('page');
    const controls = screen.getByRole('complementary', { name: 'Scenario' });
    expect(controls).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Model' })).toBeTruthy();
    // The panels below the model's mount a frame at a time: parallelism, then system and planner.
    expect(screen.queryByRole('heading', { level: 2, name: 'Parallelism' })).toBeNull();
    expect(await screen.findByRole('heading', { level: 2, name: 'Parallelism' })).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 2, name: 'System' })).toBeNull();
    expect(await screen.findByRole('heading', { level: 2, name: 'System' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByTestId('best-throughput').textContent).toBe('15.73');
    // The tables below the charts mount a frame after them.
    expect(await screen.findByRole('heading', { name: 'Top 10 configurations at 1,024 GPUs' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Systems compared' })).toBeNull();
    expect(screen.getByRole('link', { name: 'arXiv 2410.00273' })).toBeTruthy();
  });

  it('shows the About page without the controls', async () => {
    const { store } = renderWithStore(<App />, storeWithResults());
    await userEvent.setup().click(screen.getByRole('button', { name: 'About the model' }));
    expect(store.getState().view.tab).toBe('about');
    // The About page loads on demand (a loaded machine took over the default second to import it).
    expect(
      await screen.findByRole('heading', { level: 2, name: 'About the model' }, { timeout: 5000 }),
    ).toBeTruthy();
    expect(screen.getByRole('article', { name: 'About the model' })).toBeTruthy();
    expect(screen.queryByRole('complementary', { name: 'Scenario' })).toBeNull();
    expect(screen.queryByRole('slider')).toBeNull();
    expect(screen.queryByTestId('best-config')).toBeNull();
  });

  it('loads the compare-models view on demand, beside the controls', async () => {
    renderWithStore(<App />, storeWithResults());
    await userEvent.setup().click(screen.getByRole('button', { name: 'Compare models' }));
    expect(await screen.findByRole('heading', { name: 'Models compared' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Scenario' })).toBeTruthy();
  });

  it('shows the compare view with the controls', async () => {
    renderWithStore(<App />, storeWithResults());
    await userEvent.setup().click(screen.getByRole('button', { name: 'Compare systems' }));
    expect(screen.getByRole('heading', { name: 'Systems compared' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Scenario' })).toBeTruthy();
    expect(screen.queryByTestId('best-config')).toBeNull();
  });

  it('shows notices above every view', async () => {
    const { store } = renderWithStore(<App />, storeWithResults());
    act(() => notify(store, 'error', 'The search failed.'));
    expect(screen.getByRole('alert').textContent).toContain('The search failed.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'About the model' }));
    expect(screen.getByRole('alert').textContent).toContain('The search failed.');
  });
});
