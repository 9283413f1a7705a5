// A ring group with no members: the real server stores "" and reads it back as [""]
// (PHP explode of an empty string). The sandbox answers the same over HTTP, and
// `members: []` converges: apply, then plan has nothing left to do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hqYaml, issabelServer } from './helpers/issabel-server.ts';
import { cli, workspace } from './helpers/workspace.ts';

const YAML = hqYaml(`    ring_groups:
      - { number: "650", name: Nobody yet, members: [] }
`);

test('members: [] is read back as [""] over HTTP, and apply then plan is empty', async () => {
  const { server, env } = await issabelServer();
  try {
    const { PBX_URL: url, PBX_PASSWORD: password } = env;
    const ws = await workspace(YAML);
    const applied = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    assert.is(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /Applied 1, failed 0, skipped 0\./);

    const login = await fetch(`${url}/authenticate`, { method: 'POST', body: JSON.stringify({ user: 'admin', password }) });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const read = await fetch(`${url}/ringgroups/650`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(((await read.json()) as { results: { extension_list: unknown }[] }).results[0].extension_list, ['']);

    const plan = await cli(['plan', '--detailed-exitcode', '--no-color'], { cwd: ws.dir, env });
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes\./);
  } finally {
    await server.close();
  }
});

test.run();
