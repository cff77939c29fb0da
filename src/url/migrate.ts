/**
 * Links carry `v=`. A link of an older version is brought to the current one step by step before it is
 * read; each step rewrites the raw parameters. Version 1 is the first, so there is nothing to rewrite
 * yet; a link without `v` is read as version 1 (the first links carried no version).
 *
 * The model's architecture fields (key/value heads, MLP, vocabulary, experts ...) joined `model=` as
 * words and figures after the five the paper needs; a field a link leaves out is the paper's default, so
 * every earlier link reads exactly as before and the version stays 1. A change that reinterprets an
 * existing value must bump the version and add its step here.
 */
import { URL_VERSION } from './schema.ts';

type Params = Map<string, string>;

/** MIGRATIONS[n] turns version n's parameters into version n + 1's. */
const MIGRATIONS: Readonly<Record<number, (p: Params) => Params>> = {};

export interface Migrated {
  readonly params: Params;
  readonly messages: string[];
}

export function migrate(params: Params): Migrated {
  const messages: string[] = [];
  const raw = params.get('v');
  let v = raw === undefined ? URL_VERSION : /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(v) || v < 1) {
    messages.push(
      `The link's version "v=${(raw ?? '').slice(0, 20)}" is not one Parallax wrote; reading it as version ${URL_VERSION}.`,
    );
    v = URL_VERSION;
  }
  if (v > URL_VERSION) {
    messages.push(
      `The link was made by a newer Parallax (version ${v}); settings this version does not know were left out.`,
    );
    v = URL_VERSION;
  }
  let p = params;
  for (; v < URL_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (step) p = step(p);
  }
  p.delete('v');
  return { params: p, messages };
}
