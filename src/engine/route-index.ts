// The call-path simulator follows a DID through a state thousands of times (every DID a plan
// touches, at every instant of its year ahead): what it looks up in a state's lists is
// indexed once per list, so that a lookup costs the same at 50 objects as at 50,000.
// A state's lists are read only once read (plan, route and policies build new ones).
import type { LiveObject, LiveState } from './model.ts';

const NONE: LiveObject[] = [];

/** `build` memoised per list: `perList(build)` once per index (at module level), then called with each state's list */
export function perList<T>(build: (list: readonly LiveObject[]) => T): (list: readonly LiveObject[] | undefined) => T {
  const memo = new WeakMap<readonly LiveObject[], T>();
  return (list = NONE) => {
    let index = memo.get(list);
    if (index === undefined) memo.set(list, (index = build(list)));
    return index;
  };
}

/** the objects of a list under each name `names` gives them, in list order */
export function groupBy(names: (o: LiveObject) => Iterable<string>): (list: readonly LiveObject[] | undefined) => ReadonlyMap<string, readonly LiveObject[]> {
  return perList((list) => {
    const out = new Map<string, LiveObject[]>();
    for (const o of list) {
      for (const name of names(o)) {
        const at = out.get(name);
        if (!at) out.set(name, [o]);
        else if (at.at(-1) !== o) at.push(o);
      }
    }
    return out;
  });
}

const byKey = perList((list) => {
  const out = new Map<string, LiveObject>();
  for (const o of list) if (!out.has(o.key)) out.set(o.key, o);
  return out;
});

/** the first object of `kind` with `key` in the state, as `state[kind].find((o) => o.key === key)` */
export const objectAt = (state: LiveState, kind: string, key: string): LiveObject | undefined => byKey(state[kind]).get(key);
