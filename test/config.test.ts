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
  hq:
    type: issabel
    url: https://pbx.example.com/pbxapi
    password: \${ISSABEL_PASSWORD}
`;

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

for (const name of badFiles) {
  test(`bad/${name}`, async () => {
    const file = join(BAD, name);
    const expect = /^# expect: (\d+):(\d+) (.+)$/.exec(readFileSync(file, 'utf8').split('\n')[0]);
    assert.ok(expect, 'first line must be "# expect: line:col fragment"');
    const [, line, col, fragment] = expect;
    const r = await load(file);
    const shown = r.errors.map(formatIssue).join('\n');
    assert.is(r.config, undefined);
    assert.is(r.errors.length, 1, shown);
    assert.is(`${r.errors[0].line}:${r.errors[0].col}`, `${line}:${col}`, shown);
    assert.ok(r.errors[0].message.includes(fragment), shown);
    assert.is(r.errors[0].file, file);
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

test('a secret value never appears in any error', async () => {
  const secrets = { ISSABEL_PASSWORD: 'x', EXT_1000_SECRET: 'zq-secret-zq', EXT_1000_VM_PIN: '12ab98' };
  const file = await yamlFile(`version: 1
providers:
  hq:
    type: issabel
    url: https://pbx.example.com/pbxapi
    password: \${ISSABEL_PASSWORD}
    extensions:
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
