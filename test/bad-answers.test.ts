// A server answering garbage (not JSON, the wrong envelope, an HTML page, a cut-off
// body): every provider reports a clear error naming itself, never a crash and never a
// plan built on it. The server is a tiny fake of our own that logs in and then misbehaves.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config, ProviderConfig } from '../src/engine/model.ts';
import { readAndPlan } from '../src/engine/run.ts';
import { registry } from '../src/providers/index.ts';
import { Tel4vnClient } from '../src/providers/tel4vn/client.ts';

type Answer = (res: ServerResponse) => void;

const GARBAGE: Record<string, Answer> = {
  'invalid JSON': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success","data":[{"extension":"10'),
  'wrong envelope': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"result":"ok","items":42}'),
  'HTML error page': (res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>'),
  'HTML page with 200': (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body><form>Please sign in to the captive portal</form></body></html>'),
  'truncated body': (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
    res.write('{"status":"success","data":[');
    setTimeout(() => res.destroy(), 20);
  },
};

/** logs every provider in, then answers everything else with `garbage` */
function fake(garbage: Answer) {
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const path = req.url ?? '';
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (path.endsWith('/authenticate')) return json(200, { access_token: 'tok', refresh_token: 'r', expires_in: 3600 });
    if (path.endsWith('/user_auth')) return json(201, { auth_token: 'tok', status: 'success', data: { account_id: 'a'.repeat(32) } });
    if (path === '/v1/auth') return json(200, { data: { api_key: 'key' } });
    if (path === '/v1/auth/token') return json(200, { data: { token: 'tok', expire_at: Math.floor(Date.now() / 1000) + 3600 } });
    garbage(res);
  };
}

async function serve(garbage: Answer) {
  const server = createServer(fake(garbage)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

const provider = (name: string, type: string, settings: Record<string, unknown>, kind: string, objects: Record<string, unknown>[], key: string): ProviderConfig =>
  ({
    name,
    type,
    settings: { timeout_seconds: 5, ...settings },
    loc: { file: 'pbx.config.yaml', line: 1, col: 1 },
    kinds: {
      [kind]: {
        kind,
        objects: objects.map((data) => ({ key: String(data[key]), data, loc: { file: 'pbx.config.yaml', line: 2, col: 1 }, fieldLocs: {} })),
        policy: { prune: false, ignore: [], maxDeletes: 10, maxDeletePercent: 25, maxUpdatesPercent: 50 },
        loc: { file: 'pbx.config.yaml', line: 2, col: 1 },
      },
    },
  }) as unknown as ProviderConfig;

function configAt(url: string): Config {
  return {
    file: 'pbx.config.yaml',
    providers: [
      provider('hq', 'issabel', { url: `${url}/pbxapi`, username: 'admin', password: 'p' }, 'extensions', [{ number: '1000', name: 'A' }], 'number'),
      provider('smartpbx', 'kazoo', { url: `${url}/v2`, account_id: 'a'.repeat(32), username: 'u@example.com', password: 'p', account_name: 'X' }, 'users', [{ username: 'u@example.com', first_name: 'U', last_name: 'V' }], 'username'),
      provider('gent', 'voipcenter', { url: `${url}/api`, api_id: 'id', customer: '1', password: 'p', key: 'k' }, 'indicators', [{ name: 'Dag/Nacht', active: true }], 'name'),
    ],
  } as unknown as Config;
}

const TITLES: Record<string, string> = { hq: 'Issabel', smartpbx: 'SmartPBX', gent: 'VoipCenter' };

for (const [what, garbage] of Object.entries(GARBAGE)) {
  test(`${what}: every provider fails clearly, no plan is made on it`, async () => {
    const server = await serve(garbage);
    try {
      const { plan } = await readAndPlan(configAt(server.url), { registry });
      for (const p of plan.providers) {
        assert.ok(p.error, `${p.name}: no error for ${what}`);
        assert.equal(p.changes, [], p.name);
        assert.match(p.error!, `reading ${p.name} (${TITLES[p.name]}) failed: `);
        assert.not.match(p.error!, /\n\s+at |TypeError|SyntaxError|undefined|\[object/, p.error);
        if (what === 'truncated body') assert.match(p.error!, 'was cut off before its end');
        if (what === 'invalid JSON') assert.match(p.error!, /not JSON|not a json answer/);
        if (what.startsWith('HTML')) assert.ok(/Bad Gateway|captive portal|HTTP 502/.test(p.error!), p.error);
      }
    } finally {
      await server.close();
    }
  });
}

test('TEL4VN: every kind of garbage is a clear error naming TEL4VN', async () => {
  for (const [what, garbage] of Object.entries(GARBAGE)) {
    const server = await serve(garbage);
    try {
      const client = new Tel4vnClient({ url: server.url, username: 'u', password: 'p', timeout_seconds: 5 });
      const err = await client.callLog({ start_date: '2026-01-01', end_date: '2026-01-02' }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.ok(err, what);
      assert.is(err!.name, 'ProviderError', `${what}: ${err!.name}: ${err!.message}`);
      assert.match(err!.message, 'TEL4VN', what);
    } finally {
      await server.close();
    }
  }
});

test.run();
