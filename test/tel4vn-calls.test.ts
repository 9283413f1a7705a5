// The TEL4VN session over real HTTP: login, token renewal, 31-day windows, every page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CallsProgress } from '../src/engine/provider.ts';
import { TEL4VN_API_KEY } from '../src/providers/tel4vn/sandbox/index.ts';
import { windows } from '../src/providers/tel4vn/session.ts';
import { totalsBySource } from '../src/report/calls.ts';
import { collect, tel4vn } from './helpers/voipcenter.ts';

const JAN1 = new Date('2026-01-01T00:00:00Z');
const APR6 = new Date('2026-04-06T00:00:00Z'); // 2026-01-01 to 2026-04-05 inclusive: 95 days

test('95 days are 4 windows of at most 31 days, back to back', () => {
  const w = windows(JAN1, APR6);
  assert.is(w.length, 4);
  assert.equal(w.map((x) => x.from.toISOString().slice(0, 10)), ['2026-01-01', '2026-02-01', '2026-03-04', '2026-04-04']);
  assert.equal(w[3].to, APR6);
});

test('calls over 95 days read 4 windows and every page; totals match the server', async () => {
  const d = await tel4vn({ page_size: 200 });
  try {
    const progress: CallsProgress[] = [];
    const calls = await collect(d.session.calls!({ from: JAN1, to: APR6 }, { progress: (p) => progress.push(p) }));
    const expected = d.emulator.state.calls.filter((c) => c.start_time >= '2026-01-01' && c.start_time < '2026-04-06');
    assert.is(calls.length, expected.length);
    assert.is(new Set(calls.map((c) => c.start + c.destination)).size, calls.length, 'no call twice');
    const logs = d.emulator.log.filter((e) => e.path === '/v1/call/log');
    const starts = [...new Set(logs.map((e) => new URLSearchParams(e.query).get('start_date')))];
    assert.equal(starts, ['2026-01-01 00:00:00', '2026-02-01 00:00:00', '2026-03-04 00:00:00', '2026-04-04 00:00:00']);
    assert.ok(logs.every((e) => e.status === 200));
    assert.ok(logs.length > 4 && logs.length === progress.at(-1)!.pages, 'several pages per window, all counted');
    assert.equal(progress.at(-1), { windows: 4, windowsDone: 4, pages: logs.length });
    const totals = totalsBySource(calls);
    for (const t of totals) {
      const mine = expected.filter((c) => c.source === t.source);
      assert.is(t.calls, mine.length);
      assert.is(t.duration, mine.reduce((s, c) => s + c.duration, 0));
      assert.is(t.amount, mine.reduce((s, c) => s + c.amount, 0));
    }
    assert.equal(calls[0], { provider: 'tel4vn', ...pick(expected.find((c) => c.start_time === calls[0].start)!) });
  } finally {
    await d.close();
  }
});

const pick = (c: { start_time: string; end_time: string; duration: number; source: string; destination: string; amount: number }) => ({
  start: c.start_time, end: c.end_time, duration: c.duration, source: c.source, destination: c.destination, amount: c.amount, direction: 'out',
});

test('source filters on the server', async () => {
  const d = await tel4vn();
  try {
    const calls = await collect(d.session.calls!({ from: JAN1, to: new Date('2026-01-11T00:00:00Z') }, { source: '1001' }));
    assert.ok(calls.length > 0 && calls.every((c) => c.source === '1001'));
    assert.ok(d.emulator.log.filter((e) => e.path === '/v1/call/log').every((e) => e.query.includes('source=1001')));
  } finally {
    await d.close();
  }
});

test('an api_key works without logging in; a wrong password is a clear error', async () => {
  const byKey = await tel4vn({ username: undefined, password: undefined, api_key: TEL4VN_API_KEY });
  const wrong = await tel4vn({ password: 'nope' });
  try {
    assert.ok((await collect(byKey.session.calls!({ from: JAN1, to: new Date('2026-01-02T00:00:00Z') }, {}))).length > 0);
    assert.not.ok(byKey.emulator.log.some((e) => e.path === '/v1/auth'));
    try {
      await collect(wrong.session.calls!({ from: JAN1, to: new Date('2026-01-02T00:00:00Z') }, {}));
      assert.unreachable();
    } catch (err) {
      assert.match((err as Error).message, /logging in as admin@saigonlogistics.tel4vn.com: TEL4VN answered HTTP 401: invalid username or password/);
    }
  } finally {
    await byKey.close();
    await wrong.close();
  }
});

test('a token the server says has expired is renewed once and the page read again', async () => {
  let shift = 0;
  const d = await tel4vn({ page_size: 500 }, { now: () => Date.now() + shift });
  try {
    const seen: number[] = [];
    for await (const _ of d.session.calls!({ from: JAN1, to: new Date('2026-03-01T00:00:00Z') }, { progress: (p) => seen.push(p.pages) })) {
      // after the first page the server's clock jumps past the token's expiry
      if (seen.length === 1) shift = 2 * 3600_000;
    }
    const tokens = d.emulator.log.filter((e) => e.path === '/v1/auth/token').length;
    const refused = d.emulator.log.filter((e) => e.path === '/v1/call/log' && e.status === 401).length;
    assert.is(tokens, 2);
    assert.is(refused, 1);
  } finally {
    await d.close();
  }
});

test('a token near its expire_at is renewed before use', async () => {
  const d = await tel4vn({}, { tokenTtlSeconds: 30 });
  try {
    await collect(d.session.calls!({ from: JAN1, to: new Date('2026-03-01T00:00:00Z') }, {}));
    const tokens = d.emulator.log.filter((e) => e.path === '/v1/auth/token').length;
    const pages = d.emulator.log.filter((e) => e.path === '/v1/call/log').length;
    assert.is(tokens, pages, 'a 30 s token is inside the renewal margin: a fresh one per request');
    assert.is(d.emulator.log.filter((e) => e.path === '/v1/auth').length, 1, 'the api_key is kept');
  } finally {
    await d.close();
  }
});

test('account() signs in and shows how long the token lasts', async () => {
  const d = await tel4vn();
  try {
    const lines = await d.session.account!();
    assert.is(lines['signed in'], 'as admin@saigonlogistics.tel4vn.com');
    assert.ok(Math.abs(Date.parse(lines['API token valid until']) - (Date.now() + 3600_000)) < 5000);
    assert.equal(await d.session.read([]), {});
  } finally {
    await d.close();
  }
});

test.run();
