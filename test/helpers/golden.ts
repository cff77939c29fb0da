/** Loading and comparing the reference's golden figures (test/fixtures, copied from shared/golden). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pickSystem, type SystemSpec } from '../../src/model/system.ts';
import type { ModelSpec, ParallelConfig, Strategy } from '../../src/model/spec.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface GoldenCase {
  id: string;
  strategy: Strategy;
  flashAttention: boolean;
  model: ModelSpec;
  globalBatchSize: number;
  gpus: number;
  systemBase: string;
  system: Record<string, unknown>;
  config: ParallelConfig;
  expected: Record<string, unknown>;
}

export interface GoldenSearch {
  model: ModelSpec;
  system: Record<string, unknown>;
  strategy: Strategy;
  globalBatchSize: number;
  gpusSearched: number[];
  results: {
    gpus: number;
    top: { throughput: number; mem: number; config: ParallelConfig; totals: Record<string, number> }[];
  }[];
}

export function loadEvaluateCases(): GoldenCase[] {
  return JSON.parse(readFileSync(`${FIXTURES}evaluate.json`, 'utf8')) as GoldenCase[];
}

export function searchFixtureNames(): string[] {
  return readdirSync(`${FIXTURES}search`)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadSearch(name: string): GoldenSearch {
  return JSON.parse(readFileSync(`${FIXTURES}search/${name}`, 'utf8')) as GoldenSearch;
}

/** The fields of a reference system file that the model reads. */
export function systemOf(raw: Record<string, unknown>): SystemSpec {
  return pickSystem(raw as unknown as SystemSpec);
}

/** Paper mode reproduces the reference bit for bit: the golden comparisons allow no difference at all. */
export const REL_TOL = 0;

/** Relative closeness, exact for zero and null. */
export function close(a: number, b: number, tol = REL_TOL): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Compares two JSON values field by field: numbers to `tol` relative, everything else exactly, keys
 * and array lengths included. Returns the paths that differ (empty when they match).
 */
export function diffJson(
  actual: unknown,
  expected: unknown,
  path = '$',
  tol = REL_TOL,
  out: string[] = [],
): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!close(actual, expected, tol)) out.push(`${path}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(
        `${path}: length ${Array.isArray(actual) ? actual.length : typeof actual} != ${expected.length}`,
      );
    } else expected.forEach((e, i) => diffJson(actual[i], e, `${path}[${i}]`, tol, out));
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${path}: not an object`);
    } else {
      const a = actual as Record<string, unknown>;
      const e = expected as Record<string, unknown>;
      const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
      for (const k of keys) {
        if (!(k in a)) out.push(`${path}.${k}: missing`);
        else if (!(k in e)) out.push(`${path}.${k}: unexpected`);
        else diffJson(a[k], e[k], `${path}.${k}`, tol, out);
      }
    }
  } else if (actual !== expected) {
    out.push(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  }
  return out;
}
