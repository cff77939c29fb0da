/** React binding of the vanilla store: a provider and hooks that select from it. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { issuesByField } from './selectors.ts';
import type { AppState, AppStore } from './store.ts';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore: no StoreProvider above this component');
  return store;
}

/** Selects from the store; the selector must return a stable reference for unchanged state. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/**
 * The inputs' issues (`issuesByField`) on paths starting with one of `prefixes`: the same object until
 * one of them changes, so a panel does not re-render on an edit it does not show.
 */
export function useIssues(
  prefixes: readonly string[],
  edited: string | null = null,
): Readonly<Record<string, string>> {
  return useApp(
    useShallow((s) => {
      const out: Record<string, string> = {};
      for (const [path, message] of Object.entries(issuesByField(s.inputs, edited)))
        if (prefixes.some((p) => path.startsWith(p))) out[path] = message;
      return out;
    }),
  );
}
