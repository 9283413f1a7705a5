// Pipelines: saved plans and their staleness checks, drift, import, safety limits.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml, issabelExample } from './helpers/issabel.ts';
import { SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN } from '../src/providers/kazoo/sandbox/index.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { cli, editSandboxState, requestLog, workspace, type Workspace } from './helpers/workspace.ts';

const CANARY = { EXT_1000_SECRET: 'CANARY-77aa88bb', EXT_1004_SECRET: 'CANARY-99cc00dd', EXT_1000_VM_PIN: '86420975' };

const editState = (ws: Workspace, edit: (state: any) => void) => editSandboxState(ws, 'hq', edit);

test('apply of a saved plan: applied as reviewed without asking; the plan file holds no secret', async () => {
  const ws = await workspace(await issabelExample());
  const planned = await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir, env: CANARY });
  assert.is(planned.code, 0, planned.stderr);
  assert.match(planned.stderr, /Saved the plan to p\.json \(checksum [0-9a-f]{16}\)/);
  const file = await readFile(join(ws.dir, 'p.json'), 'utf8');
  assert.equal(Object.values(CANARY).filter((v) => file.includes(v)), []);
  const applied = await cli(['apply', 'p.json'], { cwd: ws.dir, env: CANARY });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /Applied 7, failed 0, skipped 0\./);
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir, env: CANARY });
  assert.is(again.code, 0);
});

test('a saved plan is refused when the PBX, the configuration or the file changed since', async () => {
  const ws = await workspace(await issabelExample());
  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);

  await editState(ws, (s) => (s.extensions['1001'].name = 'Pepe'));
  const stale = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(stale.code, 1);
  assert.match(stale.stderr, /the plan is stale, nothing was changed:\n {2}hq\/extensions\/1001: changed on the PBX since the plan/);
  assert.equal((await requestLog(ws, 'hq')).filter((e) => e.write && !e.path.endsWith('/authenticate')), []);

  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  await writeFile(join(ws.dir, 'pbx.config.yaml'), (await readFile(ws.file, 'utf8')).replace('ring_time: 25', 'ring_time: 26'));
  const edited = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(edited.code, 1);
  assert.match(edited.stderr, /pbx\.config\.yaml changed since p\.json was planned/);

  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  const saved = JSON.parse(await readFile(join(ws.dir, 'p.json'), 'utf8'));
  saved.providers[0].changes[0].fields[0].after = 'Somebody else';
  await writeFile(join(ws.dir, 'p.json'), JSON.stringify(saved));
  const tampered = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(tampered.code, 1);
  assert.match(tampered.stderr, /checksum does not match/);
});

test('drift names the field changed out of band, exits 2, and never writes', async () => {
  const ws = await workspace(await issabelExample());
  assert.is((await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir })).code, 0);
  const clean = await cli(['drift', '--sandbox'], { cwd: ws.dir });
  assert.is(clean.code, 0, clean.stdout + clean.stderr);
  await editState(ws, (s) => (s.ringGroups['600'].strategy = 'hunt'));
  const before = (await requestLog(ws, 'hq')).length;
  const drift = await cli(['drift', '--sandbox'], { cwd: ws.dir });
  assert.is(drift.code, 2);
  assert.match(drift.stdout, /changed ring group 600[\s\S]*strategy: live "hunt", expected "ringall"/);
  const during = (await requestLog(ws, 'hq')).slice(before);
  assert.equal(during.filter((e) => e.write && !e.path.endsWith('/authenticate')), []);
});

test('import then plan gives no changes', async () => {
  const ws = await workspace(await issabelExample());
  const imported = await cli(['import', '--sandbox', '--provider', 'hq', '-o', 'imported.yaml'], { cwd: ws.dir });
  assert.is(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /Imported 5 extensions, 2 ring_groups, 1 inbound_routes, 2 time_conditions, 2 time_groups from hq/);
  const yaml = await readFile(join(ws.dir, 'imported.yaml'), 'utf8');
  assert.ok(yaml.startsWith('# yaml-language-server: $schema='));
  assert.not.match(yaml, /secret:|pin:/);
  const plan = await cli(['plan', '--sandbox', '-c', 'imported.yaml', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test('import --with-secrets writes placeholders and names the variables', async () => {
  const ws = await workspace(await issabelExample());
  const r = await cli(['import', '--sandbox', '--provider', 'hq', '--with-secrets', '--kinds', 'extensions'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /secret: \$\{HQ_1000_SECRET\}/);
  assert.match(r.stdout, /pin: \$\{HQ_1000_VOICEMAIL_PIN\}/);
  assert.match(r.stderr, /Set these variables before planning: .*HQ_1000_SECRET/);
  assert.not.match(r.stdout, /Kq7vR2mX9pLw|4321/);
});

test('a plan beyond a safety limit exits 3; apply refuses it until --allow names it', async () => {
  const yaml = (await issabelExample()).replace('ignore: ["9*"]', 'ignore: ["9*"]\n    prune: true\n    max_deletes: 1');
  const ws = await workspace(yaml);
  const plan = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.is(plan.code, 3);
  assert.match(plan.stdout, /blocked by a safety limit: extensions: 2 deletes, more than max_deletes 1/);
  const refused = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(refused.code, 3);
  assert.match(refused.stderr, /--allow hq\/extensions=3/);
  const allowed = await cli(['apply', '--sandbox', '--yes', '--allow', 'hq/extensions=3'], { cwd: ws.dir });
  assert.is(allowed.code, 0, allowed.stdout + allowed.stderr);
});

test('a device changed with curl through `sandbox serve` shows in `drift --format markdown` (exit 2)', async () => {
  const ws = await workspace(await exampleYaml());
  const serve = startCli(['sandbox', 'serve'], { cwd: ws.dir });
  try {
    await until(() => serve.stdout.includes('Ctrl-C stops the sandbox'), 'the sandbox to serve');
    const applied = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
    assert.is(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stderr, /served by `pbxctl sandbox serve`/);

    const serving = JSON.parse(await readFile(join(ws.dir, '.pbxctl', 'sandbox', 'serving.json'), 'utf8'));
    const api = `${serving.providers.smartpbx.url}/accounts/${SANDBOX_ACCOUNT_ID}/devices`;
    const headers = { 'X-Auth-Token': SANDBOX_AUTH_TOKEN, 'Content-Type': 'application/json' };
    const list = await (await fetch(`${api}?filter_name=Reception%20Phone`, { headers })).json();
    const patched = await fetch(`${api}/${list.data[0].id}`, { method: 'PATCH', headers, body: JSON.stringify({ data: { ringtones: { internal: 'Ring9' } } }) });
    assert.is(patched.status, 200);

    const drift = await cli(['drift', '--sandbox', '--format', 'markdown'], { cwd: ws.dir });
    assert.is(drift.code, 2, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /## Drift found: 1 changed/);
    assert.match(drift.stdout, /Reception Phone.*ringtones\.internal.*Ring9.*Ring4/);
  } finally {
    serve.child.kill('SIGINT');
    await serve.done;
  }
});

test.run();
