// Schedules ⇄ temporal rules. A schedule is one temporal_rules_set (its name, the ids of
// its rules, and a `timezone` of ours) whose rules are SmartPBX-style documents: weekly
// rules for opening hours (`type: main_weekdays`), yearly or one-day rules for holidays
// (`type: main_holidays`). The YAML says `days: monday-friday`, `hours: "08:30-17:30"`,
// `date: "12-25"` or `date: "2026-11-30"`; the wire says cycles, Gregorian seconds and
// seconds from local midnight (kazoo-routing.md §4, §5, §8).
import type { ModelObject } from '../../engine/model.ts';
import { DEFAULT_START_DATE, GREGORIAN_EPOCH, instantOf, wallClock, WEEKDAYS } from './time.ts';

type Row = Record<string, unknown>;

export type RuleGroup = 'rules' | 'holidays';
export const RULE_GROUPS: RuleGroup[] = ['rules', 'holidays'];
const TYPE: Record<RuleGroup, string> = { rules: 'main_weekdays', holidays: 'main_holidays' };
/** the rule fields pbxctl writes: the others (SmartPBX's exclude, flags …) are left alone */
export const RULE_WIRE_FIELDS = ['name', 'type', 'cycle', 'interval', 'start_date', 'wdays', 'days', 'month', 'ordinal', 'time_window_start', 'time_window_stop'];
const DAY = 86400;

const pad = (n: number) => String(n).padStart(2, '0');

/** "monday-friday, sunday" → the weekdays, Monday first; undefined when not readable */
export function parseDays(text: string): string[] | undefined {
  const picked = new Set<number>();
  for (const part of text.split(',').map((s) => s.trim().toLowerCase())) {
    const [from, to = from] = part.split('-').map((s) => WEEKDAYS.indexOf(s.trim() as (typeof WEEKDAYS)[number]));
    if (from < 0 || to < 0) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      picked.add(d);
      if (d === to) break;
    }
  }
  return [...picked].sort().map((d) => WEEKDAYS[d]);
}

/** the weekdays as people write them: runs of three or more as a range */
export function formatDays(wdays: string[]): string {
  const days = [...new Set(wdays.map((d) => WEEKDAYS.indexOf((d === 'wensday' ? 'wednesday' : d) as (typeof WEEKDAYS)[number])))].filter((d) => d >= 0).sort();
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${WEEKDAYS[days[i]]}-${WEEKDAYS[days[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAYS[days[k]]);
    i = j + 1;
  }
  return parts.join(', ');
}

const seconds = (hhmm: string) => {
  const [h, m, s = 0] = hhmm.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};
const clock = (n: number) => `${pad(Math.floor(n / 3600))}:${pad(Math.floor(n / 60) % 60)}${n % 60 ? `:${pad(n % 60)}` : ''}`;

/** "08:30-17:30" → [30600, 63000] */
export const parseHours = (text: string): [number, number] => text.split('-').map((t) => seconds(t.trim())) as [number, number];
export const formatHours = (start: number, stop: number) => `${clock(start)}-${clock(stop)}`;

/** the local midnight of a date in a zone, in Gregorian seconds */
export const gregorianMidnight = (date: string, tz: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(instantOf(Date.UTC(y, m - 1, d) / 1000, tz) / 1000) + GREGORIAN_EPOCH;
};
/** the local date of a Gregorian-seconds instant in a zone, as YYYY-MM-DD */
export const localDate = (gs: number, tz: string) => new Date(Math.floor(wallClock((gs - GREGORIAN_EPOCH) * 1000, tz) / DAY) * DAY * 1000).toISOString().slice(0, 10);

/** the temporal_rules document of one rule or holiday; `tz` places a one-day holiday */
export function ruleToWire(group: RuleGroup, rule: ModelObject, tz: string): Row {
  const [start, stop] = typeof rule.hours === 'string' ? parseHours(rule.hours) : [0, DAY];
  const doc: Row = { name: rule.name, type: TYPE[group], interval: 1, time_window_start: start, time_window_stop: stop };
  if (rule.enabled !== undefined) doc.enabled = rule.enabled;
  if (group === 'rules') {
    return { ...doc, cycle: 'weekly', start_date: DEFAULT_START_DATE, wdays: typeof rule.days === 'string' ? parseDays(rule.days) : [...WEEKDAYS] };
  }
  const date = String(rule.date);
  if (/^\d{4}-/.test(date)) return { ...doc, cycle: 'date', start_date: gregorianMidnight(date, tz) };
  const [month, day] = date.split('-').map(Number);
  return { ...doc, cycle: 'yearly', start_date: DEFAULT_START_DATE, month, days: [day] };
}

/** which list a rule document belongs in: SmartPBX's tag, else its cycle */
export const groupOf = (doc: Row): RuleGroup =>
  doc.type === 'main_holidays' || doc.cycle === 'yearly' || doc.cycle === 'date' ? 'holidays' : 'rules';

/**
 * The model of a rule document. A rule the readable form cannot say (a monthly cycle, an
 * interval, an ordinal …) keeps its name and says what it is under `unsupported`.
 */
export function ruleFromWire(doc: Row, tz: string): ModelObject {
  const out: ModelObject = { name: doc.name };
  const start = typeof doc.time_window_start === 'number' ? doc.time_window_start : 0;
  const stop = typeof doc.time_window_stop === 'number' ? doc.time_window_stop : DAY;
  const days = Array.isArray(doc.days) ? (doc.days as number[]) : [];
  const wdays = Array.isArray(doc.wdays) ? (doc.wdays as string[]) : [];
  const plain = (doc.interval ?? 1) === 1 && doc.ordinal === undefined;
  if (doc.cycle === 'weekly' && plain && !days.length) out.days = formatDays(wdays.length ? wdays : [...WEEKDAYS]);
  else if (doc.cycle === 'yearly' && plain && days.length === 1 && !wdays.length && typeof doc.month === 'number') out.date = `${pad(doc.month)}-${pad(days[0])}`;
  else if (doc.cycle === 'date' && typeof doc.start_date === 'number') out.date = localDate(doc.start_date, tz);
  else out.unsupported = `${String(doc.cycle ?? 'no')} cycle${plain ? '' : ' with interval or ordinal'}: edit it in SmartPBX`;
  if (start !== 0 || stop !== DAY) out.hours = formatHours(start, stop);
  if (typeof doc.enabled === 'boolean') out.enabled = doc.enabled;
  return out;
}

/** the same schedule in one spelling: days and hours as formatted, whole days and weeks left out */
export function normaliseSchedule(obj: ModelObject): ModelObject {
  const out = { ...obj };
  for (const group of RULE_GROUPS) {
    if (!Array.isArray(obj[group])) continue;
    out[group] = (obj[group] as ModelObject[]).map((rule) => {
      const r = { ...rule };
      const days = typeof r.days === 'string' ? parseDays(r.days) : undefined;
      if (days) r.days = days.length === 7 ? undefined : formatDays(days);
      if (typeof r.hours === 'string' && /^[\d:]+-[\d:]+$/.test(r.hours)) {
        const [start, stop] = parseHours(r.hours);
        r.hours = start === 0 && stop === DAY ? undefined : formatHours(start, stop);
      }
      return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
    });
  }
  return out;
}

/**
 * The PATCH body turning a stored rule into `next`: the fields pbxctl writes are set or
 * removed (null); `enabled`, a runtime override, is touched only when declared.
 */
export function rulePatch(stored: Row, next: Row): Row {
  const body: Row = {};
  for (const key of RULE_WIRE_FIELDS) {
    if (next[key] !== undefined) {
      if (JSON.stringify(next[key]) !== JSON.stringify(stored[key])) body[key] = next[key];
    } else if (stored[key] !== undefined) body[key] = null;
  }
  if (next.enabled !== undefined && next.enabled !== stored.enabled) body.enabled = next.enabled;
  return body;
}
