// When an Issabel time group holds, as Asterisk's GotoIfTime decides it (main/pbx_timing.c,
// issabel-routing.md §6): an entry `hh:mm-hh:mm|dow|dom|mon` holds when all four parts
// hold for the wall-clock time in the server's timezone; a group holds when any entry
// does. Pure functions, for the call-path simulator.
import { cachedPerZone } from '../../engine/clock-cache.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** local wall-clock fields of an instant in tz */
export interface WallClock {
  minute: number; // minutes since midnight
  weekday: number; // 0 = Sunday
  day: number; // 1..31
  month: number; // 0 = January
}

const clocks = new Map<string, Intl.DateTimeFormat>();
const partsOf = cachedPerZone((ms, tz) => {
  let fmt = clocks.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', weekday: 'short', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    clocks.set(tz, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(ms).map((p) => [p.type, p.value]));
});

/** the wall clock in tz (an IANA name); throws RangeError for an unknown zone */
export function wallClock(instant: Date, tz: string): WallClock {
  const part = partsOf(instant.getTime(), tz);
  return {
    minute: Number(part.hour) * 60 + Number(part.minute),
    weekday: DAYS.indexOf(part.weekday.toLowerCase()),
    day: Number(part.day),
    month: Number(part.month) - 1,
  };
}

/** lookup_name: a name (case-insensitive) or a number 1..max, as a 0-based index; -1 when neither */
function lookup(s: string, names: string[] | undefined, max: number): number {
  if (names && s > '9') {
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i;
  }
  const m = /^\s*(\d{1,2})/.exec(s);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= max ? n - 1 : -1;
}

/** get_range: `*` or empty is everything; `a-b` is cyclic; `&` joins parts; unknown parts are skipped */
function inRange(src: string, value: number, names: string[] | undefined, max: number): boolean {
  if (src === '' || src === '*') return true;
  return src.split('&').some((part) => {
    const [a, b] = part.split('-', 2);
    const start = lookup(a, names, max);
    const end = b === undefined ? start : lookup(b, names, max);
    if (start < 0 || end < 0) return false;
    return start <= end ? value >= start && value <= end : value >= start || value <= end;
  });
}

const clockMinute = (s: string): number | undefined => {
  const m = /^\s*(\d{1,2}):(\d{1,2})/.exec(s);
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
};

/** get_timerange: minute resolution, the end minute included, start > end wraps past midnight */
function inTimeRange(src: string, minute: number): boolean {
  if (src === '' || src === '*') return true;
  return src.split('&').some((part) => {
    const dash = part.indexOf('-');
    const start = clockMinute(dash < 0 ? part : part.slice(0, dash));
    // Asterisk skips anything before the end's digits
    const end = dash < 0 ? start : clockMinute(part.slice(dash + 1).replace(/^\D*/, ''));
    if (start === undefined || end === undefined) return false;
    return start <= end ? minute >= start && minute <= end : minute >= start || minute <= end;
  });
}

/** whether one timing string (`08:30-17:30|mon-fri|*|*`) holds at instant in tz */
export function matches(timing: string, instant: Date, tz: string): boolean {
  const [time = '*', dow = '*', dom = '*', mon = '*'] = timing.split(/[|,]/);
  const at = wallClock(instant, tz);
  return (
    inRange(mon, at.month, MONTHS, 12) && inRange(dom, at.day - 1, undefined, 31) && inRange(dow, at.weekday, DAYS, 7) && inTimeRange(time, at.minute)
  );
}

/** whether a time group (its timing strings) holds: any entry; an empty group never does */
export const groupMatches = (timings: string[], instant: Date, tz: string) => timings.some((t) => matches(t, instant, tz));

/** a time condition's override, a runtime state kept apart from its row (ASTDB TC/<id>) */
export type OverrideState = '' | 'true' | 'false' | 'true_sticky' | 'false_sticky';
const OVERRIDE_STATES: unknown[] = ['', 'true', 'false', 'true_sticky', 'false_sticky'];
export const isOverrideState = (v: unknown): v is OverrideState => OVERRIDE_STATES.includes(v);

/**
 * Where a time condition sends a call (§6.2), and the override state it leaves: a forced
 * state holds while the time disagrees with it; a non-sticky one is cleared once the time
 * itself reaches the forced state.
 */
export function timeConditionBranch(groupHolds: boolean, override: OverrideState): { branch: 'match' | 'otherwise'; override: OverrideState } {
  if (groupHolds) {
    if (override.startsWith('false')) return { branch: 'otherwise', override };
    return { branch: 'match', override: override === 'true' ? '' : override };
  }
  if (override.startsWith('true')) return { branch: 'match', override };
  return { branch: 'otherwise', override: override === 'false' ? '' : override };
}
