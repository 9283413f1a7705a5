// The plan's behaviour diff: for each DID whose routing the plan changes (directly, or
// through a time rule, ring group, user, device or box it reaches), who answers when before
// and after the plan, only where they differ: the usual week by weekday, then the dated
// days of the coming year that depart from it (holidays). DIDs that share a route shape
// (the same entry but for its number) share one evaluation; only DIDs that reach a changed
// object are evaluated (see diffLines for how often).
import type { Change, DesiredKind, LiveObject, LiveState, ModelObject, ProviderConfig } from './model.ts';
import type { ProviderModule, Session } from './provider.ts';
import { describeInstant, timed, type CallPathContext } from './route-path.ts';
import { objectAt, perList } from './route-index.ts';
import { DAY_NAMES, midnight, span, targetOf, WEEK_ORDER, weekdays, yearAhead, type Day, type Piece } from './route-schedule.ts';

export interface RouteDiffLine {
  /** the weekdays (0 = Sunday) a usual-week line holds on */
  weekdays?: number[];
  /** the local `YYYY-MM-DD` of a dated line, and its weekday */
  date?: string;
  weekday?: number;
  /** wall clock `HH:MM`, `to` exclusive (`24:00`) */
  from: string;
  to: string;
  /** who answers before and after the plan; both left out on a dated day the usual lines do not hold on, which does not change */
  before?: string;
  after?: string;
}

export interface RouteChange {
  number: string;
  timezone: string;
  /** the local `YYYY-MM-DD` the diff looks ahead from, for HORIZON_DAYS days */
  from: string;
  lines: RouteDiffLine[];
}

const SEP = '\u0000';
const id = (kind: string, key: string) => `${kind}${SEP}${key}`;
/** a list's objects by key, the last of a key winning, for one behaviour diff (its before and after states share the lists a plan leaves alone) */
const indexByKey = () => perList((list) => new Map(list.map((o) => [o.key, o])));
type ByKey = ReturnType<typeof indexByKey>;

/** the kinds a plan reads: when the YAML declares a routing kind, every routing kind too, so that what a DID reaches is known */
export function withRoutingKinds(module: ProviderModule, kinds: string[]): string[] {
  const specs = module.capabilities.kinds;
  if (!module.callPath || !kinds.some((k) => specs[k]?.routing)) return kinds;
  return [...new Set([...kinds, ...Object.keys(specs).filter((k) => specs[k].routing)])];
}

/** live with each changed object as the YAML declares it (desiredState), a deleted one gone: what the PBX holds once the plan is applied */
export function afterState(pc: ProviderConfig, live: LiveState, changes: Change[], lastByKey: ByKey = indexByKey()): LiveState {
  const declared = new Map(Object.values(pc.kinds).map((k) => [k.kind, k]));
  const out: LiveState = { ...live };
  for (const kind of new Set(changes.map((c) => c.kind))) {
    const list = out[kind] ?? [];
    const byKey = lastByKey(list);
    const wanted = desiredObject(declared.get(kind), byKey);
    // live key → what takes its place (undefined: deleted); objects new to the PBX go last
    const edits = new Map<string, LiveObject | undefined>();
    const added: LiveObject[] = [];
    for (const c of changes) {
      if (c.kind !== kind) continue;
      const after = c.action === 'delete' ? undefined : wanted(c.key);
      const at = byKey.has(c.key) ? c.key : c.renamedFrom !== undefined && byKey.has(c.renamedFrom) ? c.renamedFrom : undefined;
      if (at !== undefined) edits.set(at, after);
      else if (after) added.push(after);
    }
    const next: LiveObject[] = [];
    for (const o of list) {
      const edit = edits.has(o.key) ? edits.get(o.key) : o;
      if (edit) next.push(edit);
    }
    out[kind] = next.concat(added);
  }
  return out;
}

/**
 * the object of a key in desiredState's list of a kind (the last with the key), worked out
 * for the keys asked only: a plan changes a few of a kind's thousands of objects
 */
function desiredObject(k: DesiredKind | undefined, live: ReadonlyMap<string, LiveObject>): (key: string) => LiveObject | undefined {
  if (!k) return (key) => live.get(key);
  const declared = new Map(k.objects.map((o) => [o.key, o]));
  const merged = new Map<string, LiveObject>();
  return (key) => {
    const o = declared.get(key);
    if (!o) return k.policy.prune ? undefined : live.get(key);
    let m = merged.get(key);
    // a field the YAML leaves out keeps its live value, as plan leaves it alone
    if (!m) merged.set(key, (m = { key: o.key, data: { ...live.get(key)?.data, ...o.data } }));
    return m;
  };
}

/** the entries (DIDs) that reach a changed object, or one a changed object refers to, on either side */
function touchedEntries(module: ProviderModule, states: LiveState[], changes: Change[], lastByKey: ByKey): string[] {
  const specs = module.capabilities.kinds;
  const entryKinds = Object.keys(specs).filter((k) => specs[k].routing === 'entry');
  // the states share the objects a plan leaves alone: their references are worked out once
  const known = new Map<ModelObject, string[]>();
  const refsOf = (kind: string, data: ModelObject) => {
    let out = known.get(data);
    if (!out) known.set(data, (out = module.references(kind, data).map((r) => id(r.kind, r.key))));
    return out;
  };
  const refs = (state: LiveState, ref: string) => {
    const at = ref.indexOf(SEP);
    const kind = ref.slice(0, at);
    const data = state[kind] && lastByKey(state[kind]).get(ref.slice(at + 1))?.data;
    return data ? refsOf(kind, data) : [];
  };
  // a changed device points at its owner: a DID that reaches the owner rings it
  const touched = new Set(changes.flatMap((c) => [id(c.kind, c.key), ...(c.renamedFrom ? [id(c.kind, c.renamedFrom)] : [])]));
  for (const t of [...touched]) for (const state of states) for (const r of refs(state, t)) touched.add(r);
  // the touched entries' keys by kind: the state's thousands of entries are checked without an id each
  const touchedKeys = new Map(entryKinds.map((kind) => [kind, new Set([...touched].filter((t) => t.startsWith(id(kind, ''))).map((t) => t.slice(kind.length + 1)))]));
  const out = new Set<string>();
  for (const state of states) {
    // DIDs share what they reach (a schedule, a ring group): whether it reaches a touched object is found once
    const reached = new Map<string, boolean>();
    const reaches = (start: string): boolean => {
      let found = reached.get(start);
      if (found !== undefined) return found;
      const seen = new Set([start]);
      found = false;
      for (const ref of seen) {
        if ((found = touched.has(ref))) break;
        for (const r of refs(state, ref)) seen.add(r);
      }
      reached.set(start, found);
      return found;
    };
    for (const kind of entryKinds) {
      const list = state[kind] ?? [];
      const [index, keys] = [lastByKey(list), touchedKeys.get(kind)!];
      for (const { key } of list) if (keys.has(key) || refsOf(kind, index.get(key)!.data).some(reaches)) out.add(key);
    }
  }
  return [...out];
}

/** an entry's shape: its data but its key and name (DIDs with the same shape on both sides take the same paths) */
function shapes(module: ProviderModule, states: LiveState[]): (number: string) => string {
  const specs = module.capabilities.kinds;
  const entryKinds = states.map((s) => Object.keys(s).filter((kind) => specs[kind]?.routing === 'entry'));
  // the states share the entries a plan leaves alone: each is put in words once
  const known = new Map<ModelObject, string>();
  const shape = (kind: string, data: ModelObject) => {
    let out = known.get(data);
    if (out === undefined) known.set(data, (out = JSON.stringify({ kind, ...data, [specs[kind].key]: undefined, name: undefined })));
    return out;
  };
  return (number) =>
    `[${states.map((s, i) => {
      for (const kind of entryKinds[i]) {
        const entry = objectAt(s, kind, number);
        if (entry) return shape(kind, entry.data);
      }
      return 'null';
    })}]`;
}

/**
 * the behaviour diff of one provider's plan (none when its module has no call-path
 * simulator or no DID reaches what the plan changes), looking ahead from `now`
 */
export async function routeChanges(module: ProviderModule, session: Session, pc: ProviderConfig, live: LiveState, changes: Change[], now: Date): Promise<RouteChange[]> {
  if (!module.callPath || !changes.length) return [];
  const lastByKey = indexByKey();
  const after = afterState(pc, live, changes, lastByKey);
  const numbers = touchedEntries(module, [live, after], changes, lastByKey);
  if (!numbers.length) return [];
  const account = module.callPathUsesAccount ? await session.account?.().catch(() => undefined) : undefined;
  const ctx: CallPathContext = { settings: pc.settings, account };
  const groups = new Map<string, string[]>();
  const shapeOf = shapes(module, [live, after]);
  for (const n of numbers) {
    const shape = shapeOf(n);
    const members = groups.get(shape);
    if (members) members.push(n);
    else groups.set(shape, [n]);
  }
  const out: RouteChange[] = [];
  /** timezone → the local date the diff looks ahead from */
  const firstDays = new Map<string, string>();
  for (const members of groups.values()) {
    // the call that takes the entry (Issabel: its DID from its caller ID)
    const call = module.entryCall?.(members[0]) ?? { number: members[0] };
    const withCaller = { ...ctx, caller: call.caller };
    const path = (state: LiveState, at: Date) => module.callPath!(state, call.number, at, withCaller);
    const [before, next] = [path(live, now), path(after, now)];
    const probe = next ?? before;
    if (!probe) continue;
    const target = (state: LiveState, at: Date) => targetOf(path(state, at), ', then ');
    const lines =
      timed(before) || timed(next)
        ? diffLines(probe.timezone, now, (at) => `${target(live, at)}${SEP}${target(after, at)}`)
        : always(targetOf(before, ', then '), targetOf(next, ', then '));
    let from = firstDays.get(probe.timezone);
    if (from === undefined) firstDays.set(probe.timezone, (from = describeInstant(midnight(now, probe.timezone), probe.timezone).slice(4, 14)));
    if (lines.length) out.push(...members.map((number) => ({ number, timezone: probe.timezone, from, lines })));
  }
  return out.sort((a, b) => a.number.localeCompare(b.number));
}

/** a path through no time rule, before and after: one line for every day, or none */
const always = (before: string, after: string): RouteDiffLine[] =>
  before === after ? [] : [{ weekdays: [...WEEK_ORDER], from: '00:00', to: '24:00', before, after }];

/** the usual week by weekday and the dated days that depart from it (yearAhead), where before and after differ */
function diffLines(tz: string, now: Date, pair: (at: Date) => string): RouteDiffLine[] {
  const { usual, dated } = yearAhead(pair, now, tz);
  const differing = (d: Day | undefined) => d?.pieces.filter((p) => side(p, 0) !== side(p, 1)) ?? [];
  const weekly = new Map<string, RouteDiffLine>();
  for (const wd of WEEK_ORDER) {
    for (const p of differing(usual.get(wd))) {
      const key = JSON.stringify(p);
      weekly.set(key, { ...line(p), weekdays: [...(weekly.get(key)?.weekdays ?? []), wd] });
    }
  }
  const lines = dated.flatMap((d): RouteDiffLine[] => {
    const here = differing(d);
    if (JSON.stringify(here) === JSON.stringify(differing(usual.get(d.weekday)))) return [];
    const at = { date: d.date, weekday: d.weekday };
    return here.length ? here.map((p) => ({ ...at, ...line(p) })) : [{ ...at, from: '00:00', to: '24:00' }];
  });
  return [...weekly.values(), ...lines];
}

const side = (p: Piece, i: 0 | 1) => p.target.split(SEP)[i];
const line = (p: Piece): RouteDiffLine => ({ from: p.from, to: p.to, before: side(p, 0), after: side(p, 1) });

/** when a line holds: `Mon–Fri 17:31–18:01`, `Sat (all day)`, `Thu 2026-12-24 (all day)` */
export function whenOf(l: RouteDiffLine): string {
  const days = l.date ? `${DAY_NAMES[l.weekday ?? 0]} ${l.date}` : weekdays(l.weekdays ?? []);
  const time = span(l);
  return time === 'all day' ? `${days} (all day)` : `${days} ${time}`;
}

