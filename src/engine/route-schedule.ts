// The week view of `pbxctl route`: who answers when, as time segments. The path is evaluated
// at every minute (rules are minute-grained) by stepping real instants, so a DST day simply
// has 23 or 25 hours; segments are then cut at local midnights into day profiles, and each
// day is compared with the usual profile of its weekday to find the exceptions (holidays).
import { instantIn, wallParts, describeStep, type CallPath } from './route-path.ts';

export interface Segment {
  /** ISO 8601 instants, `to` exclusive */
  from: string;
  to: string;
  target: string;
}

/** a piece of one local day: wall-clock `HH:MM`, `to` exclusive (`24:00` at midnight) */
export interface Piece {
  from: string;
  to: string;
  target: string;
}

export interface Day {
  /** local `YYYY-MM-DD` */
  date: string;
  /** 0 = Sunday */
  weekday: number;
  pieces: Piece[];
}

export interface Schedule {
  /** the target that takes the most time in the usual week */
  otherwise: string;
  /** the usual pieces other than `otherwise`, with the weekdays they hold on */
  weekly: (Piece & { weekdays: number[] })[];
  /** the days that differ from their weekday's usual profile, in full */
  exceptions: Day[];
}

const MINUTE = 60_000;
const NO_ROUTE = '(no route takes this number)';

/** who answers, in words: the steps after the last time switch (after the route when there is none), as `describeStep` says them without the why, joined by `join` */
export function targetOf(path: CallPath | undefined, join = ' → '): string {
  if (!path) return NO_ROUTE;
  const { steps } = path;
  let first = steps.length;
  while (first > 0 && steps[first - 1].kind !== 'time_switch') first--;
  // the path is evaluated at every instant of a year: no intermediate arrays
  const start = Math.max(first, 1);
  let out = '';
  for (let i = start; i < steps.length; i++) out += (i > start ? join : '') + describeStep(steps[i], false);
  return out || describeStep(steps[0], false);
}

const COARSE = 15 * MINUTE;

/**
 * evaluate at every minute of `exact` (default all of [from, to)) and merge equal consecutive
 * minutes; outside `exact` every 15 minutes, each change then searched down to its minute
 * (a change and back within 15 minutes is missed there: it only serves as reference)
 */
export function segments(evaluate: (at: Date) => string, from: Date, to: Date, exact = { from, to }): Segment[] {
  const out: Segment[] = [];
  const [exactFrom, exactTo] = [exact.from.getTime(), exact.to.getTime()];
  const next = (t: number) => (t >= exactFrom && t < exactTo ? t + MINUTE : t < exactFrom ? Math.min(t + COARSE, exactFrom) : t + COARSE);
  let [start, prev] = [from.getTime(), from.getTime()];
  let current: string | undefined;
  for (let t = start; t < to.getTime(); t = next(t)) {
    let target = evaluate(new Date(t));
    if (current !== undefined && target !== current) {
      let lo = prev;
      while (t - lo > MINUTE) {
        const mid = lo + Math.floor((t - lo) / 2 / MINUTE) * MINUTE;
        const there = evaluate(new Date(mid));
        if (there === current) lo = mid;
        else [t, target] = [mid, there];
      }
      out.push({ from: new Date(start).toISOString(), to: new Date(t).toISOString(), target: current });
      start = t;
    }
    [prev, current] = [t, target];
  }
  if (current !== undefined) out.push({ from: new Date(start).toISOString(), to: to.toISOString(), target: current });
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

/** the local midnight `n` days after the day `instant` falls on */
export function midnight(instant: Date, tz: string, n = 0): Date {
  const p = wallParts(instant, tz);
  return instantIn(p.y, p.mo, p.d + n, 0, 0, tz);
}

/** the segments cut at local midnights, one profile per local day they touch */
export function days(segs: Segment[], tz: string): Day[] {
  const out: Day[] = [];
  for (const s of segs) {
    let at = new Date(s.from);
    const end = new Date(s.to);
    while (at < end) {
      const p = wallParts(at, tz);
      const date = `${p.y}-${two(p.mo)}-${two(p.d)}`;
      const next = midnight(at, tz, 1);
      const stop = next < end ? next : end;
      const q = wallParts(stop, tz);
      const piece = { from: `${two(p.h)}:${two(p.mi)}`, to: stop.getTime() === next.getTime() ? '24:00' : `${two(q.h)}:${two(q.mi)}`, target: s.target };
      if (out.at(-1)?.date !== date) out.push({ date, weekday: p.wd, pieces: [] });
      out.at(-1)!.pieces.push(piece);
      at = stop;
    }
  }
  return out;
}

export const profile = (d: Day) => JSON.stringify(d.pieces);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** each weekday's usual profile: the most common one among the `reference` days of that weekday */
export function usualDays(reference: Day[], wds: Iterable<number>): Map<number, Day> {
  const usual = new Map<number, Day>();
  for (const wd of wds) {
    const counts = new Map<string, { day: Day; n: number }>();
    for (const d of reference.filter((r) => r.weekday === wd)) {
      const c = counts.get(profile(d)) ?? { day: d, n: 0 };
      counts.set(profile(d), { ...c, n: c.n + 1 });
    }
    const best = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.day;
    if (best) usual.set(wd, best);
  }
  return usual;
}

/**
 * the usual week and its exceptions for the days `shown`; a weekday's usual profile is the
 * most common one among all `reference` days of that weekday (pass the weeks around the shown
 * ones, so that a holiday on the only Friday shown is still seen as one)
 */
export function summarize(reference: Day[], shown: Day[]): Schedule {
  const usual = usualDays(reference, new Set(shown.map((d) => d.weekday)));
  for (const d of shown) if (!usual.has(d.weekday)) usual.set(d.weekday, d);
  const time = new Map<string, number>();
  for (const d of usual.values()) for (const p of d.pieces) time.set(p.target, (time.get(p.target) ?? 0) + minutes(p.to) - minutes(p.from));
  const otherwise = [...time.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? NO_ROUTE;
  const weekly = new Map<string, Piece & { weekdays: number[] }>();
  for (const wd of WEEK_ORDER) {
    for (const p of usual.get(wd)?.pieces ?? []) {
      if (p.target === otherwise) continue;
      const key = JSON.stringify(p);
      weekly.set(key, { ...p, weekdays: [...(weekly.get(key)?.weekdays ?? []), wd] });
    }
  }
  const exceptions = shown.filter((d) => profile(d) !== profile(usual.get(d.weekday)!));
  return { otherwise, weekly: [...weekly.values()], exceptions };
}

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** `Mon–Fri`, `Sat, Sun`, `Mon, Wed` */
export function weekdays(wds: number[]): string {
  const idx = wds.map((wd) => WEEK_ORDER.indexOf(wd)).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const i of idx) (runs.at(-1)?.at(-1) === i - 1 ? runs.at(-1)!.push(i) : runs.push([i]));
  return runs.flatMap((r) => (r.length >= 3 ? [`${DAY_NAMES[WEEK_ORDER[r[0]]]}–${DAY_NAMES[WEEK_ORDER[r.at(-1)!]]}`] : r.map((i) => DAY_NAMES[WEEK_ORDER[i]]))).join(', ');
}

/** `08:30–17:30`, or `all day` */
export const span = (p: { from: string; to: string }) => (p.from === '00:00' && p.to === '24:00' ? 'all day' : `${p.from}–${p.to}`);

/** the days a look ahead over the coming year covers, from local midnight: a moved yearly holiday shows */
export const HORIZON_DAYS = 366;

/** the signature samples of a day: every two hours from its midnight */
const SAMPLES = Array.from({ length: 12 }, (_, i) => i * 2 * 3_600_000);

/**
 * what `evaluate` says over the HORIZON_DAYS days from `now`'s local midnight: the usual day
 * of each weekday and the dated days that depart from it. The coming week is evaluated every
 * 15 minutes (each change bisected to its minute); every later day is sampled every two hours,
 * the most common samples per weekday being the usual day, and only the days that sample
 * otherwise are evaluated in full (a departure shorter than two hours after the coming week
 * can be missed). A year at 15 minutes would cost eight times the evaluations.
 */
export function yearAhead(evaluate: (at: Date) => string, now: Date, tz: string): { usual: Map<number, Day>; dated: Day[] } {
  const start = midnight(now, tz);
  const starts = Array.from({ length: HORIZON_DAYS + 1 }, (_, i) => midnight(start, tz, i));
  const full = (i: number): Day => days(segments(evaluate, starts[i], starts[i + 1], { from: starts[i + 1], to: starts[i + 1] }), tz)[0];
  const signatures = starts.slice(0, -1).map((s) => SAMPLES.map((ms) => evaluate(new Date(s.getTime() + ms))).join('\u0001'));
  const weekday = starts.slice(0, -1).map((s) => wallParts(s, tz).wd);
  const usualSignature = new Map<number, string>();
  for (let wd = 0; wd < 7; wd++) {
    const counts = new Map<string, number>();
    weekday.forEach((w, i) => w === wd && counts.set(signatures[i], (counts.get(signatures[i]) ?? 0) + 1));
    usualSignature.set(wd, [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '');
  }
  const week = new Map(Array.from({ length: 7 }, (_, i) => [i, full(i)]));
  const usual = new Map<number, Day>();
  for (let wd = 0; wd < 7; wd++) {
    const i = weekday.findIndex((w, j) => w === wd && signatures[j] === usualSignature.get(wd));
    if (i >= 0) usual.set(wd, week.get(i) ?? full(i));
  }
  const dated = weekday.flatMap((wd, i): Day[] => {
    if (!week.has(i) && signatures[i] === usualSignature.get(wd)) return [];
    const d = week.get(i) ?? full(i);
    const normal = usual.get(wd);
    return normal && profile(d) === profile(normal) ? [] : [d];
  });
  return { usual, dated };
}
