// An apply killed (kill -9) after its Issabel writes and before the configuration apply:
// the record of the unfinished batch is written before the first write, and every plan
// and drift report says so (exit 2) until an apply finishes it, also in a fresh checkout
// that carries only the state directory (PBXCTL_STATE_DIR or --state-dir).
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMATS } from '../src/report/index.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { desksYaml, issabelServer } from './helpers/issabel-server.ts';
import { cli, workspace } from './helpers/workspace.ts';

const NOTICE = 'hq: an earlier apply was stopped before its changes were activated; run `pbxctl apply` to finish';
const NUMBERS = ['2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008'];

test('kill -9 before the configuration apply: every report format says so and exits 2 until an apply finishes it', async () => {
  const { emulator, server, env: pbx } = await issabelServer();
  try {
    server.faults.latencyMs = 150;
    const state = await mkdtemp(join(tmpdir(), 'pbxctl-state-'));
    const record = join(state, 'unfinished.json');
    const env = { ...pbx, PBXCTL_STATE_DIR: state };
    const envWithout = pbx;

    // whether the record was there when the PBX got the first write
    let recordedFirst: boolean | undefined;
    const handle = emulator.handle.bind(emulator);
    emulator.handle = (req, res) => {
      if (req.method === 'PUT') recordedFirst ??= existsSync(record);
      handle(req, res);
    };

    const ws = await workspace(desksYaml(NUMBERS));
    const run = startCli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    const created = () => emulator.log.filter((e) => e.write && e.status < 300 && e.path.startsWith('/pbxapi/extensions')).length;
    await until(() => created() >= 2, 'two extensions to be written');
    run.child.kill('SIGKILL');
    await run.done;
    await until(() => !emulator.log.some((e) => e.status === 0), 'the server to settle');
    assert.is(recordedFirst, true);
    assert.is(emulator.applyCount, 0);
    assert.ok(emulator.pendingWrites > 0);
    server.faults.latencyMs = 0;

    // a fresh checkout whose YAML declares exactly what was written: nothing is left to
    // change, only to activate; it carries nothing but the state directory
    const fresh = await workspace(desksYaml(Object.keys(emulator.state.extensions).sort()));
    for (const format of FORMATS) {
      const r = await cli(['plan', '--detailed-exitcode', '--no-color', '--format', format], { cwd: fresh.dir, env });
      assert.is(r.code, 2, `${format}: ${r.stdout}${r.stderr}`);
      assert.ok(r.stdout.replace(/\\/g, '').includes(NOTICE), `${format}: ${r.stdout}`);
    }
    const json = await cli(['plan', '--json'], { cwd: fresh.dir, env });
    assert.equal(JSON.parse(json.stdout).notices, [NOTICE]);
    const text = await cli(['plan', '--no-color'], { cwd: fresh.dir, env });
    assert.not.match(text.stdout, /No changes/);
    const drift = await cli(['drift', '--no-color'], { cwd: fresh.dir, env });
    assert.is(drift.code, 2, drift.stdout + drift.stderr);
    assert.ok(drift.stdout.includes(NOTICE), drift.stdout);
    const flagged = await cli(['plan', '--detailed-exitcode', '--state-dir', state], { cwd: fresh.dir, env: envWithout });
    assert.is(flagged.code, 2, flagged.stdout + flagged.stderr);
    // without the state directory this checkout cannot know
    assert.is((await cli(['plan', '--detailed-exitcode'], { cwd: fresh.dir, env: envWithout })).code, 0);

    const finish = await cli(['apply', '--yes', '--no-color'], { cwd: fresh.dir, env });
    assert.is(finish.code, 0, finish.stdout + finish.stderr);
    assert.match(finish.stderr, /taking over the lock of an apply that is no longer running/);
    assert.match(finish.stdout, /Finishing what an earlier apply left unfinished on: hq\./);
    assert.is(emulator.applyCount, 1);
    assert.is(emulator.pendingWrites, 0);
    assert.not.ok(existsSync(record));

    const after = await cli(['plan', '--detailed-exitcode', '--no-color'], { cwd: fresh.dir, env });
    assert.is(after.code, 0, after.stdout + after.stderr);
    assert.not.ok(after.stdout.includes(NOTICE));
    assert.match(after.stdout, /No changes\. The PBXs match the configuration\./);
  } finally {
    await server.close();
  }
});

test('an empty PBXCTL_STATE_DIR is an error, not the default', async () => {
  const ws = await workspace(desksYaml(['2001']));
  const r = await cli(['plan', '--sandbox'], { cwd: ws.dir, env: { PBXCTL_STATE_DIR: '' } });
  assert.is(r.code, 1);
  assert.match(r.stderr, /PBXCTL_STATE_DIR is set but empty/);
});

test.run();
