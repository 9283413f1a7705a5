import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { registry } from '../src/providers/index.ts';
import editorSchema from '../schemas/pbx.config.schema.json' with { type: 'json' };
import { formatIssue, loadConfig, type LoadOptions } from '../src/config/load.ts';
import { newAjv } from '../src/config/validate.ts';
import type { ProviderModule } from '../src/engine/provider.ts';
import { HQ_BLOCK } from './helpers/issabel.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const GOOD = join(fixtures, 'config', 'good.yaml');
const BAD = join(fixtures, 'bad');


const ENV = {
  ISSABEL_PASSWORD: 'pw-hq-9f2c',
  BRANCH_PASSWORD: 'pw-branch-77aa',
  EXT_1000_SECRET: 'sip-secret-31d8',
  EXT_1000_VM_PIN: '4321',
};

const load = (file: string, opts: Partial<LoadOptions> = {}) => loadConfig(file, { env: ENV, registry, ...opts });

let tmp = '';
async function yamlFile(text: string): Promise<string> {
  tmp ||= await mkdtemp(join(tmpdir(), 'pbxctl-config-'));
  const file = join(tmp, `c${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return file;
}

const HEAD = `version: 1
providers:
${HQ_BLOCK}`;

test('the good fixture loads into the expected Config', async () => {
  const r = await load(GOOD);
  assert.equal(r.errors, []);
  assert.equal(r.warnings, []);
  const config = r.config!;
  assert.is(config.file, GOOD);
  assert.equal(config.providers.map((p) => [p.name, p.type]), [['hq', 'issabel'], ['branch', 'issabel']]);

  const [hq, branch] = config.providers;
  assert.equal(hq.settings, {
    url: 'https://pbx.example.com/pbxapi',
    password: ENV.ISSABEL_PASSWORD,
    ca: join(fixtures, 'config', 'certs', 'pbx.pem'),
    timeout_seconds: 30,
    username: 'admin',
  });
  assert.equal(hq.loc, { file: GOOD, line: 4, col: 3 });
  assert.equal(Object.keys(hq.kinds), ['extensions', 'ring_groups']);
  assert.equal(hq.kinds.extensions.policy, { prune: false, ignore: ['9*'], maxDeletes: 0, maxDeletePercent: 25, maxUpdatesPercent: 50 });
  assert.equal(hq.kinds.ring_groups.policy, { prune: true, ignore: ['69*'], maxDeletes: 10, maxDeletePercent: 25, maxUpdatesPercent: 50 });
  assert.equal(hq.kinds.extensions.loc, { file: GOOD, line: 13, col: 5 });

  const [ext1000, ext1001] = hq.kinds.extensions.objects;
  assert.is(ext1000.key, '1000');
  assert.equal(ext1000.data, {
    number: '1000',
    name: 'Antonio',
    secret: ENV.EXT_1000_SECRET,
    voicemail: { enabled: true, pin: '4321', email: 'antonio@example.com' },
    ring_time: 30,
    recording: { inbound_external: 'always' },
  });
  assert.equal(ext1000.loc, { file: GOOD, line: 14, col: 9 });
  assert.equal(ext1000.fieldLocs['voicemail.pin'], { file: GOOD, line: 17, col: 42 });
  assert.equal(ext1000.fieldLocs.voicemail, { file: GOOD, line: 17, col: 9 });
  assert.equal(ext1001.data, { number: '1001', name: 'Beatriz Ruiz', language: '${not_a_var}', device: { dtmf_mode: 'rfc2833', max_contacts: 2 } });

  const [sales] = hq.kinds.ring_groups.objects;
  assert.equal(sales.data.members, ['1000', '1001', '5550100#']);
  assert.equal(sales.fieldLocs['members.1'], { file: GOOD, line: 31, col: 27 });

  assert.equal(branch.settings, { url: 'https://branch.example.com/pbxapi', username: 'ops', password: ENV.BRANCH_PASSWORD });
  assert.equal(branch.kinds, {
    extensions: { kind: 'extensions', objects: [], policy: { prune: true, ignore: [], maxDeletes: 10, maxDeletePercent: 25, maxUpdatesPercent: 50 }, loc: { file: GOOD, line: 38, col: 5 } },
  });
  assert.equal(r.secretValues.sort(), [ENV.BRANCH_PASSWORD, ENV.EXT_1000_SECRET, ENV.EXT_1000_VM_PIN, ENV.ISSABEL_PASSWORD].sort());
});

test('the editor schema accepts the good fixture and picks the provider schema by type', () => {
  const ajv = newAjv(true);
  for (const module of Object.values(registry)) ajv.addSchema(module.schema);
  const validate = ajv.compile(editorSchema);
  const data = parseDocument(readFileSync(GOOD, 'utf8')).toJS() as { providers: Record<string, Record<string, unknown>> };
  assert.ok(validate(data), JSON.stringify(validate.errors));
  data.providers.hq.rign_time = 3;
  assert.not.ok(validate(data));
  assert.ok(validate.errors?.some((e) => e.params.additionalProperty === 'rign_time'));
});

const badFiles = readdirSync(BAD).filter((f) => f.endsWith('.yaml')).sort();

test('the bad corpus is large enough', () => {
  assert.ok(badFiles.length >= 20, `${badFiles.length} files`);
});

/** a corpus file's text: UTF-8, or UTF-16 when it starts with that byte-order mark */
function corpusText(file: string): string {
  const bytes = readFileSync(file);
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.toString('utf16le').slice(1) : bytes.toString('utf8');
}

/** "# env: NAME=value" lines: a value in double quotes is read as a JSON string ("a\nb", "  ") */
function corpusEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/^# env: ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
    env[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

// Each corpus file starts with "# expect: LINE:COL fragment": exactly one error, there. Lines
// "# env: NAME=value" below it set variables over ENV for that file; their values never show.
for (const name of badFiles) {
  test(`bad/${name}`, async () => {
    const file = join(BAD, name);
    const text = corpusText(file);
    const expect = /^# expect: (\d+):(\d+) (.+)$/.exec(text.split('\n')[0]);
    assert.ok(expect, 'first line must be "# expect: line:col fragment"');
    const [, line, col, fragment] = expect;
    const env = corpusEnv(text);
    const r = await load(file, { env: { ...ENV, ...env } });
    const shown = r.errors.map(formatIssue).join('\n');
    assert.is(r.config, undefined);
    assert.is(r.errors.length, 1, shown);
    assert.is(`${r.errors[0].line}:${r.errors[0].col}`, `${line}:${col}`, shown);
    assert.ok(r.errors[0].message.includes(fragment), shown);
    assert.is(r.errors[0].file, file);
    for (const value of Object.values(env)) if (value.trim()) assert.not.ok(shown.includes(value), `the value of a variable is shown: ${shown}`);
  });
}

test('every error of a file is reported, in line order', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        rign_time: 30
      - number: "1001"
        ring_time: 301
    ring_groups:
      - number: "1000"
        name: Sales
`);
  const r = await load(file);
  assert.equal(
    r.errors.map((e) => `${e.line}:${e.col}`),
    ['9:9', '11:20', '13:17'],
    r.errors.map(formatIssue).join('\n'),
  );
  assert.match(r.errors[0].message, "did you mean 'ring_time'?");
  assert.match(r.errors[1].message, 'between 1 and 300');
  assert.match(r.errors[2].message, 'already used by extension 1000 at line 8');
  assert.is(formatIssue(r.errors[0]), `${file}:9:9: ${r.errors[0].message}`);
});

test('interpolation: defaults, escapes, variables inside longer strings', async () => {
  const file = await yamlFile(`${HEAD}    username: "\${PBX_USER:-admin}"
    extensions:
      - number: "\${EXT:-1000}"
        name: "\${FIRST} \${LAST:-Ruiz} (\${EMPTY:-none})"
        context: "$\${literal}-\${CTX}"
`);
  const r = await load(file, { env: { ...ENV, FIRST: 'Ana', EMPTY: '', CTX: 'from-internal' } });
  assert.equal(r.errors, []);
  const ext = r.config!.providers[0].kinds.extensions.objects[0];
  assert.equal(ext.data, { number: '1000', name: 'Ana Ruiz (none)', context: '${literal}-from-internal' });
  assert.is(r.config!.providers[0].settings.username, 'admin');
});

test('interpolation: a default may be another variable, nested', async () => {
  const file = await yamlFile(`${HEAD}    username: "\${API_USER:-\${FALLBACK_USER}}"
    extensions:
      - number: "\${EXT:-\${EXT2:-\${EXT3:-1000}}}"
        name: "\${FIRST:-\${SECOND}} (\${SET:-\${NEVER_READ}})"
        secret: \${EXT_1000_SIP:-\${EXT_1000_SECRET}}
`);
  const r = await load(file, { env: { ...ENV, FALLBACK_USER: 'ops', EXT2: '', FIRST: '', SECOND: 'Ana', SET: 'kept' } });
  assert.equal(r.errors, [], r.errors.map(formatIssue).join('\n'));
  const hq = r.config!.providers[0];
  assert.is(hq.settings.username, 'ops');
  // a secret whose default is another variable is not written in the file
  assert.equal(hq.kinds.extensions.objects[0].data, { number: '1000', name: 'Ana (kept)', secret: ENV.EXT_1000_SECRET });
  assert.ok(r.secretValues.includes(ENV.EXT_1000_SECRET));
});

test('an unset variable inside a used default is an error at its own position', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        name: "\${FIRST:-\${SECOND}} \${SECOND}"
        secret: \${EXT_1000_SIP:-\${EXT_1000_SIP_FALLBACK}}
`);
  const r = await load(file);
  assert.equal(r.errors.map((e) => `${e.line}:${e.col} ${e.message.split(' (')[0]}`), [
    '9:25 environment variable SECOND is not set',
    '9:36 environment variable SECOND is not set',
    '10:33 environment variable EXT_1000_SIP_FALLBACK is not set',
  ]);
});

test('a missing variable is an error at its own position, naming it', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        name: "Ana \${LAST_NAME}"
        context: "$\${X}-\${X}-\${1X}"
`);
  const r = await load(file);
  assert.equal(r.errors.map((e) => `${e.line}:${e.col}`), ['9:20', '10:25', '10:30']);
  assert.match(r.errors[0].message, 'LAST_NAME is not set');
  assert.match(r.errors[1].message, 'X is not set');
  assert.match(r.errors[2].message, 'invalid variable reference');
});

test('sandbox mode: connection settings and secrets of objects may be unset', async () => {
  const file = await yamlFile(`version: 1
providers:
  hq:
    type: issabel
    url: \${PBX_URL}
    password: \${ISSABEL_PASSWORD}
    extensions:
      - number: "1000"
        secret: \${EXT_SECRET}
        voicemail: { enabled: true, pin: "\${EXT_PIN}" }
      - number: "1001"
        secret: \${EXT_SECRET}
`);
  const r = await load(file, { env: {}, sandbox: true });
  assert.equal(r.errors, [], r.errors.map(formatIssue).join('\n'));
  assert.equal(
    r.warnings.map((w) => `${w.line}:${w.col} ${w.message}`),
    ['9:17 sandbox: 2 variables are not set (EXT_SECRET, EXT_PIN): the secret fields that use them are left as they are on the sandbox'],
  );
  const hq = r.config!.providers[0];
  assert.equal(hq.settings, { username: 'admin' });
  assert.equal(hq.kinds.extensions.objects.map((o) => o.data), [{ number: '1000', voicemail: { enabled: true } }, { number: '1001' }]);
  assert.equal(r.secretValues, []);

  const outside = await load(file, { env: {} });
  assert.equal(outside.errors.map((e) => e.message.split(' (')[0]), [
    'environment variable PBX_URL is not set',
    'environment variable ISSABEL_PASSWORD is not set',
    'environment variable EXT_SECRET is not set',
    'environment variable EXT_PIN is not set',
    'environment variable EXT_SECRET is not set',
  ]);
});

test('sandbox mode: other unset variables stay errors', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        name: \${WHO}
`);
  const r = await load(file, { env: {}, sandbox: true });
  assert.equal(r.errors.map((e) => `${e.line}:${e.col}`), ['9:15']);
  assert.match(r.errors[0].message, 'WHO is not set');
});

test('inline secrets pass with allowInlineSecrets, and are still listed for redaction', async () => {
  const r = await load(join(BAD, 'inline-secret.yaml'), { allowInlineSecrets: true });
  assert.equal(r.errors, []);
  assert.ok(r.secretValues.includes('Sup3rS3cret!'));
});

test('a secret falling back to a default written in the file counts as inline', async () => {
  const file = await yamlFile(HEAD.replace('${ISSABEL_PASSWORD}', '${NOPE:-hunter22}'));
  const r = await load(file);
  assert.is(r.errors.length, 1);
  assert.match(r.errors[0].message, "secret 'password' of provider hq falls back to the default written in the file; set NOPE");
});

test('an empty or blank secret is an error, even written inline with allowInlineSecrets or in a provider left aside', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        secret: "  "
      - number: "1001"
        secret: \${EXT_1001_SECRET}\${EXT_1001_SUFFIX}
  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    account_id: 3f1c2b9a8d7e46f0a1b2c3d4e5f60718
    api_key: \${SMARTPBX_API_KEY}
`);
  const env = { ...ENV, EXT_1001_SECRET: '', EXT_1001_SUFFIX: ' ', SMARTPBX_API_KEY: '' };
  const r = await load(file, { env, allowInlineSecrets: true });
  assert.equal(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`), [
    "9:17 secret 'secret' of extension 1000 is empty: write ${VAR} and give the variable the secret's value",
    "11:17 secret 'secret' of extension 1001 is empty: environment variable EXT_1001_SECRET is set but empty, EXT_1001_SUFFIX holds only white space; set EXT_1001_SECRET to the secret's value (an unfilled CI secret expands to nothing)",
    "16:14 secret 'api_key' of provider smartpbx is empty: environment variable SMARTPBX_API_KEY is set but empty; set SMARTPBX_API_KEY to the secret's value (an unfilled CI secret expands to nothing)",
  ]);
  assert.equal(r.secretValues.sort(), [ENV.ISSABEL_PASSWORD]);
  // --provider hq: an unset variable of smartpbx would be no error, an empty one still is
  const only = await load(file, { env: { ...env, EXT_1001_SECRET: 'sip-1001-x' }, allowInlineSecrets: true, only: ['hq'] });
  assert.equal(only.errors.map((e) => `${e.line}:${e.col}`), ['9:17', '16:14']);
});

test('credentials in a provider url are refused without being shown', async () => {
  const file = await yamlFile(`version: 1
providers:
  hq:
    type: issabel
    url: \${HQ_URL}
    password: \${ISSABEL_PASSWORD}
  smartpbx:
    type: kazoo
    url: https://ops@api.ofon.io:8443/v2
    account_id: 3f1c2b9a8d7e46f0a1b2c3d4e5f60718
    api_key: \${ISSABEL_PASSWORD}
  gent:
    type: voipcenter
    url: https://:k3y-in-url@pbxonline.be/api
    api_id: pi204517gnt
    customer: "204517"
    password: \${ISSABEL_PASSWORD}
    key: \${ISSABEL_PASSWORD}
`);
  const r = await load(file, { env: { ...ENV, HQ_URL: 'https://admin:pw-in-env-url@pbx.example.com/pbxapi' } });
  const shown = r.errors.map(formatIssue).join('\n');
  assert.equal(r.errors.map((e) => `${e.line}:${e.col}`), ['5:10', '9:10', '14:10'], shown);
  for (const secret of ['pw-in-env-url', 'k3y-in-url']) assert.not.match(shown, secret);
  assert.match(r.errors[0].message, "provider hq: url holds a user name or password (before '@'): remove them from the url; credentials go in the provider's settings (username: NAME, password: ${VAR})");
  assert.match(r.errors[1].message, 'username: NAME, auth_token: ${VAR}, password: ${VAR}, api_key: ${VAR}');
  assert.match(r.errors[2].message, '(password: ${VAR}, key: ${VAR})');
});

test('control characters, separators and byte-order marks are refused in every value, shown escaped', async () => {
  const file = await yamlFile(`${HEAD}    username: "ad\\u2028min"
    extensions:
      - number: "1000"
        name: "Ana\\tRuiz"
        voicemail: { email: "\${VM_EMAIL}" }
        secret: \${EXT_1000_SECRET}
      - number: "1001"
        name: "\\uFEFFBeatriz"
    ring_groups:
      - { number: "600", name: Sales, members: ["1000", "1001\\r"] }
`);
  const env = { ...ENV, VM_EMAIL: 'ana@example.com\u0085', EXT_1000_SECRET: 'sip\nsecret-77' };
  const r = await load(file, { env });
  const shown = r.errors.map((e) => `${e.line}:${e.col} ${e.message.split(';')[0]}`);
  assert.equal(shown, [
    '7:15 provider hq: username holds \\u2028 ("ad\\u2028min")',
    '10:15 extension 1000: name holds \\t ("Ana\\tRuiz")',
    '11:30 environment variable VM_EMAIL holds \\u0085 (used by extension 1000: voicemail.email)',
    '12:17 environment variable EXT_1000_SECRET holds \\n (used by extension 1000: secret)',
    '14:15 extension 1001: name holds \\ufeff ("\\ufeffBeatriz")',
    '16:57 ring group 600: members.1 holds \\r ("1001\\r")',
  ]);
  assert.not.match(r.errors.map(formatIssue).join('\n'), 'secret-77');
  for (const e of r.errors) assert.not.match(e.message, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
});

test('a UTF-8 byte-order mark is fine; bad bytes are placed by line and column, after a real U+FFFD too', async () => {
  tmp ||= await mkdtemp(join(tmpdir(), 'pbxctl-config-'));
  const bom = join(tmp, 'bom.yaml');
  await writeFile(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEAD)]));
  const ok = await load(bom);
  assert.equal(ok.errors, []);
  assert.equal(ok.config!.providers[0].loc, { file: bom, line: 3, col: 3 });

  const bad = join(tmp, 'latin1.yaml');
  await writeFile(bad, Buffer.concat([Buffer.from(`${HEAD}    extensions:\n      - { number: "1000", name: "\ufffd \u00e9 `), Buffer.from([0xc3, 0x28]), Buffer.from('" }\n')]));
  const r = await load(bad);
  assert.equal(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`), ['8:38 the file is not valid UTF-8 (byte 0xC3); save it as UTF-8']);
});

test('a secret value never appears in any error', async () => {
  const secrets = { ISSABEL_PASSWORD: 'x', EXT_1000_SECRET: 'zq-secret-zq', EXT_1000_VM_PIN: '12ab98' };
  const file = await yamlFile(`version: 1
providers:
${HQ_BLOCK}    extensions:
      - number: "1000"
        secret: \${EXT_1000_SECRET}
        voicemail: { pin: "\${EXT_1000_VM_PIN}" }
      - number: "1001"
        secret: [inline-list-secret]
        voicemail: { pin: 98765 }
      - number: "1002"
        secret: written-inline-77
`);
  const r = await load(file, { env: secrets });
  const text = r.errors.map(formatIssue).join('\n');
  assert.is(r.errors.length, 6, text);
  for (const value of ['zq-secret-zq', '12ab98', 'inline-list-secret', '98765', 'written-inline-77']) assert.not.match(text, value);
  assert.match(text, 'voicemail.pin must be a string of digits: write it in quotes');
});

test('a YAML syntax error on a secret line does not echo the line', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - number: "1000"
        secret: "leaky-value
`);
  const r = await load(file);
  assert.ok(r.errors.length >= 1);
  assert.not.match(r.errors.map(formatIssue).join('\n'), 'leaky-value');
});

test('a missing file, a directory and a huge file are errors at 1:1', async () => {
  const missing = await load(join(fixtures, 'nope.yaml'));
  assert.equal(missing.errors.map((e) => [e.line, e.col, e.message]), [[1, 1, 'file not found']]);
  const dir = await load(fixtures);
  assert.match(dir.errors[0].message, 'not a file');
  const huge = await yamlFile(`version: 1\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
  const big = await load(huge);
  assert.equal(big.errors.map((e) => [e.line, e.col]), [[1, 1]]);
  assert.match(big.errors[0].message, 'limited to 5 MB');
});

test('all YAML syntax errors are reported', async () => {
  const file = await yamlFile(`version: 1
providers:
  hq:
    type: issabel
    type: again
    url: x
    url: y
`);
  const r = await load(file);
  assert.equal(r.errors.map((e) => `${e.line}:${e.col}`), ['5:5', '7:5']);
});

test('an unknown key with no close match lists the allowed keys', async () => {
  const file = await yamlFile(`${HEAD}    ring_groups:
      - { number: "600", name: Sales, colour: blue }
`);
  const r = await load(file);
  assert.match(r.errors[0].message, "unknown key 'colour' in ring group 600; allowed keys: number, name, strategy");
});

test('a misspelt required key is reported once', async () => {
  const file = await yamlFile(HEAD.replace('password:', 'pasword:'));
  const r = await load(file);
  assert.equal(r.errors.map((e) => e.message), ["unknown key 'pasword' in provider hq; did you mean 'password'?"]);
});

test('merge keys share defaults between objects', async () => {
  const file = await yamlFile(`${HEAD}    extensions:
      - &base { number: "1000", ring_time: 25, voicemail: { enabled: false } }
      - <<: *base
        number: "1001"
`);
  const r = await load(file);
  assert.equal(r.errors, []);
  assert.equal(r.config!.providers[0].kinds.extensions.objects[1].data, { number: '1001', ring_time: 25, voicemail: { enabled: false } });
});

test('alternatives (anyOf) and conditionals (if/then) give one message per problem', async () => {
  const toy: ProviderModule = {
    ...registry.issabel,
    type: 'toy',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { const: 'toy' },
        port: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[0-9]+$' }] },
        mode: { type: 'string' },
        key: { type: 'string' },
      },
      if: { properties: { mode: { const: 'key' } } },
      then: { required: ['key'] },
    },
    capabilities: { ...registry.issabel.capabilities, kinds: {}, settingsSecrets: [] },
  };
  const file = await yamlFile(`version: 1
providers:
  t:
    type: toy
    port: abc
    mode: key
`);
  const r = await loadConfig(file, { env: {}, registry: { toy } });
  assert.equal(
    r.errors.map((e) => `${e.line}:${e.col} ${e.message}`),
    ['3:3 provider t: key is required', '5:11 provider t: port does not match any allowed form'],
  );
});

test.run();
