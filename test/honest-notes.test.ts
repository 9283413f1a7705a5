// Notes after an apply say only what happened: no configuration apply is sent (nor
// claimed) when every Issabel write was refused, and no "random password" is claimed for
// a SmartPBX user whose create failed. The refusals come from a race the plan cannot
// foresee: another client takes the numbers (or the hot-desk id) through the API after
// the apply read the PBX and before its own write arrives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator } from '../src/sandbox/emulator.ts';
import { createIssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { createKazooEmulator, SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN } from '../src/providers/kazoo/sandbox/index.ts';
import { listen } from '../src/sandbox/server.ts';
import { desksYaml } from './helpers/issabel-server.ts';
import { kazooYaml } from './helpers/kazoo.ts';
import { cli, workspace } from './helpers/workspace.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** the emulator behind a front that runs `race` once, just before the first write matching `first` reaches it */
async function raced<E extends Emulator>(emulator: E, first: RegExp, race: (url: string) => Promise<void>) {
  let url = '';
  let raced = false;
  const handle: Handler = (req, res) => {
    if (raced || req.method === 'GET' || !first.test(req.url ?? '')) return emulator.handle(req, res);
    raced = true;
    race(url).then(() => emulator.handle(req, res), (err) => res.writeHead(599).end(String(err)));
  };
  const server = await listen(Object.assign(Object.create(emulator) as E, { handle }));
  url = server.url;
  return server;
}

test('Issabel: every write refused → no configuration apply is sent and none is claimed', async () => {
  const emulator = createIssabelEmulator({ seed: 'empty' });
  const server = await raced(emulator, /\/extensions\//, async () => {
    emulator.state.otherNumbers.queues.push('2001', '2002');
  });
  try {
    const { url, password } = emulator.settings(server.url) as { url: string; password: string };
    const env = { PBX_URL: url, PBX_PASSWORD: password };
    const ws = await workspace(desksYaml(['2001', '2002']));
    const r = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Applied 0, failed 2, skipped 0\./);
    assert.not.match(r.stdout, /configuration applied/);
    const writes = emulator.log.filter((e) => e.write && !e.path.endsWith('/authenticate'));
    assert.equal(writes.map((e) => `${e.method} ${e.path} ${e.status}`).sort(), ['PUT /pbxapi/extensions/2001 409', 'PUT /pbxapi/extensions/2002 409']);
    // and nothing is owed: the next plan does not report an unfinished batch
    const plan = await cli(['plan', '--no-color'], { cwd: ws.dir, env });
    assert.not.match(plan.stdout, /stopped before its changes were activated/);
  } finally {
    await server.close();
  }
});

test('SmartPBX: a user whose create fails is not said to have a random password; one created is', async () => {
  const emulator = createKazooEmulator();
  const server = await raced(emulator, /\/users$/, async (url) => {
    // another admin gives hot-desk id 1077 to someone else first
    const rival = await fetch(`${url}/v2/accounts/${SANDBOX_ACCOUNT_ID}/users`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': SANDBOX_AUTH_TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { username: 'rival@ofon-demo.example', password: 'Rival-pw-2026', first_name: 'Rival', last_name: 'Admin', hotdesk: { enabled: true, id: '1077' } } }),
    });
    assert.is(rival.status, 201, await rival.text());
  });
  try {
    const s = emulator.settings(server.url) as Record<string, string>;
    const settings = '    username: ${PBX_USER}\n    password: ${PBX_PASSWORD}\n    account_name: ${PBX_ACCOUNT}\n';
    const yaml = kazooYaml(
      `    users:
      - username: nina@ofon-demo.example
        first_name: Nina
        last_name: Kusuma
        hotdesk: { enabled: true, id: "1077" }
      - username: omar@ofon-demo.example
        first_name: Omar
        last_name: Hadi
`,
      settings,
    ).replace(/url: .*/, 'url: ${PBX_URL}');
    const ws = await workspace(yaml);
    const env = { PBX_URL: s.url, PBX_USER: s.username, PBX_PASSWORD: s.password, PBX_ACCOUNT: s.account_name };
    const r = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Hotdesk ID must be unique/, r.stdout + r.stderr);
    assert.not.match(r.stdout, /nina@ofon-demo\.example was created with a random password/);
    assert.match(r.stdout, /user omar@ofon-demo\.example was created with a random password/);
  } finally {
    await server.close();
  }
});

test.run();
