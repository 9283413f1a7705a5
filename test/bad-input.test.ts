// Bad input through the real CLI: every run exits 1, says where (file:line:col, or the
// provider and what failed) and changes nothing on any PBX. The corpus of broken files
// itself (test/fixtures/bad, one expected error each) is checked in-process by config.test.ts.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liveServers, providersYaml, type LiveServers } from './helpers/live-servers.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';
import { HQ_BLOCK } from './helpers/issabel.ts';

const BAD = fileURLToPath(new URL('./fixtures/bad/', import.meta.url));

test('the bad corpus has at least 50 files', async () => {
  const files = (await readdir(BAD)).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 50, `${files.length} files`);
});

test('broken files of every provider type: exit 1 at file:line:col, the sandbox never started', async () => {
  const picks = ['yaml-syntax.yaml', 'kazoo-did-not-e164.yaml', 'voipcenter-duplicate-did.yaml', 'tel4vn-missing-url.yaml', 'unknown-provider-type.yaml'];
  const ws = await workspace('');
  await Promise.all(
    picks.map(async (name) => {
      await copyFile(join(BAD, name), join(ws.dir, name));
      const r = await cli(['apply', '--sandbox', '--yes', '--no-color', '-c', name], { cwd: ws.dir });
      const [, where, fragment] = /^# expect: (\d+:\d+) (.+)$/m.exec(await readFile(join(BAD, name), 'utf8'))!;
      assert.is(r.code, 1, name);
      assert.match(r.stderr, `${name}:${where}: `);
      assert.match(r.stderr, fragment);
      assert.match(r.stderr, 'nothing was sent to any PBX');
      assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    }),
  );
  for (const provider of ['hq', 'pbx', 'gent', 'billing']) assert.equal(await requestLog(ws, provider), []);
});

test('a 10 MB file is refused at 1:1 without reading it as YAML', async () => {
  const ws = await workspace(`version: 1\nproviders:\n${'  # padding to ten megabytes of comments ...........................\n'.repeat(150_000)}`);
  const r = await cli(['plan', '--sandbox', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'pbx.config.yaml:1:1: ');
  assert.match(r.stderr, 'limited to 5 MB');
  assert.equal(await requestLog(ws, 'hq'), []);
});

test('dangling references, found at plan time against the sandbox: every provider, exit 1, nothing written', async () => {
  const ws = await workspace(`version: 1
providers:
${HQ_BLOCK}    extensions:
      - { number: "1000", name: Antonio }
    ring_groups:
      - { number: "600", name: Sales, members: ["1000", "1777"] }
  gent:
    type: voipcenter
    api_id: pi204517gnt
    customer: "204517"
    password: \${VOIPCENTER_PASSWORD}
    key: \${VOIPCENTER_KEY}
    did_routes:
      - { number: "+3292451010", route: Nobody At All }
    hot_desks:
      - { name: Flexplek vergaderzaal, sip_account: Kelder }
  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    account_id: 3f1c2b9a8d7e46f0a1b2c3d4e5f60718
    api_key: \${SMARTPBX_API_KEY}
    devices:
      - { name: Lobby Phone, owner: nobody@ofon-demo.example }
    did_routes:
      - { number: "+622150001000", device: No Such Phone }
`);
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stderr);
  const all = r.stdout + r.stderr;
  assert.match(all, /pbx\.config\.yaml:10:\d+: .*ring group 600 refers to extension '1777'/);
  assert.match(all, /pbx\.config\.yaml:18:\d+: .*'Nobody At All'/);
  assert.match(all, /pbx\.config\.yaml:20:\d+: .*'Kelder'/);
  assert.match(all, /pbx\.config\.yaml:27:\d+: .*'nobody@ofon-demo\.example'/);
  assert.match(all, /pbx\.config\.yaml:29:\d+: .*'No Such Phone'/);
  assert.not.match(all, /\n\s+at /);
  for (const provider of ['hq', 'gent', 'smartpbx']) {
    const writes = (await requestLog(ws, provider)).filter((e) => e.write && !/auth/.test(e.path));
    assert.equal(writes, [], provider);
  }
});

let live: LiveServers;

test.before(async () => {
  live = await liveServers();
});
test.after(async () => {
  await live.close();
});

// a kind per provider, so that planning reads (and logs in to) every one; TEL4VN has
// nothing to reconcile, `doctor` checks it
const KINDS: Record<string, string> = { hq: 'extensions', smartpbx: 'users', gent: 'indicators' };

/** apply and doctor against the live servers, with some variables replaced */
async function planLive(replace: Record<string, string>) {
  const yaml = providersYaml().replace(/^  (hq|smartpbx|gent):\n((?:    .*\n?)+)/gm, (block, name: string) => `${block.trimEnd()}\n    ${KINDS[name]}: []\n`);
  const ws = await workspace(`version: 1\nproviders:\n${yaml}\n`);
  const env = { ...live.env, ...replace };
  const [apply, doctor] = await Promise.all([cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env }), cli(['doctor', '--no-color'], { cwd: ws.dir, env })]);
  return { code: apply.code, doctorCode: doctor.code, all: apply.stdout + apply.stderr, doctor: doctor.stdout + doctor.stderr };
}

test('wrong credentials on every provider: each named with what failed, nothing written', async () => {
  const r = await planLive({ HQ_PASSWORD: 'wrong-1', SMARTPBX_PASSWORD: 'wrong-2', GENT_KEY: 'wrong-3', BILLING_PASSWORD: 'wrong-4' });
  assert.is(r.code, 1, r.all);
  assert.match(r.all, /hq\b.*wrong username or password/);
  assert.match(r.all, /smartpbx\b.*(refused|401|credentials)/i);
  assert.match(r.all, /gent\b.*(signature|key|authent|refused)/i);
  assert.is(r.doctorCode, 1, r.doctor);
  assert.match(r.doctor, /billing\b[^\n]*\n?.*(401|refused|credentials|logging in)/i);
  for (const secret of ['wrong-1', 'wrong-2', 'wrong-3', 'wrong-4']) assert.not.match(r.all + r.doctor, secret);
  assert.not.match(r.all, /\n\s+at /);
  assert.is(live.writes(), 0);
});

test('an unreachable URL names the provider and the address', async () => {
  const port = await closedPort();
  const base = `http://127.0.0.1:${port}`;
  const r = await planLive({ HQ_URL: `${base}/pbxapi`, SMARTPBX_URL: `${base}/v2`, GENT_URL: `${base}/api` });
  assert.is(r.code, 1, r.all);
  for (const name of ['hq', 'smartpbx', 'gent']) assert.match(r.all, new RegExp(`${name}\\b.*cannot reach ${base}: connection refused`));
  assert.not.match(r.all, /\n\s+at /);
  assert.is(live.writes(), 0);
});

/** a loopback port nothing listens on */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

test.run();
