import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listen, type Listening } from '../src/sandbox/server.ts';
import { createTel4vnEmulator, TEL4VN_API_KEY, type CallLog, type Tel4vnEmulatorOptions } from '../src/providers/tel4vn/sandbox/index.ts';

async function start(opts: Tel4vnEmulatorOptions = {}): Promise<Listening> {
  return listen(createTel4vnEmulator(opts));
}

async function post(srv: Listening, path: string, body: unknown) {
  const res = await fetch(srv.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function logs(srv: Listening, token: string, query: Record<string, string>) {
  const res = await fetch(`${srv.url}/v1/call/log?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

async function loginToken(srv: Listening): Promise<{ token: string; expire_at: number }> {
  const { username, password } = srv.emulator.settings(srv.url) as { username: string; password: string };
  const login = await post(srv, '/v1/auth', { username, password });
  assert.is(login.status, 200);
  return (await post(srv, '/v1/auth/token', { api_key: login.body.data.api_key })).body.data;
}

const MARCH = { start_date: '2026-03-01 00:00:00', end_date: '2026-03-31 23:59:59' };

test('login → api_key → token → call logs', async () => {
  const srv = await start();
  try {
    const { username, password } = srv.emulator.settings(srv.url) as { username: string; password: string };
    const login = await post(srv, '/v1/auth', { username, password });
    assert.is(login.body.data.api_key, TEL4VN_API_KEY);
    assert.is(login.body.data.user_enabled, 'true');
    const t = await post(srv, '/v1/auth/token', { api_key: TEL4VN_API_KEY });
    assert.is(t.status, 200);
    assert.ok(Math.abs(t.body.data.expire_at - (Math.floor(Date.now() / 1000) + 3600)) <= 2);
    const page = await logs(srv, t.body.data.token, MARCH);
    assert.is(page.status, 200);
    assert.is(page.body.limit, 10);
    assert.is(page.body.offset, 0);
    assert.ok(page.body.total > 500);
    const first: CallLog = page.body.data[0];
    assert.equal(Object.keys(first).sort(), ['amount', 'destination', 'duration', 'end_time', 'source', 'start_time']);
    assert.ok(first.start_time >= '2026-03-01T00:00:00Z' && first.start_time <= '2026-03-31T23:59:59Z');
    assert.is(Date.parse(first.end_time) - Date.parse(first.start_time), first.duration * 1000);

    assert.is((await post(srv, '/v1/auth', { username, password: 'nope' })).status, 401);
    assert.equal(await post(srv, '/v1/auth/token', { api_key: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeee' }), { status: 401, body: { error: 'invalid api_key' } });
    assert.is((await logs(srv, 'not-a-token', MARCH)).status, 401);
    assert.is((await fetch(`${srv.url}/v1/call/log?${new URLSearchParams(MARCH)}`)).status, 401);
  } finally {
    await srv.close();
  }
});

test('date windows: more than 31 days is 400 with the documented body; start must precede end', async () => {
  const srv = await start();
  try {
    const { token } = await loginToken(srv);
    const tooLong = await logs(srv, token, { start_date: '2026-01-01 00:00:00', end_date: '2026-02-02 00:00:00' });
    assert.equal(tooLong, { status: 400, body: { error: 'date range must be in 31 days' } });
    const exactly31 = await logs(srv, token, { start_date: '2026-01-01 00:00:00', end_date: '2026-02-01 00:00:00' });
    assert.is(exactly31.status, 200);
    // the document's example swaps the dates; the server refuses that
    assert.is((await logs(srv, token, { start_date: '2026-03-01 23:59:59', end_date: '2026-03-01 00:00:00' })).status, 400);
    assert.is((await logs(srv, token, { start_date: '2026-03-01', end_date: '2026-03-02' })).status, 400);
    assert.is((await logs(srv, token, { end_date: '2026-03-02 00:00:00' })).status, 400);
  } finally {
    await srv.close();
  }
});

test('paging with limit and offset covers the window exactly once, newest first', async () => {
  const srv = await start();
  try {
    const { token } = await loginToken(srv);
    const window = { start_date: '2026-02-02 00:00:00', end_date: '2026-02-08 23:59:59' };
    const seen: CallLog[] = [];
    let total = 0;
    for (let offset = 0; offset === 0 || offset < total; offset += 50) {
      const page = await logs(srv, token, { ...window, limit: '50', offset: String(offset) });
      assert.is(page.body.limit, 50);
      assert.is(page.body.offset, offset);
      total = page.body.total;
      seen.push(...page.body.data);
    }
    assert.is(seen.length, total);
    assert.ok(total > 100);
    assert.ok(seen.every((c, i) => i === 0 || seen[i - 1].start_time >= c.start_time));
    const past = await logs(srv, token, { ...window, offset: String(total) });
    assert.equal([past.body.data.length, past.body.total], [0, total]);
    assert.is((await logs(srv, token, { ...window, limit: '5000' })).body.limit, 1000);
    assert.is((await logs(srv, token, { ...window, limit: '-1' })).status, 400);
  } finally {
    await srv.close();
  }
});

test('an expired token is rejected; a new one works', async () => {
  let t = Date.UTC(2026, 4, 1);
  const srv = await start({ tokenTtlSeconds: 60, now: () => t });
  try {
    const issued = await loginToken(srv);
    assert.is(issued.expire_at, t / 1000 + 60);
    assert.is((await logs(srv, issued.token, MARCH)).status, 200);
    t += 61_000;
    assert.equal(await logs(srv, issued.token, MARCH), { status: 401, body: { error: 'token is expired' } });
    assert.is((await logs(srv, (await loginToken(srv)).token, MARCH)).status, 200);
  } finally {
    await srv.close();
  }
});

test('source filter', async () => {
  const srv = await start();
  try {
    const { token } = await loginToken(srv);
    const all = (await logs(srv, token, { ...MARCH, limit: '1000' })).body;
    const hotline = (await logs(srv, token, { ...MARCH, source: '0899123456', limit: '1000' })).body;
    assert.ok(hotline.total > 0 && hotline.total < all.total);
    assert.ok(hotline.data.every((c: CallLog) => c.source === '0899123456'));
    assert.is(hotline.total, all.data.filter((c: CallLog) => c.source === '0899123456').length);
    assert.is((await logs(srv, token, { ...MARCH, source: '0000' })).body.total, 0);
  } finally {
    await srv.close();
  }
});

test('empty seed has no calls', async () => {
  const srv = await start({ seed: 'empty' });
  try {
    const { token } = await loginToken(srv);
    assert.equal((await logs(srv, token, MARCH)).body, { data: [], limit: 10, offset: 0, total: 0 });
  } finally {
    await srv.close();
  }
});

test.run();
