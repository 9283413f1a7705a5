// The Issabel emulator's DID routing endpoints behave as issabel-routing.md §8 records,
// quirks included, over HTTP; and the client's mapping of destination strings and time
// entries both ways.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createIssabelEmulator, type IssabelEmulator, SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { destinationFromWire, destinationString, timeEntryFromWire, timeEntryToWire, timingString } from '../src/providers/issabel/mapping.ts';
import { listen, type Listening } from '../src/sandbox/server.ts';

interface Ctx {
  em: IssabelEmulator;
  srv: Listening;
  token: string;
}

const test = suite<Ctx>('issabel-routing-sandbox');

async function call(ctx: Ctx, method: string, path: string, body?: unknown) {
  const res = await fetch(`${ctx.srv.url}/pbxapi${path}`, {
    method,
    headers: { Authorization: `Bearer ${ctx.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), json: text ? JSON.parse(text) : undefined };
}

test.before.each(async (ctx) => {
  ctx.em = createIssabelEmulator();
  ctx.srv = await listen(ctx.em);
  const res = await fetch(`${ctx.srv.url}/pbxapi/authenticate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: SANDBOX_PASSWORD }) });
  ctx.token = (await res.json()).access_token;
});
test.after.each((ctx) => ctx.srv.close());

const RELOAD_OFF = { reload: false };

test('inbound routes: id DID^CID, count mismatch 404, Location with the DID only, duplicates 400, no DID numbered by the server', async (ctx) => {
  const list = await call(ctx, 'GET', '/inboundroutes');
  assert.equal(list.json.results[0], {
    id: '3292451010^', name: 'Main number', extension: '3292451010', destination: 'timeconditions,1,1', callerid_number: '',
    fax_detect: { enabled: 'no' }, language: '', callerid_lookup: '0', call_recording: '',
  });
  assert.equal((await call(ctx, 'GET', '/inboundroutes/3292451010')).json.errors[0].detail, 'Combined ID count does not match resource definition. Required: 2, passed: 1');
  const created = await call(ctx, 'POST', '/inboundroutes', { extension: '3292451099', callerid_number: '0475', description: 'x', destination: 'ext-group,600,1', music_on_hold_class: 'default', ...RELOAD_OFF });
  assert.is(created.status, 201);
  assert.match(created.location!, /\/pbxapi\/inboundroutes\/3292451099$/);
  assert.is((await call(ctx, 'GET', `/inboundroutes/${encodeURIComponent('3292451099^0475')}`)).status, 200);
  const again = await call(ctx, 'POST', '/inboundroutes', { extension: '3292451099', callerid_number: '0475', music_on_hold_class: 'default', ...RELOAD_OFF });
  assert.is(again.status, 400);
  assert.match(again.json.errors[0].detail, /Duplicate entry '3292451099-0475' for key 'PRIMARY'/);
  // without music_on_hold_class a strict MariaDB refuses the row
  assert.is((await call(ctx, 'POST', '/inboundroutes', { extension: '1', ...RELOAD_OFF })).status, 409);
  // without a DID the server numbers it
  await call(ctx, 'POST', '/inboundroutes', { description: 'numbered', music_on_hold_class: 'default', ...RELOAD_OFF });
  assert.ok(ctx.em.state.routing!.inboundRoutes['3292451011^']);
  // a raw + in the path is a space (F3 urldecodes): not found
  assert.is((await call(ctx, 'GET', '/inboundroutes/+3292451010^')).status, 404);
  // DELETE: comma list, never applies
  const del = await call(ctx, 'DELETE', `/inboundroutes/${encodeURIComponent('3292451099^0475')},${encodeURIComponent('3292451011^')}`);
  assert.is(del.status, 200);
  assert.is(ctx.em.applyCount, 0);
});

test('time groups: the month asymmetry, unique names, a PUT without times empties the group, DELETE applies twice', async (ctx) => {
  const post = await call(ctx, 'POST', '/timegroups', { name: 'X', ...RELOAD_OFF, times: [{ start_monthday: '25', start_month: 'dec' }, { start_weekday: 'sat', end_weekday: '*' }] });
  assert.is(post.status, 201);
  const id = post.location!.split('/').pop()!;
  const group = ctx.em.state.routing!.timeGroups.find((g) => String(g.id) === id)!;
  // 25th of every month: one month side * means every month; a weekday side * copies the other
  assert.equal(group.times, ['00:00-23:59|*|25|*', '00:00-23:59|sat|*|*']);
  const one = await call(ctx, 'GET', `/timegroups/${id}`);
  assert.equal(one.json.results[0].times[1], { start_hour: '00:00', end_hour: '23:59', start_weekday: 'sat', end_weekday: 'sat', start_monthday: '*', end_monthday: '*', start_month: '*', end_month: '*' });
  const bad = await call(ctx, 'POST', '/timegroups', { name: 'Y', times: [{ start_month: '12' }] });
  assert.equal(bad.json.errors[0], { status: '422', source: 'start_month', detail: 'Incorrect format. Allowed values: 1-12 or *' });
  assert.is((await call(ctx, 'POST', '/timegroups', { name: 'X', times: [] })).status, 400);
  assert.is((await call(ctx, 'PUT', `/timegroups/${id}`, { name: 'X', ...RELOAD_OFF })).status, 200);
  assert.equal(group.times, []);
  assert.is(ctx.em.applyCount, 0);
  assert.is((await call(ctx, 'DELETE', `/timegroups/${id}`, RELOAD_OFF)).status, 200);
  assert.is(ctx.em.applyCount, 2);
});

test('time conditions: an empty Location, three fields listed, *27<id> feature codes, override apart, DELETE applies twice', async (ctx) => {
  const post = await call(ctx, 'POST', '/timeconditions', { name: 'Open?', time_group_id: '1', destination_if_time_matches: 'ext-group,600,1', destination_if_time_does_not_match: 'app-blackhole,hangup,1', ...RELOAD_OFF });
  assert.is(post.status, 201);
  assert.match(post.location!, /\/pbxapi\/timeconditions\/$/);
  const list = await call(ctx, 'GET', '/timeconditions');
  assert.equal(list.json.results[2], { id: '3', name: 'Open?', override_state: '' }); // a second "Open?": names are not unique
  const codes = await call(ctx, 'GET', '/featurecodes');
  assert.ok(codes.json.results.some((f: { name: string; extension: string; description: string }) => f.name === 'toggle-mode-3' && f.extension === '*273' && f.description === '3: Open?'));
  const missing = await call(ctx, 'POST', '/timeconditions', { name: 'x' });
  assert.equal(missing.json.errors.map((e: { source: string }) => e.source), ['time_group_id', 'destination_if_time_matches', 'destination_if_time_does_not_match']);
  await call(ctx, 'PUT', '/timeconditions/3', { override_state: 'true_sticky', ...RELOAD_OFF });
  assert.is((await call(ctx, 'GET', '/timeconditions/3')).json.results[0].override_state, 'true_sticky');
  assert.is(ctx.em.applyCount, 0);
  assert.is((await call(ctx, 'DELETE', '/timeconditions/3', RELOAD_OFF)).status, 200);
  assert.is(ctx.em.applyCount, 2);
  assert.not.ok((await call(ctx, 'GET', '/featurecodes')).json.results.some((f: { name: string }) => f.name === 'toggle-mode-3'));
});

test('alldestinations: categories by name, voicemail in three greetings, no hang-up; read-only', async (ctx) => {
  const all = (await call(ctx, 'GET', '/alldestinations')).json.results;
  assert.equal(Object.keys(all), ['Conferences', 'Extensions', 'IVR', 'Queues', 'Ring Groups', 'Time Conditions', 'Voicemail']);
  assert.equal(all['Ring Groups'][0], { name: '<600> Sales', destination: 'ext-group,600,1', extension: '600' });
  assert.equal(all.Voicemail.slice(0, 3).map((v: { destination: string }) => v.destination), ['ext-local,vmb1000,1', 'ext-local,vmu1000,1', 'ext-local,vms1000,1']);
  assert.equal(all.IVR, [{ name: 'Main menu', destination: 'ivr-1,s,1' }]);
  assert.is((await call(ctx, 'POST', '/alldestinations', {})).json.errors[0].detail, 'This resource is read only');
});

test('destination strings ⇄ YAML destinations, unknown strings kept opaque', () => {
  const ids = { 'Open?': '3', 'Main menu': '1' } as Record<string, string>;
  const idOf = (_t: string, name: string) => ids[name];
  const nameOf = (_t: string, id: string) => Object.keys(ids).find((k) => ids[k] === id);
  const pairs: [unknown, string][] = [
    [{ extension: '1000' }, 'from-did-direct,1000,1'],
    [{ ring_group: '600' }, 'ext-group,600,1'],
    [{ voicemail: '1000', mode: 'unavailable' }, 'ext-local,vmu1000,1'],
    [{ voicemail: '1000', mode: 'busy' }, 'ext-local,vmb1000,1'],
    [{ voicemail: '1000', mode: 'no-message' }, 'ext-local,vms1000,1'],
    [{ time_switch: 'Open?' }, 'timeconditions,3,1'],
    [{ hangup: true }, 'app-blackhole,hangup,1'],
    [{ queue: '2000' }, 'ext-queues,2000,1'],
    [{ conference: '500' }, 'ext-meetme,500,1'],
    [{ ivr: 'Main menu' }, 'ivr-1,s,1'],
  ];
  for (const [yaml, wire] of pairs) {
    assert.is(destinationString(yaml, idOf), wire);
    assert.equal(destinationFromWire(wire, nameOf), yaml);
  }
  assert.is(destinationString({ voicemail: '1000' }, idOf), 'ext-local,vmu1000,1');
  assert.equal(destinationFromWire('app-announcement-3,s,1', nameOf), { unmanaged: 'app-announcement-3,s,1' });
  assert.equal(destinationFromWire('timeconditions,9,1', nameOf), { unmanaged: 'timeconditions,9,1' });
  assert.is(destinationFromWire('', nameOf), undefined);
  assert.throws(() => destinationString({ user: 'alice' }, idOf), /Issabel has no user alice destination/);
});

test('time entries ⇄ the eight wire fields ⇄ Asterisk timing strings', () => {
  assert.is(timingString({ days: 'mon-fri', hours: '08:30-17:30' }), '08:30-17:30|mon-fri|*|*');
  assert.is(timingString({ date: '12-25' }), '00:00-23:59|*|25|dec');
  assert.is(timingString({ month_days: '24-26', months: 'dec' }), '00:00-23:59|*|24-26|dec');
  assert.is(timingString({ days: 'fri-mon', hours: '22:00-06:00', months: 'nov-feb' }), '22:00-06:00|fri-mon|*|nov-feb');
  // both month sides always sent: never "the 25th of every month"
  assert.equal(timeEntryToWire({ date: '12-25' }), {
    start_hour: '00:00', end_hour: '23:59', start_weekday: '*', end_weekday: '*', start_monthday: '25', end_monthday: '25', start_month: 'dec', end_month: 'dec',
  });
  assert.equal(timeEntryFromWire(timeEntryToWire({ month_days: '1', months: 'jan' })), { date: '01-01' });
  assert.equal(timeEntryFromWire({ start_hour: '*', end_hour: '*', start_weekday: 'sat', end_weekday: 'sat' }), { days: 'sat' });
});

test.run();
