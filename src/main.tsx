/**
 * Boots the explorer in stages, each evaluated in a task of its own, so that no task keeps the page from
 * answering input for long (evaluated at once, React, zod and the explorer were one task of 90-160 ms on
 * this project's 2-core machine): React; the input schemas (zod); the number formatting data; the
 * explorer's modules; the store, the workers and the first search; then the first render, time-sliced
 * (see start.tsx).
 */
import './ui/app.css';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');

/** Resolves in a later task (a timeout, not a microtask), so the browser may handle input and paint. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const { createRoot } = await import('react-dom/client');
await nextTask();
await import('./model/schema.ts');
await nextTask();
// The page's first number formatter loads ICU's number data (15 ms of CPU here, the largest part of
// evaluating the explorer's modules when they made their formatters at once): a task of its own.
new Intl.NumberFormat('en-US').format(0);
await nextTask();
const { startApp } = await import('./start.tsx');
await nextTask();
const app = startApp();
await nextTask();
app.render(createRoot(element));
