// The VoipCenter client and session over real HTTP to the emulator: signing errors,
// clock correction, rate limits, both formats, secrets kept out of --debug.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VOIPCENTER_CREDENTIALS } from '../src/providers/voipcenter/sandbox/index.ts';
import { collect, voipcenter } from './helpers/voipcenter.ts';

const failure = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
};

test('a wrong key, a wrong password and a wrong customer give the code and what to check', async () => {
  for (const [settings, pattern] of [
    [{ key: '0'.repeat(32) }, /VoipCenter error 14 on get\.php m=indicator: Incorrect hash: .*check the private API key \('key'\)/],
    [{ password: 'not-it' }, /VoipCenter error 15 on get\.php m=indicator: User password incorrect: check 'password'/],
    [{ customer: '999999' }, /VoipCenter error 16 .*check 'api_id' and 'customer'/],
  ] as const) {
    const d = await voipcenter(settings);
    try {
      assert.match(await failure(d.session.read(['indicators'])), pattern);
      assert.is(d.emulator.log.length, 1, 'no retry for an error that cannot go away');
    } finally {
      await d.close();
    }
  }
});

test('a stale timestamp that correcting the clock cannot fix reports error 11', async () => {
  let t = Date.now();
  // a server clock that runs away: every reading is a minute later
  const d = await voipcenter({}, { now: () => (t += 60_000) });
  try {
    assert.match(await failure(d.session.read(['indicators'])), /VoipCenter error 11 on get\.php m=indicator: Timestamp mismatch: .*5 s off the server clock \(still after correcting/);
    assert.is(d.emulator.log.length, 2, 'one retry after correcting the offset');
  } finally {
    await d.close();
  }
});

test('a server clock 10 s ahead is corrected once from its Date header', async () => {
  const d = await voipcenter({}, { clockSkewSeconds: 10 });
  try {
    const live = await d.session.read(['indicators']);
    assert.equal(live.indicators.map((o) => o.key), ['Dag/Nacht', 'Vakantie', 'Lunchpauze']);
    assert.is(d.emulator.log.length, 2);
    await d.session.read(['sip_accounts']);
    assert.is(d.emulator.log.length, 3, 'the learnt offset is kept for later requests');
  } finally {
    await d.close();
  }
});

test('error 13 (too many attempts) backs off and retries until the read is whole', async () => {
  const d = await voipcenter({}, { rateLimit: { requestsPerSecond: 3 } });
  try {
    const live = await d.session.read(['did_routes', 'routes', 'holiday_sets', 'vacations', 'office_hours', 'backup_routes']);
    assert.is(live.did_routes.length, 5);
    assert.ok(d.emulator.log.length > 6, 'some requests were refused and retried');
  } finally {
    await d.close();
  }
});

test('error 13 past its four backoffs ends the read with the error, after five tries', async () => {
  // a server that refuses every request for its rate (waits 1 + 2 + 4 + 8 s)
  const d = await voipcenter({}, { rateLimit: { requestsPerSecond: 0 } });
  try {
    assert.match(await failure(d.session.read(['indicators'])), /VoipCenter error 13 on get\.php m=indicator: Too many attempts/);
    assert.is(d.emulator.log.length, 5);
  } finally {
    await d.close();
  }
});

test('a click-to-call, never sent twice when its answer is lost, is still signed again after error 11', async () => {
  const d = await voipcenter({}, { clockSkewSeconds: 10 });
  try {
    assert.match(await d.session.call!('204517_201', '093456789'), /calling SIP account 204517_201/);
    assert.is(d.emulator.log.filter((e) => e.path.endsWith('/call.php')).length, 2, 'refused for its timestamp, then signed again');
  } finally {
    await d.close();
  }
});

test('json and xml read the same live state', async () => {
  const kinds = ['did_routes', 'indicators', 'hot_desks', 'routes', 'sip_accounts', 'hot_desk_templates'];
  const json = await voipcenter({ format: 'json' });
  const xml = await voipcenter({ format: 'xml' });
  try {
    const a = await json.session.read(kinds);
    const b = await xml.session.read(kinds);
    assert.equal(b, a);
    assert.equal(a.did_routes[2].data, {
      number: '+3292451012', name: 'Jan Claes direct', holidays: 'Feestdagen België 2026', vacations: null, office_hours: null,
      route: 'Direct naar toestel', backup_route: 'Algemene voicemail',
    });
    assert.equal(a.hot_desks[0].data, { name: 'Flexplek 1', sip_account: 'Jan Claes', template: 'Architect' });
    assert.equal(a.indicators[2].data, { name: 'Lunchpauze', active: true });
  } finally {
    await json.close();
    await xml.close();
  }
});

test('a read that fails throws instead of answering a partial state', async () => {
  const d = await voipcenter();
  d.emulator.backendDown = true;
  try {
    assert.match(await failure(d.session.read(['did_routes'])), /VoipCenter error 1 on get\.php m=.*Could not connect to server/);
  } finally {
    await d.close();
  }
});

test('--debug lines show neither the password, its hash, the signature nor the key', async () => {
  const d = await voipcenter();
  try {
    await d.session.read(['indicators']);
    await d.session.call!('204517_201', '093456789');
    assert.ok(d.debug.length >= 4);
    const text = d.debug.join('\n');
    for (const secret of [VOIPCENTER_CREDENTIALS.password, VOIPCENTER_CREDENTIALS.key, 'pwd=', 'pass=']) assert.not.ok(text.includes(secret), secret);
    assert.ok(d.emulator.log.every((e) => e.method === 'POST' && e.query === ''), 'signed parameters travel in the body');
  } finally {
    await d.close();
  }
});

test('calls are read one day at a time with the date filter', async () => {
  const d = await voipcenter();
  try {
    const calls = await collect(d.session.calls!({ from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-08T00:00:00Z') }, {}));
    const expected = d.emulator.state.calls.filter((c) => c.date >= '2026-01-05' && c.date < '2026-01-08');
    assert.is(calls.length, expected.length);
    assert.is(d.emulator.log.length, 3);
    // Belgian winter time is UTC+1
    const first = expected[0];
    assert.equal(calls[0], {
      provider: 'voipcenter', start: `${first.date.slice(0, 10)}T${String(Number(first.date.slice(11, 13)) - 1).padStart(2, '0')}${first.date.slice(13)}Z`,
      end: calls[0].end, duration: first.duration, source: first.from, destination: first.to, direction: first.direction, status: first.status,
    });
    const fromDesk = await collect(d.session.calls!({ from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-08T00:00:00Z') }, { source: '+3292451012' }));
    assert.ok(fromDesk.length > 0 && fromDesk.every((c) => c.source === '+3292451012'));
  } finally {
    await d.close();
  }
});

test('click-to-call reports error 20 clearly, and refuses a number that is no phone number before sending', async () => {
  const d = await voipcenter();
  try {
    assert.match(await d.session.call!('204517_201', '093456789'), /calling SIP account 204517_201/);
    assert.match(await failure(d.session.call!('nobody', '093456789')), /VoipCenter error 20 .*Call Auth failed.*SIP account usernames: 204517_201 \(Onthaal\)/);
    assert.match(await failure(d.session.call!('204517_201', '+32 9 345')), /--to \+32 9 345 is not a phone number VoipCenter can call/);
  } finally {
    await d.close();
  }
});

test('account() lists what names can refer to', async () => {
  const d = await voipcenter();
  try {
    const lines = await d.session.account!();
    assert.is(lines['SIP accounts (username)'], 'Onthaal (204517_201), Jan Claes (204517_202), Els Wouters (204517_203), Vergaderzaal (204517_204)');
    assert.is(lines.routes, 'Onthaal eerst, Iedereen tegelijk, Direct naar toestel');
    assert.is(lines['hot desk templates'], 'Architect, Administratie');
    assert.ok(lines['holiday sets (feestdagen)'] && lines['vacation periods (vakanties)'] && lines['office hours (kantooruren)'] && lines['backup routes']);
  } finally {
    await d.close();
  }
});

test.run();
