import { createHmac } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword, sign, signedParams, type VoipcenterScript } from '../src/providers/voipcenter/signing.ts';
import { createVoipcenterEmulator, VOIPCENTER_CREDENTIALS, type VoipcenterEmulator, type VoipcenterEmulatorOptions } from '../src/providers/voipcenter/sandbox/index.ts';
import { listen, type Listening } from '../src/sandbox/server.ts';

const creds = VOIPCENTER_CREDENTIALS;
const localTs = () => Math.floor(Date.now() / 1000);

async function start(opts: VoipcenterEmulatorOptions = {}): Promise<Listening> {
  return listen(createVoipcenterEmulator(opts));
}

interface Call {
  script?: VoipcenterScript;
  params: Record<string, string>;
  ts?: number;
  credentials?: Partial<typeof creds>;
  post?: boolean;
}

async function api(srv: Listening, c: Call): Promise<{ status: number; date: string; text: string; json: any }> {
  const script = c.script ?? 'get.php';
  const params = signedParams(script, { ...creds, ...c.credentials }, c.params, c.ts ?? localTs());
  const query = new URLSearchParams(params).toString();
  const res = c.post
    ? await fetch(`${srv.url}/api/${script}`, { method: 'POST', body: new URLSearchParams(params) })
    : await fetch(`${srv.url}/api/${script}?${query}`);
  const text = await res.text();
  const json = params.f === 'json' ? JSON.parse(text) : undefined;
  return { status: res.status, date: res.headers.get('date') ?? '', text, json };
}

const get = (srv: Listening, m: string, id = '0', extra: Record<string, string> = {}) =>
  api(srv, { params: { m, id, ...extra, f: 'json' } });
const update = (srv: Listening, m: string, id: string, p: string) =>
  api(srv, { script: 'update.php', params: { m, id, p, f: 'json' } });

test('signing: pwd is sha256 of the md5 hex; pass signs the documented order', () => {
  // md5("password") = 5f4dcc3b5aa765d61d8327deb882cf99; vectors computed with sha256sum and openssl
  assert.is(hashPassword('password'), '3f2cd8e57b096fe7e4a78a5627e34ca3f885ad65a56e61c287cf4211bbc5949f');
  const a = sign('get.php', { apiID: 'a', knummer: '1', pwd: 'p', m: 'sipacc', id: '0', f: 'json', ts: '5' }, 'k');
  assert.is(a, 'e8050f5b9828f320bcd3aaf0b4dfee121511181adfbc5431ecb99573236b48f7');
  const withFilter = sign('get.php', { apiID: 'a', knummer: '1', pwd: 'p', m: 'sipacc', id: '0', filter: 'x', f: 'json', ts: '5' }, 'k');
  assert.is(a, withFilter, 'filter is not signed');
});

test('the emulator checks pass with its own reading of the document: update.php signed with call.php\'s string is refused', async () => {
  const srv = await start();
  try {
    const base = { apiID: creds.apiId, knummer: creds.customer, pwd: hashPassword(creds.password), m: 'indicator', id: '100', p: '1', f: 'json', ts: String(localTs()) };
    const hmac = (names: string[]) => createHmac('sha256', creds.key).update(names.map((n) => n + ((base as Record<string, string>)[n] ?? '')).join('')).digest('hex');
    const send = async (pass: string) => (await (await fetch(`${srv.url}/api/update.php?${new URLSearchParams({ ...base, pass })}`)).json()).head.code;
    // the document's update.php example repeats call.php's $tobehashed (sipacc, telnr): decisions.md signs update.php's own parameters
    assert.is(await send(hmac(['apiID', 'knummer', 'pwd', 'sipacc', 'telnr', 'f', 'ts'])), 14);
    assert.is(await send(hmac(['apiID', 'knummer', 'pwd', 'm', 'id', 'p', 'f', 'ts'])), 0);
  } finally {
    await srv.close();
  }
});

test('a signed request answers the same data in json, xml and php', async () => {
  const srv = await start();
  try {
    const json = await get(srv, 'sipacc');
    assert.is(json.status, 200);
    assert.equal(json.json.head, { code: 0, message: 'OK' });
    assert.is(json.json.body.length, 4);
    assert.equal(json.json.body[0], { id: 101, name: 'Onthaal', username: '204517_201', extension: '201', callerid: '+3292451010' });

    const xml = await api(srv, { params: { m: 'sipacc', id: '0', f: 'xml' } });
    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'item' }).parse(xml.text);
    const asXml = (v: unknown): unknown =>
      Array.isArray(v) ? (v.length ? { item: v.map(asXml) } : '') : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asXml(x)])) : String(v);
    assert.equal(parsed.response, asXml(json.json));

    const php = await api(srv, { params: { m: 'indicator', id: '100', f: 'php' } });
    assert.is(
      php.text,
      'a:2:{s:4:"head";a:2:{s:4:"code";i:0;s:7:"message";s:2:"OK";}s:4:"body";a:3:{s:2:"id";i:100;s:4:"name";s:9:"Dag/Nacht";s:6:"active";i:0;}}',
    );
    // POST form works too
    const posted = await api(srv, { params: { m: 'did', id: '540', f: 'json' }, post: true });
    assert.is(posted.json.body.number, '+3292451010');
  } finally {
    await srv.close();
  }
});

test('time filters in the shapes decisions.md fixes: id=0 lists them in full and in id order, id=N one, filter by name, unknown id 2, xml items', async () => {
  const srv = await start();
  try {
    const list = (await get(srv, 'kantooruren')).json.body;
    assert.equal(list.map((i: { id: number }) => i.id), [30, 31]);
    assert.equal(list[0].hours.slice(0, 2), [{ day: 'mon', open: '08:30', close: '12:00' }, { day: 'mon', open: '13:00', close: '17:30' }]);
    assert.equal((await get(srv, 'kantooruren', '30')).json.body, list[0]);
    assert.equal((await get(srv, 'feestdagen', '0', { filter: 'BELGIË' })).json.body.map((i: { name: string }) => i.name), ['Feestdagen België 2026']);
    assert.equal((await get(srv, 'vakanties', '20')).json.body, { id: 20, name: 'Zomersluiting 2026', start: '2026-07-20', end: '2026-08-07' });
    assert.equal((await get(srv, 'vakanties', '99')).json.head, { code: 2, message: 'Incorrect ID' });
    // read-only: no update
    assert.is((await update(srv, 'kantooruren', '30', 'k31')).json.head.code, 17);
    const xml = await api(srv, { params: { m: 'feestdagen', id: '11', f: 'xml' } });
    assert.match(xml.text, '<days><item><date>2026-01-02</date><name>Brugdag Nieuwjaar</name></item><item><date>2026-05-15</date>');
  } finally {
    await srv.close();
  }
});

test('authentication failures answer the documented head codes with HTTP 200', async () => {
  const srv = await start();
  try {
    const code = async (c: Call) => {
      const r = await api(srv, c);
      assert.is(r.status, 200);
      return [r.json.head.code, r.json.head.message];
    };
    const params = { m: 'sipacc', id: '0', f: 'json' };
    assert.equal(await code({ params, credentials: { key: 'wrong-key' } }), [14, 'Incorrect hash']);
    assert.equal(await code({ params, credentials: { password: 'wrong' } }), [15, 'User password incorrect']);
    assert.equal(await code({ params, ts: localTs() - 6 }), [11, 'Timestamp mismatch']);
    assert.equal(await code({ params, credentials: { apiId: 'pi000000xxx' } }), [16, 'API user not allowed']);
    assert.equal(await code({ params, credentials: { customer: '999999' } }), [16, 'API user not allowed']);
    assert.equal(await code({ params: { m: 'sipacc', f: 'json' } }), [10, 'Missing parameters']);
    assert.equal((await api(srv, { params: { m: 'sipacc', id: '0', f: 'yaml' } })).text.includes('"code":12'), true);
    assert.equal(await code({ params: { m: 'nope', id: '0', f: 'json' } }), [17, 'Param not correct']);
    assert.equal(await code({ params: { m: 'did', id: '999', f: 'json' } }), [2, 'Incorrect ID']);
    assert.equal(await code({ params: { m: 'did', id: '540', filter: 'x', f: 'json' } }), [17, 'Param not correct']);
    // a tampered parameter breaks the signature
    const signed = signedParams('get.php', creds, params, localTs());
    const res = await fetch(`${srv.url}/api/get.php?${new URLSearchParams({ ...signed, m: 'did' })}`);
    assert.is((await res.json()).head.code, 14);
    assert.ok(srv.emulator.log.every((e) => e.status === 200 && !e.write));
  } finally {
    await srv.close();
  }
});

test('a skewed server clock fails local timestamps with 11 until ts follows its Date header', async () => {
  const srv = await start({ clockSkewSeconds: 10 });
  try {
    const first = await get(srv, 'sipacc');
    assert.is(first.json.head.code, 11);
    const serverTs = Math.floor(Date.parse(first.date) / 1000);
    assert.ok(serverTs - localTs() >= 8, 'the Date header shows the skew');
    const retry = await api(srv, { params: { m: 'sipacc', id: '0', f: 'json' }, ts: serverTs });
    assert.is(retry.json.head.code, 0);
  } finally {
    await srv.close();
  }
});

test('beyond the rate limit the answer is 13, and recovers after a second', async () => {
  let t = 1_780_000_000_000;
  const srv = await start({ rateLimit: { requestsPerSecond: 3 }, now: () => t });
  try {
    const ts = Math.floor(t / 1000);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await api(srv, { params: { m: 'routes', id: '0', f: 'json' }, ts })).json.head.code);
    assert.equal(codes, [0, 0, 0, 13, 13]);
    t += 1001;
    assert.is((await api(srv, { params: { m: 'routes', id: '0', f: 'json' }, ts: Math.floor(t / 1000) })).json.head.code, 0);
  } finally {
    await srv.close();
  }
});

test('did routing updates in both p styles; bad p answers 17', async () => {
  const srv = await start();
  try {
    const a = await update(srv, 'did', '541', 'f11|v21|k31|r140|b150');
    assert.is(a.json.head.code, 0);
    assert.equal(a.json.body, { id: 541, number: '+3292451011', name: 'Boekhouding', holiday_id: 11, vacation_id: 21, office_hours_id: 31, route_id: 140, backup_route_id: 150 });
    const b = await update(srv, 'did', '541', 'r=142|b=151');
    assert.is(b.json.head.code, 0);
    const now = await get(srv, 'did', '541');
    assert.equal([now.json.body.holiday_id, now.json.body.route_id, now.json.body.backup_route_id], [11, 142, 151]);
    assert.is((await update(srv, 'did', '541', 'v0')).json.body.vacation_id, 0, '0 clears');
    for (const p of ['x10', 'r999', 'r140|r141', 'r', 'r140,b150', 'f10|', 's101']) {
      assert.is((await update(srv, 'did', '541', p)).json.head.code, 17, p);
    }
    assert.is((await update(srv, 'did', '9999', 'r140')).json.head.code, 17);
    assert.is((await update(srv, 'sipacc', '101', 'r140')).json.head.code, 17);
    assert.is((await get(srv, 'did', '541')).json.body.route_id, 142, 'failed updates change nothing');
    assert.ok(srv.emulator.log.filter((e) => e.path === '/api/update.php').every((e) => e.write));
  } finally {
    await srv.close();
  }
});

test('indicator and hot-desk updates change state', async () => {
  const srv = await start();
  try {
    assert.is((await update(srv, 'indicator', '100', '1')).json.body.active, 1);
    assert.is((await get(srv, 'indicator', '100')).json.body.active, 1);
    assert.is((await update(srv, 'indicator', '100', '2')).json.head.code, 17);
    const desk = await update(srv, 'hddesk', '300', 's101|t51');
    assert.equal(desk.json.body, { id: 300, name: 'Flexplek 1', sipacc_id: 101, template_id: 51 });
    assert.is((await update(srv, 'hddesk', '301', 't=50')).json.body.template_id, 50);
    assert.is((await update(srv, 'hddesk', '300', 't99')).json.head.code, 17);
    assert.is((srv.emulator as VoipcenterEmulator).state.desks[0].sipacc_id, 101);
  } finally {
    await srv.close();
  }
});

test('calls filter by day (yyyymmdd) or by number', async () => {
  const srv = await start();
  try {
    const all = (await get(srv, 'calls')).json.body as { date: string; from: string; to: string }[];
    assert.ok(all.length >= 200);
    assert.ok(all[0].date.startsWith('2026-01') && all.at(-1)!.date.startsWith('2026-04'));
    const day = await get(srv, 'calls', '0', { filter: '20260302' });
    assert.ok(day.json.body.length >= 2);
    assert.equal(day.json.body, all.filter((c) => c.date.startsWith('2026-03-02')));
    assert.is((await get(srv, 'calls', '0', { filter: '20260103' })).json.body.length, 0, 'Saturday');
    const byNumber = (await get(srv, 'calls', '0', { filter: '3292451011' })).json.body as typeof all;
    assert.ok(byNumber.length > 0 && byNumber.every((c) => c.to === '+3292451011' || c.from === '+3292451011'));
    const byName = (await get(srv, 'sipacc', '0', { filter: 'claes' })).json.body;
    assert.equal(byName.map((s: { id: number }) => s.id), [102]);
  } finally {
    await srv.close();
  }
});

test('click-to-call: unknown SIP account 20, undialable number 21', async () => {
  const srv = await start();
  try {
    const call = (sipacc: string, telnr: string) => api(srv, { script: 'call.php', params: { sipacc, telnr, f: 'json' } });
    assert.is((await call('204517_202', '093456789')).json.head.code, 0);
    assert.is((await call('204517_202', '31209988776')).json.head.code, 0);
    assert.is((await call('nobody', '093456789')).json.head.code, 20);
    assert.is((await call('204517_202', '12ab')).json.head.code, 21);
    assert.ok(srv.emulator.log.every((e) => e.write));
  } finally {
    await srv.close();
  }
});

test('empty seed, state file round trip and reset', async () => {
  const { mkdtemp, readFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const empty = createVoipcenterEmulator({ seed: 'empty' });
  assert.is(empty.state.dids.length, 0);
  const path = join(await mkdtemp(join(tmpdir(), 'vc-')), 'state.json');
  const srv = await start({ statePath: path });
  await update(srv, 'indicator', '101', '1');
  await srv.close();
  assert.is(JSON.parse(await readFile(path, 'utf8')).indicators[1].active, 1);
  const again = createVoipcenterEmulator({ statePath: path });
  assert.is(again.state.indicators[1].active, 1);
  again.reset();
  assert.is(again.state.indicators[1].active, 0);
  await again.save();
  assert.is(JSON.parse(await readFile(path, 'utf8')).indicators[1].active, 0);
});

test.run();
