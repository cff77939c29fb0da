/** What the UI needs from the outside world, provided by main.tsx (and fakes in tests). */
import { createContext, useContext } from 'react';

export interface Services {
  /** The shareable link of the current view. */
  shareLink(): string;
  /** Copies text to the clipboard; resolves false when the browser refuses. */
  copy(text: string): Promise<boolean>;
  /** Stops the search in progress. */
  cancelSearch(): void;
  /** Stops, or resumes, the design view's searches. */
  cancelDesign(): void;
  resumeDesign(): void;
}

export const ServicesContext = createContext<Services>({
  shareLink: () => '',
  copy: async () => false,
  cancelSearch: () => undefined,
  cancelDesign: () => undefined,
  resumeDesign: () => undefined,
});

export const useServices = (): Services => useContext(ServicesContext);
