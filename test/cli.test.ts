// The CLI as a user runs it: output, exit codes, and what reaches the sandbox.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pkg from '../package.json' with { type: 'json' };
import { exampleYaml, issabelExample } from './helpers/issabel.ts';
import { cli, requestLog, sandboxState, workspace } from './helpers/workspace.ts';

const CANARY = { EXT_1000_SECRET: 'CANARY-9f8e7d6c5b', EXT_1004_SECRET: 'CANARY-1a2b3c4d5e', EXT_1000_VM_PIN: '97312468', ISSABEL_PASSWORD: 'CANARY-pw-0x77' };
const leaks = (text: string) => Object.values(CANARY).filter((v) => text.includes(v));

test('the whole example: plan exits 2, apply --yes 0, then plan 0', async () => {
  const ws = await workspace(await exampleYaml());
  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  const apply = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  assert.match(apply.stdout, /failed 0, skipped 0\./);
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout);
});

test('--version and --help on every command', async () => {
  const { dir } = await workspace('');
  const version = await cli(['--version'], { cwd: dir });
  assert.is(version.code, 0);
  assert.is(version.stdout.trim(), pkg.version);
  for (const cmd of [[], ['validate'], ['plan'], ['apply'], ['drift'], ['import'], ['doctor'], ['calls'], ['call'], ['sandbox', 'serve'], ['sandbox', 'reset']]) {
    const help = await cli([...cmd, '--help'], { cwd: dir });
    assert.is(help.code, 0, cmd.join(' '));
    assert.match(help.stdout, /Usage: pbxctl/);
  }
});

test('plan → apply → plan on the sandbox: exit codes 2, 0, 0 and one configuration apply', async () => {
  const ws = await workspace(await issabelExample());
  const first = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(first.code, 2, first.stderr);
  assert.match(first.stdout, /Plan: 3 to create, 3 to update, 0 to delete\./);
  assert.match(first.stdout, /~ update extension 1001 {2}pbx\.config\.yaml:\d+:\d+/);
  assert.match(first.stdout, /name: +"Jose" → "Jose Garcia"/);
  assert.match(first.stdout, /unmanaged.*\n.*extensions: 1003 \(Pedro Picapiedras\), 1050 \(Lobby phone\)/);

  const refused = await cli(['apply', '--sandbox'], { cwd: ws.dir });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /not on a terminal: refusing to apply without --yes/);

  const applied = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /✓ hq: create ring group 601/);
  assert.match(applied.stdout, /Applied 6, failed 0, skipped 0\./);

  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0);
  assert.match(again.stdout, /No changes\./);

  const state = await sandboxState<{ ringGroups: Record<string, unknown> }>(ws, 'hq');
  assert.ok(state.ringGroups['601']);
  const writes = (await requestLog(ws, 'hq')).filter((e) => e.write && e.path !== '/pbxapi/authenticate');
  // six changes and one no-op PUT that applies the configuration, all in the apply run
  assert.is(writes.length, 7);
});

test('a misspelt key: validate, plan and apply exit 1 naming the line, and nothing reaches the PBX', async () => {
  const ws = await workspace((await issabelExample()).replace('        ring_time: 30', '        rign_time: 30'));
  const line = (await issabelExample()).split('\n').findIndex((l) => l.includes('ring_time: 30')) + 1;
  for (const args of [['validate'], ['plan', '--sandbox'], ['apply', '--sandbox', '--yes']]) {
    const r = await cli(args, { cwd: ws.dir });
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.stderr, new RegExp(`pbx\\.config\\.yaml:${line}:9: .*rign_time.*did you mean 'ring_time'`));
    assert.match(r.stderr, /nothing was sent to any PBX/);
  }
  assert.equal(await requestLog(ws, 'hq'), []);
});

test('validate passes on the example', async () => {
  const ws = await workspace(await issabelExample());
  const r = await cli(['validate'], { cwd: ws.dir, env: CANARY });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /pbx\.config\.yaml is valid: 1 provider\(s\), 12 object\(s\)\./);
});

test('--json prints the versioned plan, field-level and without secret values', async () => {
  const ws = await workspace(await issabelExample());
  const r = await cli(['plan', '--sandbox', '--json'], { cwd: ws.dir, env: CANARY });
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.is(plan.format_version, 1);
  const hq = plan.providers[0];
  const antonio = hq.changes.find((c: { key: string }) => c.key === '1000');
  assert.equal(antonio.fields, [{ path: 'secret', sensitive: true }, { path: 'voicemail.pin', sensitive: true }]);
  const jose = hq.changes.find((c: { key: string }) => c.key === '1001');
  assert.equal(jose.fields[0], { path: 'name', before: 'Jose', after: 'Jose Garcia' });
  assert.equal(leaks(r.stdout + r.stderr), []);
});

test('a canary secret appears in no output of plan, apply or --debug', async () => {
  const ws = await workspace(await issabelExample());
  let all = '';
  for (const args of [['plan', '--sandbox', '--debug'], ['apply', '--sandbox', '--yes', '--debug'], ['plan', '--sandbox']]) {
    const r = await cli(args, { cwd: ws.dir, env: CANARY });
    assert.is(r.code, 0, r.stderr);
    all += r.stdout + r.stderr;
  }
  assert.match(all, /secret: +\(sensitive, changed\)/);
  assert.equal(leaks(all), []);
});

test('an unknown provider name and an unreachable PBX are errors (exit 1)', async () => {
  const ws = await workspace((await issabelExample()).replace('https://pbx.example.com/pbxapi', 'http://127.0.0.1:9/pbxapi'));
  const unknown = await cli(['plan', '--sandbox', '--provider', 'branch'], { cwd: ws.dir });
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /unknown provider 'branch'; .* has: hq/);
  const down = await cli(['plan', '--detailed-exitcode'], { cwd: ws.dir, env: CANARY });
  assert.is(down.code, 1);
  assert.match(down.stdout, /reading hq \(Issabel\) failed/);
});

test('--provider needs only that provider\'s variables; import never overwrites a file unasked', async () => {
  const ws = await workspace(await exampleYaml());
  const hq = { ISSABEL_PASSWORD: 'a', EXT_1000_SECRET: 'b', EXT_1000_VM_PIN: '1234', EXT_1004_SECRET: 'c' };
  const only = await cli(['validate', '--provider', 'hq'], { cwd: ws.dir, env: hq });
  assert.is(only.code, 0, only.stderr);
  const all = await cli(['validate'], { cwd: ws.dir, env: hq });
  assert.is(all.code, 1);
  assert.match(all.stderr, /VOIPCENTER_PASSWORD is not set/);
  const over = await cli(['import', '--sandbox', '--provider', 'hq', '--output', 'pbx.config.yaml'], { cwd: ws.dir });
  assert.is(over.code, 1);
  assert.match(over.stderr, /pbx\.config\.yaml exists/);
});

test('insecure: true is said in every plan', async () => {
  const ws = await workspace((await issabelExample()).replace('    username: admin', '    username: admin\n    insecure: true'));
  const r = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /TLS certificate verification is OFF/);
});

test.run();
