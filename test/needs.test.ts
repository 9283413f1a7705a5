// Commands that only sign in and read (doctor, import) need the provider's login, not the
// secrets of its objects; plan still needs them all, and an empty secret is still an error.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hqYaml, issabelServer } from './helpers/issabel-server.ts';
import { cli, workspace } from './helpers/workspace.ts';

const YAML = hqYaml(`    extensions:
      - number: "1000"
        name: Antonio
        secret: \${EXT_1000_SECRET}
        voicemail: { enabled: true, pin: "\${EXT_1000_VM_PIN}" }
`);

test('doctor and import run with the login alone; plan still asks for the object secrets', async () => {
  const { emulator, server, env } = await issabelServer({ seed: 'default' });
  try {
    const ws = await workspace(YAML);
    const doctor = await cli(['doctor', '--no-color'], { cwd: ws.dir, env });
    assert.is(doctor.code, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, 'reached Issabel and signed in');
    // counted from each module's own listing: /allextensions answers the inbound routes
    assert.match(doctor.stdout, /numbers held by other modules: [1-9]\d*/);
    assert.not.ok(emulator.log.some((e) => e.path.endsWith('/allextensions')), 'doctor does not ask /allextensions');

    const imported = await cli(['import', '--provider', 'hq', '--output', 'live.yaml', '--no-color'], { cwd: ws.dir, env });
    assert.is(imported.code, 0, imported.stderr);
    assert.match(await readFile(join(ws.dir, 'live.yaml'), 'utf8'), /number: "1000"/);

    const before = emulator.log.length;
    const plan = await cli(['plan', '--no-color'], { cwd: ws.dir, env });
    assert.is(plan.code, 1, plan.stdout);
    assert.match(plan.stderr, 'environment variable EXT_1000_SECRET is not set');
    assert.match(plan.stderr, 'environment variable EXT_1000_VM_PIN is not set');
    assert.is(emulator.log.length, before, 'plan sent nothing');
  } finally {
    await server.close();
  }
});

test('doctor refuses an object secret that is set but empty, before any request', async () => {
  const { emulator, server, env } = await issabelServer();
  try {
    const ws = await workspace(YAML);
    const r = await cli(['doctor', '--no-color'], { cwd: ws.dir, env: { ...env, EXT_1000_VM_PIN: '' } });
    assert.is(r.code, 1, r.stdout);
    assert.match(r.stderr, 'environment variable EXT_1000_VM_PIN is set but empty');
    assert.is(emulator.log.length, 0);
  } finally {
    await server.close();
  }
});

test('doctor still needs the login itself', async () => {
  const { emulator, server, env } = await issabelServer();
  try {
    const ws = await workspace(YAML);
    const r = await cli(['doctor', '--no-color'], { cwd: ws.dir, env: { PBX_URL: env.PBX_URL } });
    assert.is(r.code, 1, r.stdout);
    assert.match(r.stderr, 'environment variable PBX_PASSWORD is not set');
    assert.not.match(r.stderr, 'EXT_1000');
    assert.is(emulator.log.length, 0);
  } finally {
    await server.close();
  }
});

test.run();
