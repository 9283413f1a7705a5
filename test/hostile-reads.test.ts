// The HTTP kit's light path (http/light-request.ts) for plain GETs against servers that misbehave
// on purpose: a SmartPBX plan given a ready token, so that its first requests are the GET
// listings. The same rules as every other request: no redirect followed, the timeout bounds
// the whole answer (tried three times at most), the size cap, lost answers retried, 429s
// waited out but bounded, Ctrl-C.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { endlessBody, hostile, hugeBody, redirectTo, type Hostile } from './helpers/hostile.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { cli, workspace, type CliResult } from './helpers/workspace.ts';

const SECRET = 'not-a-real-token';
const ACCOUNT = 'a'.repeat(32);
const USERS = `GET /v2/accounts/${ACCOUNT}/users?paginate=false`;

const yaml = (settings = '') => `version: 1
providers:
  smartpbx:
    type: kazoo
    url: \${HOSTILE}/v2
    account_id: ${ACCOUNT}
    auth_token: \${TOKEN}
${settings.replace(/^/gm, '    ').replace(/ *$/, '')}    users:
      - { username: nina@example.com, first_name: Nina, last_name: Kusuma }
`;

async function plan(url: string, settings?: string): Promise<CliResult> {
  const ws = await workspace(yaml(settings));
  const r = await cli(['plan', '--no-color'], { cwd: ws.dir, env: { HOSTILE: url, TOKEN: SECRET } });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.not.match(r.stdout + r.stderr, SECRET);
  return r;
}

/** how many times the server received each request */
const counts = (received: string[]) => received.reduce<Record<string, number>>((n, r) => ((n[r] = (n[r] ?? 0) + 1), n), {});

test('a redirect of a GET to another host is not followed and not retried: nothing reaches it, the Location is named', async () => {
  const elsewhere = await hostile((_req, res) => res.writeHead(200).end('{}'));
  const server = await hostile(redirectTo(elsewhere.url));
  try {
    const r = await plan(server.url);
    assert.match(r.stdout + r.stderr, `SmartPBX answered GET /v2/accounts/${ACCOUNT}/users with HTTP 307 to ${elsewhere.url}/v2/accounts/${ACCOUNT}/users?paginate=false`);
    assert.match(r.stdout + r.stderr, 'pbxctl does not follow redirects: set url: to the final address');
    assert.equal(elsewhere.received, []);
    assert.is(counts(server.received)[USERS], 1);
  } finally {
    await Promise.all([server.close(), elsewhere.close()]);
  }
});

test('a GET whose body never ends: the timeout bounds the whole answer; the first try and two more, then the timeout error', async () => {
  const server = await hostile(endlessBody);
  try {
    const r = await plan(server.url, 'timeout_seconds: 1\n');
    assert.match(r.stdout + r.stderr, /SmartPBX did not answer GET \/v2\/accounts\/a{32}\/\w+ in full within 1 s \(timeout_seconds\)/);
    const n = counts(server.received);
    assert.is(n[USERS], 3, server.received.join('\n'));
    assert.ok(Object.values(n).every((k) => k <= 3), server.received.join('\n'));
  } finally {
    await server.close();
  }
});

for (const [what, declared] of [['counted while reading', undefined], ['Content-Length 419430400 bytes', 400 * 2 ** 20]] as const) {
  test(`a GET answer past max_answer_mb (${what}) is refused while it streams, not retried`, async () => {
    const server = await hostile(hugeBody(declared));
    try {
      const r = await plan(server.url, 'max_answer_mb: 1\n');
      assert.match(r.stdout + r.stderr, new RegExp(`SmartPBX's answer to GET /v2/accounts/a{32}/\\w+ is larger than 1 MB \\(${what}\\); pbxctl stopped reading it`));
      assert.ok(Object.values(counts(server.received)).every((k) => k === 1), server.received.join('\n'));
    } finally {
      await server.close();
    }
  });
}

test('a GET answer cut off before its end is a lost answer: tried again (five more times), then named', async () => {
  const server = await hostile((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    res.write('{"data":[');
    setTimeout(() => res.destroy(), 10);
  });
  try {
    const r = await plan(server.url);
    assert.match(r.stdout + r.stderr, /SmartPBX's answer to GET \/v2\/accounts\/a{32}\/\w+ \(HTTP 200\) was cut off before its end/);
    assert.is(counts(server.received)[USERS], 6, server.received.join('\n'));
  } finally {
    await server.close();
  }
});

/** Ctrl-C once the users listing reached the server: exit 130, the reads stopped, nothing tried again */
async function interruptedPlan(server: Hostile, settings?: string): Promise<void> {
  try {
    const ws = await workspace(yaml(settings));
    const run = startCli(['plan', '--no-color'], { cwd: ws.dir, env: { HOSTILE: server.url, TOKEN: SECRET } });
    await until(() => server.received.includes(USERS), 'the users listing to reach the server');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.is(r.code, 130, r.stderr);
    assert.match(r.stderr, 'error: interrupted while reading the PBXs; nothing was changed on any PBX');
    assert.ok(Object.values(counts(server.received)).every((k) => k === 1), server.received.join('\n'));
  } finally {
    await server.close();
  }
}

test('Ctrl-C stops a plan reading a GET body that never ends: exit 130, nothing tried again', async () => {
  await interruptedPlan(await hostile(endlessBody), 'timeout_seconds: 600\n');
});

/** a server that rate-limits every request, forever, asking for `seconds` of wait */
const alwaysLimited = (seconds: number) => hostile((_req, res) => res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(seconds) }).end('{"error":"429","message":"too_many_requests","status":"error"}'));

test('a server that answers 429 forever: each GET waited out and tried five more times (no answer came in meanwhile), then the rate-limit error, exit 1', async () => {
  const server = await alwaysLimited(1);
  try {
    const r = await plan(server.url);
    assert.match(r.stdout + r.stderr, /reading .*: SmartPBX kept answering 429 \(rate limited\)/);
    const n = counts(server.received);
    assert.is(n[USERS], 6, server.received.join('\n'));
    assert.ok(Object.values(n).every((k) => k <= 6), server.received.join('\n'));
  } finally {
    await server.close();
  }
});

test('Ctrl-C during the wait a 429 asked for: exit 130, nothing tried again', async () => {
  await interruptedPlan(await alwaysLimited(30));
});

test.run();
