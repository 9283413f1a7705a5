// The path a call to a DID takes through Issabel's inbound routes, time conditions, ring
// groups, extensions and voicemail at one instant (`pbxctl route`), evaluated with time.ts.
import type { LiveState, ModelObject } from '../../engine/model.ts';
import type { CallPath, CallPathContext, PathStep } from '../../engine/route-path.ts';
import { objectAt } from '../../engine/route-index.ts';
import { parseDestination } from '../../engine/routing.ts';
import { ANY_DID, destinationFromWire, routeId, routeKey, timingString, type TimeEntry } from './mapping.ts';
import { groupMatches, isOverrideState, matches, timeConditionBranch } from './time.ts';

/** what a ring group without a no-answer destination does (issabel.md §5) */
export const NO_ANSWER_DEFAULT = 'app-blackhole,hangup,1';
const digits = (s: string) => s.replace(/\D/g, '');

/** the inbound route a call to number from caller takes (issabel-routing.md §3.6, without CID priority and patterns): DID and CID, DID, CID only, any */
function routeFor(state: LiveState, number: string, caller: string | undefined) {
  const did = digits(number) || ANY_DID;
  const keys = [caller && routeKey(did, caller), did, caller && routeKey('', caller), ANY_DID];
  return keys.map((k) => k && objectAt(state, 'inbound_routes', k)).find((r) => r !== undefined);
}

/** the call that takes the route `key`: its DID (any: no number) from its caller ID */
export function entryCall(key: string): { number: string; caller?: string } {
  const { did, cid } = routeId(key);
  return { number: did || ANY_DID, ...(cid ? { caller: cid } : {}) };
}

export function callPath(state: LiveState, number: string, at: Date, ctx: CallPathContext): CallPath | undefined {
  const route = routeFor(state, number, ctx.caller);
  if (!route) return undefined;
  const timezone = typeof ctx.settings.timezone === 'string' ? ctx.settings.timezone : 'UTC';
  const find = (kind: string, key: string) => objectAt(state, kind, key)?.data;
  const steps: PathStep[] = [{ kind: 'route', noun: 'inbound route', name: route.key, detail: typeof route.data.name === 'string' ? `"${route.data.name}"` : undefined }];
  const seen = new Set<string>();
  let next: unknown = route.data.destination;
  /** the step a ring group's no-answer destination starts at */
  let fallThrough = -1;
  while (next) {
    const value = next as ModelObject;
    next = undefined;
    if (typeof value.unmanaged === 'string') {
      steps.push({ kind: 'unmanaged', name: value.unmanaged, detail: 'a destination pbxctl does not follow' });
      break;
    }
    const d = parseDestination(value);
    if (!d) break;
    const target = d.target ?? '';
    if (seen.has(`${d.type}/${target}`)) {
      steps.push({ kind: 'end', name: '', detail: `loops back to ${d.type} ${target}` });
      break;
    }
    seen.add(`${d.type}/${target}`);
    if (d.type === 'time_switch') {
      const tc = find('time_conditions', target);
      if (!tc) {
        steps.push({ kind: 'time_switch', noun: 'time condition', name: target, detail: 'not on the PBX' });
        break;
      }
      const group = String(tc.time_group ?? '');
      const times = (find('time_groups', group)?.times as TimeEntry[] | undefined) ?? [];
      const holds = groupMatches(times.map(timingString), at, timezone);
      const entry = times.find((e) => matches(timingString(e), at, timezone));
      const because = holds ? `time group ${group} holds: ${describeEntry(entry)}` : `time group ${group} does not hold`;
      // a condition not on the PBX yet starts without override (undefined); null: the read did not say
      const override = tc.override_state;
      const { branch } = timeConditionBranch(holds, isOverrideState(override) ? override : '');
      const forced = branch !== (holds ? 'match' : 'otherwise') ? `, overridden by ${String(override)}` : isOverrideState(override) && override ? `, override ${override} agrees` : '';
      const unread = override === null ? ', override state not readable' : '';
      steps.push({ kind: 'time_switch', noun: 'time condition', name: target, detail: branch, why: `${because}, ${timezone}${forced}${unread}` });
      next = tc[branch];
    } else if (d.type === 'ring_group') {
      const rg = find('ring_groups', target);
      const members = (rg?.members as string[] | undefined) ?? [];
      const rings = members.map((m) => `${m}${ringTime(find('extensions', m))}`).join(', ');
      steps.push({ kind: 'ring_group', name: target, detail: rg ? `${label(rg)}${String(rg.strategy ?? 'ringall')} ${rg.ring_time ?? '?'} s: ${rings || 'no members'}` : 'not on the PBX' });
      // the fall-through is kept as Issabel's destination string
      next = rg ? destinationFromWire(rg.no_answer_destination || NO_ANSWER_DEFAULT, () => undefined) : undefined;
      fallThrough = steps.length;
    } else if (d.type === 'extension') {
      const ext = find('extensions', target);
      steps.push({ kind: 'extension', name: target, detail: ext ? `${label(ext)}rings${ringTime(ext)}` : 'not on the PBX' });
      if ((ext?.voicemail as ModelObject | undefined)?.enabled) next = { voicemail: target };
    } else if (d.type === 'voicemail') {
      const ext = find('extensions', target);
      steps.push({ kind: 'voicemail', noun: 'voicemail box', name: target, detail: `${ext ? label(ext) : ''}${d.mode ?? 'unavailable'} greeting` });
    } else if (d.type === 'hangup') steps.push({ kind: 'hangup', name: '' });
    else if (d.type === 'external') steps.push({ kind: 'external', name: target });
    else steps.push({ kind: 'ref', noun: d.type, name: target, detail: 'not followed by pbxctl' });
  }
  if (steps[fallThrough]) steps[fallThrough].why ??= 'no answer';
  return { number, at: at.toISOString(), timezone, steps };
}

const label = (o: ModelObject) => (typeof o.name === 'string' && o.name ? `"${o.name}" ` : '');
// 0 is the server's: the system's ring timer
const ringTime = (ext: ModelObject | undefined) => (typeof ext?.ring_time === 'number' && ext.ring_time > 0 ? ` ${ext.ring_time} s` : '');

/** a time group entry as the YAML says it: `mon-fri 08:30-17:30`, `12-25` */
function describeEntry(e: TimeEntry | undefined): string {
  if (!e) return '';
  return [e.date, e.days, e.hours, e.month_days && `day ${e.month_days}`, e.months].filter(Boolean).join(' ') || 'always';
}
