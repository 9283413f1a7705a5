// The path a call to a DID takes through SmartPBX's callflows at one instant (`pbxctl
// route`): the DID route, its schedule (temporal_route: holidays first, then the opening
// rules, else closed) evaluated with time.ts, and the ring group, user, device or box.
import { isDeepStrictEqual } from 'node:util';
import type { LiveState, ModelObject } from '../../engine/model.ts';
import type { CallPath, CallPathContext, PathStep } from '../../engine/route-path.ts';
import { groupBy, objectAt } from '../../engine/route-index.ts';
import { ruleToWire, type RuleGroup } from './schedules.ts';
import { resolveTimezone, ruleMatches, type TemporalRule } from './time.ts';

/** what the server fills in for an endpoint or a ring group without a timeout */
const DEFAULT_TIMEOUT = 20;

export function callPath(state: LiveState, number: string, at: Date, ctx: CallPathContext): CallPath | undefined {
  const wanted = number.startsWith('+') ? number : `+${number.replace(/\D/g, '')}`;
  const route = routesByNumber(state.did_routes).get(wanted)?.[0];
  if (!route) return undefined;
  const account = resolveTimezone(undefined, [ctx.account?.timezone || undefined]);
  const steps: PathStep[] = [{ kind: 'route', noun: 'DID route', name: route.key, detail: typeof route.data.name === 'string' ? `"${route.data.name}"` : undefined }];
  let target: ModelObject = route.data;
  let timezone = account;
  if (route.data.schedule !== undefined) {
    const name = String(route.data.schedule);
    const schedule = objectAt(state, 'schedules', name)?.data;
    timezone = resolveTimezone(typeof schedule?.timezone === 'string' ? schedule.timezone : undefined, [account]);
    const hit = schedule && firstMatch(schedule, at, timezone);
    // a holidays branch the same as closed is the one flow SmartPBX writes for both (routes.ts normaliseRoute)
    const ownHolidays = () => route.data.holidays !== undefined && !isDeepStrictEqual(route.data.holidays, route.data.closed);
    const branch = hit?.group === 'holidays' ? (ownHolidays() ? 'holidays' : 'closed') : hit ? 'open' : 'closed';
    const why = !schedule ? 'schedule not on the PBX' : hit ? `${hit.group === 'holidays' ? 'holiday' : 'rule'} ${describeRule(hit.rule)} holds, ${timezone}` : `no rule holds, ${timezone}`;
    steps.push({ kind: 'time_switch', noun: 'schedule', name, detail: branch, why });
    target = (route.data[branch] as ModelObject | undefined) ?? {};
  }
  steps.push(...targetSteps(target, state));
  return { number: route.key, at: at.toISOString(), timezone, steps };
}

/** the first rule that holds, holidays first (as the route's temporal_route orders them) */
function firstMatch(schedule: ModelObject, at: Date, tz: string): { group: RuleGroup; rule: ModelObject } | undefined {
  return wireRules(schedule, tz).find((r) => ruleMatches(r.wire, at, tz));
}

const compiled = new WeakMap<ModelObject, Map<string, { group: RuleGroup; rule: ModelObject; wire: TemporalRule }[]>>();
/** a schedule's rules as the server stores them in tz, holidays first, worked out once per schedule (a path is evaluated at thousands of instants) */
function wireRules(schedule: ModelObject, tz: string): { group: RuleGroup; rule: ModelObject; wire: TemporalRule }[] {
  let byZone = compiled.get(schedule);
  if (!byZone) compiled.set(schedule, (byZone = new Map()));
  let rules = byZone.get(tz);
  if (!rules) {
    rules = (['holidays', 'rules'] as RuleGroup[]).flatMap((group) =>
      ((schedule[group] as ModelObject[] | undefined) ?? []).filter((rule) => rule.unsupported === undefined).map((rule) => ({ group, rule, wire: ruleToWire(group, rule, tz) as TemporalRule })),
    );
    byZone.set(tz, rules);
  }
  return rules;
}

const describeRule = (r: ModelObject) => [r.name, r.date, r.days, r.hours].filter((v) => typeof v === 'string').join(' ');

/** the target's steps, then where the call goes when nobody answers (the node's `_` child) */
function targetSteps(t: ModelObject, state: LiveState): PathStep[] {
  const steps = ringSteps(t, state);
  const next = t.no_answer as ModelObject | undefined;
  if (!next || steps[0].kind === 'end') return steps;
  // a ring group rings for its own timeout (the server's 20 s when it has none)
  const group = t.ring_group as ModelObject | undefined;
  const after = group ? (typeof group.timeout === 'number' ? group.timeout : DEFAULT_TIMEOUT) : next.after;
  if (typeof after === 'number' && !group) steps[0].detail = `${steps[0].detail ?? 'rings'} for ${after} s`;
  const rest = targetSteps(next, state);
  rest[0].why ??= `no answer${typeof after === 'number' ? ` after ${after} s` : ''}`;
  return [...steps, ...rest];
}

function ringSteps(t: ModelObject, state: LiveState): PathStep[] {
  if (typeof t.user === 'string') return [{ kind: 'user', name: t.user, detail: devicesOf(t.user, state) }];
  if (typeof t.device === 'string') return [{ kind: 'device', name: t.device }];
  if (typeof t.voicemail === 'string') {
    const box = objectAt(state, 'voicemail_boxes', t.voicemail)?.data;
    return [{ kind: 'voicemail', noun: 'voicemail box', name: t.voicemail, detail: box ? `"${String(box.name ?? '')}"` : 'not on the PBX' }];
  }
  const group = t.ring_group as ModelObject | undefined;
  if (group) {
    const endpoints = ((group.endpoints as ModelObject[] | undefined) ?? []).map((e) => {
      const who = typeof e.user === 'string' ? `user ${e.user}` : `device ${String(e.device)}`;
      return `${who} ${typeof e.timeout === 'number' ? e.timeout : DEFAULT_TIMEOUT} s${typeof e.delay === 'number' && e.delay ? ` after ${e.delay} s` : ''}`;
    });
    const timeout = typeof group.timeout === 'number' ? ` ${group.timeout} s` : '';
    return [{ kind: 'ring_group', name: `"${String(group.name ?? '')}"`, detail: `${String(group.strategy ?? 'simultaneous')}${timeout}: ${endpoints.join(', ') || 'no endpoints'}` }];
  }
  return [{ kind: 'end', name: '', detail: 'no target: the call ends' }];
}

/** the routes that take a number: as their number, or as one of their extra numbers */
const routesByNumber = groupBy((r) => [r.key, ...((r.data.extra_numbers as string[] | undefined) ?? [])]);
const devicesByOwner = groupBy((d) => (typeof d.data.owner === 'string' ? [d.data.owner] : []));

/** a user's phones: the devices it owns */
function devicesOf(user: string, state: LiveState): string | undefined {
  const owned = (devicesByOwner(state.devices).get(user) ?? []).map((d) => d.key);
  return owned.length ? `rings ${owned.join(', ')}` : undefined;
}
