// Desired vs live for one provider: creates, updates, deletes and unmanaged objects,
// checked references and unique values, and an order that respects them.
import picomatch from 'picomatch';
import type { Change, DesiredObject, Issue, LiveObject, LiveState, ProviderConfig, Unmanaged } from './model.ts';
import type { ProviderModule, Reference } from './provider.ts';
import { createFields, updateFields } from './diff.ts';
import { CycleError, topoSort } from './graph.ts';
import { checkLimits, type Blocked } from './limits.ts';
import { checkLiveUnique } from './unique.ts';
import { indexChanges } from './change-index.ts';
import { checkRoutingGraph, type RoutingFinding, type RoutingObject } from './routing.ts';
import { declaredButIgnored, ignoredFields, withoutFields } from './ignore-fields.ts';
import { resolveRenames } from './rename.ts';
import { narrow, type Selector } from './target.ts';
import { didYouMean } from '../config/suggest.ts';
import { splitObserved, type Observation } from './observed.ts';
import type { RouteChange } from './route-diff.ts';

export interface KindSummary {
  kind: string;
  create: number;
  update: number;
  delete: number;
  unmanaged: number;
  declared: number;
  live: number;
}

export interface ProviderPlan {
  name: string;
  type: string;
  title: string;
  /** warnings every plan of this provider must show (e.g. TLS verification off) */
  warnings: string[];
  /** an earlier apply wrote to it but was stopped before activating the writes */
  unfinished?: boolean;
  changes: Change[];
  unmanaged: Unmanaged[];
  kinds: KindSummary[];
  /** safety limits this plan goes beyond */
  blocked: Blocked[];
  /** set when the provider could not be read or planned: it has no changes then */
  error?: string;
  /** the live state planned against (a saved plan fingerprints what its changes refer to) */
  live?: LiveState;
  /** values the PBX set at run time on declared objects, not compared (KindSpec.observed) */
  information?: Observation[];
  /** who answers which DID when, before and after, where the plan changes it (route-diff.ts) */
  behaviour?: RouteChange[];
}

const changeId = (provider: string, kind: string, key: string) => `${provider}/${kind}/${key}`;

interface KindScope {
  kind: string;
  desired: Map<string, DesiredObject>;
  live: Map<string, LiveObject>;
  /** every live key, ignored ones too: a reference to an ignored object still resolves */
  liveKeys: Set<string>;
  /** every live object, ignored ones too: one may refer to an object the plan deletes */
  everyLive: LiveObject[];
}

export function planProvider(
  pc: ProviderConfig,
  mod: ProviderModule,
  read: LiveState,
  select?: Selector,
): { plan: ProviderPlan; issues: Issue[] } {
  const renames = resolveRenames(pc, mod, read);
  const live = renames.live;
  const issues: Issue[] = [...renames.issues];
  const warnings: string[] = [];
  const changes: Change[] = [];
  const unmanaged: Unmanaged[] = [];
  const kinds: KindSummary[] = [];
  const information: Observation[] = [];
  const normalise = (kind: string, obj: Record<string, unknown>) => mod.normalise?.(kind, obj) ?? obj;

  // Scope every kind: ignored keys are out of it on both sides, ignored fields on the desired one.
  const scopes: KindScope[] = Object.values(pc.kinds).map((dk) => {
    const ignored = dk.policy.ignore.length ? picomatch(dk.policy.ignore) : () => false;
    const spec = mod.capabilities.kinds[dk.kind];
    const fields = ignoredFields(dk.policy.ignoreFields, spec.key);
    const objects = dk.policy.ignore.length ? dk.objects.filter((o) => !ignored(o.key)) : dk.objects;
    if (fields) warnings.push(...declaredButIgnored(dk.kind, spec.noun, objects, fields));
    // tens of thousands of objects per kind: the maps are filled without intermediate arrays
    const desired = new Map<string, DesiredObject>();
    for (const o of objects) desired.set(o.key, fields ? { ...o, data: withoutFields(o.data, fields) } : o);
    const everyLive = live[dk.kind] ?? [];
    const liveOf = new Map<string, LiveObject>();
    const liveKeys = new Set<string>();
    for (const o of everyLive) {
      if (!ignored(o.key)) liveOf.set(o.key, o);
      liveKeys.add(o.key);
    }
    return { kind: dk.kind, desired, live: liveOf, liveKeys, everyLive };
  });

  for (const scope of scopes) {
    const { kind } = scope;
    const spec = mod.capabilities.kinds[kind];
    const policy = pc.kinds[kind].policy;
    const summary: KindSummary = {
      kind, create: 0, update: 0, delete: 0, unmanaged: 0, declared: scope.desired.size, live: scope.live.size,
    };
    const allowed = (action: 'create' | 'update' | 'delete', obj: DesiredObject) => {
      if (spec.operations.includes(action)) return true;
      const missing = action === 'create' ? ` is not on ${pc.name} and` : '';
      const hint = action === 'create' && spec.createHint ? `: ${spec.createHint}` : '';
      const near = action === 'create' ? didYouMean(obj.key, [...scope.liveKeys].filter((k) => !scope.desired.has(k))) : '';
      issues.push({ loc: obj.loc, message: `${spec.noun} ${obj.key}${missing} cannot be ${action}d through the ${mod.title} API${hint}${near}` });
      return false;
    };

    // built only for an object that changes: most do not
    const base = (obj: DesiredObject) => ({
      id: changeId(pc.name, kind, obj.key), provider: pc.name, kind, key: obj.key, dependsOn: [], loc: obj.loc, fieldLocs: obj.fieldLocs,
    });
    for (const obj of scope.desired.values()) {
      const desired = normalise(kind, obj.data);
      const current = scope.live.get(obj.key);
      if (!current) {
        if (!allowed('create', obj)) continue;
        changes.push({ ...base(obj), action: 'create', desired, fields: createFields(desired, spec) });
        summary.create++;
        continue;
      }
      const { data: liveData, seen } = splitObserved(spec, normalise(kind, current.data), desired);
      if (seen.length) information.push(...seen.map((o) => ({ kind, key: obj.key, ...o, loc: obj.loc })));
      const fields = updateFields(desired, liveData, spec);
      if (!fields.length) continue;
      const frozen = fields.filter((f) => spec.immutable?.includes(f.path));
      if (frozen.length) {
        for (const f of frozen)
          issues.push({
            loc: obj.fieldLocs[f.path] ?? obj.loc,
            message: `${f.path} of ${spec.noun} ${obj.key} cannot change on ${mod.title} (live: ${String(f.before)}); delete the ${spec.noun} and create it again`,
          });
        continue;
      }
      if (!allowed('update', obj)) continue;
      const renamedFrom = renames.renamed.get(kind)?.get(obj.key);
      changes.push({ ...base(obj), action: 'update', desired, live: liveData, fields, ...(renamedFrom ? { renamedFrom } : {}) });
      summary.update++;
    }

    for (const current of scope.live.values()) {
      if (scope.desired.has(current.key)) continue;
      if (policy.prune && spec.operations.includes('delete')) {
        changes.push({
          id: changeId(pc.name, kind, current.key), provider: pc.name, kind, key: current.key,
          action: 'delete', live: current.data, fields: [], dependsOn: [],
        });
        summary.delete++;
      } else {
        unmanaged.push({ kind, key: current.key, label: mod.label?.(kind, current.data) });
        summary.unmanaged++;
      }
    }
    kinds.push(summary);
  }

  // kinds read only to check references: every live object, none planned
  const referenced = Object.keys(live)
    .filter((kind) => !pc.kinds[kind])
    .map((kind) => ({ kind, desired: new Map(), live: new Map(live[kind].map((o) => [o.key, o])), liveKeys: new Set(live[kind].map((o) => o.key)), everyLive: live[kind] }));
  linkReferences(pc, mod, [...scopes, ...referenced], changes, issues, warnings);
  checkRouting(mod, scopes, issues, warnings);
  const unique = checkLiveUnique(pc, mod, live, new Map(scopes.map((s) => [s.kind, s.desired])), changes);
  issues.push(...unique.issues);
  warnings.push(...unique.warnings);

  let ordered = changes;
  try {
    ordered = topoSort(changes);
  } catch (err) {
    if (!(err instanceof CycleError)) throw err;
    issues.push({ message: err.message });
  }
  let shown = unmanaged;
  if (select) {
    const narrowed = narrow(pc.name, select, ordered, unmanaged);
    [ordered, shown] = [narrowed.changes, narrowed.unmanaged];
    issues.push(...narrowed.issues);
    for (const k of kinds) recount(k, ordered, shown);
  }
  warnings.push(...(mod.planWarnings?.(ordered, pc) ?? []));
  return {
    plan: {
      name: pc.name, type: pc.type, title: mod.title, warnings, changes: ordered, unmanaged: shown, kinds, live, information,
      blocked: checkLimits(kinds, Object.fromEntries(Object.values(pc.kinds).map((k) => [k.kind, k.policy]))),
    },
    issues,
  };
}

/** a kind's tallies from the changes and unmanaged objects left after --target and --exclude */
function recount(k: KindSummary, changes: Change[], unmanaged: Unmanaged[]) {
  for (const action of ['create', 'update', 'delete'] as const) k[action] = changes.filter((c) => c.kind === k.kind && c.action === action).length;
  k.unmanaged = unmanaged.filter((u) => u.kind === k.kind).length;
}

/**
 * Checks that every reference resolves, and adds the ordering edges: a change waits for
 * the creation of what it points at; a delete waits for the changes that stop pointing at it.
 */
function linkReferences(
  pc: ProviderConfig,
  mod: ProviderModule,
  scopes: KindScope[],
  changes: Change[],
  issues: Issue[],
  warnings: string[],
) {
  const changeOf = indexChanges(changes);
  const changeAt = (ref: Reference) => changeOf.get(ref.kind)?.get(ref.key);
  const scopeOf = new Map(scopes.map((s) => [s.kind, s]));
  const exists = (ref: Reference) => {
    const scope = scopeOf.get(ref.kind);
    if (!scope) return true; // a kind this provider did not read cannot be checked here
    if (changeAt(ref)?.action === 'delete') return false;
    return scope.desired.has(ref.key) || scope.liveKeys.has(ref.key);
  };

  for (const c of changes) {
    if (c.action === 'delete' || !c.desired) continue;
    const obj = scopeOf.get(c.kind)?.desired.get(c.key);
    for (const ref of mod.references(c.kind, c.desired)) {
      if (!exists(ref)) {
        const target = mod.capabilities.kinds[ref.kind];
        const pruned = changeAt(ref)?.action === 'delete' ? ' once pruned' : '';
        // a catalog cannot be declared: list what there is to choose from
        const known = scopeOf.get(ref.kind)!;
        const choices = target?.operations.length === 0 ? `; ${pc.name} has: ${[...known.liveKeys].join(', ') || 'none'}` : '';
        const near = choices ? didYouMean(ref.key, [...known.liveKeys]) : '';
        issues.push({
          loc: obj?.fieldLocs[ref.path] ?? obj?.loc,
          message: `${mod.capabilities.kinds[c.kind].noun} ${c.key} refers to ${target?.noun ?? ref.kind} '${ref.key}' (${ref.path}), which is ${choices ? 'not' : 'neither declared nor'} on ${pc.name}${pruned}${choices}${near}`,
        });
        continue;
      }
      // what it points at must be created, or renamed to the name it is known by, first
      const target = changeAt(ref);
      if (target && target !== c && (target.action === 'create' || target.renamedFrom) && !c.dependsOn.includes(target.id)) c.dependsOn.push(target.id);
    }
  }

  // Deletes wait for every change of an object that currently points at the deleted one.
  const deletes = changes.filter((c) => c.action === 'delete');
  if (!deletes.length) return;
  const deleteOf = indexChanges(deletes);
  for (const scope of scopes) {
    const changeOfKey = changeOf.get(scope.kind);
    for (const current of scope.everyLive) {
      const referrer = changeOfKey?.get(current.key);
      if (referrer?.action === 'create') continue;
      for (const ref of mod.references(scope.kind, current.data)) {
        const del = deleteOf.get(ref.kind)?.get(ref.key);
        if (!del || del === referrer) continue;
        if (referrer) {
          if (!del.dependsOn.includes(referrer.id)) del.dependsOn.push(referrer.id);
        } else {
          const kinds = mod.capabilities.kinds;
          warnings.push(`${kinds[scope.kind].noun} ${current.key} (left alone) still refers to ${kinds[ref.kind].noun} ${ref.key}, which this plan deletes`);
        }
      }
    }
  }
}

/**
 * The routing graph of the declared objects (live routes count as entries too): a loop
 * is an error at the field that closes it; a declared routing object no route reaches is
 * a warning at its line.
 */
function checkRouting(mod: ProviderModule, scopes: KindScope[], issues: Issue[], warnings: string[]) {
  const kinds = mod.capabilities.kinds;
  const of = (role: 'entry' | 'node') => Object.keys(kinds).filter((k) => kinds[k].routing === role);
  const entries = of('entry');
  if (!entries.length) return;
  const objects: RoutingObject[] = [];
  for (const s of scopes) {
    if (!kinds[s.kind]?.routing) continue;
    for (const d of s.desired.values()) objects.push({ kind: s.kind, key: d.key, obj: d.data });
    if (entries.includes(s.kind))
      for (const l of s.live.values()) if (!s.desired.has(l.key)) objects.push({ kind: s.kind, key: l.key, obj: l.data });
  }
  const { cycles, unreachable } = checkRoutingGraph(objects, (o) => mod.references(o.kind, o.obj), entries, of('node'));
  const scopeOf = new Map(scopes.map((s) => [s.kind, s]));
  const declared = (f: RoutingFinding) => scopeOf.get(f.kind)?.desired.get(f.key);
  for (const f of cycles) {
    const d = declared(f);
    if (d) issues.push({ loc: (f.path && d.fieldLocs[f.path]) || d.loc, message: `${kinds[f.kind].noun} ${f.key}: ${f.message}` });
  }
  for (const f of unreachable) {
    const { loc } = declared(f)!;
    warnings.push(`${loc.file}:${loc.line}:${loc.col}: ${kinds[f.kind].noun} ${f.key}: ${f.message}`);
  }
}
