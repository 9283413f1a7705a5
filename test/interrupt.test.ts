// Ctrl-C during apply, through the real CLI against an Issabel emulator made slow: the
// first stops new changes, lets the one in flight finish and still applies the
// configuration once; the second stops at once and names what may be half-applied.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ledger } from '../src/engine/apply.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { desksYaml, issabelServer } from './helpers/issabel-server.ts';
import { cli, workspace } from './helpers/workspace.ts';

const NUMBERS = ['2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008'];

/** an empty Issabel answering every request 150 ms late, the workspace pointing at it */
async function slowPbx() {
  const { emulator, server, env } = await issabelServer({ applySeconds: 0.3 });
  server.faults.latencyMs = 150;
  const ws = await workspace(desksYaml(NUMBERS));
  const created = () => emulator.log.filter((e) => e.write && e.status < 300 && e.path.startsWith('/pbxapi/extensions')).length;
  return { emulator, server, ws, env, created };
}

test('one Ctrl-C: in-flight changes finish, the configuration is applied once, the ledger says what is left', async () => {
  const { emulator, server, ws, env, created } = await slowPbx();
  try {
    const run = startCli(['apply', '--yes', '--no-color', '--ledger', 'l.json'], { cwd: ws.dir, env });
    await until(() => created() >= 1, 'the first extension to be created');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, 'Stopping: no new change starts');
    assert.match(r.stdout, 'Interrupted');

    const ledger = JSON.parse(await readFile(join(ws.dir, 'l.json'), 'utf8')) as Ledger;
    assert.ok(ledger.interrupted);
    const applied = ledger.entries.filter((e) => e.outcome === 'applied').map((e) => e.key);
    const notStarted = ledger.entries.filter((e) => e.outcome === 'not started').map((e) => e.key);
    assert.is(applied.length + notStarted.length, NUMBERS.length, JSON.stringify(ledger.entries));
    assert.ok(applied.length >= 1 && notStarted.length >= 1, JSON.stringify(ledger.entries));
    assert.match(r.stdout, `Applied ${applied.length}, failed 0, skipped 0, not started ${notStarted.length}.`);

    // what was written is on the PBX and applied, exactly once
    assert.equal(Object.keys(emulator.state.extensions).sort(), applied.sort());
    assert.is(emulator.applyCount, 1);
    assert.is(emulator.pendingWrites, 0);

    server.faults.latencyMs = 0;
    const plan = await cli(['plan', '--json'], { cwd: ws.dir, env });
    const left = (JSON.parse(plan.stdout) as { providers: { changes: { key: string; action: string }[] }[] }).providers[0].changes;
    assert.equal(left.map((c) => c.key).sort(), notStarted.sort());
    assert.ok(left.every((c) => c.action === 'create'));
  } finally {
    await server.close();
  }
});

test('SIGTERM behaves as the first Ctrl-C', async () => {
  const { emulator, server, ws, env, created } = await slowPbx();
  try {
    const run = startCli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    await until(() => created() >= 1, 'the first extension to be created');
    run.child.kill('SIGTERM');
    const r = await run.done;
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stdout, /not started [1-9]/);
    assert.is(emulator.applyCount, 1);
    assert.is(emulator.pendingWrites, 0);
  } finally {
    await server.close();
  }
});

test('a second Ctrl-C stops at once and names the changes that may be half-applied', async () => {
  const { emulator, server, ws, env, created } = await slowPbx();
  try {
    const run = startCli(['apply', '--yes', '--no-color', '--ledger', 'l.json'], { cwd: ws.dir, env });
    await until(() => created() >= 1, 'the first extension to be created');
    run.child.kill('SIGINT');
    await until(() => run.stderr.includes('Stopping'), 'the first Ctrl-C to be taken');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, 'Stopped at once.');
    const named = /may be half-applied: (.+?)\./.exec(r.stderr)?.[1] ?? '';
    assert.ok(named.split(', ').every((id) => NUMBERS.some((n) => id.endsWith(n))), r.stderr);
    assert.match(r.stderr, /Written but maybe not yet activated.*: hq \(\d+ change\(s\)\)/);
    assert.match(r.stderr, 'pbxctl plan');
    assert.ok(emulator.applyCount <= 1);

    // what was written is applied by the next apply, whatever is left to change
    await until(() => emulator.log.length > 0 && !emulator.log.some((e) => e.status === 0), 'the server to settle');
    const next = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    assert.is(next.code, 0, next.stdout + next.stderr);
    assert.match(next.stdout, /Finishing what an earlier apply left unfinished on: hq\./);
    assert.is(emulator.pendingWrites, 0);
    const again = await cli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env });
    assert.not.match(again.stdout, /left unfinished/);
  } finally {
    await server.close();
  }
});

test.run();
