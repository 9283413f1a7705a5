// When a VoipCenter DID takes its route and when its backup route, at one instant. The
// semantics are a project decision (decisions.md, "VoipCenter time filters"): Belgian
// wall-clock time; first rule that applies wins: a holiday, a vacation, outside office
// hours → backup route; otherwise the route. Pure: no I/O, no clock of its own.
import type { LiveState, ModelObject } from '../../engine/model.ts';
import { cachedPerZone } from '../../engine/clock-cache.ts';
import { perList } from '../../engine/route-index.ts';

export const BRUSSELS = 'Europe/Brussels';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** a filter whose content did not read as decided: treated as not used, and said so */
interface Readable {
  name: string;
  unreadable?: string;
}

/** explicit dates (YYYY-MM-DD), each closing the whole local day; never recurring */
export interface HolidaySet extends Readable {
  days: { date: string; name: string }[];
}

/** closed from `start` 00:00 through `end` 23:59:59 local, both days included */
export interface VacationPeriod extends Readable {
  start: string;
  end: string;
}

/** open intervals per weekday, HH:MM, `open` inclusive, `close` exclusive (may be 24:00) */
export interface OfficeHours extends Readable {
  hours: { day: Weekday; open: string; close: string }[];
}

/** the time filters of an account by name, as the model holds them */
export interface TimeFilters {
  holiday_sets: ReadonlyMap<string, HolidaySet>;
  vacations: ReadonlyMap<string, VacationPeriod>;
  office_hours: ReadonlyMap<string, OfficeHours>;
}

/** an instant on the local wall clock */
export interface LocalTime {
  date: string;
  weekday: Weekday;
  /** seconds since local midnight */
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** the wall clock of an instant in a zone (Brussels by default) */
export const localTime = (instant: Date, timeZone = BRUSSELS): LocalTime => localTimeAt(instant.getTime(), timeZone);

const localTimeAt = cachedPerZone((ms: number, timeZone: string): LocalTime => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const part = Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    weekday: part.weekday.toLowerCase() as Weekday,
    second: Number(part.hour) * 3600 + Number(part.minute) * 60 + Number(part.second),
  };
});

/** `HH:MM` as seconds since midnight (`24:00` is the end of the day) */
export const clockSeconds = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

export const holidayOn = (set: HolidaySet, t: LocalTime) => set.days.find((d) => d.date === t.date);

export const inVacation = (period: VacationPeriod, t: LocalTime) => period.start <= t.date && t.date <= period.end;

export const withinOfficeHours = (oh: OfficeHours, t: LocalTime) =>
  oh.hours.some((h) => h.day === t.weekday && clockSeconds(h.open) <= t.second && t.second < clockSeconds(h.close));

/** the names a DID route holds (null: not used), as in the YAML */
export interface DidRouting {
  holidays?: string | null;
  vacations?: string | null;
  office_hours?: string | null;
  route?: string | null;
  backup_route?: string | null;
}

export interface Branch {
  /** which of the DID's two routes the call follows */
  take: 'route' | 'backup_route';
  /** that route's name; null when the DID has none */
  name: string | null;
  /** why, in words: `holiday Kerstmis (Feestdagen België 2026)` */
  because: string;
  /** filters named but not usable (not on the account, or unreadable): treated as not used */
  notes: string[];
}

/** the branch a DID takes at `instant`, its filters looked up by name in `filters` */
export function branchAt(did: DidRouting, filters: TimeFilters, instant: Date): Branch {
  const t = localTime(instant);
  const notes: string[] = [];
  const use = <F extends Readable>(name: string | null | undefined, of: ReadonlyMap<string, F>, noun: string): F | undefined => {
    if (!name) return undefined;
    const f = of.get(name);
    if (!f) notes.push(`${noun} '${name}' is not on the account: not used`);
    else if (f.unreadable) notes.push(`${noun} '${name}' could not be read (${f.unreadable}): not used`);
    return f && !f.unreadable ? f : undefined;
  };
  const holidays = use(did.holidays, filters.holiday_sets, 'holiday set');
  const vacation = use(did.vacations, filters.vacations, 'vacation period');
  const hours = use(did.office_hours, filters.office_hours, 'office hours');
  const backup = (because: string): Branch => ({ take: 'backup_route', name: did.backup_route ?? null, because, notes });

  const holiday = holidays && holidayOn(holidays, t);
  if (holiday) return backup(`holiday ${holiday.name || holiday.date} (${holidays.name})`);
  if (vacation && inVacation(vacation, t)) return backup(`vacation ${vacation.name}`);
  if (hours && !withinOfficeHours(hours, t)) return backup(`outside office hours ${hours.name}`);
  return { take: 'route', name: did.route ?? null, because: hours ? `within office hours ${hours.name}` : 'no time filter closes it', notes };
}

/** the time filters of a live state read with the catalog kinds */
const filtersByName = perList((list) => new Map(list.map((o) => [o.key, o.data])));

export function filtersOf(live: LiveState): TimeFilters {
  const byName = <F>(kind: keyof TimeFilters) => filtersByName(live[kind]) as ReadonlyMap<string, unknown> as ReadonlyMap<string, F>;
  return { holiday_sets: byName<HolidaySet>('holiday_sets'), vacations: byName<VacationPeriod>('vacations'), office_hours: byName<OfficeHours>('office_hours') };
}

/** a filter's content in a few words, for doctor: `mon–fri 08:30–12:00 13:00–17:30` */
export function describeFilter(f: ModelObject): string {
  if (typeof f.unreadable === 'string') return `unreadable: ${f.unreadable}`;
  if (Array.isArray(f.days)) {
    const days = (f as unknown as HolidaySet).days.map((d) => d.date).sort();
    return days.length ? `${days.length} day${days.length > 1 ? 's' : ''}, ${days[0]} to ${days[days.length - 1]}` : 'no days';
  }
  if (typeof f.start === 'string') return `${f.start} to ${String(f.end)}`;
  if (Array.isArray(f.hours)) {
    const { hours } = f as unknown as OfficeHours;
    const ofDay = WEEKDAYS.map((day) => hours.filter((h) => h.day === day).sort((a, b) => a.open.localeCompare(b.open)).map((h) => `${h.open}–${h.close}`).join(' '));
    // runs of consecutive days with the same intervals
    const runs: string[] = [];
    for (let i = 0; i < WEEKDAYS.length; i++) {
      if (!ofDay[i]) continue;
      let j = i;
      while (j + 1 < WEEKDAYS.length && ofDay[j + 1] === ofDay[i]) j++;
      runs.push(`${WEEKDAYS[i]}${j > i ? `–${WEEKDAYS[j]}` : ''} ${ofDay[i]}`);
      i = j;
    }
    return runs.join(', ') || 'closed all week';
  }
  return '';
}
