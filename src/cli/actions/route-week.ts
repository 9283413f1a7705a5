// pbxctl route --week / --from --to: who answers when over a range, per side, as the usual
// week by weekday plus the dated exceptions (or the raw segments as JSON).
import { describeInstant, instantIn, parseWhen, wallParts } from '../../engine/route-path.ts';
import { DAY_NAMES, days, midnight, segments, span, summarize, weekdays, type Day, type Schedule, type Segment } from '../../engine/route-schedule.ts';
import { UserError } from '../command.ts';

const FULL_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** [from, to): --from/--to, else the week (Monday 00:00 on) containing `at` */
export function rangeOf(opts: { from?: string; to?: string }, at: Date, tz: string): { from: Date; to: Date } {
  const parse = (flag: string, text: string) => {
    const d = parseWhen(text, tz, at);
    if (!d) throw new UserError(`${flag} ${text}: not a date; use ISO 8601 (2026-12-21 or 2026-12-21T08:00)`);
    return d;
  };
  const from = opts.from !== undefined ? parse('--from', opts.from) : midnight(at, tz, -((wallParts(at, tz).wd + 6) % 7));
  const p = wallParts(from, tz);
  const to = opts.to !== undefined ? parse('--to', opts.to) : instantIn(p.y, p.mo, p.d + 7, p.h, p.mi, tz);
  if (to <= from) throw new UserError(`--to must come after --from (${describeInstant(from, tz)})`);
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new UserError('--from to --to spans more than a year: ask for a shorter range');
  return { from, to };
}

export interface SideSchedule {
  segments: Segment[];
  schedule: Schedule;
}

/**
 * the segments in [from, to), every minute evaluated, and the schedule of its days; the two
 * weeks either side are evaluated too (coarser), so that each weekday's usual profile is known
 * even when the range holds it once
 */
export function scheduleOf(evaluate: (at: Date) => string, from: Date, to: Date, tz: string): SideSchedule {
  const lastMinute = new Date(to.getTime() - 60_000);
  const [first, last] = [dateOf(from, tz), dateOf(lastMinute, tz)];
  const all = segments(evaluate, midnight(from, tz, -14), midnight(lastMinute, tz, 15), { from, to });
  const everyDay = days(all, tz);
  const shown = everyDay.filter((d) => d.date >= first && d.date <= last);
  const clipped = all
    .filter((s) => new Date(s.to) > from && new Date(s.from) < to)
    .map((s) => ({ ...s, from: maxIso(s.from, from), to: minIso(s.to, to) }));
  return { segments: clipped, schedule: summarize(everyDay, shown) };
}

const dateOf = (d: Date, tz: string) => describeInstant(d, tz).slice(4, 14);
const maxIso = (iso: string, d: Date) => (new Date(iso) < d ? d.toISOString() : iso);
const minIso = (iso: string, d: Date) => (new Date(iso) > d ? d.toISOString() : iso);

/** the usual week, `otherwise`, then each exception day with its date */
export function renderSchedule(side: string, s: Schedule): string[] {
  const rows: [string, string][] = [
    ...s.weekly.map((p): [string, string] => [`${weekdays(p.weekdays)} ${span(p)}`, p.target]),
    [s.weekly.length ? 'otherwise' : 'always', s.otherwise],
    ...s.exceptions.flatMap((d: Day) => d.pieces.map((p, i): [string, string] => [`${DAY_NAMES[d.weekday]} ${d.date} ${span(p)}`, i === d.pieces.length - 1 ? `${p.target}   (not the usual ${FULL_NAMES[d.weekday]})` : p.target])),
  ];
  const width = Math.max(...rows.map(([when]) => when.length)) + 2;
  return [`  ${side}`, ...rows.map(([when, target]) => `  ${when.padEnd(width)}→ ${target}`)];
}
