// VoipCenter time filters over HTTP to the sandbox: their content read and mapped (json
// and xml alike), where each seeded DID sends a call at an instant, content changes that
// are no drift, content that does not read as decided, doctor and import.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LiveState } from '../src/engine/model.ts';
import { branchAt, filtersOf, type DidRouting } from '../src/providers/voipcenter/time.ts';
import type { VoipcenterState } from '../src/providers/voipcenter/sandbox/index.ts';
import { rig, voipcenter, YAML } from './helpers/voipcenter.ts';
import { cli, editSandboxState, requestLog, workspace } from './helpers/workspace.ts';

const GENT_ONLY = YAML.slice(0, YAML.indexOf('  billing:'));

async function liveOf(yaml = YAML): Promise<LiveState> {
  const r = await rig(yaml);
  try {
    const { plan } = await r.plan();
    assert.equal(plan.issues, []);
    return plan.providers.find((p) => p.name === 'gent')!.live!;
  } finally {
    await r.close();
  }
}

const data = (live: LiveState, kind: string, key: string) => live[kind].find((o) => o.key === key)?.data;

test('the time filters and routes are read with their content, the same in json and xml', async () => {
  const live = await liveOf();
  assert.equal(data(live, 'office_hours', 'Kantooruren Gent'), {
    name: 'Kantooruren Gent',
    hours: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((day) => [
      { day, open: '08:30', close: '12:00' },
      { day, open: '13:00', close: '17:30' },
    ]),
  });
  assert.equal(data(live, 'office_hours', 'Kantooruren Brussel')!.hours, [
    ...['mon', 'tue', 'wed', 'thu'].map((day) => ({ day, open: '09:00', close: '17:00' })),
    { day: 'fri', open: '09:00', close: '15:00' },
  ]);
  assert.equal(data(live, 'vacations', 'Zomersluiting 2026'), { name: 'Zomersluiting 2026', start: '2026-07-20', end: '2026-08-07' });
  assert.equal(data(live, 'vacations', 'Kerstsluiting 2026'), { name: 'Kerstsluiting 2026', start: '2026-12-24', end: '2027-01-01' });
  const feestdagen = data(live, 'holiday_sets', 'Feestdagen België 2026') as { days: { date: string; name: string }[] };
  assert.is(feestdagen.days.length, 10);
  assert.equal(feestdagen.days.at(-1), { date: '2026-12-25', name: 'Kerstmis' });
  assert.equal(data(live, 'backup_routes', 'GSM Jan Claes'), { name: 'GSM Jan Claes', destination: '+32475123456' });
  assert.equal(data(live, 'routes', 'Onthaal eerst'), { name: 'Onthaal eerst', description: 'Belt 201 gedurende 20 s, daarna 202 en 203 samen' });

  const xml = await liveOf(YAML.replace('    type: voipcenter\n', '    type: voipcenter\n    format: xml\n'));
  for (const kind of ['holiday_sets', 'vacations', 'office_hours', 'routes', 'backup_routes']) assert.equal(xml[kind], live[kind], kind);
});

test('where each seeded DID sends a call, from what the sandbox serves, in Belgian time', async () => {
  const live = await liveOf();
  const filters = filtersOf(live);
  const at = (number: string, utc: string) => {
    const b = branchAt(data(live, 'did_routes', number) as DidRouting, filters, new Date(utc));
    return `${b.name} (${b.because})`;
  };
  // Hoofdnummer: Feestdagen België 2026, Zomersluiting 2026, Kantooruren Gent
  assert.is(at('+3292451010', '2026-03-30T06:30:00Z'), 'Onthaal eerst (within office hours Kantooruren Gent)');
  assert.is(at('+3292451010', '2026-03-30T10:30:00Z'), 'Algemene voicemail (outside office hours Kantooruren Gent)');
  assert.is(at('+3292451010', '2026-07-21T08:00:00Z'), 'Algemene voicemail (holiday Nationale feestdag (Feestdagen België 2026))');
  assert.is(at('+3292451010', '2026-07-22T08:00:00Z'), 'Algemene voicemail (vacation Zomersluiting 2026)');
  // Kantoor Brussel: Brugdagen 2026, Kerstsluiting 2026, Kantooruren Brussel (Friday until 15:00)
  assert.is(at('+3225889020', '2026-01-02T10:00:00Z'), 'Algemene voicemail (holiday Brugdag Nieuwjaar (Brugdagen 2026))');
  assert.is(at('+3225889020', '2026-03-27T13:59:59Z'), 'Onthaal eerst (within office hours Kantooruren Brussel)');
  assert.is(at('+3225889020', '2026-03-27T14:00:00Z'), 'Algemene voicemail (outside office hours Kantooruren Brussel)');
  // Jan Claes direct: holidays only, so a Saturday rings through
  assert.is(at('+3292451012', '2026-03-28T10:00:00Z'), 'Direct naar toestel (no time filter closes it)');
});

test("a filter's content changed on VoipCenter is no drift: drift exits 0, the evaluation follows the new content", async () => {
  const ws = await workspace(GENT_ONLY);
  const applied = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  const updates = async () => (await requestLog(ws, 'gent')).filter((e) => e.path === '/api/update.php').length;
  const written = await updates();
  assert.is(written, 4);
  await editSandboxState(ws, 'gent', (s: VoipcenterState) => {
    s.officeHours[0].hours = s.officeHours[0].hours.map((h) => (h.close === '17:30' ? { ...h, close: '18:00' } : h));
    s.holidays[0].days.push({ date: '2026-11-02', name: 'Allerzielen' });
  });
  const drift = await cli(['drift', '--sandbox'], { cwd: ws.dir });
  assert.is(drift.code, 0, drift.stdout + drift.stderr);
  const doctor = await cli(['doctor', '--sandbox'], { cwd: ws.dir });
  assert.match(doctor.stdout, 'Kantooruren Gent (mon–fri 08:30–12:00 13:00–18:00)');
  assert.match(doctor.stdout, 'Feestdagen België 2026 (11 days, 2026-01-01 to 2026-12-25)');
  assert.is(await updates(), written, 'drift and doctor write nothing');
});

test('a saved plan naming a filter whose content changed since is refused as stale; nothing written', async () => {
  const ws = await workspace(GENT_ONLY);
  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  await editSandboxState(ws, 'gent', (s: VoipcenterState) => {
    s.officeHours[0].hours = s.officeHours[0].hours.filter((h) => h.day !== 'fri');
  });
  const r = await cli(['apply', '--sandbox', 'p.json'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, 'gent/did_routes/+3292451010 refers to office_hours/Kantooruren Gent, which changed on the PBX since the plan');
  assert.equal((await requestLog(ws, 'gent')).filter((e) => e.path === '/api/update.php'), []);
});

test('doctor shows every time filter with its content and the time zone', async () => {
  const ws = await workspace(GENT_ONLY);
  const r = await cli(['doctor', '--sandbox'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, 'Feestdagen België 2026 (10 days, 2026-01-01 to 2026-12-25), Brugdagen 2026 (3 days, 2026-01-02 to 2026-11-02)');
  assert.match(r.stdout, 'Zomersluiting 2026 (2026-07-20 to 2026-08-07), Kerstsluiting 2026 (2026-12-24 to 2027-01-01)');
  assert.match(r.stdout, 'Kantooruren Gent (mon–fri 08:30–12:00 13:00–17:30), Kantooruren Brussel (mon–thu 09:00–17:00, fri 09:00–15:00)');
  assert.match(r.stdout, /time filters apply in:\s+Europe\/Brussels/);
});

test('content that does not read as decided: kept with the reason, plans still work, evaluation leaves the filter out and says so', async () => {
  const d = await voipcenter();
  try {
    d.emulator.state.holidays[0].days[2].date = '01/05/2026';
    d.emulator.state.vacations[0].end = '2026-07-01';
    d.emulator.state.officeHours[0].hours[0].close = '08:00';
    delete (d.emulator.state.officeHours[1] as Partial<VoipcenterState['officeHours'][0]>).hours;
    const live = await d.session.read(['holiday_sets', 'vacations', 'office_hours', 'did_routes']);
    assert.equal(data(live, 'holiday_sets', 'Feestdagen België 2026'), { name: 'Feestdagen België 2026', unreadable: 'days.2.date "01/05/2026" is not a YYYY-MM-DD date' });
    assert.equal(data(live, 'vacations', 'Zomersluiting 2026'), { name: 'Zomersluiting 2026', unreadable: 'end 2026-07-01 is before start 2026-07-20' });
    assert.equal(data(live, 'office_hours', 'Kantooruren Gent'), { name: 'Kantooruren Gent', unreadable: 'hours.0: close 08:00 is not after open 08:30' });
    // a missing list reads as empty: closed all week
    assert.equal(data(live, 'office_hours', 'Kantooruren Brussel'), { name: 'Kantooruren Brussel', hours: [] });
    const b = branchAt(data(live, 'did_routes', '+3292451010') as DidRouting, filtersOf(live), new Date('2026-05-01T08:00:00Z'));
    assert.is(b.take, 'route');
    assert.equal(b.notes, [
      'holiday set \'Feestdagen België 2026\' could not be read (days.2.date "01/05/2026" is not a YYYY-MM-DD date): not used',
      "vacation period 'Zomersluiting 2026' could not be read (end 2026-07-01 is before start 2026-07-20): not used",
      "office hours 'Kantooruren Gent' could not be read (hours.0: close 08:00 is not after open 08:30): not used",
    ]);
    const lines = await d.session.account!();
    assert.match(lines['office hours (kantooruren)'], 'Kantooruren Gent (unreadable: hours.0: close 08:00 is not after open 08:30), Kantooruren Brussel (closed all week)');
  } finally {
    await d.close();
  }
});

test('import writes the filters by name, their content as a comment beside it; import → plan 0', async () => {
  const ws = await workspace(GENT_ONLY);
  assert.is((await cli(['doctor', '--sandbox'], { cwd: ws.dir })).code, 0);
  // a description that would be YAML if it were not kept on the comment's line
  await editSandboxState(ws, 'gent', (s: VoipcenterState) => {
    s.routes[2].description = 'Belt het toestel\nroute: Onthaal eerst';
  });
  const imported = await cli(['import', '--sandbox', '--provider', 'gent', '-o', 'imported.yaml'], { cwd: ws.dir });
  assert.is(imported.code, 0, imported.stderr);
  const yaml = await readFile(join(ws.dir, 'imported.yaml'), 'utf8');
  assert.match(yaml, 'office_hours: Kantooruren Gent # mon–fri 08:30–12:00 13:00–17:30\n');
  assert.match(yaml, 'holidays: Brugdagen 2026 # 3 days, 2026-01-02 to 2026-11-02\n');
  assert.match(yaml, 'vacations: Kerstsluiting 2026 # 2026-12-24 to 2027-01-01\n');
  assert.match(yaml, 'backup_route: GSM Jan Claes # +32475123456\n');
  assert.not.match(yaml, /^\s+(days|hours|start|end|open|close):/m);
  assert.match(yaml, 'route: Direct naar toestel # Belt het toestel route: Onthaal eerst\n');
  const plan = await cli(['plan', '--sandbox', '-c', 'imported.yaml', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test.run();
