// When an Issabel time group holds (Asterisk's GotoIfTime, issabel-routing.md §6.1) and
// where a time condition sends a call with its override state (§6.2), including the DST
// changes of Europe/Brussels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { groupMatches, matches, timeConditionBranch } from '../src/providers/issabel/time.ts';

const BXL = 'Europe/Brussels';
/** an instant given as UTC */
const utc = (iso: string) => new Date(`${iso}Z`);

test('hours: minute resolution, the end minute included, seconds ignored', () => {
  // 2026-06-03 is a Wednesday; Brussels is UTC+2 in summer
  assert.ok(matches('09:00-17:00|*|*|*', utc('2026-06-03T07:00:00'), BXL));
  assert.ok(matches('09:00-17:00|*|*|*', utc('2026-06-03T15:00:59'), BXL));
  assert.not.ok(matches('09:00-17:00|*|*|*', utc('2026-06-03T15:01:00'), BXL));
  assert.not.ok(matches('09:00-17:00|*|*|*', utc('2026-06-03T06:59:59'), BXL));
  // start == end is that one minute; * and empty are all day
  assert.ok(matches('12:00-12:00|*|*|*', utc('2026-06-03T10:00:30'), BXL));
  assert.not.ok(matches('12:00-12:00|*|*|*', utc('2026-06-03T10:01:00'), BXL));
  assert.ok(matches('*|*|*|*', utc('2026-06-03T22:13:00'), BXL));
  assert.ok(matches('|*|*|*', utc('2026-06-03T22:13:00'), BXL));
});

test('a range that wraps past midnight holds late and early on the same calendar day', () => {
  assert.ok(matches('22:00-06:00|wed|*|*', utc('2026-06-03T21:30:00'), BXL)); // Wed 23:30
  assert.ok(matches('22:00-06:00|wed|*|*', utc('2026-06-03T02:00:00'), BXL)); // Wed 04:00
  assert.not.ok(matches('22:00-06:00|wed|*|*', utc('2026-06-04T02:00:00'), BXL)); // Thu 04:00
  assert.not.ok(matches('22:00-06:00|*|*|*', utc('2026-06-03T10:00:00'), BXL));
  // & joins ranges; an invalid range is skipped
  assert.ok(matches('08:00-09:00&13:00-14:00|*|*|*', utc('2026-06-03T11:30:00'), BXL));
  assert.not.ok(matches('08:00-09:00&13:00-14:00|*|*|*', utc('2026-06-03T09:30:00'), BXL));
  assert.not.ok(matches('25:00-26:00|*|*|*', utc('2026-06-03T09:30:00'), BXL));
});

test('weekday, month day and month ranges are cyclic; names in any case, numbers accepted', () => {
  // fri-mon: Fri, Sat, Sun, Mon
  assert.ok(matches('*|fri-mon|*|*', utc('2026-06-07T10:00:00'), BXL)); // Sunday
  assert.ok(matches('*|FRI-Mon|*|*', utc('2026-06-08T10:00:00'), BXL)); // Monday
  assert.not.ok(matches('*|fri-mon|*|*', utc('2026-06-03T10:00:00'), BXL)); // Wednesday
  assert.ok(matches('*|1|*|*', utc('2026-06-07T10:00:00'), BXL)); // 1 = Sunday
  // nov-feb over the new year
  assert.ok(matches('*|*|*|nov-feb', utc('2026-01-15T10:00:00'), BXL));
  assert.ok(matches('*|*|*|nov-feb', utc('2026-12-15T10:00:00'), BXL));
  assert.not.ok(matches('*|*|*|nov-feb', utc('2026-03-15T10:00:00'), BXL));
  // 28-3 over the month's end
  assert.ok(matches('*|*|28-3|*', utc('2026-06-30T10:00:00'), BXL));
  assert.ok(matches('*|*|28-3|*', utc('2026-07-02T10:00:00'), BXL));
  assert.not.ok(matches('*|*|28-3|*', utc('2026-07-04T10:00:00'), BXL));
  // an unknown element is skipped, the rest still counts
  assert.ok(matches('*|xyz&wed|*|*', utc('2026-06-03T10:00:00'), BXL));
  assert.not.ok(matches('*|xyz|*|*', utc('2026-06-03T10:00:00'), BXL));
});

test('a dated holiday recurs every year, on the wall clock of the server', () => {
  const christmas = '00:00-23:59|*|25|dec';
  assert.ok(matches(christmas, utc('2026-12-25T12:00:00'), BXL));
  assert.ok(matches(christmas, utc('2031-12-25T12:00:00'), BXL));
  // 23:30 UTC on the 24th is already the 25th in Brussels, not in UTC
  assert.ok(matches(christmas, utc('2026-12-24T23:30:00'), BXL));
  assert.not.ok(matches(christmas, utc('2026-12-24T23:30:00'), 'UTC'));
  const office = ['08:30-17:30|mon-fri|*|*'];
  assert.ok(groupMatches(office, utc('2026-12-25T09:00:00'), BXL)); // a Friday
  assert.not.ok(groupMatches([], utc('2026-12-25T09:00:00'), BXL)); // an empty group never holds
});

test('DST in Brussels: the skipped hour never holds, the repeated hour holds twice', () => {
  const twoAm = '02:00-02:59|*|*|*';
  // 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC
  for (const at of ['2026-03-29T00:59:00', '2026-03-29T01:00:00', '2026-03-29T01:30:00', '2026-03-29T01:59:00'])
    assert.not.ok(matches(twoAm, utc(at), BXL), at);
  assert.ok(matches('03:00-03:00|*|*|*', utc('2026-03-29T01:00:00'), BXL));
  // 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC, so 02:30 comes twice
  assert.ok(matches(twoAm, utc('2026-10-25T00:30:00'), BXL));
  assert.ok(matches(twoAm, utc('2026-10-25T01:30:00'), BXL));
  assert.not.ok(matches(twoAm, utc('2026-10-25T02:30:00'), BXL));
  // office hours keep to the wall clock across the change: 08:30 local is 06:30 UTC in summer, 07:30 in winter
  const office = '08:30-17:30|mon-fri|*|*';
  assert.ok(matches(office, utc('2026-10-23T06:30:00'), BXL)); // Friday before
  assert.not.ok(matches(office, utc('2026-10-26T06:30:00'), BXL)); // Monday after: 07:30 local
  assert.ok(matches(office, utc('2026-10-26T07:30:00'), BXL));
});

test('a zone without DST (Asia/Kolkata, +05:30) keeps the same UTC minutes on both Brussels change weekends', () => {
  const office = '08:30-17:30|mon-fri|*|*';
  // Mondays before and after each change: 08:30 IST is always 03:00 UTC, 17:30 IST 12:00 UTC
  for (const day of ['2026-03-23', '2026-03-30', '2026-10-19', '2026-10-26']) {
    assert.ok(matches(office, utc(`${day}T03:00:00`), 'Asia/Kolkata'), day);
    assert.not.ok(matches(office, utc(`${day}T02:59:59`), 'Asia/Kolkata'), day);
    assert.ok(matches(office, utc(`${day}T12:00:59`), 'Asia/Kolkata'), day);
    assert.not.ok(matches(office, utc(`${day}T12:01:00`), 'Asia/Kolkata'), day);
  }
  // the hour Brussels skips and the one it repeats are ordinary hours there
  assert.ok(matches('06:30-06:30|sun|*|*', utc('2026-03-29T01:00:00'), 'Asia/Kolkata'));
  assert.ok(matches('06:00-06:00|sun|*|*', utc('2026-10-25T00:30:00'), 'Asia/Kolkata'));
  assert.not.ok(matches('06:00-06:00|sun|*|*', utc('2026-10-25T01:30:00'), 'Asia/Kolkata'));
});

test('an unknown timezone is an error, not a silent UTC', () => {
  assert.throws(() => matches('*|*|*|*', new Date(), 'Europe/Atlantis'), RangeError);
});

test('time condition overrides: sticky states hold, non-sticky ones clear once the time agrees', () => {
  assert.equal(timeConditionBranch(true, ''), { branch: 'match', override: '' });
  assert.equal(timeConditionBranch(false, ''), { branch: 'otherwise', override: '' });
  assert.equal(timeConditionBranch(true, 'false'), { branch: 'otherwise', override: 'false' });
  assert.equal(timeConditionBranch(false, 'false'), { branch: 'otherwise', override: '' });
  assert.equal(timeConditionBranch(false, 'true'), { branch: 'match', override: 'true' });
  assert.equal(timeConditionBranch(true, 'true'), { branch: 'match', override: '' });
  assert.equal(timeConditionBranch(true, 'false_sticky'), { branch: 'otherwise', override: 'false_sticky' });
  assert.equal(timeConditionBranch(false, 'false_sticky'), { branch: 'otherwise', override: 'false_sticky' });
  assert.equal(timeConditionBranch(false, 'true_sticky'), { branch: 'match', override: 'true_sticky' });
  assert.equal(timeConditionBranch(true, 'true_sticky'), { branch: 'match', override: 'true_sticky' });
});

test.run();
