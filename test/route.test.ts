// pbxctl route through the CLI and the sandboxes, on the example configuration: the path a
// call to each provider's main number takes on a weekday at noon, a weekday night and the
// seeded holiday, desired beside live where the YAML differs from the seed, the same steps
// as JSON, and a number no provider routes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, requestLog, workspace, type Workspace } from './helpers/workspace.ts';

let ws: Workspace;
const route = (args: string[]) => cli(['route', '--sandbox', '--no-color', ...args], { cwd: ws.dir });

interface Step {
  kind: string;
  name: string;
  detail?: string;
  why?: string;
}
interface Paths {
  provider: string;
  timezone: string;
  at: string;
  desired?: { steps: Step[] } | null;
  live?: { steps: Step[] } | null;
}

async function json(args: string[]): Promise<Paths> {
  const r = await route([...args, '--json']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout) as Paths;
}
const last = (steps: Step[] | undefined) => steps?.filter((s) => s.kind !== 'hangup').at(-1);

test.before(async () => {
  ws = await workspace(await exampleYaml());
});

test('Issabel hq: weekday noon rings group 600, night and 25 December reach voicemail 1000, through the time conditions and why', async () => {
  const noon = await json(['3292451010', '--provider', 'hq', '--at', '2026-12-23T12:00']);
  assert.is(noon.provider, 'hq');
  assert.is(noon.timezone, 'Europe/Brussels');
  assert.is(noon.at, '2026-12-23T11:00:00.000Z'); // 12:00 in Brussels (CET)
  const d = noon.desired!.steps;
  assert.equal(d.map((s) => [s.kind, s.name, s.detail]).slice(0, 3), [
    ['route', '3292451010', '"Main number"'],
    ['time_switch', 'Holiday?', 'otherwise'],
    ['time_switch', 'Open?', 'match'],
  ]);
  assert.match(d[2].why!, /time group Office hours holds: mon-fri 08:30-17:30, Europe\/Brussels/);
  assert.is(d[3].kind, 'ring_group');
  assert.is(d[3].name, '600');
  assert.match(d[3].detail!, /"Sales" ringall 20 s: 1000 30 s, 1001 20 s/);
  // the seed's group 600 rings 1000 and 1003 for 15 s
  assert.match(noon.live!.steps[3].detail!, /ringall 15 s: 1000 30 s, 1003 20 s/);

  const night = await json(['3292451010', '--provider', 'hq', '--at', '2026-12-23T22:00']);
  for (const side of [night.desired, night.live]) {
    assert.is(side!.steps[2].detail, 'otherwise');
    assert.equal(last(side!.steps), { kind: 'voicemail', noun: 'voicemail box', name: '1000', detail: '"Antonio" unavailable greeting' } as Step);
  }

  const christmas = await json(['3292451010', '--provider', 'hq', '--at', '2026-12-25T12:00']);
  for (const side of [christmas.desired, christmas.live]) {
    assert.is(side!.steps.length, 3);
    assert.is(side!.steps[1].detail, 'match');
    assert.match(side!.steps[1].why!, /time group Holidays holds: 12-25/);
    assert.is(side!.steps[2].kind, 'voicemail');
  }
});

test('Issabel hq: New Year only the YAML declares a holiday: desired goes to voicemail, live to ring group 600, side by side', async () => {
  const r = await route(['3292451010', '--provider', 'hq', '--at', '2027-01-01T12:00']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^3292451010 at Fri 2027-01-01 12:00 \(Europe\/Brussels\), hq$/);
  assert.match(lines[1], /^ {2}desired +live$/);
  assert.match(lines[2], /1\. inbound route 3292451010: "Main number" +=$/);
  assert.match(lines[3], /2\. time condition Holiday\?: match \(time group Holidays holds: 01-01, Europe\/Brussels\) +2\. time condition Holiday\?: otherwise/);
  assert.match(lines[4], /3\. voicemail box 1000: "Antonio" unavailable greeting +3\. time condition Open\?: match/);
  assert.match(lines[5], /^ +4\. ring group 600: "Sales"/);
  assert.match(lines[6], /^ +5\. hang up \(no answer\)$/); // the seed group's no-answer destination
  const live = await route(['3292451010', '--provider', 'hq', '--at', '2027-01-01T12:00', '--live']);
  assert.match(live.stdout, /^ {2}live\n {2}1\. inbound route/m);
  assert.not.match(live.stdout, /desired/);
});

test('SmartPBX: main number open on a weekday noon to the Front Desk ring group, closed at night and on Independence Day to box 1000; Christmas only in the YAML', async () => {
  const noon = await json(['+622150001000', '--provider', 'smartpbx', '--at', '2026-12-23T12:00']);
  assert.is(noon.timezone, 'Asia/Jakarta'); // the account's
  assert.is(noon.at, '2026-12-23T05:00:00.000Z');
  const d = noon.desired!.steps;
  assert.equal(d.slice(0, 2).map((s) => [s.kind, s.name, s.detail]), [
    ['route', '+622150001000', '"Main Number"'],
    ['time_switch', 'Office hours', 'open'],
  ]);
  assert.match(d[1].why!, /rule Weekdays monday-friday 08:30-17:30 holds, Asia\/Jakarta/);
  assert.equal([d[2].kind, d[2].name], ['ring_group', '"Front Desk"']);
  assert.match(d[2].detail!, /user eka\.putra@ofon-demo\.example 20 s/);
  assert.not.match(noon.live!.steps[2].detail!, /eka\.putra/);
  assert.match(noon.live!.steps[2].detail!, /simultaneous 25 s: user putri\.anggraini@ofon-demo\.example 20 s, device Reception Phone 20 s/);

  const night = await json(['+622150001000', '--provider', 'smartpbx', '--at', '2026-12-23T22:00']);
  for (const side of [night.desired!, night.live!]) {
    assert.is(side.steps[1].detail, 'closed');
    assert.equal([side.steps[2].kind, side.steps[2].name], ['voicemail', '1000']);
  }
  const independence = await json(['+622150001000', '--provider', 'smartpbx', '--at', '2026-08-17T12:00']);
  for (const side of [independence.desired!, independence.live!]) {
    assert.match(side.steps[1].why!, /holiday Independence Day 08-17 holds/);
    assert.is(side.steps[2].kind, 'voicemail');
  }
  const christmas = await json(['+622150001000', '--provider', 'smartpbx', '--at', '2026-12-25T12:00']);
  assert.match(christmas.desired!.steps[1].why!, /holiday Christmas 12-25 holds/);
  assert.is(christmas.desired!.steps[2].kind, 'voicemail');
  assert.is(christmas.live!.steps[1].detail, 'open');
  assert.is(christmas.live!.steps[2].kind, 'ring_group');
});

test('VoipCenter gent: office hours take the route, lunch, night and Christmas the backup route; the YAML names other routes than the seed', async () => {
  const morning = await json(['+3292451010', '--provider', 'gent', '--at', '2026-12-23T10:00']);
  assert.is(morning.timezone, 'Europe/Brussels');
  assert.equal(morning.desired!.steps.map((s) => [s.kind, s.name, s.detail]), [
    ['route', '+3292451010', '"Hoofdnummer"'],
    ['time_switch', '', 'route'],
    ['ref', '"Iedereen tegelijk"', 'Belt 201, 202, 203 en 204 tegelijk'],
  ]);
  assert.match(morning.desired!.steps[1].why!, /within office hours Kantooruren Gent/);
  assert.is(morning.live!.steps[2].name, '"Onthaal eerst"');

  for (const [at, because] of [['2026-12-23T12:30', /outside office hours Kantooruren Gent/], ['2026-12-22T22:00', /outside office hours/], ['2026-12-25T10:00', /holiday Kerstmis \(Feestdagen België 2026\)/]] as const) {
    const p = await json(['+3292451010', '--provider', 'gent', '--at', at]);
    assert.is(p.desired!.steps[1].detail, 'backup route', at);
    assert.match(p.desired!.steps[1].why!, because);
    assert.equal([p.desired!.steps[2].name, p.desired!.steps[2].detail], ['"GSM Jan Claes"', '+32475123456']);
    assert.equal([p.live!.steps[2].name, p.live!.steps[2].detail], ['"Algemene voicemail"', 'voicemail:201']);
  }
});

test('--json holds the steps the text shows; --desired leaves live out', async () => {
  const args = ['+3292451010', '--provider', 'gent', '--at', '2026-12-25T10:00', '--desired'];
  const text = await route(args);
  const data = await json(args);
  assert.is(data.live, undefined);
  const shown = text.stdout.trimEnd().split('\n').slice(2).map((l) => l.trim());
  assert.equal(shown, [
    '1. DID route +3292451010: "Hoofdnummer"',
    '2. time filters: backup route (holiday Kerstmis (Feestdagen België 2026), Europe/Brussels)',
    '3. backup route "GSM Jan Claes": +32475123456',
  ]);
  assert.is(data.desired!.steps.length, shown.length);
});

test('"friday 19:00" is the next Friday at 19:00 in the provider\'s zone; a bad --at and an unrouted number are exit 1 with a message', async () => {
  const friday = await json(['3292451010', '--provider', 'hq', '--at', 'friday 19:00']);
  const at = new Date(friday.at);
  assert.ok(at.getTime() > Date.now() && at.getTime() <= Date.now() + 7 * 86400_000);
  assert.match(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(at), /Friday.*19:00/);

  // in the spring-forward gap 02:30 is read with winter time's offset: 03:30 summer time
  assert.is((await json(['3292451010', '--provider', 'hq', '--at', '2026-03-29T02:30', '--live'])).at, '2026-03-29T01:30:00.000Z');
  // an offset is kept: 23:30 UTC on 24 December is already Christmas in Brussels
  const offset = await json(['3292451010', '--provider', 'hq', '--at', '2026-12-24T23:30Z', '--live']);
  assert.is(offset.at, '2026-12-24T23:30:00.000Z');
  assert.match(offset.live!.steps[1].why!, /time group Holidays holds: 12-25/);

  const bad = await route(['3292451010', '--provider', 'hq', '--at', 'someday']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /--at someday: not an instant/);

  const none = await route(['+3200000000']);
  assert.is(none.code, 1);
  assert.match(none.stderr, /no provider routes \+3200000000: no inbound or DID route of hq, gent, smartpbx takes that number/);
  assert.is(none.stdout, '');
});

test('route writes nothing; once hq is applied the live PBX takes the desired path on New Year', async () => {
  const own = await workspace(await exampleYaml());
  const args = ['route', '3292451010', '--sandbox', '--provider', 'hq', '--at', '2027-01-01T12:00', '--no-color'];
  const before = await cli(args, { cwd: own.dir });
  assert.is(before.code, 0, before.stderr);
  assert.equal([...new Set((await requestLog(own, 'hq')).map((r) => r.method))].filter((m) => m !== 'GET'), ['POST']);
  assert.ok((await requestLog(own, 'hq')).filter((r) => r.method === 'POST').every((r) => /authenticate/.test(r.path)));
  const applied = await cli(['apply', '--sandbox', '--yes', '--provider', 'hq'], { cwd: own.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  const after = await cli(args, { cwd: own.dir });
  assert.match(after.stdout, /\(the live PBX takes the same path\)/);
  assert.match(after.stdout, /3\. voicemail box 1000: "Antonio" unavailable greeting +=/);
});

test.run();
