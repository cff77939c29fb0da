/**
 * Boots the explorer in stages, each evaluated in a task of its own, so that no task keeps the page from
 * answering input for long (evaluated at once, React, zod and the explorer were one task of 90-160 ms on
 * this project's 2-core machine): React; the input schemas' module (zod), then the model's and the system's
 * schemas; the explorer's modules; the store, the bridges and the first search's wiring (the workers start
 * with that search, after the first paint); then the first render, time-sliced (see start.tsx).
 */
import './ui/app.css';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');

/** Resolves in a later task (a timeout, not a microtask), so the browser may handle input and paint. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const { createRoot } = await import('react-dom/client');
await nextTask();
const schema = await import('./model/schema.ts');
await nextTask();
// The schemas are built on first use (schema.ts); the boot's link decoding and input checks use the
// model's and the system's, which take 10-25 ms of CPU to build: each in a task of its own, not in
// startApp's or the first render's.
schema.modelSchema();
await nextTask();
schema.systemSchema();
schema.globalBatchSchema();
await nextTask();
const { startApp } = await import('./start.tsx');
await nextTask();
const app = startApp();
await nextTask();
app.render(createRoot(element));
