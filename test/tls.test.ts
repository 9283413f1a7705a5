// TLS against a local HTTPS Issabel (a self-signed certificate made in-process by selfsigned):
// verified by default, trusted through `ca:`, skipped with `insecure: true` (and then
// every plan says so). Also: the sandbox binds to loopback only.
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { listen } from '../src/sandbox/server.ts';
import { cli, workspace, type Workspace } from './helpers/workspace.ts';

let ws: Workspace;
let url = '';
let close = async () => {};
const PASSWORD = 'tls-admin-pw';

test.before(async () => {
  ws = await workspace('');
  const pem = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  await writeFile(join(ws.dir, 'cert.pem'), pem.cert);
  const emulator = createIssabelEmulator({ password: PASSWORD });
  const server = createServer({ key: pem.private, cert: pem.cert }, (req, res) => emulator.handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/pbxapi`;
  close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
});
test.after(() => close());

const yaml = (extra: string) => `version: 1
providers:
  hq:
    type: issabel
    url: ${url}
    password: \${PBX_PASSWORD}
${extra}    extensions:
      - { number: "1000", name: Antonio }
`;

async function plan(extra: string, name: string) {
  await writeFile(join(ws.dir, name), yaml(extra));
  const r = await cli(['plan', '--no-color', '-c', name], { cwd: ws.dir, env: { PBX_PASSWORD: PASSWORD } });
  return { ...r, all: r.stdout + r.stderr };
}

test('by default an untrusted certificate is a clear error naming the provider', async () => {
  const r = await plan('', 'default.yaml');
  assert.is(r.code, 1, r.all);
  assert.match(r.all, /reading hq \(Issabel\) failed: cannot reach https:\/\/127\.0\.0\.1:\d+: TLS certificate not trusted/);
  assert.match(r.all, 'ca: FILE.pem');
  assert.not.match(r.all, /\n\s+at /);
});

test('ca: the PEM file makes it trusted', async () => {
  const r = await plan('    ca: cert.pem\n', 'ca.yaml');
  assert.is(r.code, 0, r.all);
  assert.not.match(r.all, 'failed');
  assert.not.match(r.all, /insecure/i);
});

test('insecure: true works and the plan shouts it', async () => {
  const r = await plan('    insecure: true\n', 'insecure.yaml');
  assert.is(r.code, 0, r.all);
  assert.match(r.all, /insecure|NOT verified|not verified/i);
  const json = await cli(['plan', '--json', '-c', 'insecure.yaml'], { cwd: ws.dir, env: { PBX_PASSWORD: PASSWORD } });
  assert.match(json.stdout + json.stderr, /insecure/i);
});

test('the sandbox listens on 127.0.0.1 only', async () => {
  const server = await listen(createIssabelEmulator());
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const { hostname, port } = new URL(server.url);
    assert.is(hostname, '127.0.0.1');
    assert.ok(Number(port) > 0);
  } finally {
    await server.close();
  }
});

test.run();
