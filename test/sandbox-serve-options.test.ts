// `pbxctl sandbox serve` options a user reaches for: Kazoo 4.3's default set instead of the
// seed document's 4.0 one, and VoipCenter's error 1 (its PBX server unreachable) as a fault.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN } from '../src/providers/kazoo/sandbox/index.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { exampleYaml } from './helpers/issabel.ts';
import { kazooYaml } from './helpers/kazoo.ts';
import { cli, workspace } from './helpers/workspace.ts';

async function serving<T>(dir: string, args: string[], body: (stdout: string) => Promise<T>): Promise<T> {
  const serve = startCli(['sandbox', 'serve', ...args], { cwd: dir });
  try {
    await until(() => /Ctrl-C stops the sandbox/.test(serve.stdout) || serve.child.exitCode !== null, 'serve to listen', 60_000);
    return await body(serve.stdout);
  } finally {
    serve.child.kill('SIGTERM');
    await serve.done;
  }
}

test('sandbox serve --kazoo-defaults 4.3: documents get Kazoo 4.3 defaults, and apply then plan is empty', async () => {
  const ws = await workspace(kazooYaml(`    devices:\n      - { name: Lobby Phone, device_type: sip_device }\n`, '    auth_token: ${T}\n'));
  const refused = await cli(['sandbox', 'serve', '--kazoo-defaults', '5.0'], { cwd: ws.dir, env: { T: 'x' } });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /--kazoo-defaults: 5\.0 is not one of 4\.0, 4\.3/);
  await serving(ws.dir, ['--kazoo-defaults', '4.3'], async (stdout) => {
    assert.match(stdout, /defaults of Kazoo 4\.3/);
    const api = /Crossbar v2 at (\S+)/.exec(stdout)![1];
    const created = await fetch(`${api}/accounts/${SANDBOX_ACCOUNT_ID}/devices`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Token': SANDBOX_AUTH_TOKEN },
      body: JSON.stringify({ data: { name: 'Probe' } }),
    });
    const { version, data } = (await created.json()) as { version: string; data: { sip: Record<string, unknown>; media: unknown } };
    assert.is(version, '4.3.142');
    assert.is(data.sip.registration_expiration, undefined, "4.0's sip default is not filled");
    const applied = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir, env: { T: 'x' } });
    assert.is(applied.code, 0, applied.stdout + applied.stderr);
    const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir, env: { T: 'x' } });
    assert.is(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /No changes\./);
  });
});

test('faults file backend_down: VoipCenter answers error 1 and pbxctl names it, with what it means', async () => {
  const ws = await workspace(await exampleYaml());
  await writeFile(join(ws.dir, 'faults.yaml'), 'gent:\n  backend_down: true\n');
  await serving(ws.dir, ['--faults', 'faults.yaml'], async () => {
    const plan = await cli(['plan', '--sandbox'], { cwd: ws.dir });
    assert.is(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(plan.stdout + plan.stderr, /gent.*VoipCenter error 1 on get\.php m=\w+: Could not connect to server: VoipCenter could not reach your PBX; try again later/s);
  });
  const wrongType = join(ws.dir, 'bad.yaml');
  await writeFile(wrongType, 'hq:\n  backend_down: true\n');
  const refused = await cli(['sandbox', 'serve', '--faults', 'bad.yaml'], { cwd: ws.dir });
  assert.match(refused.stderr, /bad\.yaml:2:3: hq\.backend_down: the issabel sandbox has no such fault \(only voipcenter\)/);
});

test.run();
