// pbxctl route --week through the CLI and the Issabel sandbox on the example: the usual week
// (Mon–Fri 08:30 to 17:30 inclusive on group 600, voicemail otherwise) and the holidays as
// dated exceptions, desired and live; the segments as JSON with their exact minute boundaries;
// and the segment merging of src/engine/route-schedule.ts with a synthetic evaluator across
// Brussels' spring DST change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantIn, wallParts } from '../src/engine/route-path.ts';
import { days, segments, summarize } from '../src/engine/route-schedule.ts';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, workspace, type Workspace } from './helpers/workspace.ts';

let ws: Workspace;
const route = (args: string[]) => cli(['route', '3292451010', '--provider', 'hq', '--sandbox', '--no-color', ...args], { cwd: ws.dir });

test.before(async () => {
  ws = await workspace(await exampleYaml());
});

test('the week of 25 December: Mon–Fri office hours on ring group 600, voicemail otherwise, Christmas as a dated exception on both sides', async () => {
  const r = await route(['--week', '--at', '2026-12-25T12:00']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines[0], '3292451010, week of Mon 2026-12-21 (Europe/Brussels), hq');
  for (const [side, at] of [['desired', 1], ['live', 5]] as const) {
    assert.is(lines[at], `  ${side}`);
    assert.match(lines[at + 1], /^ {2}Mon–Fri 08:30–17:31 +→ ring group 600: "Sales"/);
    assert.match(lines[at + 2], /^ {2}otherwise +→ voicemail box 1000: "Antonio"/);
    assert.match(lines[at + 3], /^ {2}Fri 2026-12-25 all day +→ voicemail box 1000: .*\(not the usual Friday\)$/);
  }
  assert.match(lines[2], /ringall 20 s: 1000 30 s, 1001 20 s/); // the YAML's group
  assert.match(lines[6], /ringall 15 s: 1000 30 s, 1003 20 s/); // the seed's
  assert.is(lines.length, 9);
});

test('the week of New Year: only the YAML declares 1 January a holiday', async () => {
  const r = await route(['--week', '--at', '2027-01-01T12:00']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const [desired, live] = r.stdout.split('\n  live\n');
  assert.match(desired, /\n {2}Fri 2027-01-01 all day +→ voicemail box 1000/);
  assert.not.match(live, /2027-01-01/);
  assert.match(live, /^ {2}Mon–Fri 08:30–17:31 +→ ring group 600/m);
  const only = await route(['--week', '--at', '2027-01-01T12:00', '--desired']);
  assert.not.match(only.stdout, /\blive\b/);
});

interface Segment {
  from: string;
  to: string;
  target: string;
}

test('--json: {from, to, target}[] per side covering the range; 17:30 still rings the group, 17:31 is voicemail (Issabel includes the end minute)', async () => {
  const r = await route(['--from', '2026-12-21', '--to', '2026-12-24', '--live', '--json']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { provider: string; timezone: string; from: string; to: string; live: Segment[]; desired?: Segment[] };
  assert.equal([data.provider, data.timezone, data.from, data.to], ['hq', 'Europe/Brussels', '2026-12-20T23:00:00.000Z', '2026-12-23T23:00:00.000Z']);
  assert.is(data.desired, undefined);
  assert.equal(data.live.map((s) => [s.from, s.to, s.target.split(':')[0]]), [
    ['2026-12-20T23:00:00.000Z', '2026-12-21T07:30:00.000Z', 'voicemail box 1000'],
    ['2026-12-21T07:30:00.000Z', '2026-12-21T16:31:00.000Z', 'ring group 600'],
    ['2026-12-21T16:31:00.000Z', '2026-12-22T07:30:00.000Z', 'voicemail box 1000'],
    ['2026-12-22T07:30:00.000Z', '2026-12-22T16:31:00.000Z', 'ring group 600'],
    ['2026-12-22T16:31:00.000Z', '2026-12-23T07:30:00.000Z', 'voicemail box 1000'],
    ['2026-12-23T07:30:00.000Z', '2026-12-23T16:31:00.000Z', 'ring group 600'],
    ['2026-12-23T16:31:00.000Z', '2026-12-23T23:00:00.000Z', 'voicemail box 1000'],
  ]);
  // the boundaries agree with the single-instant path
  const last = async (at: string) => JSON.parse((await route(['--at', at, '--live', '--json'])).stdout).live.steps.at(-2).kind as string;
  assert.is(await last('2026-12-21T17:30'), 'ring_group');
  assert.is(await last('2026-12-21T17:31'), 'time_switch');
  assert.is(await last('2026-12-21T08:29'), 'time_switch');
});

test('a bad range is an error, nothing printed on stdout', async () => {
  const r = await route(['--from', '2026-12-24', '--to', '2026-12-21']);
  assert.is(r.code === 0, false);
  assert.match(r.stderr, /--to must come after --from/);
  assert.is(r.stdout, '');
  const bad = await route(['--from', 'next week']);
  assert.match(bad.stderr, /--from next week: not a date/);
});

const TZ = 'Europe/Brussels';
/** open Mon–Fri 08:30–17:30 (exclusive), night service 01:00–04:00 daily, closed otherwise; 26 March (a Thursday) closed all day */
function synthetic(at: Date): string {
  const p = wallParts(at, TZ);
  const m = p.h * 60 + p.mi;
  if (m >= 60 && m < 240) return 'night';
  if (p.mo === 3 && p.d === 26) return 'closed';
  return p.wd >= 1 && p.wd <= 5 && m >= 510 && m < 1050 ? 'open' : 'closed';
}

test('segments and days across the spring DST change (Sun 29 March 2026 has 23 hours): wall-clock pieces stay right, the holiday is the only exception', () => {
  const [from, to] = [instantIn(2026, 3, 23, 0, 0, TZ), instantIn(2026, 3, 30, 0, 0, TZ)];
  assert.is(to.getTime() - from.getTime(), (7 * 24 - 1) * 3_600_000);
  const segs = segments(synthetic, from, to);
  // Saturday 04:00 to Sunday 01:00 CET closed, night 01:00 CET to 04:00 CEST is two real hours, then closed to the end
  assert.equal(segs.slice(-3), [
    { from: '2026-03-28T03:00:00.000Z', to: '2026-03-29T00:00:00.000Z', target: 'closed' },
    { from: '2026-03-29T00:00:00.000Z', to: '2026-03-29T02:00:00.000Z', target: 'night' },
    { from: '2026-03-29T02:00:00.000Z', to: '2026-03-29T22:00:00.000Z', target: 'closed' },
  ]);
  assert.equal(segs[2], { from: '2026-03-23T03:00:00.000Z', to: '2026-03-23T07:30:00.000Z', target: 'closed' });
  assert.equal(segs[3], { from: '2026-03-23T07:30:00.000Z', to: '2026-03-23T16:30:00.000Z', target: 'open' });
  // merging: no two neighbours alike, no gap, the whole range covered
  for (let i = 1; i < segs.length; i++) {
    assert.is(segs[i].from, segs[i - 1].to);
    assert.is.not(segs[i].target, segs[i - 1].target);
  }
  const week = days(segs, TZ);
  assert.equal(week.map((d) => d.date), ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
  assert.equal(week[6].pieces, [
    { from: '00:00', to: '01:00', target: 'closed' },
    { from: '01:00', to: '04:00', target: 'night' },
    { from: '04:00', to: '24:00', target: 'closed' },
  ]);
  // the weeks around as reference, coarse outside the shown week: the same boundaries
  const [before, after] = [instantIn(2026, 3, 9, 0, 0, TZ), instantIn(2026, 4, 13, 0, 0, TZ)];
  const reference = days(segments(synthetic, before, after, { from, to }), TZ);
  assert.equal(reference.find((d) => d.date === '2026-04-06')!.pieces, week[0].pieces);
  const s = summarize(reference, week);
  assert.is(s.otherwise, 'closed');
  assert.equal(s.weekly, [
    { from: '01:00', to: '04:00', target: 'night', weekdays: [1, 2, 3, 4, 5, 6, 0] },
    { from: '08:30', to: '17:30', target: 'open', weekdays: [1, 2, 3, 4, 5] },
  ]);
  assert.equal(s.exceptions.map((d) => d.date), ['2026-03-26']);
});

test.run();
