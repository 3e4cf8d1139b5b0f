import { canonicalJson } from '@onewindow/audit/canonical-json';
import type { CatalogSnapshot } from './types';

export interface CatalogChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface CatalogDiff {
  from: string;
  to: string;
  /** Entities (and list items with a code or id) only in `to`: `matters[x]`, `templates[t].steps[s]` … */
  added: string[];
  removed: string[];
  /** Leaf fields whose value differs. */
  changed: CatalogChange[];
}

type Json = unknown;

function keyOf(item: Json): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const record = item as { code?: unknown; id?: unknown };
  const key = record.code ?? record.id;
  return typeof key === 'string' ? key : undefined;
}

const same = (a: Json, b: Json): boolean => canonicalJson(a) === canonicalJson(b);

function walk(path: string, a: Json, b: Json, diff: CatalogDiff): void {
  if (same(a, b)) return;
  const keyed = (list: Json): list is Json[] =>
    Array.isArray(list) && (list as Json[]).every((item) => keyOf(item) !== undefined);
  if (keyed(a) && keyed(b)) {
    const left = new Map(a.map((item) => [keyOf(item)!, item]));
    const right = new Map(b.map((item) => [keyOf(item)!, item]));
    for (const [key, item] of left) {
      if (!right.has(key)) diff.removed.push(`${path}[${key}]`);
      else walk(`${path}[${key}]`, item, right.get(key), diff);
    }
    for (const key of right.keys()) if (!left.has(key)) diff.added.push(`${path}[${key}]`);
    return;
  }
  const isRecord = (value: Json): value is Record<string, Json> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isRecord(a) && isRecord(b)) {
    for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      walk(path ? `${path}.${field}` : field, a[field], b[field], diff);
    return;
  }
  diff.changed.push({ path, ...(a === undefined ? {} : { from: a }), ...(b === undefined ? {} : { to: b }) });
}

/** What changed from one catalogue version to another, entity by entity and field by field (pure). */
export function diffCatalogs(from: CatalogSnapshot, to: CatalogSnapshot): CatalogDiff {
  const diff: CatalogDiff = { from: from.version, to: to.version, added: [], removed: [], changed: [] };
  const { version: _fromVersion, ...left } = from;
  const { version: _toVersion, ...right } = to;
  void _fromVersion;
  void _toVersion;
  walk('', left, right, diff);
  return diff;
}
