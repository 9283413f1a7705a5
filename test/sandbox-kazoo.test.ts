import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { listen } from '../src/sandbox/server.ts';
import {
  createKazooEmulator,
  OTHER_ACCOUNT_ID,
  OTHER_ACCOUNT_NUMBER,
  SANDBOX_ACCOUNT_ID,
  SANDBOX_ACCOUNT_NAME,
  SANDBOX_API_KEY,
  SANDBOX_AUTH_TOKEN,
  SANDBOX_PASSWORD,
  SANDBOX_USERNAME,
  SEED_IDS,
  type KazooEmulatorOptions,
} from '../src/providers/kazoo/sandbox/index.ts';
import { pcreRegExp, SCHEMA_DIR } from '../src/providers/kazoo/sandbox/validation.ts';

type Body = Record<string, any>;
interface Answer {
  status: number;
  body: Body;
  headers: Headers;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const HEX32 = /^[0-9a-f]{32}$/;

async function start(opts: KazooEmulatorOptions = {}) {
  const em = createKazooEmulator(opts);
  const server = await listen(em);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'X-Auth-Token': SANDBOX_AUTH_TOKEN }): Promise<Answer> => {
    const res = await fetch(`${server.url}/v2${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
  };
  const acct = (path: string) => `/accounts/${SANDBOX_ACCOUNT_ID}${path}`;
  return { em, server, call, acct };
}

let env: Awaited<ReturnType<typeof start>>;
test.before.each(async () => {
  env = await start();
});
test.after.each(async () => {
  await env.server.close();
});

const assertVariantA = (a: Answer) => {
  assert.is(a.status, 401);
  assert.is(a.body.error, '401');
  assert.is(a.body.message, 'invalid_credentials');
  assert.equal(a.body.data, { message: 'invalid credentials' });
  assert.is(a.body.status, 'error');
};
const assertVariantB = (a: Answer) => {
  assert.is(a.status, 401);
  assert.is(a.body.error, '401');
  assert.is(a.body.message, 'invalid credentials');
  assert.equal(a.body.data, {});
};

test('user_auth: md5(lower(user):pass) with the account name gives a token; wrong ones give 401', async () => {
  const { call, acct } = env;
  const credentials = md5(`${SANDBOX_USERNAME.toUpperCase().toLowerCase()}:${SANDBOX_PASSWORD}`);
  const ok = await call('PUT', '/user_auth', { data: { credentials, account_name: SANDBOX_ACCOUNT_NAME.toUpperCase() } }, {});
  assert.is(ok.status, 201);
  assert.ok(typeof ok.body.auth_token === 'string' && ok.body.auth_token.split('.').length === 3, 'a JWT');
  assert.is(ok.body.data.account_id, SANDBOX_ACCOUNT_ID);
  assert.is(ok.body.data.owner_id, SEED_IDS.users.budi);
  const use = await call('GET', acct('/devices'), undefined, { 'X-Auth-Token': ok.body.auth_token });
  assert.is(use.status, 200);

  assertVariantA(await call('PUT', '/user_auth', { data: { credentials: md5(`${SANDBOX_USERNAME}:wrong`), account_name: SANDBOX_ACCOUNT_NAME } }, {}));
  assertVariantA(await call('PUT', '/user_auth', { data: { credentials, account_name: 'No Such Company' } }, {}));
  const missing = await call('PUT', '/user_auth', { data: { account_name: SANDBOX_ACCOUNT_NAME } }, {});
  assert.is(missing.status, 400);
  assert.ok(missing.body.data.credentials.required);
  assert.is((await call('GET', '/user_auth', undefined, {})).status, 405);
});

test('api_auth: the account API key gives a token without owner_id; unknown key 404, bad length 400', async () => {
  const { call, acct } = env;
  const ok = await call('PUT', '/api_auth', { data: { api_key: SANDBOX_API_KEY } }, {});
  assert.is(ok.status, 201);
  assert.is(ok.body.data.account_id, SANDBOX_ACCOUNT_ID);
  assert.not.ok('owner_id' in ok.body.data);
  assert.is((await call('GET', acct(''), undefined, { 'X-Auth-Token': ok.body.auth_token })).status, 200);
  const unknown = 'f'.repeat(64);
  const bad = await call('PUT', '/api_auth', { data: { api_key: unknown } }, {});
  assert.is(bad.status, 404);
  assert.is(bad.body.message, 'bad identifier');
  assert.equal(bad.body.data, [unknown]);
  const short = await call('PUT', '/api_auth', { data: { api_key: 'abc' } }, {});
  assert.is(short.status, 400);
  assert.ok(short.body.data.api_key.minLength);
});

test('fixed token, query auth_token and Basic auth work; missing or garbage token is variant A', async () => {
  const { call, acct } = env;
  assert.is((await call('GET', acct('/users'))).status, 200);
  assert.is((await call('GET', acct(`/users?auth_token=${SANDBOX_AUTH_TOKEN}`), undefined, {})).status, 200);
  const basic = Buffer.from(`${SANDBOX_ACCOUNT_ID}:${md5(`${SANDBOX_USERNAME}:${SANDBOX_PASSWORD}`)}`).toString('base64');
  assert.is((await call('GET', acct('/users'), undefined, { Authorization: `Basic ${basic}` })).status, 200);
  assertVariantA(await call('GET', acct('/devices'), undefined, {}));
  assertVariantA(await call('GET', acct('/devices'), undefined, { 'X-Auth-Token': 'not-a-token' }));
});

test('tokens expire after their fixed lifetime (variant B) and on expireTokens()', async () => {
  let clock = Date.UTC(2024, 0, 1);
  const local = await start({ now: () => clock, tokenTtlSeconds: 60 });
  try {
    const login = await local.call('PUT', '/api_auth', { data: { api_key: SANDBOX_API_KEY } }, {});
    const token = { 'X-Auth-Token': login.body.auth_token };
    clock += 59_000;
    assert.is((await local.call('GET', local.acct('/devices'), undefined, token)).status, 200);
    clock += 1_000;
    assertVariantB(await local.call('GET', local.acct('/devices'), undefined, token));
    assert.is((await local.call('GET', local.acct('/devices'))).status, 200);
    local.em.expireTokens();
    assertVariantB(await local.call('GET', local.acct('/devices')));
  } finally {
    await local.server.close();
  }
});

test('envelope: every field, X-Request-ID echoed, ETag is the revision, paging fields on lists', async () => {
  const { call, acct } = env;
  const one = await call('GET', acct(`/devices/${SEED_IDS.devices.budiDesk}`), undefined, { 'X-Auth-Token': SANDBOX_AUTH_TOKEN, 'X-Request-ID': 'req-123' });
  for (const key of ['auth_token', 'data', 'request_id', 'revision', 'status', 'timestamp', 'version', 'node']) assert.ok(key in one.body, key);
  assert.is(one.body.request_id, 'req-123');
  assert.is(one.headers.get('x-request-id'), 'req-123');
  assert.is(one.body.auth_token, SANDBOX_AUTH_TOKEN);
  assert.is(one.body.status, 'success');
  assert.match(one.body.revision, /^\d+-[0-9a-f]{32}$/);
  assert.is(one.headers.get('etag'), `"${one.body.revision}"`);
  assert.match(one.body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.is(one.body.data.id, SEED_IDS.devices.budiDesk);
  assert.not.ok(Object.keys(one.body.data).some((k) => k.startsWith('pvt_') || k.startsWith('_')));
  const list = await call('GET', acct('/devices'));
  assert.is(list.body.page_size, 8);
  assert.ok(typeof list.body.start_key === 'string');
  assert.not.ok('next_start_key' in list.body);
  assert.match(list.body.revision, HEX32);
  const missing = await call('GET', acct(`/devices/${'0'.repeat(32)}`));
  assert.is(missing.status, 404);
  assert.equal(missing.body.data, { cause: '0'.repeat(32), message: 'bad identifier' });
  assert.is(missing.body.message, 'bad_identifier');
  const badAccount = await call('GET', `/accounts/${'a'.repeat(32)}/devices`);
  assert.is(badAccount.status, 404);
  const invalid = await call('PUT', acct('/devices'), '{"data":');
  assert.is(invalid.status, 400);
  assert.ok(invalid.body.data.json.invalid);
  assert.is((await call('PATCH', acct('/devices'))).status, 405);
});

test('device list rows carry the listing view fields', async () => {
  const { call, acct } = env;
  const list = await call('GET', acct('/devices'));
  const budi = list.body.data.find((d: Body) => d.id === SEED_IDS.devices.budiDesk);
  assert.equal(budi, {
    device_type: 'sip_device',
    enabled: true,
    flags: [],
    id: SEED_IDS.devices.budiDesk,
    mac_address: '805ec0112201',
    name: 'Budi Desk',
    owner_id: SEED_IDS.users.budi,
    username: 'user_budidesk01',
  });
  const soft = list.body.data.find((d: Body) => d.id === SEED_IDS.devices.agusSoftphone);
  assert.is(soft.mac_address, '');
});

test('device create, get, patch (null deletes), post (replace), delete (soft)', async () => {
  const { call, acct, em } = env;
  const created = await call('PUT', acct('/devices'), {
    data: { name: 'Lobby', mac_address: 'AA-BB-CC-00-11-22', presence_id: 'lobby', sip: { username: 'user_lobby', password: 'secret123', realm: 'ofon-demo.sip.ofon.example' }, pvt_hack: 1 },
  });
  assert.is(created.status, 201);
  const id = created.body.data.id;
  assert.match(id, HEX32);
  assert.is(created.headers.get('location'), `/v2/accounts/${SANDBOX_ACCOUNT_ID}/devices/${id}`);
  assert.is(created.body.data.mac_address, 'aabbcc001122');
  assert.not.ok('realm' in created.body.data.sip, 'account realm stripped');
  assert.not.ok('pvt_hack' in em.state.devices[id]);
  assert.equal(created.body.data.media, { audio: { codecs: ['PCMU'] }, encryption: { enforce_security: false, methods: [] }, video: { codecs: [] } });

  const patched = await call('PATCH', acct(`/devices/${id}`), { data: { presence_id: null, sip: { invite_format: 'e164' }, enabled: false } });
  assert.is(patched.status, 200);
  assert.not.ok('presence_id' in patched.body.data);
  assert.is(patched.body.data.sip.invite_format, 'e164');
  assert.is(patched.body.data.sip.username, 'user_lobby', 'sip merged, not replaced');
  assert.is(patched.body.data.enabled, false);
  assert.match(patched.body.revision, /^2-/);

  const replaced = await call('POST', acct(`/devices/${id}`), { data: { name: 'Lobby 2' } });
  assert.is(replaced.status, 200);
  assert.is(replaced.body.data.name, 'Lobby 2');
  assert.not.ok('mac_address' in replaced.body.data, 'POST drops omitted fields');
  assert.is(replaced.body.data.enabled, true, 'defaults re-applied');
  assert.equal(replaced.body.data.sip, { invite_format: 'username', method: 'password', registration_expiration: 300 });

  const got = await call('GET', acct(`/devices/${id}`));
  assert.equal(got.body.data, replaced.body.data);

  const deleted = await call('DELETE', acct(`/devices/${id}`));
  assert.is(deleted.status, 200);
  assert.equal(deleted.body.data._read_only, { deleted: true });
  assert.is((await call('GET', acct(`/devices/${id}`))).status, 404);
  assert.is((await call('PATCH', acct(`/devices/${id}`), { data: {} })).status, 404);
  const list = await call('GET', acct('/devices?paginate=false'));
  assert.not.ok(list.body.data.some((d: Body) => d.id === id));
  assert.is(em.state.devices[id].pvt_deleted, true, 'soft delete keeps the document');
  // the SIP username is free again
  assert.is((await call('PUT', acct('/devices'), { data: { name: 'Again', sip: { username: 'USER_LOBBY' } } })).status, 201);
});

test('paging: 50 per page with next_start_key to the end; page_size param; paginate=false', async () => {
  const { call, acct } = env;
  for (let i = 0; i < 60; i++) {
    const r = await call('PUT', acct('/devices'), { data: { name: `Bulk ${i}`, sip: { username: `bulk_${i}` } } });
    assert.is(r.status, 201);
  }
  const seen: string[] = [];
  let startKey: string | undefined;
  let pages = 0;
  do {
    const r = await call('GET', acct(`/devices${startKey ? `?start_key=${encodeURIComponent(startKey)}` : ''}`));
    pages++;
    assert.is(r.body.page_size, r.body.data.length);
    seen.push(...r.body.data.map((d: Body) => d.id));
    startKey = r.body.next_start_key;
    if (pages === 1) assert.is(r.body.data.length, 50);
  } while (startKey);
  assert.is(pages, 2);
  assert.is(seen.length, 68);
  assert.is(new Set(seen).size, 68);
  assert.equal(seen, [...seen].sort());
  const small = await call('GET', acct('/devices?page_size=30'));
  assert.is(small.body.data.length, 30);
  assert.ok(small.body.next_start_key);
  const all = await call('GET', acct('/devices?paginate=false'));
  assert.is(all.body.data.length, 68);
  for (const key of ['page_size', 'start_key', 'next_start_key']) assert.not.ok(key in all.body, key);
});

test('uniqueness: 400 validation error with flat dotted keys, never 409', async () => {
  const { call, acct } = env;
  const sip = await call('PUT', acct('/devices'), { data: { name: 'Dup', sip: { username: 'USER_BUDIDESK01' } } });
  assert.is(sip.status, 400);
  assert.is(sip.body.message, 'validation error');
  assert.is(sip.body.error, '400');
  assert.equal(sip.body.data, { 'sip.username': { unique: { message: 'SIP credentials already in use', cause: 'USER_BUDIDESK01' } } });
  const mac = await call('PUT', acct('/devices'), { data: { name: 'Dup', mac_address: '80-5e-c0-11-22-01' } });
  assert.equal(Object.keys(mac.body.data), ['mac_address']);
  assert.ok(mac.body.data.mac_address.unique);
  // re-saving a device with its own credentials passes
  assert.is((await call('PATCH', acct(`/devices/${SEED_IDS.devices.budiDesk}`), { data: { name: 'Budi Desk' } })).status, 200);

  const user = await call('PUT', acct('/users'), { data: { first_name: 'A', last_name: 'B', username: 'Siti.Rahayu@ofon-demo.example', password: 'x1234567' } });
  assert.equal(user.body.data.username, { unique: { message: 'Username must be unique within account', cause: 'siti.rahayu@ofon-demo.example' } });
  const hotdesk = await call('PUT', acct('/users'), { data: { first_name: 'A', last_name: 'B', hotdesk: { enabled: true, id: '1002' } } });
  assert.ok(hotdesk.body.data['hotdesk.id'].unique);
  const nopass = await call('PUT', acct('/users'), { data: { first_name: 'A', last_name: 'B', username: 'new.user' } });
  assert.ok(nopass.body.data.password.required);

  const number = await call('PUT', acct('/callflows'), { data: { numbers: ['622150001001'], flow: { module: 'user', data: { id: SEED_IDS.users.dewi } } } });
  assert.is(number.status, 400);
  assert.is(number.body.data.numbers.unique.cause, '+622150001001');
  const none = await call('PUT', acct('/callflows'), { data: { flow: { module: 'user', data: {} } } });
  assert.equal(none.body.data, { numbers: { required: { message: 'Callflows must be assigned at least one number or pattern' } } });
});

test('schema validation errors: required, enum, type, lengths; strings coerced like Crossbar', async () => {
  const { call, acct } = env;
  const bad = await call('PUT', acct('/devices'), { data: { sip: { method: 'token', username: 'x' }, enabled: 'maybe' } });
  assert.is(bad.status, 400);
  assert.equal(bad.body.data.name, { required: { message: 'Field is required but missing' } });
  assert.is(bad.body.data['sip.method'].enum.message, 'Value not found in enumerated list of values');
  assert.equal(bad.body.data['sip.username'].minLength, { message: 'String must be at least 2 characters', target: 2, cause: 'x', value: 'x' });
  assert.is(bad.body.data.enabled.type.message, 'Value did not match type(s): boolean');
  const coerced = await call('PUT', acct('/devices'), { data: { name: 'Coerced', enabled: 'false', sip: { registration_expiration: '600' } } });
  assert.is(coerced.status, 201);
  assert.is(coerced.body.data.enabled, false);
  assert.is(coerced.body.data.sip.registration_expiration, 600);
  const rg = await call('PUT', acct('/callflows'), { data: { numbers: ['3000'], flow: { module: 'ring_group', data: { endpoints: [] } } } });
  assert.ok(rg.body.data['flow.data.endpoints'].minItems);
  const mod = await call('PUT', acct('/callflows'), { data: { numbers: ['3001'], flow: { module: 'teleport', data: {} } } });
  assert.equal(mod.body.data['flow.module'], { error: { message: 'unable to find callflow schema for module teleport' } });
});

test('defaults: 4.0 set by default, 4.3 set when switched at run time', async () => {
  const { call, acct, em } = env;
  const old = await call('PUT', acct('/devices'), { data: { name: 'Old' } });
  assert.equal(old.body.data, {
    call_restriction: {},
    caller_id: {},
    contact_list: {},
    dial_plan: {},
    enabled: true,
    exclude_from_queues: false,
    id: old.body.data.id,
    media: { audio: { codecs: ['PCMU'] }, encryption: { enforce_security: false, methods: [] }, video: { codecs: [] } },
    music_on_hold: {},
    mwi_unsolicited_updates: true,
    name: 'Old',
    register_overwrite_notify: false,
    ringtones: {},
    sip: { invite_format: 'username', method: 'password', registration_expiration: 300 },
    suppress_unregister_notifications: false,
  });
  em.defaults = '4.3';
  const fresh = await call('PUT', acct('/devices'), { data: { name: 'New' } });
  assert.equal(fresh.body.data, {
    call_restriction: {},
    contact_list: {},
    enabled: true,
    exclude_from_queues: false,
    id: fresh.body.data.id,
    music_on_hold: {},
    mwi_unsolicited_updates: true,
    name: 'New',
    register_overwrite_notify: false,
    ringtones: {},
    sip: { expire_seconds: 300, invite_format: 'contact', method: 'password' },
    suppress_unregister_notifications: false,
  });
  assert.match(fresh.body.version, /^4\.3/);
  const user = await call('PUT', acct('/users'), { data: { first_name: 'Nina', last_name: 'Kurnia' } });
  assert.equal(user.body.data.hotdesk, { enabled: false, keep_logged_in_elsewhere: false, require_pin: false });
  assert.is(user.body.data.priv_level, 'user');
  assert.is(user.body.data.vm_to_email_enabled, true);
});

test('callflows: numbers normalised to E.164, module defaults stored, metadata on GET only', async () => {
  const { call, acct, em } = env;
  const r = await call('PUT', acct('/callflows'), {
    data: { name: 'Mixed', numbers: ['4158867900', '00622150001030', '1234', '*97'], flow: { module: 'user', data: { id: SEED_IDS.users.dewi } } },
  });
  assert.is(r.status, 201);
  assert.equal(r.body.data.numbers, ['+14158867900', '+622150001030', '1234', '*97']);
  assert.equal(r.body.data.flow.data, { id: SEED_IDS.users.dewi, timeout: 20, delay: 0, strategy: 'simultaneous' });
  assert.not.ok('metadata' in r.body.data);
  assert.is(em.state.numbers['+622150001030'].used_by, 'callflow');
  const got = await call('GET', acct(`/callflows/${r.body.data.id}`));
  assert.equal(got.body.data.metadata, { [SEED_IDS.users.dewi]: { name: 'Dewi Lestari', pvt_type: 'user' } });
  assert.not.ok('metadata' in em.state.callflows[r.body.data.id]);
  const device = await call('GET', acct(`/callflows/${SEED_IDS.callflows.meetingRoom}`));
  assert.equal(device.body.data.metadata, { [SEED_IDS.devices.meetingRoom]: { name: 'Meeting Room', pvt_type: 'device' } });
  const list = await call('GET', acct('/callflows?filter_type=mainUserCallflow&paginate=false'));
  assert.is(list.body.data.length, 3);
  assert.equal(list.body.data.find((c: Body) => c.id === SEED_IDS.callflows.budi), {
    featurecode: false,
    flags: [],
    id: SEED_IDS.callflows.budi,
    modules: ['user'],
    name: "Budi Santoso SmartPBX's Callflow",
    numbers: ['1001', '+622150001001'],
    owner_id: SEED_IDS.users.budi,
    patterns: [],
    type: 'mainUserCallflow',
  });
  await call('DELETE', acct(`/callflows/${r.body.data.id}`));
  assert.not.ok(em.state.numbers['+622150001030'].used_by, 'number freed on delete');
});

test('403: a DID owned by another account, and a token of one account on another', async () => {
  const { call, acct } = env;
  const r = await call('PUT', acct('/callflows'), { data: { numbers: [OTHER_ACCOUNT_NUMBER], flow: { module: 'user', data: {} } } });
  assert.is(r.status, 403);
  assert.is(r.body.message, 'forbidden');
  assert.equal(r.body.data, { message: 'forbidden' });
  const other = await call('GET', `/accounts/${OTHER_ACCOUNT_ID}/devices`);
  assert.is(other.status, 403);
});

test('users: hashed password logs in, devices of a user include hot-desked ones', async () => {
  const { call, acct, em } = env;
  const created = await call('PUT', acct('/users'), { data: { first_name: 'Nina', last_name: 'Kurnia', username: 'Nina@Ofon-Demo.example', password: 'Rahasia-123' } });
  assert.is(created.status, 201);
  assert.is(created.body.data.username, 'nina@ofon-demo.example');
  assert.not.ok('password' in created.body.data);
  assert.not.ok('password' in em.state.users[created.body.data.id]);
  const login = await call('PUT', '/user_auth', { data: { credentials: md5('nina@ofon-demo.example:Rahasia-123'), account_name: 'ofon demo' } }, {});
  assert.is(login.status, 201);
  assert.is(login.body.data.owner_id, created.body.data.id);
  const devices = await call('GET', acct(`/users/${SEED_IDS.users.agus}/devices`));
  const rows = new Map(devices.body.data.map((d: Body) => [d.id, d]));
  assert.is((rows.get(SEED_IDS.devices.hotDesk1) as Body).hotdesked, true);
  assert.is((rows.get(SEED_IDS.devices.agusSoftphone) as Body).hotdesked, false);
  const siti = await call('GET', acct(`/users/${SEED_IDS.users.siti}`));
  assert.equal(siti.body.data.hotdesk, { enabled: true, id: '1002', pin: '4321', require_pin: true, keep_logged_in_elsewhere: false });
});

test('devices: status lists registered devices, sync and notify actions', async () => {
  const { call, acct } = env;
  const status = await call('GET', acct('/devices/status'));
  assert.ok(status.body.data.some((s: Body) => s.device_id === SEED_IDS.devices.budiDesk && s.registered === true));
  assert.not.ok(status.body.data.some((s: Body) => s.device_id === SEED_IDS.devices.meetingRoom));
  const sync = await call('POST', acct(`/devices/${SEED_IDS.devices.budiDesk}/sync`));
  assert.is(sync.body.data, 'sync request sent');
  const noAction = await call('PUT', acct(`/devices/${SEED_IDS.devices.budiDesk}`), { data: {} });
  assert.is(noAction.status, 400);
  assert.is(noAction.body.message, 'action required');
  const notify = await call('PUT', acct(`/devices/${SEED_IDS.devices.budiDesk}`), { action: 'notify', data: { event: 'check-sync' } });
  assert.is(notify.body.data, 'NOTIFY sent');
});

test('rate limit: 429 with Retry-After beyond requestsPerSecond', async () => {
  const clock = Date.UTC(2024, 0, 1);
  const local = await start({ now: () => clock, rateLimit: { requestsPerSecond: 2 } });
  try {
    assert.is((await local.call('GET', local.acct('/devices'))).status, 200);
    assert.is((await local.call('GET', local.acct('/devices'))).status, 200);
    const limited = await local.call('GET', local.acct('/devices'));
    assert.is(limited.status, 429);
    assert.is(limited.body.message, 'too_many_requests');
    assert.is(limited.headers.get('retry-after'), '1');
  } finally {
    await local.server.close();
  }
});

/** An independent draft-04 load of Kazoo's schemas (no defaults) to check what the emulator returns. */
function kazooSchemaValidator(set: '4.0' | '4.3') {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { regExp: pcreRegExp } });
  ((formatsModule as unknown as { default?: unknown }).default as (a: Ajv) => void)(ajv);
  const load = (dir: string) => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      delete schema.$schema;
      const id = file.slice(0, -5);
      if (ajv.getSchema(id)) ajv.removeSchema(id);
      ajv.addSchema({ ...schema, $id: id });
    }
  };
  load(SCHEMA_DIR);
  if (set === '4.3') load(join(SCHEMA_DIR, 'kazoo-4.3'));
  return (id: string, doc: unknown) => {
    const ok = ajv.getSchema(id)!(doc);
    return ok ? '' : ajv.errorsText(ajv.getSchema(id)!.errors);
  };
}

test('documents returned validate against the Kazoo schemas, under both default sets', async () => {
  const { call, acct, em } = env;
  for (const set of ['4.0', '4.3'] as const) {
    em.defaults = set;
    const check = kazooSchemaValidator(set);
    const made = await call('PUT', acct('/devices'), { data: { name: `Schema ${set}`, call_forward: { enabled: true, number: '+628111' } } });
    const docs: [string, Body][] = [['devices', made.body.data]];
    for (const id of Object.values(SEED_IDS.devices)) docs.push(['devices', (await call('GET', acct(`/devices/${id}`))).body.data]);
    for (const id of Object.values(SEED_IDS.users)) docs.push(['users', (await call('GET', acct(`/users/${id}`))).body.data]);
    for (const id of Object.values(SEED_IDS.callflows)) {
      const cf = (await call('GET', acct(`/callflows/${id}`))).body.data;
      docs.push(['callflows', cf], [`callflows.${cf.flow.module}`, cf.flow.data]);
    }
    for (const [schema, doc] of docs) assert.is(check(schema, doc), '', `${set} ${schema} ${doc.id ?? ''}`);
  }
});

test('state: persisted to statePath, reloaded by a new emulator, reset back to the seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kazoo-state-'));
  const statePath = join(dir, 'kazoo.json');
  try {
    const first = await start({ statePath });
    const made = await first.call('PUT', first.acct('/devices'), { data: { name: 'Persisted', sip: { username: 'persisted' } } });
    await first.server.close();
    const second = await start({ statePath });
    try {
      const got = await second.call('GET', second.acct(`/devices/${made.body.data.id}`));
      assert.is(got.status, 200);
      assert.is(got.body.data.name, 'Persisted');
      const dup = await second.call('PUT', second.acct('/devices'), { data: { name: 'Dup', sip: { username: 'persisted' } } });
      assert.is(dup.status, 400, 'indexes rebuilt from the loaded state');
      second.em.reset();
      assert.is((await second.call('GET', second.acct(`/devices/${made.body.data.id}`))).status, 404);
    } finally {
      await second.server.close();
    }
    const empty = createKazooEmulator({ seed: 'empty' });
    assert.equal(Object.keys(empty.state.accounts), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('state: a callflow write journals its own document and the numbers it took, each by name; a new emulator replays them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kazoo-journal-'));
  const statePath = join(dir, 'kazoo.json');
  try {
    const first = await start({ statePath });
    let made: Answer, journal: string[][], again: ReturnType<typeof createKazooEmulator>;
    try {
      await first.call('GET', first.acct('/callflows')); // the seed is saved whole before this answer
      made = await first.call('PUT', first.acct('/callflows'), { data: { numbers: ['+622150001030'], flow: { module: 'user', data: { id: SEED_IDS.users.dewi } } } });
      // before close() folds it in, as after a kill
      journal = readFileSync(`${statePath}.journal`, 'utf8').trim().split('\n').map((line) => JSON.parse(line)[0]);
      again = createKazooEmulator({ statePath });
    } finally {
      await first.server.close();
    }
    assert.is(made.status, 201);
    assert.equal(journal.sort(), [['callflows', made.body.data.id], ['numbers', '+622150001030']]);
    assert.is(again.state.numbers['+622150001030'].used_by, 'callflow');
    assert.equal(again.state.callflows[made.body.data.id].numbers, ['+622150001030']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('request log, settings and describe', async () => {
  const { call, acct, em, server } = env;
  await call('GET', acct('/devices?page_size=5'));
  await call('PUT', acct('/devices'), { data: { name: 'Logged' } });
  const [get, put] = em.log.slice(-2);
  assert.equal([get.method, get.path, get.query, get.status, get.write], ['GET', `/v2/accounts/${SANDBOX_ACCOUNT_ID}/devices`, 'page_size=5', 200, false]);
  assert.equal([put.method, put.status, put.write], ['PUT', 201, true]);
  assert.equal(em.settings(server.url), {
    url: `${server.url}/v2`,
    account_id: SANDBOX_ACCOUNT_ID,
    username: SANDBOX_USERNAME,
    password: SANDBOX_PASSWORD,
    account_name: SANDBOX_ACCOUNT_NAME,
  });
  const lines = em.describe(server.url).join('\n');
  for (const value of [SANDBOX_API_KEY, SANDBOX_AUTH_TOKEN, SANDBOX_USERNAME]) assert.ok(lines.includes(value));
});

test.run();
