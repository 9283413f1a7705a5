// Notes after an apply say only what happened: no configuration apply is sent (nor
// claimed) when every Issabel write was refused, and no "random password" is claimed for
// a SmartPBX user whose create failed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { desksYaml } from './helpers/issabel-server.ts';
import { kazooYaml } from './helpers/kazoo.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';

test('Issabel: every write refused → no configuration apply is sent and none is claimed', async () => {
  const ws = await workspace(desksYaml(['2001', '2002']));
  assert.is((await cli(['plan', '--sandbox'], { cwd: ws.dir })).code, 0);
  // between plan and apply both numbers are taken by queues: the server refuses both writes
  const file = join(ws.dir, '.pbxctl', 'sandbox', 'hq.json');
  const state = JSON.parse(await readFile(file, 'utf8'));
  state.otherNumbers.queues.push('2001', '2002');
  await writeFile(file, JSON.stringify(state));

  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Applied 0, failed 2, skipped 0\./);
  assert.not.match(r.stdout, /configuration applied/);
  const writes = (await requestLog(ws, 'hq')).filter((e) => e.write && !e.path.endsWith('/authenticate'));
  assert.equal(writes.map((e) => `${e.method} ${e.path} ${e.status}`).sort(), ['PUT /pbxapi/extensions/2001 409', 'PUT /pbxapi/extensions/2002 409']);
  // and nothing is owed: the next plan does not report an unfinished batch
  const plan = await cli(['plan', '--sandbox', '--no-color'], { cwd: ws.dir });
  assert.not.match(plan.stdout, /stopped before its changes were activated/);
});

test('SmartPBX: a user whose create fails is not said to have a random password; one created is', async () => {
  const ws = await workspace(
    kazooYaml(`    users:
      - username: nina@ofon-demo.example
        first_name: Nina
        last_name: Kusuma
        hotdesk: { enabled: true, id: "1002" }
      - username: omar@ofon-demo.example
        first_name: Omar
        last_name: Hadi
`),
  );
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Hotdesk ID must be unique/);
  assert.not.match(r.stdout, /nina@ofon-demo\.example was created with a random password/);
  assert.match(r.stdout, /user omar@ofon-demo\.example was created with a random password/);
});

test.run();
