// The example's SmartPBX block through the real CLI and its sandbox.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SANDBOX_PASSWORD } from '../src/providers/kazoo/sandbox/index.ts';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';

/** the example configuration with only its SmartPBX block */
async function smartpbxOnly(): Promise<string> {
  const example = await exampleYaml();
  const block = example.slice(example.indexOf('\n  smartpbx:\n'));
  return `version: 1\nproviders:${block}`;
}

test('plan → apply → plan: the example block is created and updated, then nothing is left to do', async () => {
  const ws = await workspace(await smartpbxOnly());
  const first = await cli(['plan', '--sandbox', '--detailed-exitcode', '--debug'], { cwd: ws.dir });
  assert.is(first.code, 2, first.stdout + first.stderr);
  assert.match(first.stdout, /users +1 to create, 4 unmanaged/);
  assert.match(first.stdout, /\+ create user eka\.putra@ofon-demo\.example {2}pbx\.config\.yaml:\d+:\d+/);
  assert.match(first.stdout, /~ update device Budi Desk/);
  assert.match(first.stdout, /\+ create DID route \+622150001030/);

  const applied = await cli(['apply', '--sandbox', '--yes', '--debug'], { cwd: ws.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /✓ smartpbx: create device Eka Desk/);
  assert.match(applied.stdout, /Applied \d+, failed 0, skipped 0\./);

  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /No changes/);

  // neither a token nor the password is ever printed, --debug included
  for (const out of [first, applied, again].flatMap((r) => [r.stdout, r.stderr])) {
    assert.not.ok(out.includes('eyJ'), 'a JWT was printed');
    assert.not.ok(out.includes(SANDBOX_PASSWORD), 'the password was printed');
  }
  const log = await requestLog(ws, 'smartpbx');
  assert.ok(log.some((e) => e.method === 'PUT' && e.path === '/v2/user_auth'));
});

test.run();
