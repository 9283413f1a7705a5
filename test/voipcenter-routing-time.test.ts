// Which route a VoipCenter DID takes at an instant (decisions.md, "VoipCenter time filters"):
// Belgian wall-clock time with summer time; holidays, then vacations, then office hours
// send calls to the backup route; otherwise the route. Open inclusive, close exclusive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { branchAt, describeFilter, localTime, type DidRouting, type HolidaySet, type OfficeHours, type TimeFilters, type VacationPeriod } from '../src/providers/voipcenter/time.ts';

const FEESTDAGEN: HolidaySet = {
  name: 'Feestdagen België 2026',
  days: [
    { date: '2026-01-01', name: 'Nieuwjaar' },
    { date: '2026-07-21', name: 'Nationale feestdag' },
    { date: '2026-12-25', name: 'Kerstmis' },
  ],
};
const weekdays = (open: string, close: string) => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open, close }));
const GENT: OfficeHours = { name: 'Kantooruren Gent', hours: [...weekdays('08:30', '12:00'), ...weekdays('13:00', '17:30')] };
// the hour that does not exist in March and happens twice in October, and a day closing at midnight
const NACHT: OfficeHours = { name: 'Nachtdienst', hours: [{ day: 'sun', open: '02:00', close: '03:00' }, { day: 'sat', open: '20:00', close: '24:00' }] };
const ZOMER: VacationPeriod = { name: 'Zomersluiting 2026', start: '2026-07-20', end: '2026-08-07' };
const KERST: VacationPeriod = { name: 'Kerstsluiting 2026', start: '2026-12-24', end: '2027-01-01' };

const filters: TimeFilters = {
  holiday_sets: new Map([[FEESTDAGEN.name, FEESTDAGEN], ['Kapot', { name: 'Kapot', days: [], unreadable: 'days.0.date "31/12" is not a YYYY-MM-DD date' }]]),
  vacations: new Map([[ZOMER.name, ZOMER], [KERST.name, KERST]]),
  office_hours: new Map([[GENT.name, GENT], [NACHT.name, NACHT]]),
};

const MAIN: DidRouting = { holidays: FEESTDAGEN.name, vacations: KERST.name, office_hours: GENT.name, route: 'Onthaal eerst', backup_route: 'Algemene voicemail' };

/** `route` or `backup: <because>` at each UTC instant */
function check(did: DidRouting, vectors: [string, string][]) {
  for (const [utc, want] of vectors) {
    const b = branchAt(did, filters, new Date(utc));
    assert.is(b.take === 'route' ? 'route' : `backup: ${b.because}`, want, `${utc} (Brussels ${JSON.stringify(localTime(new Date(utc)))})`);
  }
}

test('local time in Brussels: CET in winter, CEST in summer, the skipped and the repeated hour', () => {
  assert.equal(localTime(new Date('2026-01-05T07:30:00Z')), { date: '2026-01-05', weekday: 'mon', second: 8.5 * 3600 });
  assert.equal(localTime(new Date('2026-07-06T06:30:00Z')), { date: '2026-07-06', weekday: 'mon', second: 8.5 * 3600 });
  // last Sunday of March: 02:00 CET becomes 03:00 CEST
  assert.equal(localTime(new Date('2026-03-29T00:59:59Z')).second, 1 * 3600 + 59 * 60 + 59);
  assert.equal(localTime(new Date('2026-03-29T01:00:00Z')).second, 3 * 3600);
  // last Sunday of October: 02:30 happens twice
  assert.equal(localTime(new Date('2026-10-25T00:30:00Z')), { date: '2026-10-25', weekday: 'sun', second: 2.5 * 3600 });
  assert.equal(localTime(new Date('2026-10-25T01:30:00Z')), { date: '2026-10-25', weekday: 'sun', second: 2.5 * 3600 });
  // local midnight is not UTC midnight
  assert.equal(localTime(new Date('2026-12-31T23:00:00Z')), { date: '2027-01-01', weekday: 'fri', second: 0 });
});

test('office hours: open inclusive, close exclusive, the lunch gap, the same wall clock across both DST changes', () => {
  check(MAIN, [
    // Friday before summer time: 08:30 CET is 07:30 UTC
    ['2026-03-27T07:29:59Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-03-27T07:30:00Z', 'route'],
    // Monday after: 08:30 CEST is 06:30 UTC
    ['2026-03-30T06:29:59Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-03-30T06:30:00Z', 'route'],
    ['2026-03-30T09:59:59Z', 'route'],
    ['2026-03-30T10:00:00Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-03-30T10:59:59Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-03-30T11:00:00Z', 'route'],
    ['2026-03-30T15:29:59Z', 'route'],
    ['2026-03-30T15:30:00Z', 'backup: outside office hours Kantooruren Gent'],
    // Friday before winter time: 17:30 CEST is 15:30 UTC; Monday after: 17:30 CET is 16:30 UTC
    ['2026-10-23T15:29:59Z', 'route'],
    ['2026-10-23T15:30:00Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-10-26T15:30:00Z', 'route'],
    ['2026-10-26T16:29:59Z', 'route'],
    ['2026-10-26T16:30:00Z', 'backup: outside office hours Kantooruren Gent'],
    // a day without an interval is closed all day
    ['2026-03-28T10:00:00Z', 'backup: outside office hours Kantooruren Gent'],
  ]);
});

test('an interval in the skipped hour never opens; in the repeated hour it is open twice; 24:00 closes at midnight', () => {
  const night: DidRouting = { office_hours: NACHT.name, route: 'Nacht', backup_route: 'Dicht' };
  const closed = 'backup: outside office hours Nachtdienst';
  check(night, [
    ['2026-03-29T00:59:59Z', closed],
    ['2026-03-29T01:00:00Z', closed],
    ['2026-10-25T00:00:00Z', 'route'],
    ['2026-10-25T00:59:59Z', 'route'],
    ['2026-10-25T01:00:00Z', 'route'],
    ['2026-10-25T01:59:59Z', 'route'],
    ['2026-10-25T02:00:00Z', closed],
    ['2026-03-28T19:00:00Z', 'route'],
    ['2026-03-28T22:59:59Z', 'route'],
    ['2026-03-28T23:00:00Z', closed],
  ]);
});

test('holidays win over vacations, vacations over office hours; whole local days, ranges over New Year, nothing recurs', () => {
  check(MAIN, [
    ['2026-01-01T10:00:00Z', 'backup: holiday Nieuwjaar (Feestdagen België 2026)'],
    ['2026-12-23T22:59:59Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-12-23T23:00:00Z', 'backup: vacation Kerstsluiting 2026'],
    // Christmas is in the vacation too: the holiday is named
    ['2026-12-24T23:00:00Z', 'backup: holiday Kerstmis (Feestdagen België 2026)'],
    ['2026-12-25T22:59:59Z', 'backup: holiday Kerstmis (Feestdagen België 2026)'],
    ['2026-12-25T23:00:00Z', 'backup: vacation Kerstsluiting 2026'],
    ['2026-12-31T22:59:59Z', 'backup: vacation Kerstsluiting 2026'],
    // 1 January 2027 is not in a 2026 holiday set: the vacation closes it
    ['2027-01-01T10:00:00Z', 'backup: vacation Kerstsluiting 2026'],
    ['2027-01-01T22:59:59Z', 'backup: vacation Kerstsluiting 2026'],
    ['2027-01-01T23:00:00Z', 'backup: outside office hours Kantooruren Gent'],
    ['2027-01-04T08:00:00Z', 'route'],
  ]);
  const summer: DidRouting = { ...MAIN, vacations: ZOMER.name };
  check(summer, [
    ['2026-07-19T21:59:59Z', 'backup: outside office hours Kantooruren Gent'],
    ['2026-07-19T22:00:00Z', 'backup: vacation Zomersluiting 2026'],
    ['2026-07-21T10:00:00Z', 'backup: holiday Nationale feestdag (Feestdagen België 2026)'],
    ['2026-08-07T21:59:59Z', 'backup: vacation Zomersluiting 2026'],
    ['2026-08-10T07:00:00Z', 'route'],
  ]);
});

test('filters not used, not on the account or unreadable: the route applies and the answer says why', () => {
  const plain = branchAt({ route: 'Onthaal eerst', holidays: null }, filters, new Date('2026-12-25T03:00:00Z'));
  assert.equal(plain, { take: 'route', name: 'Onthaal eerst', because: 'no time filter closes it', notes: [] });
  const gone = branchAt({ holidays: '#99', office_hours: GENT.name, route: 'R', backup_route: 'B' }, filters, new Date('2026-12-25T09:00:00Z'));
  assert.equal(gone, { take: 'route', name: 'R', because: 'within office hours Kantooruren Gent', notes: ["holiday set '#99' is not on the account: not used"] });
  const broken = branchAt({ holidays: 'Kapot' }, filters, new Date('2026-12-25T09:00:00Z'));
  assert.equal(broken.notes, ['holiday set \'Kapot\' could not be read (days.0.date "31/12" is not a YYYY-MM-DD date): not used']);
  // closed without a backup route: no name to give
  assert.equal(branchAt({ office_hours: GENT.name, route: 'R' }, filters, new Date('2026-03-28T10:00:00Z')).name, null);
});

test('a filter in a few words', () => {
  assert.is(describeFilter(GENT as never), 'mon–fri 08:30–12:00 13:00–17:30');
  assert.is(describeFilter(NACHT as never), 'sat 20:00–24:00, sun 02:00–03:00');
  assert.is(describeFilter({ name: 'x', hours: [] }), 'closed all week');
  assert.is(describeFilter(FEESTDAGEN as never), '3 days, 2026-01-01 to 2026-12-25');
  assert.is(describeFilter(KERST as never), '2026-12-24 to 2027-01-01');
});

test.run();
