// A canary in every secret field of all four providers, then every command that prints
// or writes something, with --debug: the canary shows up nowhere. Also: --debug lines
// redact credentials in URLs, literal secrets are refused without --allow-inline-secrets, and
// an empty secret variable stops a run before anything is sent.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redactUrl } from '../src/providers/http.ts';
import { FORMATS } from '../src/report/index.ts';
import { exampleYaml, HQ_BLOCK } from './helpers/issabel.ts';
import { cli, requestLog, workspace, type CliResult } from './helpers/workspace.ts';

// every secret field of the example configuration (settings and objects, all providers)
const CANARIES: Record<string, string> = {
  ISSABEL_PASSWORD: 'cnry-issabel-admin-Q7',
  EXT_1000_SECRET: 'cnry-ext1000-sip-Q7',
  EXT_1000_VM_PIN: '97531864',
  EXT_1004_SECRET: 'cnry-ext1004-sip-Q7',
  VOIPCENTER_PASSWORD: 'cnry-vc-password-Q7',
  VOIPCENTER_KEY: 'cnry-vc-key-Q7',
  TEL4VN_PASSWORD: 'cnry-tel4vn-pw-Q7',
  SMARTPBX_PASSWORD: 'cnry-smartpbx-pw-Q7',
  SMARTPBX_SITI_HOTDESK_PIN: '86420975',
  SMARTPBX_EKA_PASSWORD: 'cnry-eka-user-pw-Q7',
  SMARTPBX_EKA_DESK_SIP_PASSWORD: 'cnry-eka-sip-pw-Q7',
  SMARTPBX_FRONT_DESK_PIN: '739152',
};

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    // the sandbox's own state is the PBX's database: it rightly holds the secrets
    if (entry.isFile() && !(path.includes(`${join('.pbxctl', 'sandbox')}`) && path.endsWith('.json'))) out.push(path);
  }
  return out;
}

test('no canary secret in any output, file, report, ledger, import or --debug log', async () => {
  const yaml = await exampleYaml();
  for (const name of Object.keys(CANARIES)) assert.ok(yaml.includes(`\${${name}}`), `the example uses ${name}`);
  const ws = await workspace(yaml);
  const run = (args: string[]) => cli([...args, '--sandbox', '--debug', '--no-color'], { cwd: ws.dir, env: CANARIES });
  const results: [string, CliResult][] = [];
  const record = async (label: string, runs: Promise<CliResult>) => results.push([label, await runs]);

  await record('plan --out', run(['plan', '--out', 'plan.json']));
  for (const format of FORMATS) await record(`plan ${format}`, run(['plan', '--format', format, '--output', `plan.${format}`]));
  await record('plan json stdout', run(['plan', '--json']));
  await record('apply', run(['apply', '--yes', '--ledger', 'ledger.json']));
  for (const format of FORMATS) await record(`drift ${format}`, run(['drift', '--format', format, '--output', `drift.${format}`]));
  await record('drift stdout', run(['drift']));
  for (const provider of ['hq', 'gent', 'smartpbx', 'billing'])
    await record(`import ${provider}`, run(['import', '--provider', provider, '--with-secrets', '--output', `import-${provider}.yaml`]));

  assert.is(results.find(([l]) => l === 'apply')![1].code, 0, results.find(([l]) => l === 'apply')![1].stderr);
  assert.ok(results.some(([l, r]) => l === 'plan json stdout' && r.stderr.includes('→ ')), '--debug logged HTTP requests');
  const haystacks: [string, string][] = results.flatMap(([label, r]) => [[`${label} stdout`, r.stdout], [`${label} stderr`, r.stderr]] as [string, string][]);
  for (const file of await filesUnder(ws.dir)) if (!file.endsWith('pbx.config.yaml')) haystacks.push([file, await readFile(file, 'utf8')]);
  assert.ok(haystacks.some(([n]) => n.endsWith('ledger.json')) && haystacks.some(([n]) => n.endsWith('plan.json')), haystacks.map(([n]) => n).join(', '));
  for (const [where, text] of haystacks)
    for (const [name, value] of Object.entries(CANARIES)) assert.not.ok(text.includes(value), `${name} leaked in ${where}`);
});

test('--debug URLs hide credentials in query strings and user info', () => {
  const shown = redactUrl('https://admin:hunter2@pbx.example.com/api?api_key=abc123&pwd=p1&pass=p2&auth_token=t0k&user=ana&page=2');
  for (const secret of ['hunter2', 'abc123', 'p1', 'p2', 't0k']) assert.not.match(shown, `=${secret}`);
  assert.not.match(shown, 'hunter2');
  assert.match(shown, 'user=ana');
  assert.match(shown, 'page=2');
  assert.is(redactUrl('http://127.0.0.1:1/pbxapi/extensions'), 'http://127.0.0.1:1/pbxapi/extensions');
});

test('a literal secret is refused by the CLI, accepted with --allow-inline-secrets and never printed', async () => {
  const ws = await workspace(`version: 1
providers:
${HQ_BLOCK}    extensions:
      - { number: "1000", name: Antonio, secret: inline-literal-7Zq }
`);
  const refused = await cli(['plan', '--sandbox', '--no-color'], { cwd: ws.dir });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /pbx\.config\.yaml:8:\d+: secret 'secret' of extension 1000 is written in the file/);
  assert.match(refused.stderr, '--allow-inline-secrets');
  const allowed = await cli(['plan', '--sandbox', '--no-color', '--debug', '--allow-inline-secrets'], { cwd: ws.dir });
  assert.is(allowed.code, 0, allowed.stderr);
  assert.not.match(allowed.stdout + allowed.stderr, 'inline-literal-7Zq');
});

test('an empty secret variable stops apply at its line, naming it, before anything is sent', async () => {
  const ws = await workspace(`version: 1
providers:
${HQ_BLOCK}    extensions:
      - number: "1000"
        name: Antonio
        secret: \${EXT_1000_SECRET}
`);
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir, env: { EXT_1000_SECRET: '' } });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, "pbx.config.yaml:10:17: secret 'secret' of extension 1000 is empty: environment variable EXT_1000_SECRET is set but empty");
  assert.match(r.stderr, 'nothing was sent to any PBX');
  assert.equal(await requestLog(ws, 'hq'), []);
});

test('credentials in a provider url stop plan and doctor at the url, and are not printed', async () => {
  const ws = await workspace(`version: 1
providers:
  hq:
    type: issabel
    url: https://admin:\${URL_PASSWORD}@pbx.example.com/pbxapi
    password: \${ISSABEL_PASSWORD}
`);
  for (const command of ['plan', 'doctor']) {
    const r = await cli([command, '--no-color', '--debug'], { cwd: ws.dir, env: { URL_PASSWORD: 'cnry-url-pw-Q7', ISSABEL_PASSWORD: 'cnry-pw-Q7' } });
    assert.is(r.code, 1, command);
    assert.match(r.stderr, "pbx.config.yaml:5:10: provider hq: url holds a user name or password (before '@')");
    assert.not.match(r.stdout + r.stderr, 'cnry-url-pw-Q7');
  }
});

test.run();
