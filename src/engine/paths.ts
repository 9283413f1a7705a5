// Dotted paths into model objects. Arrays are leaves: a member list is one value.
import type { ModelObject } from './model.ts';

export const isPlainObject = (v: unknown): v is ModelObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** every leaf of obj as [dotted path, value]; arrays and scalars are leaves */
export function leaves(obj: ModelObject, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) leaves(v, path, out);
    else if (v !== undefined) out.push([path, v]);
  }
  return out;
}

// model paths are few and read once per object: each is split once (bounded, as paths come from the YAML too)
const partsOf = new Map<string, string[]>();
const MAX_PATHS = 10_000;

function split(path: string): string[] {
  let parts = partsOf.get(path);
  if (!parts) {
    if (partsOf.size >= MAX_PATHS) partsOf.clear();
    partsOf.set(path, (parts = path.split('.')));
  }
  return parts;
}

export function getPath(obj: unknown, path: string): unknown {
  // most model paths are one field: no split, no array
  if (!path.includes('.')) return isPlainObject(obj) ? obj[path] : undefined;
  let cur = obj;
  for (const part of split(path)) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export function setPath(obj: ModelObject, path: string, value: unknown): void {
  // as getPath: a mapping sets every field of every object read, most of them one part
  if (!path.includes('.')) {
    obj[path] = value;
    return;
  }
  const parts = split(path);
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(cur[parts[i]])) cur[parts[i]] = {};
    cur = cur[parts[i]] as ModelObject;
  }
  cur[parts[parts.length - 1]] = value;
}

/** a copy of obj holding only the given paths (absent paths stay absent) */
export function project(obj: ModelObject, paths: string[]): ModelObject {
  const out: ModelObject = {};
  for (const path of paths) {
    const value = getPath(obj, path);
    if (value !== undefined) setPath(out, path, value);
  }
  return out;
}

/** true when path is one of prefixes or lies below one of them (asked for every leaf of every object: no string built) */
export function underAny(path: string, prefixes: string[]): boolean {
  for (const p of prefixes) if (path === p || (path.charCodeAt(p.length) === 46 && path.startsWith(p))) return true;
  return false;
}
