// Changes by kind, then key: a lookup per object without building a string key for it.
import type { Change } from './model.ts';

export type ChangeIndex = Map<string, Map<string, Change>>;

export function indexChanges(changes: Change[]): ChangeIndex {
  const index: ChangeIndex = new Map();
  for (const c of changes) {
    let ofKind = index.get(c.kind);
    if (!ofKind) index.set(c.kind, (ofKind = new Map()));
    ofKind.set(c.key, c);
  }
  return index;
}
