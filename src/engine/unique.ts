// Values a PBX refuses to hold twice (KindSpec.unique): which ones an object holds, and the
// plan-time check of the configuration against what the PBX already holds. Clashes inside
// the YAML are found earlier, when the file is loaded (config/semantic.ts).
import type { Change, DesiredObject, Issue, LiveState, ModelObject, ProviderConfig } from './model.ts';
import { indexChanges } from './change-index.ts';
import { getPath } from './paths.ts';
import type { KindSpec, ProviderModule } from './provider.ts';

export interface HeldValue {
  /** the namespace: "MAC address", "number" */
  space: string;
  /** the declared model path (`extra_numbers`) */
  field: string;
  /** the value's own path (`extra_numbers.1`) */
  path: string;
  value: string;
  /** the value as the PBX compares it */
  norm: string;
}

type UniqueFields = readonly (readonly [space: string, field: string])[];
const fieldsBySpec = new WeakMap<KindSpec, UniqueFields>();

/** a kind's [namespace, field] pairs in the order of its `unique`, listed once per kind */
function uniqueFields(spec: KindSpec | undefined): UniqueFields {
  if (!spec?.unique) return [];
  let fields = fieldsBySpec.get(spec);
  if (!fields) fieldsBySpec.set(spec, (fields = Object.entries(spec.unique).flatMap(([space, names]) => names.map((field) => [space, field] as const))));
  return fields;
}

/** every unique value obj holds, in the order of its kind's `unique` */
export function heldValues(mod: ProviderModule, kind: string, obj: unknown): HeldValue[] {
  const out: HeldValue[] = [];
  const hold = (space: string, field: string, path: string, v: unknown) => {
    if (typeof v === 'string' && v !== '') out.push({ space, field, path, value: v, norm: mod.uniqueKey?.(kind, field, v) ?? v });
  };
  for (const [space, field] of uniqueFields(mod.capabilities.kinds[kind])) {
    const value = getPath(obj, field);
    if (!Array.isArray(value)) hold(space, field, field, value);
    else for (let i = 0; i < value.length; i++) hold(space, field, `${field}.${i}`, value[i]);
  }
  return out;
}

/** one key per namespace and value as the PBX compares it */
export const slotOf = (held: HeldValue) => `${held.space}\u0000${held.norm}`;

/** the kinds sharing a namespace with one of `kinds` (they must be read to check it) */
export function sharingKinds(mod: ProviderModule, kinds: string[]): string[] {
  const spaces = new Set(kinds.flatMap((k) => Object.keys(mod.capabilities.kinds[k]?.unique ?? {})));
  return Object.entries(mod.capabilities.kinds)
    .filter(([, spec]) => Object.keys(spec.unique ?? {}).some((s) => spaces.has(s)))
    .map(([kind]) => kind);
}

/** said when the PBX's comparison, not the text, makes two values one */
export const sameFor = (title: string, a: HeldValue, b: HeldValue) =>
  a.value === b.value ? '' : `${title} takes ${a.value} and ${b.value} for the same ${a.space}`;

interface LiveHolder {
  kind: string;
  key: string;
  data: ModelObject;
  held: HeldValue;
  /** declared in the YAML, which leaves this field alone */
  declared: boolean;
}

/**
 * Each value a declared object would newly take that a live object keeps (one the YAML
 * does not declare, one whose field it leaves alone, or one pbxctl does not manage) is an
 * issue at the value's line. A value that a change of this plan frees (a delete, or an
 * update to another value) orders the change that takes it after that one, unless the
 * provider deletes last. A new object taking a value of a live one of its kind that goes
 * (undeclared, or pruned) may be that object renamed: the issue, or a warning, says how
 * to keep it where the kind is renamable.
 */
export function checkLiveUnique(
  pc: ProviderConfig,
  mod: ProviderModule,
  live: LiveState,
  desired: Map<string, Map<string, DesiredObject>>,
  changes: Change[],
): { issues: Issue[]; warnings: string[] } {
  const kinds = mod.capabilities.kinds;
  const changeOf = indexChanges(changes);
  const holders = new Map<string, LiveHolder>();
  const freedBy = new Map<string, Change[]>();
  const ownLive = new Map<Change, Set<string>>();
  for (const [kind, objects] of Object.entries(live)) {
    if (!kinds[kind]?.unique) continue;
    const changeOfKey = changeOf.get(kind);
    const desiredOfKey = desired.get(kind);
    for (const obj of objects) {
      const change = changeOfKey?.get(obj.key);
      const declared = desiredOfKey?.get(obj.key);
      const held = heldValues(mod, kind, obj.data);
      // what an object keeps or frees matters only when this plan changes it
      if (change) ownLive.set(change, new Set(held.map(slotOf)));
      const keeps = change && declared && new Set(heldValues(mod, kind, declared.data).map(slotOf));
      for (const h of held) {
        const slot = slotOf(h);
        const setByYaml = declared && getPath(declared.data, h.field) !== undefined;
        if (change && (change.action === 'delete' || (setByYaml && !keeps!.has(slot)))) {
          const freeing = freedBy.get(slot);
          if (freeing) freeing.push(change);
          else freedBy.set(slot, [change]);
        } else if (!setByYaml && !holders.has(slot)) holders.set(slot, { kind, key: obj.key, data: obj.data, held: h, declared: Boolean(declared) });
      }
    }
  }

  const issues: Issue[] = [];
  const warnings: string[] = [];
  // `renamed_from: OLD` keeps the object when a new one of a renamable kind takes OLD's value
  const renameHint = (kind: string, change: Change, other: { kind: string; key: string }) =>
    change.action === 'create' && other.kind === kind && kinds[kind].renamable ? `if this is that ${kinds[kind].noun} renamed, add renamed_from: ${other.key}` : '';
  // the changes of declared objects come in the order of `desired`
  for (const change of changes) {
    const { kind } = change;
    const obj = change.action === 'delete' ? undefined : desired.get(kind)?.get(change.key);
    if (!obj) continue;
    for (const h of heldValues(mod, kind, obj.data)) {
      const slot = slotOf(h);
      if (ownLive.get(change)?.has(slot)) continue;
      const holder = holders.get(slot);
      if (holder && (holder.kind !== kind || holder.key !== obj.key)) {
        issues.push({
          loc: obj.fieldLocs[h.path] ?? obj.fieldLocs[h.field] ?? obj.loc,
          message: [
            `${kinds[kind].noun} ${obj.key}: ${h.space} ${h.value} is already used by ${describe(pc, mod, holder)}`,
            sameFor(mod.title, h, holder.held),
            holder.declared ? '' : renameHint(kind, change, holder),
          ]
            .filter(Boolean)
            .join('; '),
        });
        continue;
      }
      for (const freeing of freedBy.get(slot) ?? []) {
        if (freeing === change) continue;
        if (freeing.action === 'delete' && mod.capabilities.deletesLast) {
          issues.push({
            loc: obj.fieldLocs[h.path] ?? obj.fieldLocs[h.field] ?? obj.loc,
            message: `${kinds[kind].noun} ${obj.key}: ${h.space} ${h.value} is used by ${kinds[freeing.kind].noun} ${freeing.key} until this plan deletes it, and ${mod.title} deletes at the end of a run: apply the delete first, then add ${kinds[kind].noun} ${obj.key} in a second run`,
          });
        } else if (!change.dependsOn.includes(freeing.id)) {
          change.dependsOn.push(freeing.id);
          const hint = freeing.action === 'delete' && renameHint(kind, change, freeing);
          // once per pair: a second shared value finds the edge already there
          if (hint) warnings.push(`${kinds[kind].noun} ${obj.key} takes the ${h.space} ${h.value} of ${kinds[kind].noun} ${freeing.key}, which this plan deletes: ${hint}, to keep it (its id and what points at it)`);
        }
      }
    }
  }
  return { issues, warnings };
}

function describe(pc: ProviderConfig, mod: ProviderModule, h: LiveHolder): string {
  const spec = mod.capabilities.kinds[h.kind];
  const label = mod.label?.(h.kind, h.data);
  if (!spec.operations.length) return `${label ?? `${spec.noun} ${h.key}`} on ${pc.name}, which pbxctl does not manage`;
  const named = `${spec.noun} ${h.key}${label && label !== h.key ? ` (${label})` : ''}`;
  return h.declared
    ? `${named} on ${pc.name}, which keeps it: the configuration does not set its ${h.held.field}`
    : `the live ${named} on ${pc.name}, which the configuration does not declare`;
}
