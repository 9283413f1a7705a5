// The HTTP kit's light path (http/light-request.ts) for writes, against a SmartPBX that lists
// and reads normally but misbehaves on writes: a redirect is not followed, the timeout bounds
// the whole answer, the size cap holds, a create whose answer was lost (or failed) is read
// back by its id before any further try and never sent blindly again, a refused token logs
// in again and the write is sent once more, a 409 on an update reads the document and sends
// it again, a second Ctrl-C stops a write at once, and no secret is ever shown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCli, until } from './helpers/cli-process.ts';
import { endlessBody, hostile, hugeBody, redirectTo } from './helpers/hostile.ts';
import { cli, workspace, type CliResult } from './helpers/workspace.ts';

const SECRET = 'not-a-real-secret';
const ACCOUNT = 'a'.repeat(32);
const USERS = `/v2/accounts/${ACCOUNT}/users`;
const NINA = 'b'.repeat(32);

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** a SmartPBX whose listings hold `users` (none by default) and no other document, and whose writes `write` answers */
const smartpbx = (write: Answer, users: object[] = []) =>
  hostile((req, res) => {
    if (req.method !== 'GET') return write(req, res);
    if (req.url?.endsWith('paginate=false')) return json(res, 200, { data: req.url.startsWith(`${USERS}?`) ? users : [] });
    const user = users.find((u) => req.url === `${USERS}/${(u as { id: string }).id}`);
    if (user) return json(res, 200, { data: user });
    json(res, 404, { status: 'error', error: '404', message: 'bad identifier', data: {} });
  });

/** Nina, to be created; or `login`: with credentials instead of a ready token */
const yaml = (settings = '', login = false) => `version: 1
providers:
  smartpbx:
    type: kazoo
    url: \${HOSTILE}/v2
    account_id: ${ACCOUNT}
${login ? '    username: nina@example.com\n    password: ${SECRET}\n    account_name: JAYA LESTARI\n' : '    auth_token: ${SECRET}\n'}${settings.replace(/^/gm, '    ').replace(/ *$/, '')}    users:
      - { username: nina@example.com, first_name: Nina, last_name: Kusuma }
`;

async function apply(url: string, settings?: string, login?: boolean): Promise<CliResult> {
  const ws = await workspace(yaml(settings, login));
  const r = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env: { HOSTILE: url, SECRET } });
  assert.not.match(r.stdout + r.stderr, SECRET);
  return r;
}

const writes = (received: string[]) => received.filter((r) => !r.startsWith('GET '));
const created = (res: ServerResponse, id = NINA) => json(res, 201, { status: 'success', data: { id, username: 'nina@example.com' } });

test('a create redirected to another host is not followed and not sent again: nothing reaches it, the Location is named, exit 1', async () => {
  const elsewhere = await hostile((_req, res) => res.writeHead(200).end('{}'));
  const server = await smartpbx(redirectTo(elsewhere.url));
  try {
    const r = await apply(server.url);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, `SmartPBX answered PUT ${USERS} with HTTP 307 to ${elsewhere.url}${USERS}; pbxctl does not follow redirects`);
    assert.equal(elsewhere.received, []);
    assert.equal(writes(server.received), [`PUT ${USERS}`]);
  } finally {
    await Promise.all([server.close(), elsewhere.close()]);
  }
});

test('a create whose answer never ends: the timeout bounds it, and before each further try the user is looked for by the id the create carried', async () => {
  const server = await smartpbx(endlessBody);
  try {
    const r = await apply(server.url, 'timeout_seconds: 1\n');
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, `no answer from SmartPBX (SmartPBX did not answer PUT ${USERS} in full within 1 s (timeout_seconds))`);
    const after = server.received.slice(server.received.indexOf(`PUT ${USERS}`));
    const id = /users\/([0-9a-f]{32})$/.exec(after[1] ?? '')?.[1];
    assert.ok(id, after.join('\n'));
    assert.equal(after, [`PUT ${USERS}`, ...Array.from({ length: 4 }, () => [`GET ${USERS}/${id}`, `PUT ${USERS}`]).flat()]);
  } finally {
    await server.close();
  }
});

test('a create answered 503, then cut off, then created: each further try after a read-back by its id, one user in the end', async () => {
  let n = 0;
  const server = await smartpbx((req, res) => {
    n++;
    if (n === 1) return json(res, 503, { status: 'error', message: 'unavailable' });
    if (n === 2) {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '1000' }).write('{"data":');
      return void setTimeout(() => res.destroy(), 10);
    }
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => created(res, (JSON.parse(body) as { data: { id: string } }).data.id));
  });
  try {
    const r = await apply(server.url);
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, 'Applied 1, failed 0');
    const after = server.received.slice(server.received.indexOf(`PUT ${USERS}`));
    const id = /users\/([0-9a-f]{32})$/.exec(after[1] ?? '')?.[1];
    assert.equal(after, [`PUT ${USERS}`, `GET ${USERS}/${id}`, `PUT ${USERS}`, `GET ${USERS}/${id}`, `PUT ${USERS}`]);
  } finally {
    await server.close();
  }
});

for (const [what, declared] of [['counted while reading', undefined], ['Content-Length 419430400 bytes', 400 * 2 ** 20]] as const) {
  test(`a create answered past max_answer_mb (${what}) is refused, not sent again`, async () => {
    const server = await smartpbx(hugeBody(declared));
    try {
      const r = await apply(server.url, 'max_answer_mb: 1\n');
      assert.is(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, `SmartPBX's answer to PUT ${USERS} is larger than 1 MB (${what}); pbxctl stopped reading it`);
      assert.equal(writes(server.received), [`PUT ${USERS}`]);
    } finally {
      await server.close();
    }
  });
}

test('a create refused with 401: one fresh login, the create sent once more with the new token, done', async () => {
  const tokens: string[] = [];
  let logins = 0;
  const server = await smartpbx((req, res) => {
    if (req.url === '/v2/user_auth') return json(res, 201, { auth_token: `token-${++logins}`, data: {} });
    tokens.push(String(req.headers['x-auth-token']));
    if (tokens.length === 1) return json(res, 401, { status: 'error', error: '401', message: 'invalid_credentials', data: {} });
    created(res);
  });
  try {
    const r = await apply(server.url, '', true);
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.equal(writes(server.received), ['PUT /v2/user_auth', `PUT ${USERS}`, 'PUT /v2/user_auth', `PUT ${USERS}`]);
    assert.equal(tokens, ['token-1', 'token-2']);
  } finally {
    await server.close();
  }
});

test('an update refused with 409 (a write raced it): the user is read again and the update sent again, done', async () => {
  const nina = { id: NINA, username: 'nina@example.com', first_name: 'Nina', last_name: 'Old' };
  let n = 0;
  const server = await smartpbx((_req, res) => (++n === 1 ? json(res, 409, { status: 'error', error: '409', message: 'datastore_conflict', data: {} }) : json(res, 200, { data: nina })), [nina]);
  try {
    const r = await apply(server.url);
    assert.is(r.code, 0, r.stdout + r.stderr);
    const after = server.received.slice(server.received.indexOf(`PATCH ${USERS}/${NINA}`));
    assert.equal(after, [`PATCH ${USERS}/${NINA}`, `GET ${USERS}/${NINA}`, `PATCH ${USERS}/${NINA}`]);
  } finally {
    await server.close();
  }
});

test('Ctrl-C twice while a create is answered without end: the first lets it finish and starts nothing new, the second stops at once naming it, never sent again', async () => {
  const server = await smartpbx(endlessBody);
  try {
    const ws = await workspace(yaml('timeout_seconds: 600\n'));
    const run = startCli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env: { HOSTILE: server.url, SECRET } });
    await until(() => server.received.includes(`PUT ${USERS}`), 'the create to reach the server');
    run.child.kill('SIGINT');
    await until(() => run.stderr.includes('Stopping: no new change starts'), 'the first Ctrl-C to be heard');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, 'Stopped at once. These changes may be half-applied: ');
    assert.not.match(r.stdout + r.stderr, SECRET);
    assert.equal(writes(server.received), [`PUT ${USERS}`]);
  } finally {
    await server.close();
  }
});

test.run();
