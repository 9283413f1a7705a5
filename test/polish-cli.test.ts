// Day-one messages of the CLI: a missing folder for --out, numbers for `call --to`, and
// near-miss names and malformed values in the YAML.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issabelExample } from './helpers/issabel.ts';
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

test.run();
