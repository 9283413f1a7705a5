// The package as npm publishes it: `npm pack`, installed into an empty folder, runs from
// its bundle without any TypeScript toolchain, holds only what a user needs, and a
// repository made there with `npx pbxctl init` plans on the sandbox at once.
// One npm install (from the registry or npm's cache): skipped offline, but never in CI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pkg from '../package.json' with { type: 'json' };
import { skipUnless } from './helpers/skip.ts';
import { workspace } from './helpers/workspace.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const online = Boolean(process.env.CI) || (await run('npm', ['ping'], tmpdir())).code === 0;
const whenOnline = skipUnless(online, 'the npm registry cannot be reached (npm ping failed) to install the packed tarball');

whenOnline('npm pack → npm install in an empty folder → pbxctl runs from its bundle; init then plan --sandbox there', async () => {
  const packed = await mkdtemp(join(tmpdir(), 'pbxctl-pack-'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', packed], ROOT);
  assert.is(pack.code, 0, pack.stderr);
  const [{ filename, files }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const paths = files.map((f) => f.path);
  for (const needed of ['bin/pbxctl.js', 'dist/pbxctl.js', 'schemas/pbx.config.schema.json', 'examples/github/pbxctl.yml', 'README.md', 'package.json'])
    assert.ok(paths.includes(needed), `the tarball holds ${needed}`);
  assert.equal(paths.filter((p) => !/^(bin|dist|schemas|examples)\//.test(p) && !['README.md', 'package.json'].includes(p)), [], 'nothing else at the top');
  assert.equal(paths.filter((p) => /^(src|test|bench)\//.test(p) || p.endsWith('.ts')), [], 'no sources, tests or benchmarks');

  const user = (await workspace('', 'README.txt')).dir;
  const install = await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', join(packed, filename)], user);
  assert.is(install.code, 0, install.stderr);
  for (const toolchain of ['tsx', 'esbuild', 'typescript']) assert.not.ok(existsSync(join(user, 'node_modules', toolchain)), `${toolchain} is not installed`);

  // each command's code, and the emulators, are in chunks loaded only when a command runs
  const bundle = await readFile(join(user, 'node_modules/pbxctl/dist/pbxctl.js'), 'utf8');
  assert.not.match(bundle, /function create\w+Emulator/);
  assert.not.match(bundle, /from "(ajv|yaml|ky|undici)"/);
  assert.match(bundle, /import\("\.\/chunks\/plan-\w+\.js"\)/);

  const version = await run(join(user, 'node_modules/.bin/pbxctl'), ['--version'], user);
  assert.is(version.code, 0, version.stderr);
  assert.is(version.stdout.trim(), pkg.version);

  const init = await run('npx', ['pbxctl', 'init', '--ci', 'github'], user);
  assert.is(init.code, 0, init.stderr);
  // the package.json npm made already depends on pbxctl: init leaves it as it is
  assert.match(init.stderr, 'Wrote pbx.config.yaml, .gitignore, .github/workflows/pbxctl.yml.');
  const yaml = await readFile(join(user, 'pbx.config.yaml'), 'utf8');
  assert.ok(yaml.startsWith('# yaml-language-server: $schema=./node_modules/pbxctl/schemas/pbx.config.schema.json\n'), yaml.split('\n')[0]);
  assert.ok(existsSync(join(user, 'node_modules/pbxctl/schemas/pbx.config.schema.json')));

  // every provider type's emulator starts from the bundle's chunks (Kazoo's reads its schemas there)
  const plan = await run('npx', ['pbxctl', 'plan', '--sandbox', '--detailed-exitcode'], user);
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, 'No changes.');
  assert.match(plan.stderr, /sandbox: issabel at http:\/\/127\.0\.0\.1:\d+.*kazoo at/);

  // the bundle's validators are compiled at build time: they place the same errors as the loader compiling them
  await writeFile(join(user, 'bad.yaml'), 'version: 1\nproviders:\n  hq:\n    type: issabel\n    url: https://pbx.example.com\n    usernme: admin\n    password: x\n    extensions:\n      - number: "10a"\n        name: A\n');
  const invalid = await run('npx', ['pbxctl', 'validate', '-c', 'bad.yaml', '--allow-inline-secrets'], user);
  assert.is(invalid.code, 1);
  assert.match(invalid.stderr, "bad.yaml:6:5: unknown key 'usernme' in provider hq; did you mean 'username'?\nbad.yaml:9:17: extension 10a: number must be a string of digits");

  const schema = await run('npx', ['pbxctl', 'schema'], user);
  assert.is(schema.code, 0, schema.stderr);
  assert.is(JSON.parse(schema.stdout).title, 'pbxctl configuration (pbx.config.yaml)');
});

test.run();
