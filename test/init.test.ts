// `pbxctl init` makes a configuration repository that plans on the sandbox at once, never
// replaces a file without --force, imports what is live with the login alone, and every
// YAML it or `import` writes finds its editor schema from its own folder. `pbxctl schema`
// gives editors a schema that accepts ${VAR}s where the loader checks the values.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import pkg from '../package.json' with { type: 'json' };
import { issabelServer } from './helpers/issabel-server.ts';
import { cli, workspace, type CliResult } from './helpers/workspace.ts';

/** a folder inside a fresh test folder, not made yet: init makes it */
async function target(): Promise<string> {
  const ws = await workspace('', 'elsewhere.txt');
  return join(ws.dir, 'phones');
}

const output = (r: CliResult) => r.stdout + r.stderr;

/** the schema a YAML file's modeline names, resolved from the file's folder */
async function modelineTarget(file: string): Promise<string> {
  const first = (await readFile(file, 'utf8')).split('\n')[0];
  const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
  assert.ok(m, `${file} starts with a schema modeline: ${first}`);
  return resolve(dirname(file), m![1]);
}

/** the ${VAR}s a YAML text reads outside comments */
const variablesOf = (yaml: string) => [...JSON.stringify(parse(yaml)).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);

test('init in an empty folder: a repository that plans on the sandbox at once, with a GitHub pipeline passing its variables', async () => {
  const dir = await target();
  const r = await cli(['init', dir, '--ci', 'github', '--no-color'], { cwd: dirname(dir) });
  assert.is(r.code, 0, output(r));
  assert.match(r.stderr, 'Wrote pbx.config.yaml, package.json, .gitignore, .github/workflows/pbxctl.yml');
  assert.match(r.stderr, 'npx pbxctl plan --sandbox');

  const project = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  assert.equal(project.devDependencies, { pbxctl: pkg.version });
  const ignored = (await readFile(join(dir, '.gitignore'), 'utf8')).split('\n');
  for (const line of ['.pbxctl/', 'plan.json', '*.plan.json', 'node_modules/']) assert.ok(ignored.includes(line), line);

  // run from this clone, the modeline points at the clone's schema
  assert.is(await modelineTarget(join(dir, 'pbx.config.yaml')), resolve('schemas/pbx.config.schema.json'));
  const yaml = await readFile(join(dir, 'pbx.config.yaml'), 'utf8');
  const names = Object.keys(parse(yaml).providers);
  assert.equal(names, ['issabel', 'kazoo', 'voipcenter', 'tel4vn'], 'a block per provider type of the registry');

  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode', '--no-color'], { cwd: dir });
  assert.is(plan.code, 0, output(plan));
  assert.match(plan.stdout, 'No changes.');

  const workflow = parse(await readFile(join(dir, '.github/workflows/pbxctl.yml'), 'utf8'));
  const env = workflow.env as Record<string, string>;
  assert.equal(Object.keys(env).filter((k) => !['NO_COLOR', 'PBXCTL_STATE_DIR'].includes(k)).sort(), [...new Set(variablesOf(yaml))].sort());
  assert.is(env.ISSABEL_PASSWORD, '${{ secrets.ISSABEL_PASSWORD }}');
  assert.is(env.ISSABEL_URL, '${{ vars.ISSABEL_URL }}');
  assert.ok(workflow.jobs.plan.steps.some((s: { uses?: string }) => s.uses?.endsWith('/pbxctl@v0')), 'the plan job runs the pbxctl Action');
});

test('init never replaces a file without --force: it lists them, exits 1 and writes nothing', async () => {
  const dir = await target();
  await mkdir(dir);
  await writeFile(join(dir, 'pbx.config.yaml'), 'mine\n');
  await writeFile(join(dir, 'package.json'), '{"name":"phones","scripts":{"x":"y"}}\n');
  await writeFile(join(dir, '.gitignore'), 'secrets.env\n');
  const refused = await cli(['init', '--ci', 'gitlab', '--no-color'], { cwd: dir });
  assert.is(refused.code, 1, output(refused));
  assert.match(refused.stderr, 'nothing was written: pbx.config.yaml, package.json, .gitignore exist (pass --force to replace them)');
  assert.is(await readFile(join(dir, 'pbx.config.yaml'), 'utf8'), 'mine\n');
  assert.is(await readFile(join(dir, '.gitignore'), 'utf8'), 'secrets.env\n');
  assert.not.ok(existsSync(join(dir, '.gitlab-ci.yml')));

  const forced = await cli(['init', '--ci', 'gitlab', '--force', '--no-color'], { cwd: dir });
  assert.is(forced.code, 0, output(forced));
  // package.json and .gitignore are added to, not replaced
  const project = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  assert.equal(project, { name: 'phones', scripts: { x: 'y' }, devDependencies: { pbxctl: pkg.version } });
  const ignored = (await readFile(join(dir, '.gitignore'), 'utf8')).split('\n');
  assert.is(ignored[0], 'secrets.env');
  assert.ok(ignored.includes('.pbxctl/'));
  assert.match(await readFile(join(dir, '.gitlab-ci.yml'), 'utf8'), 'pbxctl apply plan.json');

  // what already serves is no conflict: a third run only meets the configuration and the pipeline
  const again = await cli(['init', '--ci', 'gitlab', '--no-color'], { cwd: dir });
  assert.is(again.code, 1);
  assert.match(again.stderr, 'nothing was written: pbx.config.yaml, .gitlab-ci.yml exist');
});

test('init --import from the sandbox: the file is what is live, so the plan is empty', async () => {
  const dir = await target();
  const r = await cli(['init', dir, '--import', 'hq=issabel', '--import', 'office=kazoo', '--sandbox', '--with-secrets', '--no-color'], { cwd: dirname(dir) });
  assert.is(r.code, 0, output(r));
  assert.match(r.stderr, /Imported \d+ extensions, \d+ ring_groups(, \d+ \w+)* from hq/);
  assert.match(r.stderr, /Imported \d+ users, \d+ devices(, \d+ \w+)* from office/);
  const config = parse(await readFile(join(dir, 'pbx.config.yaml'), 'utf8'));
  assert.equal(Object.keys(config.providers), ['hq', 'office']);
  assert.is(config.providers.hq.url, '${HQ_URL}');
  assert.is(config.providers.office.account_id, '${OFFICE_ACCOUNT_ID}');
  assert.ok(config.providers.hq.extensions.length > 0);

  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode', '--no-color'], { cwd: dir });
  assert.is(plan.code, 0, output(plan));
  assert.match(plan.stdout, 'No changes.');
});

test('init --import from a real PBX reads with the login the file names and writes nothing to it', async () => {
  const { emulator, server, env } = await issabelServer({ seed: 'default' });
  try {
    const dir = await target();
    const unset = await cli(['init', dir, '--import', 'hq=issabel', '--no-color'], { cwd: dirname(dir) });
    assert.is(unset.code, 1);
    assert.match(unset.stderr, 'set the connection settings the file will read: HQ_URL HQ_PASSWORD');
    assert.not.ok(existsSync(dir));

    const r = await cli(['init', dir, '--import', 'hq=issabel', '--no-color'], { cwd: dirname(dir), env: { HQ_URL: env.PBX_URL, HQ_PASSWORD: env.PBX_PASSWORD } });
    assert.is(r.code, 0, output(r));
    const yaml = await readFile(join(dir, 'pbx.config.yaml'), 'utf8');
    assert.match(yaml, 'number: "1000"');
    assert.not.match(yaml, env.PBX_PASSWORD);
    assert.ok(emulator.log.length > 0);
    assert.equal(emulator.log.filter((e) => e.write && !e.path.endsWith('/authenticate')), []);
  } finally {
    await server.close();
  }
});

test('import --output into another folder: the modeline is relative to that folder', async () => {
  const ws = await workspace('version: 1\nproviders:\n  hq: { type: issabel, url: "${HQ_URL}", password: "${HQ_PASSWORD}" }\n');
  await mkdir(join(ws.dir, 'live', 'hq'), { recursive: true });
  const r = await cli(['import', '--provider', 'hq', '--sandbox', '--output', 'live/hq/hq.yaml', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 0, output(r));
  const schema = await modelineTarget(join(ws.dir, 'live/hq/hq.yaml'));
  assert.is(schema, resolve('schemas/pbx.config.schema.json'));
});

test('schema: editors accept a ${VAR} in fields with a pattern or a length limit; the loader still checks the value', async () => {
  const ws = await workspace(`version: 1
providers:
  office:
    type: kazoo
    url: \${KAZOO_URL}
    account_id: \${KAZOO_ACCOUNT_ID}
    users:
      - username: \${USER_LOGIN}
        first_name: Siti
        last_name: Rahayu
        hotdesk:
          id: \${A_RATHER_LONG_HOTDESK_VARIABLE}
          enabled: true
    did_routes:
      - number: \${MAIN_NUMBER}
        user: \${USER_LOGIN}
`);
  const written = await cli(['schema', '--output', 'pbx.schema.json', '--no-color'], { cwd: ws.dir });
  assert.is(written.code, 0, output(written));
  const schema = JSON.parse(await readFile(join(ws.dir, 'pbx.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const doc = parse(await readFile(ws.file, 'utf8')) as { providers: { office: { account_id: string } } };
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
  // a value that is not a variable is still checked
  doc.providers.office.account_id = 'not-hex';
  assert.not.ok(validate(doc));

  const env = { KAZOO_URL: 'https://pbx.example.com/v2', KAZOO_ACCOUNT_ID: 'x'.repeat(32), USER_LOGIN: 'siti', A_RATHER_LONG_HOTDESK_VARIABLE: '1234567890123456', MAIN_NUMBER: '0215550100' };
  const loaded = await cli(['validate', '--no-color'], { cwd: ws.dir, env });
  assert.is(loaded.code, 1, output(loaded));
  assert.match(loaded.stderr, 'pbx.config.yaml:6:17: provider office: account_id must match');
  assert.match(loaded.stderr, 'pbx.config.yaml:12:15: user siti: hotdesk.id is at most 15 characters (got 16)');
  assert.match(loaded.stderr, 'pbx.config.yaml:15:17: DID route 0215550100: number must be in E.164');
});

test.run();
