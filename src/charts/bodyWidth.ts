/**
 * The width of a chart frame's body, px, as last laid out (0 until then). A chart frame is on the page
 * from the first frame, empty until results come; its plot mounts later. Knowing the body's width, the
 * plot draws in the task that mounts it instead of waiting a frame for its own box to be measured (and
 * drawing in the next frame beside whatever mounts there: the explorer's staged charts and tables).
 */
import { createContext } from 'react';

export const BodyWidth = createContext<{ readonly current: number } | null>(null);
