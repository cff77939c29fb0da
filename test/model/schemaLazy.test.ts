/**
 * The input schemas are built when first used, not when their module is imported: the explorer's first
 * chunk imports this module, and building every schema was the largest part of evaluating it.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Zod from 'zod';

const built = vi.hoisted(() => ({ count: 0 }));

// Count every schema constructor the schema module calls (zod's own internals are not routed here).
vi.mock('zod', async (importOriginal) => {
  const z = await importOriginal<typeof Zod>();
  const counted = <F extends (...args: never[]) => unknown>(f: F): F =>
    ((...args: Parameters<F>) => {
      built.count++;
      return f(...args);
    }) as F;
  return {
    ...z,
    object: counted(z.object),
    strictObject: counted(z.strictObject),
    number: counted(z.number),
    boolean: counted(z.boolean),
    enum: counted(z.enum),
    union: counted(z.union),
    literal: counted(z.literal),
    preprocess: counted(z.preprocess),
    array: counted(z.array),
  };
});

describe('schema module', () => {
  it('builds no schema on import, each on first use, and only once', async () => {
    const { modelSchema, parseWith, searchFileSchema } = await import('../../src/model/schema.ts');
    expect(built.count).toBe(0);
    const paper = { l: 2048, e: 4096, f: 16384, h: 32, depth: 24 };
    expect(parseWith(modelSchema, paper)).toEqual({ ok: true, value: paper });
    const afterModel = built.count;
    expect(afterModel).toBeGreaterThan(0);
    expect(parseWith(modelSchema, { ...paper, h: 48 }).ok).toBe(false);
    expect(modelSchema()).toBe(modelSchema());
    expect(built.count).toBe(afterModel);
    // The search file's schema reuses the model's, built above.
    expect(searchFileSchema().shape.model).toBe(modelSchema());
  });
});
