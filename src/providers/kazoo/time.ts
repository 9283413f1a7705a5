// How Kazoo's temporal_route node picks a branch (kazoo-routing.md §7), as pure functions:
// the ordered route list, the timezone, each rule's occurrence in local wall-clock time,
// first matching route wins. Quirks are kept on purpose (the simulator must agree with the
// server, not with the calendar): windows are inclusive at both ends, a date rule's default
// window also holds at 00:00:00 of the next day, a day beyond a month's end rolls over.
import { cachedPerZone } from '../../engine/clock-cache.ts';

export type Cycle = 'date' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/** a temporal_rules document as stored (only what the evaluation reads) */
export interface TemporalRule {
  cycle?: Cycle;
  interval?: number;
  /** Gregorian seconds */
  start_date?: number;
  days?: number[];
  wdays?: string[];
  ordinal?: string;
  month?: number;
  time_window_start?: number;
  time_window_stop?: number;
  /** runtime override: true forces a match, false skips the rule */
  enabled?: boolean;
}

/** a temporal_route node: `rules` and the children's keys are rule or rule-set ids */
export interface TemporalRouteNode {
  rules?: string[];
  rule_set?: string;
  timezone?: string;
  children: string[];
}

/** what the node can open by id: a rule, or a set of rules */
export type TemporalDoc = TemporalRule | { temporal_rules: string[] };

/** Kazoo's system default when no account up the tree names a timezone */
export const DEFAULT_TIMEZONE = 'America/Los_Angeles';
/** Gregorian seconds of 1970-01-01T00:00:00Z */
export const GREGORIAN_EPOCH = 62167219200;
/** crossbar's default start_date: 1983-04-11T08:00:00Z */
export const DEFAULT_START_DATE = 62586115200;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const DAY = 86400;

/** the zone a node uses: its own, else the account's, else the parent's …, else the system default */
export function resolveTimezone(node: string | undefined, accounts: (string | undefined)[] = []): string {
  for (const tz of [node, ...accounts]) if (tz && tz !== 'inherit') return tz;
  return DEFAULT_TIMEZONE;
}

export const isTimezone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** a civil date counted in days since 1970-01-01 (no zone) */
const dayNumber = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 1000 / DAY);
const civil = (days: number) => {
  const t = new Date(days * DAY * 1000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
/** ISO weekday, 1 = Monday … 7 = Sunday */
const isoWeekday = (days: number) => ((((days + 3) % 7) + 7) % 7) + 1;
const mondayOf = (days: number) => days - isoWeekday(days) + 1;
const weekdayNumber = (name: string) => (name === 'wensday' ? 3 : WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]) + 1);

const formatters = new Map<string, Intl.DateTimeFormat>();
/** the wall-clock time of an instant in a zone, as seconds since 1970-01-01 00:00 of that wall clock */
export const wallClock = cachedPerZone((ms: number, tz: string): number => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000;
});

/** the instant (ms) of a wall-clock time in a zone; in a DST gap, the instant just after it */
export function instantOf(wall: number, tz: string): number {
  let guess = wall * 1000;
  for (let i = 0; i < 3; i++) guess = wall * 1000 - (wallClock(guess, tz) - Math.floor(guess / 1000)) * 1000;
  return guess;
}

/** the local date (day number) of a start_date in the zone */
const startDay = (startDate: number, tz: string) => Math.floor(wallClock((startDate - GREGORIAN_EPOCH) * 1000, tz) / DAY);

/** the n-th (1-based) weekday w of a month, as a day number (may spill into the next month) */
const nthWeekday = (y: number, m: number, w: number, n: number) => {
  const first = dayNumber(y, m, 1);
  return first + ((w - isoWeekday(first) + 7) % 7) + 7 * (n - 1);
};
const lastWeekday = (y: number, m: number, w: number) => {
  const last = dayNumber(y, m + 1, 0);
  return last - ((isoWeekday(last) - w + 7) % 7);
};
/** the month k months after (y, m) */
const monthAfter = (y: number, m: number, k: number) => ({ y: y + Math.floor((m - 1 + k) / 12), m: ((((m - 1 + k) % 12) + 12) % 12) + 1 });

/** the occurrence O (a day number) of a rule, from its start S and reference date R (§7.5) */
function occurrence(rule: TemporalRule, S: number, R: number): number | undefined {
  const I = rule.interval ?? 1;
  const s = civil(S);
  const r = civil(R);
  const days = rule.days ?? [];
  const wdays = (rule.wdays?.length ? rule.wdays : [...WEEKDAYS]).map(weekdayNumber).sort((a, b) => a - b);
  const ordinal = rule.ordinal ?? 'first';
  switch (rule.cycle) {
    case 'date':
      return S;
    case 'daily':
      return S + Math.trunc((R - S) / I) * I + I;
    case 'weekly': {
      const d = (mondayOf(R) - mondayOf(S)) / 7;
      const later = wdays.find((w) => w >= isoWeekday(R));
      if (d % I === 0 && later !== undefined) return R + later - isoWeekday(R);
      return mondayOf(S) + 7 * (Math.floor(d / I) * I + I) + wdays[0] - 1;
    }
    case 'monthly': {
      const m = (r.y - s.y) * 12 + r.m - s.m;
      const k = Math.trunc(m / I) * I;
      const at = (n: number) => monthAfter(s.y, s.m, n);
      if (days.length) {
        const later = days.find((x) => x > r.d);
        if (m === k && later !== undefined) return dayNumber(at(k).y, at(k).m, later);
        return dayNumber(at(k + I).y, at(k + I).m, days[0]);
      }
      if (rule.wdays?.length !== 1) return undefined; // the node crashes (§7.7)
      const W = wdays[0];
      const next = at(k + I);
      if (ordinal === 'every') {
        if (m === k) {
          const after = R + ((W - isoWeekday(R) + 7) % 7 || 7);
          if (civil(after).m === r.m || I === 1) return after;
        }
        return nthWeekday(next.y, next.m, W, 1);
      }
      if (ordinal === 'last') {
        const here = lastWeekday(r.y, r.m, W);
        if (m === k && r.d < civil(here).d) return here;
        return lastWeekday(next.y, next.m, W);
      }
      const n = ORDINALS.indexOf(ordinal) + 1;
      const here = nthWeekday(r.y, r.m, W, n);
      const h = civil(here);
      const sameMonth = h.m === r.m;
      if (m === k && ((I > 1 && sameMonth && r.d < h.d) || (I === 1 && ((sameMonth && r.d < h.d) || h.m > r.m)))) return here;
      return nthWeekday(next.y, next.m, W, n);
    }
    case 'yearly': {
      const M = rule.month ?? 1;
      const y = r.y - s.y;
      const k = Math.trunc(y / I) * I;
      const nextYear = s.y + k + I;
      if (days.length) {
        if (y !== k || r.m > M) return dayNumber(nextYear, M, days[0]);
        if (r.m < M) return dayNumber(r.y, M, days[0]);
        const rest = days.slice(days.findIndex((x) => x > r.d));
        return days.some((x) => x > r.d) ? dayNumber(r.y, M, rest[0]) : dayNumber(nextYear, M, days[0]);
      }
      if (rule.wdays?.length !== 1) return undefined;
      const W = wdays[0];
      const inYear = (year: number): number | undefined => {
        if (ordinal === 'last') return lastWeekday(year, M, W);
        const n = ordinal === 'every' ? 1 : ORDINALS.indexOf(ordinal) + 1;
        const o = nthWeekday(year, M, W, n);
        return civil(o).m === M ? o : undefined;
      };
      if (y === k && r.m <= M) {
        if (ordinal === 'every' && r.m === M) {
          const after = R + ((W - isoWeekday(R) + 7) % 7 || 7);
          if (civil(after).m === M) return after;
        } else {
          const o = inYear(r.y);
          if (o !== undefined && (r.m < M || r.d < civil(o).d)) return o;
        }
      }
      // a later active year where the ordinal stays in the month (bounded: a fifth may never fit)
      for (let year = nextYear, i = 0; i < 400; year += I, i++) {
        const o = inYear(year);
        if (o !== undefined) return o;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** whether one rule holds at an instant in a zone (§7.3, §7.4) */
export function ruleMatches(rule: TemporalRule, instant: Date, tz: string): boolean {
  const now = wallClock(instant.getTime(), tz);
  const today = Math.floor(now / DAY);
  // without start_date Kazoo reads "now" as UTC and converts it again
  const S = rule.start_date === undefined ? Math.floor(wallClock(now * 1000, tz) / DAY) : startDay(rule.start_date, tz);
  if (S * DAY > now) return false;
  if (rule.enabled === false) return false;
  if (rule.enabled === true) return true;
  if (!rule.cycle) return false;
  const O = occurrence(rule, S, rule.cycle === 'weekly' ? today : today - 1);
  if (O === undefined) return false;
  return O * DAY + (rule.time_window_start ?? 0) <= now && now <= O * DAY + (rule.time_window_stop ?? DAY);
}

const isSet = (doc: TemporalDoc | undefined): doc is { temporal_rules: string[] } =>
  Array.isArray((doc as { temporal_rules?: unknown } | undefined)?.temporal_rules) && (doc as { temporal_rules: string[] }).temporal_rules.length > 0;

/** the ordered (rule id, child key) list of a node (§7.1) */
export function routeList(node: TemporalRouteNode, docs: (id: string) => TemporalDoc | undefined): [string, string][] {
  const routes: [string, string][] = [...(node.rules ?? []), ...node.children.filter((k) => k !== '_')].map((id) => [id, id]);
  const expanded = routes.flatMap(([id, key]): [string, string][] => {
    const doc = docs(id);
    return isSet(doc) ? doc.temporal_rules.map((rule) => [rule, key]) : [[id, key]];
  });
  const set = node.rule_set ? docs(node.rule_set) : undefined;
  if (isSet(set)) expanded.push(...set.temporal_rules.map((rule): [string, string] => [rule, 'rule_set']));
  return expanded;
}

/**
 * The child a call takes at an instant: the first route whose rule holds, `_` when none
 * does or the winner's key has no child; undefined when the call ends there (no `_`).
 */
export function temporalRoute(node: TemporalRouteNode, docs: (id: string) => TemporalDoc | undefined, instant: Date, tz: string): string | undefined {
  for (const [id, key] of routeList(node, docs)) {
    const rule = docs(id);
    if (!rule || isSet(rule) || !ruleMatches(rule as TemporalRule, instant, tz)) continue;
    return node.children.includes(key) ? key : node.children.includes('_') ? '_' : undefined;
  }
  return node.children.includes('_') ? '_' : undefined;
}
