// `pbxctl sandbox serve` killed with SIGKILL right after answering writes: on restart every
// answered write is in the state, and the request log holds each request with its body,
// secrets replaced by "***".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN, SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { startCli, until, type RunningCli } from './helpers/cli-process.ts';
import { requestLog, workspace } from './helpers/workspace.ts';

const YAML = `version: 1
providers:
  hq:
    type: issabel
    url: https://pbx.example.com/pbxapi
    password: \${P}
  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    account_id: ${SANDBOX_ACCOUNT_ID}
    auth_token: \${T}
`;
const ENV = { P: 'x', T: 'y' };

/** serve started, with the base URLs it printed */
async function serve(dir: string): Promise<{ cli: RunningCli; issabel: string; kazoo: string }> {
  const cli = startCli(['sandbox', 'serve'], { cwd: dir, env: ENV });
  await until(() => /Ctrl-C stops the sandbox/.test(cli.stdout), 'serve to listen', 60_000);
  const url = (re: RegExp) => re.exec(cli.stdout)![1];
  return { cli, issabel: url(/Issabel pbxapi: (\S+)/), kazoo: url(/Crossbar v2 at (\S+)/) };
}

async function kill(cli: RunningCli): Promise<void> {
  cli.child.kill('SIGKILL');
  await cli.done;
}

test('writes answered just before a kill -9 of sandbox serve are there after a restart, and logged with secrets redacted', async () => {
  const ws = await workspace(YAML);
  const first = await serve(ws.dir);
  const login = await fetch(`${first.issabel}/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: SANDBOX_PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const put = await fetch(`${first.issabel}/extensions/1001`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'Durable Jose', secret: 'ext-secret-1001', reload: true }),
  });
  const patch = await fetch(`${first.kazoo}/accounts/${SANDBOX_ACCOUNT_ID}/users/${SEED_IDS.users.budi}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': SANDBOX_AUTH_TOKEN },
    body: JSON.stringify({ data: { first_name: 'Durable', password: 'user-password-77' } }),
  });
  assert.is(put.status, 200);
  assert.is(patch.status, 200);
  await kill(first.cli); // at once: nothing gets the chance to save on the way out

  const second = await serve(ws.dir);
  try {
    const jose = await fetch(`${second.issabel}/extensions/1001`, {
      headers: { Authorization: `Bearer ${(await (await fetch(`${second.issabel}/authenticate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: SANDBOX_PASSWORD }) })).json() as { access_token: string }).access_token}` },
    });
    const [ext] = ((await jose.json()) as { results: { name: string; secret: string }[] }).results;
    assert.is(ext.name, 'Durable Jose');
    assert.is(ext.secret, 'ext-secret-1001');
    const budi = await fetch(`${second.kazoo}/accounts/${SANDBOX_ACCOUNT_ID}/users/${SEED_IDS.users.budi}`, { headers: { 'X-Auth-Token': SANDBOX_AUTH_TOKEN } });
    assert.is(((await budi.json()) as { data: { first_name: string } }).data.first_name, 'Durable');
  } finally {
    await kill(second.cli);
  }

  const hq = await requestLog(ws, 'hq');
  const write = hq.find((e) => e.method === 'PUT' && e.path === '/pbxapi/extensions/1001');
  assert.equal(write?.body, { name: 'Durable Jose', secret: '***', reload: true });
  assert.equal(hq.find((e) => e.path === '/pbxapi/authenticate')?.body, { user: 'admin', password: '***' });
  // the configuration applies of a run can be counted from the log: writes that do not say reload:false
  const applies = hq.filter((e) => e.write && e.path !== '/pbxapi/authenticate' && (e.body as { reload?: unknown } | undefined)?.reload !== false);
  assert.is(applies.length, 1);
  const smartpbx = await requestLog(ws, 'smartpbx');
  assert.equal(smartpbx.find((e) => e.method === 'PATCH')?.body, { data: { first_name: 'Durable', password: '***' } });
  const files = await Promise.all(['hq', 'smartpbx'].map((p) => readFile(join(ws.dir, '.pbxctl', 'sandbox', `${p}.requests.jsonl`), 'utf8')));
  for (const secret of ['ext-secret-1001', 'user-password-77', SANDBOX_PASSWORD]) assert.not.ok(files.join('').includes(secret), `${secret} in the log`);
});

test.run();
