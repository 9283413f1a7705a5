// Planning and applying VoipCenter YAML against the sandbox: updates only, names resolved
// to ids, unknown names reported at their line with the names that exist.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, YAML } from './helpers/voipcenter.ts';

const summary = (changes: { action: string; kind: string; key: string }[]) => changes.map((c) => `${c.action} ${c.kind} ${c.key}`);
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

test('the YAML plans updates of DID routes, an indicator and a hot desk; the rest is unmanaged', async () => {
  const r = await rig();
  try {
    const { plan } = await r.plan();
    const gent = plan.providers.find((p) => p.name === 'gent')!;
    assert.is(gent.error, undefined);
    assert.equal(plan.issues, []);
    assert.equal(summary(gent.changes).sort(), [
      'update did_routes +3292451010',
      'update did_routes +3292451012',
      'update hot_desks Flexplek vergaderzaal',
      'update indicators Dag/Nacht',
    ]);
    const main = gent.changes.find((c) => c.key === '+3292451010')!;
    assert.equal(main.fields.map((f) => [f.path, f.before, f.after]), [
      ['route', 'Onthaal eerst', 'Iedereen tegelijk'],
      ['backup_route', 'Algemene voicemail', 'GSM Jan Claes'],
    ]);
    assert.equal(gent.changes.find((c) => c.key === '+3292451012')!.fields.map((f) => [f.path, f.before, f.after]), [['vacations', null, 'Zomersluiting 2026']]);
    assert.equal(gent.unmanaged.map((u) => `${u.kind} ${u.key}${u.label ? ` (${u.label})` : ''}`), [
      'did_routes +3292451011 (Boekhouding)',
      'did_routes +3292451013 (Els Wouters direct)',
      'did_routes +3225889020 (Kantoor Brussel)',
      'indicators Vakantie',
      'indicators Lunchpauze',
      'hot_desks Flexplek 1',
      'hot_desks Flexplek 2',
    ]);
    // reading writes nothing
    assert.ok(r.vc.log.every((e) => e.path === '/api/get.php'));
  } finally {
    await r.close();
  }
});

test('apply sends the full p with live ids under the changes; the plan after it is empty', async () => {
  const r = await rig();
  try {
    const ledger = await r.apply();
    assert.ok(JSON.stringify(ledger).includes('applied'));
    const did = r.vc.state.dids.find((d) => d.number === '+3292451010')!;
    assert.equal([did.holiday_id, did.vacation_id, did.office_hours_id, did.route_id, did.backup_route_id], [10, 20, 30, 141, 151]);
    assert.equal(r.vc.state.dids.find((d) => d.number === '+3292451012')!.vacation_id, 20);
    assert.is(r.vc.state.indicators.find((i) => i.name === 'Dag/Nacht')!.active, 1);
    assert.equal(r.vc.state.desks.find((d) => d.name === 'Flexplek vergaderzaal'), { id: 302, name: 'Flexplek vergaderzaal', sipacc_id: 104, template_id: 50 });
    assert.is(r.vc.log.filter((e) => e.path === '/api/update.php').length, 4);
    const { plan } = await r.plan();
    assert.equal(plan.issues, []);
    assert.equal(plan.providers.flatMap((p) => p.changes), []);
  } finally {
    await r.close();
  }
});

test('~ clears a time filter (id 0)', async () => {
  const yaml = YAML.replace('        office_hours: Kantooruren Gent\n', '        office_hours: ~\n');
  const r = await rig(yaml);
  try {
    await r.apply();
    assert.is(r.vc.state.dids.find((d) => d.number === '+3292451010')!.office_hours_id, 0);
    const { plan } = await r.plan();
    assert.equal(plan.providers.flatMap((p) => p.changes), []);
  } finally {
    await r.close();
  }
});

test('json and xml give identical plans', async () => {
  const json = await rig();
  const xml = await rig(YAML.replace('    type: voipcenter\n', '    type: voipcenter\n    format: xml\n'));
  try {
    const a = (await json.plan()).plan;
    const b = (await xml.plan()).plan;
    const strip = (p: typeof a) => p.providers.map(({ changes, unmanaged, kinds }) => ({ changes: changes.map(({ loc: _loc, fieldLocs: _fieldLocs, ...c }) => c), unmanaged, kinds }));
    assert.equal(strip(b), strip(a));
    assert.ok(a.providers[0].changes.length > 0);
  } finally {
    await json.close();
    await xml.close();
  }
});

test('an unknown name is an error at its line listing the names that exist', async () => {
  const yaml = YAML.replace('route: Iedereen tegelijk', 'route: Iedereen').replace('template: Architect', 'template: Architekt');
  const r = await rig(yaml);
  try {
    const { plan } = await r.plan();
    assert.is(plan.issues.length, 2);
    const route = plan.issues.find((i) => i.message.includes("'Iedereen'"))!;
    assert.is(route.loc?.line, lineOf(yaml, 'route: Iedereen'));
    assert.match(route.message, /DID route \+3292451010 refers to route 'Iedereen' \(route\), which is not on gent; gent has: Onthaal eerst, Iedereen tegelijk, Direct naar toestel/);
    const template = plan.issues.find((i) => i.message.includes("'Architekt'"))!;
    assert.is(template.loc?.line, lineOf(yaml, 'template: Architekt'));
    assert.match(template.message, /hot desk template 'Architekt' .*gent has: Architect, Administratie/);
  } finally {
    await r.close();
  }
});

test('an object that is not live cannot be created: an error at its line', async () => {
  const yaml = YAML.replace('      - name: Dag/Nacht\n', '      - name: Nacht\n        active: false\n      - name: Dag/Nacht\n');
  const r = await rig(yaml);
  try {
    const { plan } = await r.plan();
    assert.is(plan.issues.length, 1);
    assert.is(plan.issues[0].loc?.line, lineOf(yaml, 'name: Nacht'));
    assert.match(plan.issues[0].message, /function indicator Nacht is not on gent and cannot be created through the VoipCenter API: create it in the VoipCenter portal first/);
  } finally {
    await r.close();
  }
});

test.run();
