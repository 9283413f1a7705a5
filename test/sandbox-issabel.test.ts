import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createIssabelEmulator, type IssabelEmulator, type IssabelEmulatorOptions, SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { listen, type Listening } from '../src/sandbox/server.ts';

interface Ctx {
  em: IssabelEmulator;
  srv: Listening;
  clock: { ms: number };
  token: string;
}

const test = suite<Ctx>('sandbox-issabel');

async function start(ctx: Ctx, opts: IssabelEmulatorOptions = {}) {
  ctx.clock = { ms: Date.UTC(2025, 0, 1) };
  ctx.em = createIssabelEmulator({ now: () => ctx.clock.ms, ...opts });
  ctx.srv = await listen(ctx.em);
  ctx.token = await login(ctx);
}

async function login(ctx: Ctx): Promise<string> {
  const res = await call(ctx, 'POST', '/authenticate', { body: { user: 'admin', password: SANDBOX_PASSWORD }, auth: false });
  return (await res.json()).access_token;
}

async function call(
  ctx: Ctx,
  method: string,
  path: string,
  { body, auth = true, type = 'application/json' }: { body?: unknown; auth?: boolean; type?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (auth) headers.Authorization = `Bearer ${ctx.token}`;
  if (body !== undefined) headers['Content-Type'] = type;
  return fetch(`${ctx.srv.url}/pbxapi${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

test.before.each(async (ctx) => start(ctx));
test.after.each(async (ctx) => ctx.srv.close());

test('login answers a Bearer token; bad credentials and missing tokens get 403 with an empty body', async (ctx) => {
  const ok = await call(ctx, 'POST', '/authenticate', { body: 'user=admin&password=sandbox-admin', type: 'application/x-www-form-urlencoded', auth: false });
  const tokens = await ok.json();
  assert.is(ok.status, 200);
  assert.is(tokens.token_type, 'Bearer');
  assert.is(tokens.expires_in, 3600);
  assert.is(tokens.access_token.split('.').length, 3);

  const bad = await call(ctx, 'POST', '/authenticate', { body: { username: 'admin', password: 'wrong' }, auth: false });
  assert.is(bad.status, 403);
  assert.is(await bad.text(), '');

  const anonymous = await call(ctx, 'GET', '/extensions', { auth: false });
  assert.is(anonymous.status, 403);
  assert.is(await anonymous.text(), '');
  ctx.token = 'not.a.token';
  assert.is((await call(ctx, 'GET', '/extensions')).status, 403);
});

test('an expired token answers 200 {"status": "expired"} and the write is not executed', async (ctx) => {
  ctx.clock.ms += 3601_000;
  const res = await call(ctx, 'PUT', '/extensions/1100', { body: { name: 'Late' } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), null);
  assert.is(await res.text(), '{"status": "expired"}');
  assert.is(ctx.em.state.extensions['1100'], undefined);

  ctx.token = await login(ctx);
  assert.is((await call(ctx, 'GET', '/extensions/1000')).status, 200);
  ctx.em.expireTokens();
  const after = await call(ctx, 'DELETE', '/extensions/1000');
  assert.is(await after.text(), '{"status": "expired"}');
  assert.ok(ctx.em.state.extensions['1000']);
});

test('renewtoken gives a new access token for an expired one', async (ctx) => {
  const first = await (await call(ctx, 'POST', '/authenticate', { body: { user: 'admin', password: SANDBOX_PASSWORD }, auth: false })).json();
  ctx.clock.ms += 3700_000;
  const res = await call(ctx, 'GET', `/authenticate/renewtoken?refresh_token=${first.refresh_token}&access_token=${first.access_token}`, { auth: false });
  const renewed = JSON.parse(await res.text());
  assert.is(renewed.status, 'authorized');
  ctx.token = renewed.access_token;
  assert.is((await call(ctx, 'GET', '/extensions')).status, 200);
});

test('collections are string-valued, lexicographic, with default fields, fields=* and dotted fields', async (ctx) => {
  const res = await call(ctx, 'GET', '/extensions');
  assert.is(res.headers.get('content-type'), 'application/json;charset=utf-8');
  const body = await res.json();
  assert.is(body.status, 'success');
  assert.equal(body.results.map((e: { extension: string }) => e.extension), ['1000', '1001', '1002', '1003', '1050', '9001']);
  assert.equal(body.results[0], {
    extension: '1000', name: 'Antonio', tech: 'sip', dial: 'SIP/1000', secret: 'Kq7vR2mX9pLw', context: 'from-internal',
    voicemail: [], dictation: [], followme: [],
  });
  assert.is(body.results[5].name, ''); // virtual: name comes from the (absent) device

  const full = (await (await call(ctx, 'GET', '/extensions?fields=*')).json()).results[0];
  assert.equal(full.voicemail, {
    enabled: 'yes', pin: '4321', email: 'antonio@example.com', pager_email: '',
    options: { email_attachment: 'yes', play_callerid: 'no', play_envelope: 'no', delete: 'no' },
  });
  assert.is(full.extension_options.ring_time, '30');
  assert.is(full.extension_options.call_waiting, 'yes');
  assert.is(full.recording.inbound_external, 'always');
  assert.is(full.device_options.port, '5060');

  const some = (await (await call(ctx, 'GET', '/extensions?fields=extension_options.ring_time')).json()).results[1];
  assert.equal(some.extension_options, { ring_time: '15' });
  assert.equal(some.voicemail, []);
  assert.is(some.recording, undefined);

  const unknown = await call(ctx, 'GET', '/extensions/4444');
  assert.is(unknown.status, 200);
  assert.equal(await unknown.json(), { status: 'success', results: [] });

  const groups = (await (await call(ctx, 'GET', '/ringgroups?fields=*')).json()).results;
  assert.equal(groups[0].extension_list, ['1000', '1003']);
  assert.is(groups[0].ring_time, '15');
  assert.is(groups[0].enable_call_pickup, 'no');
});

test('PUT creates with 201 + Location, then updates with an empty 200; numbers become strings', async (ctx) => {
  const created = await call(ctx, 'PUT', '/extensions/1100', { body: { name: 'New', extension_options: { ring_time: 25 } } });
  assert.is(created.status, 201);
  assert.is(created.headers.get('location'), `${ctx.srv.url}/pbxapi/extensions/1100`);
  assert.is(await created.text(), '');
  const record = ctx.em.state.extensions['1100'];
  assert.is(record.secret.length, 32);
  assert.is(record.context, 'from-internal');
  assert.is((record.extension_options as Record<string, string>).ring_time, '25');

  const updated = await call(ctx, 'PUT', '/extensions/1100', { body: { 'callerid_override.outbound': '5551234', tech: 'iax2' } });
  assert.is(updated.status, 200);
  assert.is(updated.headers.get('location'), null);
  assert.is(await updated.text(), '');
  const one = (await (await call(ctx, 'GET', '/extensions/1100')).json()).results[0];
  assert.is(one.tech, 'sip'); // tech cannot change
  assert.is(one.name, 'New');
  assert.is(one.callerid_override.outbound, '5551234');
});

test('POST picks the next free number above the lowest extension', async (ctx) => {
  const res = await call(ctx, 'POST', '/extensions?x=1', { body: { name: 'Auto' } });
  assert.is(res.status, 201);
  assert.is(res.headers.get('location'), `${ctx.srv.url}/pbxapi/extensions?x=1/1004`);
  assert.is(ctx.em.state.extensions['1004'].name, 'Auto');
});

test('a bad enum is 422 in the error envelope; a number used by a queue is 409', async (ctx) => {
  const bad = await call(ctx, 'PUT', '/extensions/1000', { body: { recording: { inbound_external: 'sometimes' }, device_options: { nat: 'maybe' } } });
  assert.is(bad.status, 422);
  assert.is(bad.statusText, 'Unprocessabel Entity');
  const body = await bad.json();
  assert.is(body.status, 'fail');
  assert.equal(body.errors[0], { status: '422', source: 'recording.inbound_external', detail: 'Not in list of allowed values' });
  assert.is(body.errors.length, 2);

  const cid = await call(ctx, 'PUT', '/extensions/1000', { body: { callerid_override: { outbound: 'Sales <5551234>' } } });
  assert.is(cid.status, 422);

  const taken = await call(ctx, 'PUT', '/extensions/2000', { body: { name: 'Clash' } });
  assert.is(taken.status, 409);
  assert.is((await taken.json()).errors[0].detail, 'Extension number already in use');
  assert.is((await call(ctx, 'PUT', '/extensions/0500', { body: {} })).status, 409); // loose: "0500" == "500"
});

test('ring groups: PUT unknown is 404, DELETE without a body is 400, charset JSON updates nothing', async (ctx) => {
  const missing = await call(ctx, 'PUT', '/ringgroups/699', { body: { name: 'X' } });
  assert.is(missing.status, 404);
  assert.is((await missing.json()).errors[0].detail, 'Could not find a record to update');

  const noBody = await call(ctx, 'DELETE', '/ringgroups/600');
  assert.is(noBody.status, 400);
  assert.is((await noBody.json()).errors[0].detail, 'Could not decode JSON');
  assert.ok(ctx.em.state.ringGroups['600']);

  const charset = await call(ctx, 'PUT', '/ringgroups/600', { body: { name: 'Renamed' }, type: 'application/json; charset=utf-8' });
  assert.is(charset.status, 200);
  assert.is(ctx.em.state.ringGroups['600'].name, 'Sales');

  const posted = await call(ctx, 'POST', '/ringgroups', { body: { name: 'Support', extension_list: ['1001'], ring_time: '45' } });
  assert.is(posted.status, 201);
  assert.is(posted.headers.get('location'), `${ctx.srv.url}/pbxapi/ringgroups/601`);
  const badTime = await call(ctx, 'POST', '/ringgroups', { body: { name: 'Slow', extension_list: [], ring_time: 301 } });
  assert.is(badTime.status, 422);
  const noList = await call(ctx, 'POST', '/ringgroups', { body: { name: 'Empty' } });
  assert.is((await noList.json()).errors[0].source, 'extension_list');
  assert.is((await call(ctx, 'POST', '/ringgroups', { body: { extension: '1000', name: 'Dup', extension_list: [] } })).status, 409);
});

test('comma DELETE stops at the first unknown number after deleting the earlier ones', async (ctx) => {
  const res = await call(ctx, 'DELETE', '/extensions/1001,4444,1003');
  assert.is(res.status, 404);
  assert.is(ctx.em.state.extensions['1001'], undefined);
  assert.ok(ctx.em.state.extensions['1003']);
  assert.is(ctx.em.applyCount, 0);
  assert.is(ctx.em.pendingWrites, 1);

  const groups = await call(ctx, 'DELETE', '/ringgroups/610,699,600', { body: { reload: false } });
  assert.is(groups.status, 404);
  assert.equal(Object.keys(ctx.em.state.ringGroups), ['600']);
});

test('reload: off in the body keeps writes pending, the query string is ignored, extension DELETE always applies', async (ctx) => {
  await call(ctx, 'PUT', '/extensions/1100', { body: { name: 'A', reload: false } });
  await call(ctx, 'PUT', '/ringgroups/600', { body: { ring_time: 20, reload: '0' } });
  assert.is(ctx.em.applyCount, 0);
  assert.is(ctx.em.pendingWrites, 2);

  await call(ctx, 'PUT', '/extensions/1100?reload=0', { body: { name: 'B' } });
  assert.is(ctx.em.applyCount, 1);
  assert.is(ctx.em.pendingWrites, 0);

  await call(ctx, 'PUT', '/extensions/1100', { body: { name: 'C', reload: 'true' } });
  assert.is(ctx.em.applyCount, 2);

  const del = await call(ctx, 'DELETE', '/extensions/1100', { body: { reload: false } });
  assert.is(del.status, 200);
  assert.is(ctx.em.applyCount, 3);
});

test('applyFails: the write is committed, the answer is a 500 page, nothing is applied', async (ctx) => {
  ctx.em.faults.applyFails = true;
  const res = await call(ctx, 'PUT', '/extensions/1001', { body: { name: 'Josefa' } });
  assert.is(res.status, 500);
  assert.match(await res.text(), /<html>/);
  assert.is(ctx.em.state.extensions['1001'].name, 'Josefa');
  assert.is(ctx.em.applyCount, 0);
  assert.is(ctx.em.pendingWrites, 1);
});

test('follow-me and dictation are rebuilt from each body; a mailbox without options is a 500 after the write', async (ctx) => {
  await call(ctx, 'PUT', '/extensions/1001', { body: { followme: { enabled: 'yes', extension_list: ['1001', '5551234#'] }, dictation: { enabled: 'yes', format: 'wav' } } });
  let one = (await (await call(ctx, 'GET', '/extensions/1001')).json()).results[0];
  assert.equal(one.followme.extension_list, ['1001', '5551234#']);
  assert.is(one.dictation.format, 'wav');
  await call(ctx, 'PUT', '/extensions/1001', { body: { name: 'Jose M' } });
  one = (await (await call(ctx, 'GET', '/extensions/1001')).json()).results[0];
  assert.is(one.followme.enabled, 'no');
  assert.equal(one.dictation, { enabled: 'no' });

  const res = await call(ctx, 'PUT', '/extensions/1001', { body: { voicemail: { enabled: 'yes', pin: '9999' } } });
  assert.is(res.status, 500);
  assert.equal(ctx.em.state.extensions['1001'].voicemail, { enabled: 'yes', pin: '9999' });
  assert.is(ctx.em.applyCount, 2);
});

test('a token expired more than 720000 s ago is a 500 page', async (ctx) => {
  ctx.clock.ms += (3600 + 720001) * 1000;
  const res = await call(ctx, 'GET', '/extensions');
  assert.is(res.status, 500);
  assert.match(await res.text(), /Internal Server Error/);
});

test('routing edges: unknown controller 404 page, read-only allextensions answering the inbound routes, PATCH 405 (403 without token)', async (ctx) => {
  const unknown = await call(ctx, 'GET', '/nosuch');
  assert.is(unknown.status, 404);
  assert.match(unknown.headers.get('content-type') ?? '', /text\/html/);
  // the server's loop stops at the inbound-route controller, which answers its own listing
  const all = await (await call(ctx, 'GET', '/allextensions')).json();
  assert.equal(all, await (await call(ctx, 'GET', '/inboundroutes')).json());
  const readOnly = await call(ctx, 'POST', '/allextensions', { body: {} });
  assert.is(readOnly.status, 405);
  assert.is((await readOnly.json()).errors[0].detail, 'This resource is read only');
  assert.is((await call(ctx, 'PATCH', '/extensions/1000', { body: {} })).status, 405);
  assert.is((await call(ctx, 'PATCH', '/extensions/1000', { body: {}, auth: false })).status, 403);
});

test('every request is logged, writes flagged', async (ctx) => {
  await call(ctx, 'GET', '/extensions?fields=*');
  await call(ctx, 'PUT', '/extensions/1000', { body: { name: 'Toni' } });
  const [loginEntry, get, put] = ctx.em.log;
  assert.is(loginEntry.path, '/pbxapi/authenticate');
  assert.equal({ ...get, at: '' }, { at: '', method: 'GET', path: '/pbxapi/extensions', query: 'fields=*', status: 200, write: false });
  assert.equal([put.method, put.status, put.write], ['PUT', 200, true]);
});

test('state is saved atomically to statePath and loaded back; reset restores the seed', async (ctx) => {
  const dir = await mkdtemp(join(tmpdir(), 'issabel-'));
  const statePath = join(dir, 'state.json');
  try {
    await ctx.srv.close();
    await start(ctx, { statePath });
    await call(ctx, 'PUT', '/extensions/1234', { body: { name: 'Saved' } });
    await ctx.em.save();
    assert.is(JSON.parse(await readFile(statePath, 'utf8')).extensions['1234'].name, 'Saved');

    const again = createIssabelEmulator({ statePath });
    assert.is(again.state.extensions['1234'].name, 'Saved');
    again.reset();
    assert.is(again.state.extensions['1234'], undefined);
    assert.ok(again.state.extensions['1000']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an empty PBX: POST without a number is a 500, PUT still works', async (ctx) => {
  await ctx.srv.close();
  await start(ctx, { seed: 'empty' });
  assert.is((await call(ctx, 'POST', '/extensions', { body: { name: 'First' } })).status, 500);
  assert.is((await call(ctx, 'PUT', '/extensions/100', { body: { name: 'First' } })).status, 201);
  assert.is((await call(ctx, 'POST', '/ringgroups', { body: { name: 'G', extension_list: ['100'] } })).headers.get('location')?.endsWith('/600'), true);
});

test.run();
