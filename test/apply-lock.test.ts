// One apply per state directory at a time: a second apply while one runs exits 1 naming
// the holder (two at once would create every missing SmartPBX device twice); a lock left
// by a process that is gone from this host is taken over with a warning.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kazooYaml } from './helpers/kazoo.ts';
import { startCli, until } from './helpers/cli-process.ts';
import { cli, requestLog, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';

const OFFICE = kazooYaml(`    users:
      - { username: rina@ofon-demo.example, first_name: Rina, last_name: Wijaya }
    devices:
      - { name: Rina Desk, owner: rina@ofon-demo.example, mac_address: "80:5E:C0:11:22:31" }
      - { name: Lobby Phone, mac_address: "80:5E:C0:11:22:32" }
`);

const lockFile = (ws: Workspace) => join(ws.dir, '.pbxctl', 'sandbox', 'apply.lock');

/** the pid the lock names, once it is there and whole */
function lockPid(ws: Workspace): number | undefined {
  try {
    return (JSON.parse(readFileSync(lockFile(ws), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

async function writeLock(ws: Workspace, holder: { pid: number; host: string }) {
  await mkdir(join(ws.dir, '.pbxctl', 'sandbox'), { recursive: true });
  await writeFile(lockFile(ws), JSON.stringify({ ...holder, started: '2026-01-02T03:04:05.000Z', command: 'pbxctl apply --yes' }));
}

test('two applies at once: exactly one applies, the other exits 1 naming the holder; afterwards plan is clean', async () => {
  const ws = await workspace(OFFICE);
  const first = startCli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  // held by the first: keep it there (stopped) while the second tries
  await until(() => lockPid(ws) === first.child.pid, 'the first apply to take the lock');
  first.child.kill('SIGSTOP');
  const second = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  first.child.kill('SIGCONT');
  const done = await first.done;

  assert.is(second.code, 1, second.stdout + second.stderr);
  assert.match(second.stderr, `refusing to apply: another apply holds the lock ${join('.pbxctl', 'sandbox', 'apply.lock')}`);
  assert.match(second.stderr, `pid ${first.child.pid} on ${hostname()}`);
  assert.match(second.stderr, 'pbxctl apply --sandbox --yes --no-color');
  assert.match(second.stderr, /If it is not running any more, remove .*apply\.lock/);
  assert.not.match(second.stdout, /Applied/);

  assert.is(done.code, 0, done.stdout + done.stderr);
  assert.match(done.stdout, /Applied 3, failed 0, skipped 0\./);
  assert.not.ok(existsSync(lockFile(ws)), 'the lock is released');
  const devices = Object.values((await sandboxState<{ devices: Record<string, { name: string }> }>(ws, 'smartpbx')).devices ?? {});
  assert.is(devices.filter((d) => d.name === 'Rina Desk').length, 1);
  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode', '--no-color'], { cwd: ws.dir });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test('a lock left by a process that is gone from this host is taken over with a warning', async () => {
  const ws = await workspace(OFFICE);
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.on('exit', resolve));
  await writeLock(ws, { pid: gone.pid!, host: hostname() });
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, `warning: taking over the lock of an apply that is no longer running (pid ${gone.pid} on ${hostname()}`);
  assert.not.ok(existsSync(lockFile(ws)));
});

test('a lock held on another host: exit 1, nothing written, the message says how to remove a stale lock', async () => {
  const ws = await workspace(OFFICE);
  await writeLock(ws, { pid: process.pid, host: 'ci-runner-7' });
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /another apply holds the lock .*apply\.lock \(pid \d+ on ci-runner-7, started 2026-01-02T03:04:05\.000Z: pbxctl apply --yes\)/);
  assert.match(r.stderr, /If it is not running any more \(on ci-runner-7\), remove .*apply\.lock/);
  assert.equal((await requestLog(ws, 'smartpbx')).filter((e) => e.write && !e.path.endsWith('user_auth')), []);
  assert.ok(existsSync(lockFile(ws)), "another host's lock is left alone");
});

test.run();
