// Day-one messages of the CLI: a missing folder for --out, numbers for `call --to`, and
// near-miss names and malformed values in the YAML.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issabelExample } from './helpers/issabel.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { cli, workspace } from './helpers/workspace.ts';

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

test.run();
