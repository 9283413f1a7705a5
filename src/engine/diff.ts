// Field-level comparison of one desired object with its live counterpart. Only the
// fields the YAML declares are compared, so server defaults never show as changes.
import deepDiff from 'deep-diff';
import type { FieldChange, ModelObject } from './model.ts';
import type { KindSpec } from './provider.ts';
import { getPath, isPlainObject, leaves, project, underAny } from './paths.ts';

/** every declared field but the key, for a create */
export function createFields(desired: ModelObject, spec: KindSpec): FieldChange[] {
  return leaves(desired).filter(([path]) => path !== spec.key).map(([path, after]) => ({
    path,
    before: undefined,
    after,
    sensitive: underAny(path, spec.secrets),
  }));
}

/** the declared fields whose live value differs; write-only secrets are never compared */
export function updateFields(desired: ModelObject, live: ModelObject, spec: KindSpec): FieldChange[] {
  // most objects are equal, value for value: no projection and no deep comparison for them
  if (sameLeaves(desired, live, spec.writeOnly)) return [];
  const declared = leaves(desired).filter(([path]) => !underAny(path, spec.writeOnly));
  const paths = declared.map(([path]) => path);
  const want = project(desired, paths);
  const have = project(live, paths);
  const changed = new Set<string>();
  for (const d of deepDiff.diff(have, want) ?? []) {
    // a difference inside an array reports the whole array, which is one leaf
    const path = (d.path ?? []).filter((p: unknown) => typeof p === 'string').join('.');
    // a parent object new or gone on one side stands for every declared path below it
    for (const p of paths) if (p === path || path.startsWith(`${p}.`) || p.startsWith(`${path}.`)) changed.add(p);
  }
  return paths
    .filter((path) => changed.has(path))
    .map((path) => ({
      path,
      before: getPath(live, path),
      after: getPath(desired, path),
      sensitive: underAny(path, spec.secrets),
    }));
}

/** every declared leaf but the write-only ones is the live value itself (leaves' walk, without its arrays) */
function sameLeaves(desired: ModelObject, live: ModelObject, writeOnly: string[], prefix = ''): boolean {
  for (const k of Object.keys(desired)) {
    const v = desired[k];
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) {
      if (!sameLeaves(v, live, writeOnly, path)) return false;
    } else if (v !== undefined && !underAny(path, writeOnly) && getPath(live, path) !== v) return false;
  }
  return true;
}
