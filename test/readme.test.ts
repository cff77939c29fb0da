// The README is the first thing a user reads: its figures must be the app's, and its first screen short.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, GPU_EXP_MAX } from '../src/state/inputs.ts';
import { count } from '../src/ui/format.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const intro = README.slice(0, README.indexOf('\n## '));

describe('README', () => {
  it('states the GPU range the sliders offer, and the default one', () => {
    const text = intro.replace(/\s+/g, ' ');
    expect(text).toContain(`over 1 to ${count(2 ** GPU_EXP_MAX)} GPUs`);
    expect(text).toContain(`${count(DEFAULT_INPUTS.gpuMin)} to ${count(DEFAULT_INPUTS.gpuMax)} by default`);
  });

  it('opens with exactly two set-up commands, then says what it models and what not', () => {
    const blocks = [...intro.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim().split('\n'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.map((l) => l.split('#')[0]!.trim())).toEqual([
      'npm ci && npm start',
      'npm ci && npm test',
    ]);
    const sections = [...README.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(sections[0]).toBe('What it models, and what it does not (yet)');
  });

  it('keeps the engine’s speed internals in docs/speed.md, linked', () => {
    expect(README).toContain('(docs/speed.md)');
    expect(existsSync(new URL('../docs/speed.md', import.meta.url))).toBe(true);
    expect(README).not.toContain('callgrind');
  });

  it('says how to choose the GPU count the breakdowns show', () => {
    expect(README).toMatch(/click a point of\s+the scaling chart/);
  });
});
