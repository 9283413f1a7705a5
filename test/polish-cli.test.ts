// Day-one messages of the CLI: a missing folder for --out, numbers for `call --to`, and
// near-miss names and malformed values in the YAML.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml, issabelExample } from './helpers/issabel.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { YAML as VOIPCENTER_YAML } from './helpers/voipcenter.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';

const TEL4VN_YAML = (url: string) => `version: 1
providers:
  billing:
    type: tel4vn
    url: ${url}
    username: admin@saigonlogistics.tel4vn.com
    password: \${TEL4VN_PASSWORD}
`;

test('plan --out and --output into a missing folder: the same one-line message, exit 1', async () => {
  const ws = await workspace(await issabelExample());
  for (const [flag, file] of [['--out', 'nope/plan.json'], ['--output', 'nope/plan.md']]) {
    const r = await cli(['plan', '--sandbox', flag, file], { cwd: ws.dir });
    assert.is(r.code, 1, flag);
    assert.match(r.stderr, new RegExp(`^error: cannot write ${file}: its folder does not exist$`, 'm'), r.stderr);
    assert.not.match(r.stderr, /ENOENT|\n\s+at /, flag);
  }
});


test('apply --ledger into a missing folder: refused before anything is read or applied', async () => {
  const ws = await workspace(await issabelExample());
  const r = await cli(['apply', '--sandbox', '--yes', '--ledger', 'nope/ledger.json'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: --ledger nope\/ledger\.json: its folder does not exist; nothing was read or changed$/m);
  assert.is(r.stdout, '');
  assert.is((await requestLog(ws, 'hq')).length, 0, 'no request reached the PBX');
});

test('a reader that goes away (`pbxctl schema | head -1`, `| true`): the command ends with its own exit code, no EPIPE stack', async () => {
  const ws = await workspace(await issabelExample());
  const run = startCli(['schema'], { cwd: ws.dir });
  run.child.stdout!.destroy(); // the pipe's read end is closed before the first write
  const ended = await run.done;
  assert.is(ended.code, 0, ended.stderr);
  assert.not.match(ended.stderr, /EPIPE|Unhandled|\n\s+at /);
});

test('PBXCTL_NOW that is not an instant: one error line before anything is read, exit 1', async () => {
  const ws = await workspace(await issabelExample());
  const r = await cli(['plan', '--sandbox'], { cwd: ws.dir, env: { PBXCTL_NOW: 'tomorrow' } });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: PBXCTL_NOW=tomorrow: not an ISO 8601 instant/m);
  assert.not.match(r.stderr, /could not be read|\n\s+at /);
  assert.is((await requestLog(ws, 'hq')).length, 0, 'no request reached the PBX');
});

test('sandbox serve prints the url: value each provider takes; the TEL4VN one, pasted into a YAML, works', async () => {
  const ws = await workspace(TEL4VN_YAML('https://api.tel4vn.example.com'));
  const serve = startCli(['sandbox', 'serve'], { cwd: ws.dir });
  try {
    await until(() => serve.stdout.includes('Ctrl-C stops the sandbox'), 'the sandbox to serve');
    const url = serve.stdout.match(/^ {2}url: (\S+) {3}\(for url: in the YAML\)$/m)?.[1];
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, serve.stdout);
    const password = serve.stdout.match(/password (\S+) \(api_key/)![1];
    const pasted = await workspace(TEL4VN_YAML(url!));
    const calls = await cli(['calls', '--provider', 'billing', '--from', '2026-01-01', '--to', '2026-01-02'], { cwd: pasted.dir, env: { TEL4VN_PASSWORD: password } });
    assert.is(calls.code, 0, calls.stdout + calls.stderr);
    assert.match(calls.stdout, /Totals per source/);
  } finally {
    serve.child.kill('SIGINT');
    await serve.done;
  }
});

test('call --to takes E.164, Belgian and international digits; a bad number is exit 1 and never leaves', async () => {
  const ws = await workspace(VOIPCENTER_YAML);
  const call = (to: string) => cli(['call', '--sandbox', '--provider', 'gent', '--from', '204517_201', '--to', to], { cwd: ws.dir });
  for (const to of ['+3212', '+32 9 345', '12', 'call me']) {
    const r = await call(to);
    assert.is(r.code, 1, to);
    assert.is(r.stderr.trim().split('\n').at(-1), `error: --to ${to} is not a phone number VoipCenter can call: write it as E.164 (+3293456789), Belgian (093456789) or international digits (3293456789)`);
  }
  assert.equal(await requestLog(ws, 'gent'), [], 'no request for a bad number');
  for (const to of ['+3293456789', '093456789', '3293456789']) {
    const r = await call(to);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /connected to \+32 9 345 67 89$/m);
  }
  // the sandbox, like VoipCenter, refuses a telnr with a + (error 21): E.164 went out as digits
  assert.equal((await requestLog(ws, 'gent')).map((e) => [e.path, e.status]), Array(3).fill(['/api/call.php', 200]));
});

test('a near-miss VoipCenter name: did you mean, for a catalog and for an object that cannot be created; nothing written', async () => {
  const yaml = VOIPCENTER_YAML.replace('- name: Dag/Nacht', '- name: Dag-Nacht').replace('template: Architect', 'template: Architekt');
  const ws = await workspace(yaml);
  const r = await cli(['plan', '--sandbox', '--provider', 'gent'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  const line = (text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;
  assert.ok(r.stdout.includes(`pbx.config.yaml:${line('Dag-Nacht')}:9: function indicator Dag-Nacht is not on gent and cannot be created through the VoipCenter API: create it in the VoipCenter portal first; did you mean 'Dag/Nacht'?`), r.stdout);
  assert.ok(r.stdout.includes(`pbx.config.yaml:${line('Architekt')}:19: hot desk Flexplek vergaderzaal refers to hot desk template 'Architekt' (template), which is not on gent; gent has: Architect, Administratie; did you mean 'Architect'?`), r.stdout);
  assert.is((await requestLog(ws, 'gent')).filter((e) => e.write).length, 0);
});

test('a malformed mac_address reads as a MAC address, not as the regular expression', async () => {
  const yaml = (await exampleYaml()).replace('mac_address: 80:5E:C0:11:22:01', 'mac_address: 80:5E:C0:11:22');
  const ws = await workspace(yaml);
  const r = await cli(['validate'], { cwd: ws.dir });
  assert.is(r.code, 1);
  const line = yaml.split('\n').findIndex((l) => l.includes('mac_address: 80:5E:C0:11:22')) + 1;
  assert.match(r.stderr, new RegExp(`^pbx\\.config\\.yaml:${line}:\\d+: .*mac_address.* must be a MAC address like 00:11:22:33:44:55 \\(six pairs of hex digits\\)`, 'm'));
  assert.not.match(r.stderr, /\[0-9A-Fa-f\]|must match/);
});

test.run();
