// /pbxapi/timegroups: timegroups.php (issabel-routing.md §4). Each `times` entry becomes one
// Asterisk timing string by constructDateString's rules, month asymmetry included; a
// DELETE applies the configuration twice, whatever the body says.
import { type Controller, applyIfWanted, selfApplyingDelete } from './context.ts';
import { type ApiError, type Exchange, decodeError, isObject, phpString, restInput } from './http.ts';
import { routingOf, type TimeGroupRecord } from './state.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const HOUR = /^([01]\d|2[0-3]):[0-5]\d$/;

type Entry = Record<string, unknown>;

/** one field: its value (default when absent) or the 422 it earns */
function field(entry: Entry, name: string, fallback: string, ok: (v: string) => boolean, detail: string): string | ApiError {
  const value = entry[name] === undefined ? fallback : phpString(entry[name]);
  return ok(value) ? value : { status: '422', source: name, detail };
}

const monthDay = (v: string) => v === '*' || (parseInt(v, 10) >= 1 && parseInt(v, 10) <= 31);
/** weekday and month day: one side `*` copies the other */
const pair = (a: string, b: string) => (a === b || b === '*' ? a : a === '*' ? b : `${a}-${b}`);

/** constructDateString: the timing string of one entry, or the first field error */
export function timingString(entry: Entry): string | ApiError {
  const parts = [
    field(entry, 'start_hour', '00:00', (v) => HOUR.test(v), 'Incorrect format. Valid format: HH:MM'),
    field(entry, 'end_hour', '23:59', (v) => HOUR.test(v), 'Incorrect format. Valid format: HH:MM'),
    field(entry, 'start_weekday', '*', (v) => v === '*' || WEEKDAYS.includes(v), 'Incorrect format. Allowed values: *,mon,tue,wed,thu,fri,sat,sun'),
    field(entry, 'end_weekday', '*', (v) => v === '*' || WEEKDAYS.includes(v), 'Incorrect format. Allowed values: *,mon,tue,wed,thu,fri,sat,sun'),
    field(entry, 'start_monthday', '*', monthDay, 'Incorrect format. Allowed values: 1-31 or *'),
    field(entry, 'end_monthday', '*', monthDay, 'Incorrect format. Allowed values: 1-31 or *'),
    field(entry, 'start_month', '*', (v) => v === '*' || MONTHS.includes(v), 'Incorrect format. Allowed values: 1-12 or *'),
    field(entry, 'end_month', '*', (v) => v === '*' || MONTHS.includes(v), 'Incorrect format. Allowed values: 1-12'),
  ];
  const bad = parts.find((p) => typeof p !== 'string');
  if (bad) return bad;
  const [sh, eh, sw, ew, sd, ed, sm, em] = (parts as string[]).map((p, i) => (i === 4 || i === 5) && p !== '*' ? String(parseInt(p, 10)) : p);
  // months: either side * means every month
  const months = sm === em ? sm : sm === '*' || em === '*' ? '*' : `${sm}-${em}`;
  return `${sh}-${eh}|${pair(sw, ew)}|${pair(sd, ed)}|${months}`;
}

/** a stored string split back into the eight fields; a missing `-end` repeats the start */
export function timingFields(timing: string): Record<string, string> {
  const [time = '*', dow = '*', dom = '*', mon = '*'] = timing.split('|');
  const split = (s: string) => {
    const [a, b = a] = s.split('-');
    return [a, b];
  };
  const [sh, eh] = split(time);
  const [sw, ew] = split(dow);
  const [sd, ed] = split(dom);
  const [sm, em] = split(mon);
  return {
    start_hour: sh, end_hour: eh, start_weekday: sw, end_weekday: ew, start_monthday: sd, end_monthday: ed, start_month: sm, end_month: em,
  };
}

const row = (g: TimeGroupRecord) => ({ id: String(g.id), name: g.name, times: g.times.map(timingFields) });

export async function timegroups(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const routing = routingOf(ctl.state);
  const find = (one: string) => routing.timeGroups.find((g) => String(g.id) === one);
  if (ex.method === 'GET') {
    if (id === '') return ex.success(routing.timeGroups.map(row));
    const group = find(id);
    return group ? ex.success([row(group)]) : ex.fail([{ status: '404', detail: 'Record not found' }]);
  }
  if (ex.method === 'DELETE')
    return selfApplyingDelete(ctl, ex, id, (one) => {
      const group = find(one);
      if (group) routing.timeGroups.splice(routing.timeGroups.indexOf(group), 1);
      return Boolean(group);
    });
  const input = restInput(ex);
  if (!input.ok) return ex.fail([decodeError()]);
  const body = input.value;
  const entries = Array.isArray(body.times) ? body.times.filter(isObject) : [];
  const timings = entries.map(timingString);
  const badEntry = timings.find((t): t is ApiError => typeof t !== 'string');
  if (ex.method === 'POST') {
    if (id !== '') return ex.fail([{ status: '400', detail: 'We refuse to insert a record if a resource id is passed. For update use the PUT method instead.' }]);
    if (badEntry) return ex.fail([badEntry]);
    if (body.name === undefined || phpString(body.name) === '') return ex.fail([{ status: '422', source: 'name', detail: 'Required field missing' }]);
    const name = phpString(body.name);
    if (routing.timeGroups.some((g) => g.name === name)) return ex.fail([duplicateName(name)]);
    const group = { id: routing.nextTimeGroupId++, name, times: timings as string[] };
    routing.timeGroups.push(group);
    ctl.wrote();
    if (!(await applyIfWanted(ctl, ex, body))) return;
    return ex.empty(201, { Location: `${ex.realm}/${group.id}` });
  }
  // PUT
  if (id === '') return ex.fail([{ status: '405', detail: 'Unable to update. Missing record id' }]);
  const group = find(id);
  if (!group) return ex.fail([{ status: '404', detail: 'Record not found' }]);
  if (body.name !== undefined) {
    const name = phpString(body.name);
    if (routing.timeGroups.some((g) => g !== group && g.name === name)) return ex.fail([duplicateName(name)]);
    group.name = name;
    ctl.wrote();
  }
  // the name is written before the entries are checked
  if (badEntry) return ex.fail([badEntry]);
  // every entry is deleted and the sent ones inserted: no times, no entries
  group.times = timings as string[];
  ctl.wrote();
  if (!(await applyIfWanted(ctl, ex, body))) return;
  ex.empty(200);
}

const duplicateName = (name: string): ApiError => ({
  status: '400',
  detail: `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${name}' for key 'description'`,
  code: '23000',
});
