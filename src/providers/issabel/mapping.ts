// Issabel wire format ⇄ pbxctl model. The wire gives every scalar as a string and flags
// as yes/no; the model uses numbers and booleans. One table per kind drives both ways.
import { getPath, setPath } from '../../engine/paths.ts';
import type { ModelObject } from '../../engine/model.ts';
import { ProviderError } from '../../engine/provider.ts';
import { describeDestination, parseDestination, type VoicemailMode } from '../../engine/routing.ts';

/** deleting these makes the server apply its configuration by itself, twice (issabel-routing.md §7) */
export const SELF_APPLYING_DELETES = ['time_conditions', 'time_groups'];

type Codec = 'string' | 'int' | 'yesno' | 'list';
type FieldMap = [model: string, wire: string, codec: Codec][];

export const extensionFields: FieldMap = [
  ['number', 'extension', 'string'],
  ['name', 'name', 'string'],
  ['tech', 'tech', 'string'],
  ['secret', 'secret', 'string'],
  ['context', 'context', 'string'],
  ['language', 'language', 'string'],
  ['voicemail.enabled', 'voicemail.enabled', 'yesno'],
  ['voicemail.pin', 'voicemail.pin', 'string'],
  ['voicemail.email', 'voicemail.email', 'string'],
  ['voicemail.pager_email', 'voicemail.pager_email', 'string'],
  ['voicemail.email_attachment', 'voicemail.options.email_attachment', 'yesno'],
  ['voicemail.play_callerid', 'voicemail.options.play_callerid', 'yesno'],
  ['voicemail.play_envelope', 'voicemail.options.play_envelope', 'yesno'],
  ['voicemail.delete_after_email', 'voicemail.options.delete', 'yesno'],
  ['voicemail.review', 'voicemail.options.review', 'yesno'],
  ['ring_time', 'extension_options.ring_time', 'int'],
  ['call_waiting', 'extension_options.call_waiting', 'yesno'],
  ['recording.inbound_external', 'recording.inbound_external', 'string'],
  ['recording.inbound_internal', 'recording.inbound_internal', 'string'],
  ['recording.outbound_external', 'recording.outbound_external', 'string'],
  ['recording.outbound_internal', 'recording.outbound_internal', 'string'],
  ['recording.ondemand', 'recording.ondemand', 'yesno'],
  ['outbound_callerid', 'callerid_override.outbound', 'string'],
  ['emergency_callerid', 'callerid_override.emergency', 'string'],
  ['device.dtmf_mode', 'device_options.dtmf_mode', 'string'],
  ['device.nat', 'device_options.nat', 'string'],
  ['device.transport', 'device_options.transport', 'string'],
  ['device.call_group', 'device_options.call_group', 'string'],
  ['device.pickup_group', 'device_options.pickup_group', 'string'],
  ['device.allow_codecs', 'device_options.allow_codecs', 'string'],
  ['device.disallow_codecs', 'device_options.disallow_codecs', 'string'],
  ['device.max_contacts', 'device_options.max_contacts', 'int'],
];

export const ringGroupFields: FieldMap = [
  ['number', 'extension', 'string'],
  ['name', 'name', 'string'],
  ['strategy', 'strategy', 'string'],
  ['ring_time', 'ring_time', 'int'],
  ['members', 'extension_list', 'list'],
  ['recording', 'recording', 'string'],
  ['music_on_hold', 'music_on_hold_ringing', 'string'],
  ['confirm_calls', 'confirm_calls', 'yesno'],
  ['ignore_call_forward', 'ignore_call_forward_settings', 'yesno'],
  ['skip_busy_agent', 'skip_busy_agent', 'yesno'],
  ['call_pickup', 'enable_call_pickup', 'yesno'],
  ['cid_name_prefix', 'cid_name_prefix', 'string'],
  ['alert_info', 'alert_info', 'string'],
  ['change_callerid', 'change_callerid', 'string'],
  ['fixed_callerid', 'fixed_callerid', 'string'],
  ['no_answer_destination', 'destination_if_no_answer', 'string'],
];

const decode = (value: unknown, codec: Codec): unknown => {
  switch (codec) {
    case 'yesno':
      return value === 'yes' || value === '1' || value === 'CHECKED';
    case 'int': {
      const n = Number(value);
      return value === '' || Number.isNaN(n) ? value : n;
    }
    case 'list':
      // an empty list reads back as [""]
      return (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[-,]/)).filter(Boolean);
    default:
      return String(value);
  }
};

const encode = (value: unknown, codec: Codec): unknown => {
  switch (codec) {
    case 'yesno':
      return value ? 'yes' : 'no';
    case 'list':
      return value;
    default:
      return String(value);
  }
};

export function fromWire(wire: ModelObject, map: FieldMap): ModelObject {
  const out: ModelObject = {};
  for (const [model, path, codec] of map) {
    const value = getPath(wire, path);
    if (value !== undefined && !(Array.isArray(value) && codec !== 'list')) setPath(out, model, decode(value, codec));
  }
  return out;
}

/** the wire body for the given model paths (all of them when paths is absent) */
export function toWire(obj: ModelObject, map: FieldMap, paths?: string[]): ModelObject {
  const out: ModelObject = {};
  for (const [model, path, codec] of map) {
    if (paths && !paths.includes(model)) continue;
    const value = getPath(obj, model);
    if (value !== undefined) setPath(out, path, encode(value, codec));
  }
  return out;
}

// ---- DID routing (issabel-routing.md §1, §3-§5) ----

export const inboundRouteFields: FieldMap = [
  // read as `name`; a write may use `name` for `description` too
  ['name', 'name', 'string'],
  ['cid_name_prefix', 'cid_name_prefix', 'string'],
  ['alert_info', 'alert_info', 'string'],
  ['music_on_hold', 'music_on_hold_class', 'string'],
];

/** the YAML key of an inbound route: `<did>` or `<did>/<caller id>`, `any` for the any-DID route */
export const ANY_DID = 'any';
export const routeKey = (did: string, cid: string) => `${did || ANY_DID}${cid ? `/${cid}` : ''}`;

/** the server's id of the route with this key: `DID^CID` */
export function routeId(key: string): { did: string; cid: string; id: string } {
  const [did, cid = ''] = key.split('/', 2);
  const wireDid = did === ANY_DID ? '' : did;
  return { did: wireDid, cid, id: `${wireDid}^${cid}` };
}

const VOICEMAIL_PREFIX: Record<VoicemailMode, string> = { unavailable: 'vmu', busy: 'vmb', 'no-message': 'vms' };

/** a time condition's or IVR's server id by the name the YAML gives it */
export type IdOf = (type: 'time_switch' | 'ivr', name: string) => string | undefined;
/** and back */
export type NameOf = (type: 'time_switch' | 'ivr', id: string) => string | undefined;

/** the destination string of a YAML destination: `ext-group,600,1` */
export function destinationString(value: unknown, idOf: IdOf): string {
  const d = parseDestination(value);
  if (!d) throw new ProviderError(`not a destination Issabel can take: ${JSON.stringify(value)}`);
  const target = d.target ?? '';
  switch (d.type) {
    case 'extension':
      return `from-did-direct,${target},1`;
    case 'ring_group':
      return `ext-group,${target},1`;
    case 'voicemail':
      return `ext-local,${VOICEMAIL_PREFIX[d.mode ?? 'unavailable']}${target},1`;
    case 'hangup':
      return 'app-blackhole,hangup,1';
    case 'queue':
      return `ext-queues,${target},1`;
    case 'conference':
      return `ext-meetme,${target},1`;
    case 'time_switch':
    case 'ivr': {
      const id = idOf(d.type, target);
      if (id === undefined) throw new ProviderError(`${describeDestination(d)} has no id on the server`);
      return d.type === 'ivr' ? `ivr-${id},s,1` : `timeconditions,${id},1`;
    }
    default:
      throw new ProviderError(`Issabel has no ${describeDestination(d)} destination`);
  }
}

const WIRE_DESTINATIONS: [RegExp, (m: string[], nameOf: NameOf) => ModelObject | undefined][] = [
  [/^from-did-direct,([^,]+),1$/, (m) => ({ extension: m[1] })],
  [/^ext-group,([^,]+),1$/, (m) => ({ ring_group: m[1] })],
  [/^ext-local,vm([ubs])([^,]+),1$/, (m) => ({ voicemail: m[2], mode: { u: 'unavailable', b: 'busy', s: 'no-message' }[m[1]] })],
  [/^app-blackhole,hangup,1$/, () => ({ hangup: true })],
  [/^ext-queues,([^,]+),1$/, (m) => ({ queue: m[1] })],
  [/^ext-meetme,([^,]+),1$/, (m) => ({ conference: m[1] })],
  [/^timeconditions,(\d+),1$/, (m, nameOf) => withName('time_switch', nameOf('time_switch', m[1]))],
  [/^ivr-(\d+),s,1$/, (m, nameOf) => withName('ivr', nameOf('ivr', m[1]))],
];
const withName = (type: string, name: string | undefined) => (name === undefined ? undefined : { [type]: name });

/**
 * The YAML form of a destination string; undefined for an empty one (no destination).
 * A string pbxctl does not know (an announcement, a day/night toggle, a time condition
 * that is gone) is kept as `{ unmanaged: "<string>" }`: shown, never written.
 */
export function destinationFromWire(wire: unknown, nameOf: NameOf): ModelObject | undefined {
  const s = String(wire ?? '');
  if (s === '') return undefined;
  for (const [re, make] of WIRE_DESTINATIONS) {
    const m = re.exec(s);
    const value = m && make(m, nameOf);
    if (value) return value;
  }
  return { unmanaged: s };
}

/** a destination as compared: a voicemail without a mode plays the unavailable greeting */
export function canonicalDestination(value: unknown): unknown {
  const d = parseDestination(value);
  return d?.type === 'voicemail' && !d.mode ? { ...(value as ModelObject), mode: 'unavailable' } : value;
}

/** one entry of a time group in the YAML: a person's reading of an Asterisk timing string */
export interface TimeEntry {
  days?: string;
  hours?: string;
  /** MM-DD, every year */
  date?: string;
  month_days?: string;
  months?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ends = (range: string | undefined) => {
  const [a = '*', b = a] = range?.split('-') ?? [];
  return [a, b];
};

/** the eight fields of a `times` entry; both sides always sent (one `*` month side means every month) */
export function timeEntryToWire(e: TimeEntry): Record<string, string> {
  const [sh, eh] = e.hours ? ends(e.hours) : ['00:00', '23:59'];
  const [sw, ew] = ends(e.days);
  let [sd, ed] = ends(e.month_days);
  let [sm, em] = ends(e.months);
  if (e.date) {
    const [mm, dd] = e.date.split('-').map(Number);
    [sd, ed] = [String(dd), String(dd)];
    [sm, em] = [MONTHS[mm - 1], MONTHS[mm - 1]];
  }
  return { start_hour: sh, end_hour: eh, start_weekday: sw, end_weekday: ew, start_monthday: sd, end_monthday: ed, start_month: sm, end_month: em };
}

export function timeEntryFromWire(w: Record<string, unknown>): TimeEntry {
  const f = (k: string) => String(w[k] ?? '*');
  const range = (a: string, b: string) => (a === '*' ? undefined : a === b || b === '*' ? a : `${a}-${b}`);
  const out: TimeEntry = {};
  const days = range(f('start_weekday'), f('end_weekday'));
  if (days) out.days = days;
  const [sh, eh] = [f('start_hour'), f('end_hour')];
  if (sh !== '*' && !(sh === '00:00' && eh === '23:59')) out.hours = `${sh}-${eh}`;
  const monthDays = range(f('start_monthday'), f('end_monthday'));
  const months = range(f('start_month'), f('end_month'));
  if (monthDays && /^\d+$/.test(monthDays) && months && MONTHS.includes(months)) {
    out.date = `${String(MONTHS.indexOf(months) + 1).padStart(2, '0')}-${monthDays.padStart(2, '0')}`;
    return out;
  }
  if (monthDays) out.month_days = monthDays;
  if (months) out.months = months;
  return out;
}

/** an entry as compared: `hours: 00:00-23:59` is all day, a single-day month_days/months pair is a date */
export const canonicalTimeEntry = (e: TimeEntry) => timeEntryFromWire(timeEntryToWire(e));

/** the Asterisk timing string of an entry (`08:30-17:30|mon-fri|*|*`), what time.ts evaluates */
export function timingString(e: TimeEntry): string {
  const w = timeEntryToWire(e);
  const pair = (a: string, b: string) => (a === b ? a : `${a}-${b}`);
  return `${w.start_hour}-${w.end_hour}|${pair(w.start_weekday, w.end_weekday)}|${pair(w.start_monthday, w.end_monthday)}|${pair(w.start_month, w.end_month)}`;
}
