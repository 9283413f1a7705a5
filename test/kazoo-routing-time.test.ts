// kazoo-routing.md §7.8: how temporal_route decides, every test vector, plus DST and a
// zone without DST, against the pure evaluator in src/providers/kazoo/time.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveTimezone, ruleMatches, temporalRoute, type TemporalRule } from '../src/providers/kazoo/time.ts';

const BXL = 'Europe/Brussels';
const NYC = 'America/New_York';
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const R: Record<string, TemporalRule> = {
  A: { cycle: 'weekly', wdays: weekdays, time_window_start: 32400, time_window_stop: 61200, start_date: 62586115200 },
  H: { cycle: 'yearly', month: 12, days: [25], start_date: 62586115200 },
  D: { cycle: 'date', start_date: 63944805600 },
  U: { cycle: 'date', start_date: 63939628800 },
  E: { cycle: 'daily', interval: 2, start_date: 63939625200 },
  W: { cycle: 'weekly', interval: 2, wdays: ['monday'], start_date: 63939798000 },
  M: { cycle: 'monthly', days: [31], start_date: 62586115200 },
  L: { cycle: 'monthly', ordinal: 'last', wdays: ['friday'], start_date: 62586115200 },
  F: { cycle: 'monthly', ordinal: 'fifth', wdays: ['monday'], start_date: 62586115200 },
  T: { cycle: 'yearly', ordinal: 'fourth', wdays: ['thursday'], month: 11, start_date: 62586115200 },
  Y: { cycle: 'yearly', interval: 2, month: 1, days: [1], start_date: 63902905200 },
  P: { cycle: 'yearly', month: 2, days: [29], start_date: 62586115200 },
  N: { cycle: 'weekly', time_window_start: 79200, time_window_stop: 21600, start_date: 62586115200 },
  S: { cycle: 'weekly', wdays: ['sunday'], time_window_start: 7200, time_window_stop: 10800, start_date: 62586115200 },
  X: { cycle: 'monthly', days: [1, 30, 31], start_date: 62586115200 },
};

// [#, rule, zone, instant (UTC), expected]
const VECTORS: [number, TemporalRule, string, string, boolean][] = [
  [1, R.A, BXL, '2026-03-02T08:00:00Z', true],
  [2, R.A, BXL, '2026-03-02T07:59:59Z', false],
  [3, R.A, BXL, '2026-03-02T16:00:00Z', true],
  [4, R.A, BXL, '2026-03-02T16:00:01Z', false],
  [5, R.A, BXL, '2026-03-07T10:00:00Z', false],
  [6, R.A, BXL, '2026-03-27T15:30:00Z', true],
  [7, R.A, BXL, '2026-03-30T15:30:00Z', false],
  [8, R.A, NYC, '2026-03-02T14:00:00Z', true],
  [9, R.A, resolveTimezone(undefined, [undefined, 'inherit']), '2026-03-02T17:30:00Z', true],
  [10, R.A, BXL, '2026-03-02T17:30:00Z', false],
  [11, { ...R.A, enabled: true }, BXL, '2026-03-07T02:00:00Z', true],
  [12, { ...R.A, enabled: false }, BXL, '2026-03-02T09:00:00Z', false],
  [13, R.H, BXL, '2026-12-24T23:00:00Z', true],
  [14, R.H, BXL, '2026-12-25T22:59:59Z', true],
  [15, R.H, BXL, '2026-12-25T23:00:00Z', false],
  [16, R.H, 'UTC', '2026-12-24T23:30:00Z', false],
  [17, R.D, BXL, '2026-05-01T10:00:00Z', true],
  [18, R.D, BXL, '2026-05-01T22:00:00Z', true],
  [19, R.D, BXL, '2026-05-01T22:00:01Z', false],
  [20, { ...R.D, enabled: true }, BXL, '2026-04-30T12:00:00Z', false],
  [21, R.U, NYC, '2026-03-01T20:00:00Z', true],
  [22, R.U, NYC, '2026-03-02T12:00:00Z', false],
  [23, R.E, BXL, '2026-03-02T12:00:00Z', false],
  [24, R.E, BXL, '2026-03-03T12:00:00Z', false],
  [25, R.E, BXL, '2026-03-04T12:00:00Z', true],
  [26, R.W, BXL, '2026-03-02T12:00:00Z', false],
  [27, R.W, BXL, '2026-03-09T12:00:00Z', false],
  [28, R.W, BXL, '2026-03-16T12:00:00Z', true],
  [29, R.M, BXL, '2026-03-31T12:00:00Z', true],
  [30, R.M, BXL, '2026-05-01T12:00:00Z', true],
  [31, R.M, BXL, '2026-03-01T12:00:00Z', false],
  [32, R.X, 'UTC', '2026-03-01T12:00:00Z', false],
  [33, R.L, BXL, '2026-03-27T12:00:00Z', true],
  [34, R.L, BXL, '2026-03-20T12:00:00Z', false],
  [35, R.F, BXL, '2026-06-29T12:00:00Z', true],
  [36, R.F, BXL, '2026-06-01T12:00:00Z', true],
  [37, R.T, NYC, '2026-11-26T17:00:00Z', true],
  [38, R.T, NYC, '2026-11-19T17:00:00Z', false],
  [39, R.Y, BXL, '2027-01-01T12:00:00Z', true],
  [40, R.Y, BXL, '2026-01-01T12:00:00Z', false],
  [41, R.P, BXL, '2027-03-01T12:00:00Z', true],
  [42, R.P, BXL, '2028-03-01T12:00:00Z', false],
  [43, R.N, BXL, '2026-03-02T22:30:00Z', false],
  [44, R.S, BXL, '2026-03-29T00:59:59Z', false],
  [45, R.S, BXL, '2026-03-29T01:00:00Z', true],
  [46, R.S, BXL, '2026-10-25T00:30:00Z', true],
  [47, R.S, BXL, '2026-10-25T01:30:00Z', true],
  [48, R.A, 'Asia/Kolkata', '2026-03-02T03:30:00Z', true],
  [49, { name: 'no cycle', enabled: undefined } as TemporalRule, BXL, '2026-03-02T09:00:00Z', false],
];

test('every rule-level test vector of kazoo-routing.md §7.8', () => {
  const wrong = VECTORS.filter(([, rule, tz, at, want]) => ruleMatches(rule, new Date(at), tz) !== want).map(([n]) => n);
  assert.equal(wrong, []);
});

test('route level: the first matching route wins, a listed rule without a child falls back to _', () => {
  const docs = (id: string) => ({ H: R.H, A: R.A })[id];
  const node = { rules: ['H', 'A'], children: ['H', 'A', '_'] };
  assert.is(temporalRoute(node, docs, new Date('2026-12-25T09:00:00Z'), BXL), 'H');
  assert.is(temporalRoute(node, docs, new Date('2026-03-02T09:00:00Z'), BXL), 'A');
  assert.is(temporalRoute(node, docs, new Date('2026-03-02T19:00:00Z'), BXL), '_');
  assert.is(temporalRoute({ rules: ['H', 'A'], children: ['H', '_'] }, docs, new Date('2026-03-02T09:00:00Z'), BXL), '_');
  // children keys act as rules without `rules`; a set expands to its rules under the set's key
  const withSet = (id: string) => (id === 'hours' ? { temporal_rules: ['A'] } : docs(id));
  assert.is(temporalRoute({ children: ['hours', '_'] }, withSet, new Date('2026-03-02T09:00:00Z'), BXL), 'hours');
  assert.is(temporalRoute({ children: ['gone'] }, withSet, new Date('2026-03-02T09:00:00Z'), BXL), undefined);
});

test('DST in Brussels: office hours follow the wall clock across spring-forward and fall-back', () => {
  // 08:30–17:30 Mon–Sat, so both change weekends (Sat 28 Mar, Sat 24 Oct / Sun) are covered
  const office: TemporalRule = { cycle: 'weekly', wdays: [...weekdays, 'saturday'], time_window_start: 30600, time_window_stop: 63000, start_date: 62586115200 };
  const at = (iso: string) => ruleMatches(office, new Date(iso), BXL);
  assert.ok(at('2026-03-28T07:30:00Z')); // Sat 08:30 CET
  assert.not.ok(at('2026-03-28T07:29:59Z'));
  assert.ok(at('2026-03-30T06:30:00Z')); // Mon 08:30 CEST: one hour earlier in UTC
  assert.not.ok(at('2026-03-30T06:29:59Z'));
  assert.ok(at('2026-10-24T15:30:00Z')); // Sat 17:30 CEST
  assert.not.ok(at('2026-10-24T15:30:01Z'));
  assert.ok(at('2026-10-26T16:30:00Z')); // Mon 17:30 CET
  assert.not.ok(at('2026-10-26T16:30:01Z'));
});

test('a zone without DST (Asia/Jakarta, +07:00) keeps the same UTC hours all year', () => {
  const office: TemporalRule = { cycle: 'weekly', wdays: weekdays, time_window_start: 30600, time_window_stop: 63000, start_date: 62586115200 };
  for (const day of ['2026-01-05', '2026-03-30', '2026-07-06', '2026-10-26']) {
    assert.ok(ruleMatches(office, new Date(`${day}T01:30:00Z`), 'Asia/Jakarta'), day);
    assert.not.ok(ruleMatches(office, new Date(`${day}T01:29:59Z`), 'Asia/Jakarta'), day);
    assert.ok(ruleMatches(office, new Date(`${day}T10:30:00Z`), 'Asia/Jakarta'), day);
    assert.not.ok(ruleMatches(office, new Date(`${day}T10:30:01Z`), 'Asia/Jakarta'), day);
  }
});

test.run();
