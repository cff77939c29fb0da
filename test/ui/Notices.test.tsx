// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, notify, notifyAll } from '../../src/state/store.ts';
import { Notices } from '../../src/ui/Notices.tsx';
import { renderWithStore } from './harness.tsx';

afterEach(cleanup);

describe('Notices', () => {
  it('renders nothing without notices', () => {
    const { container } = renderWithStore(<Notices />, createAppStore());
    expect(container.innerHTML).toBe('');
  });

  it('shows info and warnings as status, errors as alerts', () => {
    const { store } = renderWithStore(<Notices />);
    act(() => {
      notify(store, 'info', 'Opened scenario.json.');
      notify(store, 'warning', 'The link had an unknown model; using GPT3-1T.');
      notify(store, 'error', 'The search failed at 64 GPUs.');
    });
    const list = screen.getByRole('list', { name: 'Messages' });
    expect(
      within(list)
        .getAllByRole('status')
        .map((n) => n.textContent),
    ).toEqual(['Opened scenario.json.×', 'The link had an unknown model; using GPT3-1T.×']);
    expect(screen.getByRole('alert').textContent).toBe('The search failed at 64 GPUs.×');
  });

  it('shows a repeated message once', () => {
    const { store } = renderWithStore(<Notices />);
    act(() => {
      notify(store, 'info', 'Same text');
      notify(store, 'info', 'Same text');
    });
    expect(screen.getAllByText('Same text')).toHaveLength(1);
  });

  // An old "Opened ..." used to stay above the error of the next file opened.
  it('replaces older messages of the same kind, info or error, and keeps those of other kinds', () => {
    const { store } = renderWithStore(<Notices />);
    act(() => {
      notifyAll(
        store,
        'warning',
        ['The link\'s strategy "s=4d" is not valid.', 'Unknown settings.'],
        'scenario',
      );
      notify(store, 'error', 'The search at 64 GPUs failed: boom.', 'search');
      notifyAll(store, 'info', ['Opened a.json.', 'GPU counts were mapped.'], 'scenario');
    });
    const texts = () => store.getState().notices.map((n) => n.text);
    expect(texts()).toEqual([
      'The search at 64 GPUs failed: boom.',
      'Opened a.json.',
      'GPU counts were mapped.',
    ]);
    act(() => notify(store, 'error', 'b.json: The file is not valid JSON.', 'scenario'));
    expect(texts()).toEqual(['The search at 64 GPUs failed: boom.', 'b.json: The file is not valid JSON.']);
    expect(screen.queryByText('Opened a.json.')).toBeNull();
    // No messages clears a kind; notices of kind `other` stand alone.
    act(() => {
      notify(store, 'info', 'Standalone.');
      notifyAll(store, 'error', [], 'search');
    });
    expect(texts()).toEqual(['b.json: The file is not valid JSON.', 'Standalone.']);
    act(() => notify(store, 'info', 'Another.'));
    expect(texts()).toEqual(['b.json: The file is not valid JSON.', 'Standalone.', 'Another.']);
  });

  it('removes a message when it is dismissed', async () => {
    const { store } = renderWithStore(<Notices />);
    act(() => {
      notify(store, 'info', 'First');
      notify(store, 'error', 'Second');
    });
    const user = userEvent.setup();
    const second = screen.getByRole('alert');
    await user.click(within(second).getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByText('Second')).toBeNull();
    expect(screen.getByText('First')).toBeTruthy();
    expect(store.getState().notices.map((n) => n.text)).toEqual(['First']);
    await user.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(store.getState().notices).toEqual([]);
    expect(screen.queryByRole('list')).toBeNull();
  });
});
