// `sandbox serve --faults FILE`: the file's format, and a clear refusal of a bad one.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultsFileError, genericFaults, parseFaultsFile } from '../src/sandbox/faults.ts';
import { loadSandboxes } from '../src/sandbox/registry.ts';
import { cli, workspace } from './helpers/workspace.ts';

const PROVIDERS = new Map([['hq', 'issabel'], ['gent', 'voipcenter'], ['smartpbx', 'kazoo']]);
const SANDBOXES = await loadSandboxes();

test('a faults file sets generic and emulator faults per provider', () => {
  const faults = parseFaultsFile(
    'hq: { error_rate: 0.2, error_statuses: [503], token_ttl_seconds: 2, apply_fails: true, seed: 4 }\ngent:\n  clock_skew_seconds: -10\n  rate_limit_per_second: 5\n',
    'f.yaml',
    PROVIDERS,
    SANDBOXES,
  );
  assert.equal(faults.get('gent'), { clockSkewSeconds: -10, rateLimitPerSecond: 5 });
  const hq = faults.get('hq')!;
  assert.equal({ ...hq }, { errorRate: 0.2, errorStatuses: [503], tokenTtlSeconds: 2, applyFails: true, seed: 4 });
  const generic = genericFaults(hq);
  assert.is(generic.errorRate, 0.2);
  assert.is(generic.resetAfterWriteRate, 0);
  assert.is(typeof generic.random, 'function');
});

const refused = (text: string): string => {
  try {
    parseFaultsFile(text, 'faults.yaml', PROVIDERS, SANDBOXES);
  } catch (err) {
    assert.instance(err, FaultsFileError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

test('a bad faults file is refused with the file, line, column and key', () => {
  assert.is(refused('hq:\n  error_rate: 2\n'), 'faults.yaml:2:3: hq.error_rate: must be a number from 0 to 1, not 2');
  assert.match(refused('hq:\n  eror_rate: 0.1\n'), /^faults\.yaml:2:3: hq\.eror_rate: unknown fault; known: error_rate/);
  assert.match(refused('hq:\n  clock_skew_seconds: 10\n'), /^faults\.yaml:2:3: hq\.clock_skew_seconds: the issabel sandbox has no such fault \(only voipcenter\)/);
  assert.match(refused('branch:\n  error_rate: 0.1\n'), /^faults\.yaml:1:1: 'branch' is not a provider of the configuration \(it has: hq, gent, smartpbx\)/);
  assert.match(refused('hq: [1, 2'), /^faults\.yaml: not valid YAML or JSON/);
  assert.match(refused('- hq'), /expected provider names/);
  assert.match(refused('{"hq": {"error_statuses": [404]}}'), /hq\.error_statuses: must be a list of HTTP statuses: 429 or 500 to 599/);
});

test('pbxctl sandbox serve --faults refuses a bad file before serving, naming it', async () => {
  const ws = await workspace('version: 1\nproviders:\n  hq:\n    type: issabel\n    url: https://pbx.example.com/pbxapi\n    password: ${P}\n    extensions: []\n');
  await writeFile(join(ws.dir, 'faults.yaml'), 'hq:\n  slow_ms: -5\n');
  const bad = await cli(['sandbox', 'serve', '--faults', 'faults.yaml'], { cwd: ws.dir, env: { P: 'x' } });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'faults.yaml:2:3: hq.slow_ms: must be a whole number, 0 or more, not -5');
  const missing = await cli(['sandbox', 'serve', '--faults', 'nope.yaml'], { cwd: ws.dir, env: { P: 'x' } });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'cannot read the faults file nope.yaml: no such file');
});

test.run();
