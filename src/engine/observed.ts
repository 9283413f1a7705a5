// Values a PBX changes by itself at run time (KindSpec.observed): left out of the comparison
// unless the YAML declares them, and reported as information instead of drift.
import { isDeepStrictEqual } from 'node:util';
import type { ModelObject, SourceLocation } from './model.ts';
import type { KindSpec } from './provider.ts';

export interface Observation {
  kind: string;
  key: string;
  /** the concrete dotted path (`rules.0.enabled`) */
  path: string;
  value: unknown;
  /** the declared object's place in the YAML */
  loc?: SourceLocation;
}

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** every concrete path of a pattern (`*` = each list item) that holds a value in obj */
function matches(obj: unknown, parts: string[], at: string[] = []): { path: string[]; value: unknown }[] {
  if (!parts.length) return obj === undefined ? [] : [{ path: at, value: obj }];
  if (!isContainer(obj)) return [];
  const [head, ...rest] = parts;
  const keys = head === '*' ? (Array.isArray(obj) ? obj.map((_, i) => String(i)) : []) : [head];
  return keys.flatMap((k) => matches((obj as Record<string, unknown>)[k], rest, [...at, k]));
}

const valueAt = (obj: unknown, path: string[]) => path.reduce<unknown>((cur, k) => (isContainer(cur) ? (cur as Record<string, unknown>)[k] : undefined), obj);

/**
 * The live object with every observed value the desired one leaves undeclared taken out
 * (so it is not compared), and those values that differ from their usual one.
 */
export function splitObserved(spec: KindSpec, live: ModelObject, desired: ModelObject): { data: ModelObject; seen: { path: string; value: unknown }[] } {
  if (!spec.observed?.length) return { data: live, seen: [] };
  const found = spec.observed.flatMap(({ path: pattern, usual }) =>
    matches(live, pattern.split('.'))
      .filter(({ path }) => valueAt(desired, path) === undefined)
      .map((m) => ({ ...m, usual })),
  );
  // most objects hold no observed value: they are compared as read, without a copy
  if (!found.length) return { data: live, seen: [] };
  const data = structuredClone(live);
  const seen: { path: string; value: unknown }[] = [];
  for (const { path, value, usual } of found) {
    const parent = valueAt(data, path.slice(0, -1));
    const last = path[path.length - 1];
    // an earlier pattern may have taken out what holds this one
    if (!isContainer(parent) || !Object.hasOwn(parent, last)) continue;
    delete (parent as Record<string, unknown>)[last];
    if (!isDeepStrictEqual(value, usual)) seen.push({ path: path.join('.'), value });
  }
  return { data, seen };
}
