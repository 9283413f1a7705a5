// policy.<kind>.ignore_fields: dotted paths or globs of fields that are read but never
// compared or written (Terraform's ignore_changes), for values changed at the phone or in
// the portal on purpose. A field below a matching path is ignored too; the key never is.
import picomatch from 'picomatch';
import type { DesiredObject, ModelObject } from './model.ts';
import { leaves } from './paths.ts';

export type FieldFilter = (path: string) => boolean;

/** true for a path that one of the globs, or one of its parents, matches */
export function ignoredFields(globs: string[] | undefined, key: string): FieldFilter | undefined {
  if (!globs?.length) return undefined;
  // picomatch separates on '/': dotted paths become slashed ones
  const match = picomatch(globs.map((g) => g.replaceAll('.', '/')), { dot: true });
  return (path) => {
    if (path === key) return false;
    const parts = path.split('.');
    return parts.some((_, i) => match(parts.slice(0, i + 1).join('/')));
  };
}

/** obj without the ignored fields */
export function withoutFields(obj: ModelObject, ignored: FieldFilter, prefix = ''): ModelObject {
  const out: ModelObject = {};
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (ignored(path)) continue;
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? withoutFields(v as ModelObject, ignored, path) : v;
  }
  return out;
}

/** one warning per declared field that ignore_fields leaves out: its value is never written */
export function declaredButIgnored(kind: string, noun: string, objects: Iterable<DesiredObject>, ignored: FieldFilter): string[] {
  const first = new Map<string, DesiredObject>();
  for (const obj of objects) for (const [path] of leaves(obj.data)) if (ignored(path) && !first.has(path)) first.set(path, obj);
  return [...first].map(([path, obj]) => {
    const at = obj.fieldLocs[path] ?? obj.loc;
    return `${kind}: ${path} is declared but ignored (policy.${kind}.ignore_fields): never compared or written (first on ${noun} ${obj.key}, ${at.file}:${at.line}:${at.col})`;
  });
}
