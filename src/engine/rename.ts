// `renamed_from: OLD` on an object of a renamable kind (KindSpec.renamable): the live object
// under OLD is planned as the object under its new key, so the diff is an update that changes
// the key field and keeps the object (its id, its provisioning). What points at it on the PBX
// points at the object, not at its name: in live state those references follow the rename.
import type { Issue, LiveState, ProviderConfig } from './model.ts';
import type { ProviderModule } from './provider.ts';

export interface Renames {
  /** live state as it will be once renamed: the object under its new key, references to it too */
  live: LiveState;
  /** per kind: new key → old key */
  renamed: Map<string, Map<string, string>>;
  issues: Issue[];
}

export function resolveRenames(pc: ProviderConfig, mod: ProviderModule, live: LiveState): Renames {
  const issues: Issue[] = [];
  const renamed = new Map<string, Map<string, string>>();
  for (const dk of Object.values(pc.kinds)) {
    // most kinds rename nothing: no key sets for them
    if (!dk.objects.some((o) => o.renamedFrom !== undefined)) continue;
    const spec = mod.capabilities.kinds[dk.kind];
    const liveKeys = new Set((live[dk.kind] ?? []).map((o) => o.key));
    const declared = new Set(dk.objects.map((o) => o.key));
    const taken = new Map<string, string>();
    for (const obj of dk.objects) {
      const old = obj.renamedFrom;
      if (old === undefined) continue;
      const problem = (text: string) => issues.push({ loc: obj.fieldLocs.renamed_from ?? obj.loc, message: `${spec.noun} ${obj.key}: renamed_from ${old}: ${text}` });
      if (!spec.renamable) problem(`${mod.title} cannot change the ${spec.key} of a ${spec.noun}`);
      else if (old === obj.key) problem(`that is its own ${spec.key}`);
      else if (declared.has(old)) problem(`${spec.noun} ${old} is declared too; one object cannot be both`);
      else if (taken.has(old)) problem(`${spec.noun} ${taken.get(old)} is renamed from it too`);
      else if (liveKeys.has(old) && liveKeys.has(obj.key))
        problem(`both ${spec.noun} ${old} and ${spec.noun} ${obj.key} are on ${pc.name}; one cannot be renamed onto the other: drop renamed_from, or delete one of them first`);
      else if (!liveKeys.has(old) && !liveKeys.has(obj.key))
        problem(`neither ${spec.noun} ${old} nor ${spec.noun} ${obj.key} is on ${pc.name}; to create it, drop renamed_from`);
      else if (liveKeys.has(old)) {
        taken.set(old, obj.key);
        if (!renamed.has(dk.kind)) renamed.set(dk.kind, new Map());
        renamed.get(dk.kind)!.set(obj.key, old);
      }
      // only the new key is live: renamed already, renamed_from has nothing left to do
    }
  }
  return { live: renamed.size ? followRenames(mod, live, renamed) : live, renamed, issues };
}

function followRenames(mod: ProviderModule, live: LiveState, renamed: Map<string, Map<string, string>>): LiveState {
  const newKey = new Map([...renamed].map(([kind, m]) => [kind, new Map([...m].map(([to, from]) => [from, to]))]));
  return Object.fromEntries(
    Object.entries(live).map(([kind, objects]) => [
      kind,
      objects.map((o) => {
        let data = o.data;
        for (const ref of mod.references(kind, o.data)) {
          const to = newKey.get(ref.kind)?.get(ref.key);
          if (to !== undefined) data = replaced(data, ref.path.split('.'), to) as typeof data;
        }
        return { key: newKey.get(kind)?.get(o.key) ?? o.key, data };
      }),
    ]),
  );
}

/** a copy of value with the item at path (through objects and arrays) replaced */
function replaced(value: unknown, path: string[], by: unknown): unknown {
  if (!path.length) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? replaced(v, rest, by) : v));
  if (typeof value === 'object' && value !== null) return { ...value, [head]: replaced((value as Record<string, unknown>)[head], rest, by) };
  return value;
}
