// A body that never ends, against the HTTP kit's per-request rules: VoipCenter's request,
// rebuilt and signed anew for every try, is still stopped by the timeout and by Ctrl-C even
// when the CLI collects garbage all the time; a try that timed out is tried once more, no more.
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { until, type RunningCli } from './helpers/cli-process.ts';
import { endlessBody, FULL_GC_EVERY_50_MS, hostile, planOf } from './helpers/hostile.ts';
import type { CliResult } from './helpers/workspace.ts';

/** far past any of these runs' ends: a run still going then is stuck, and is killed */
const STUCK_MS = 90_000;

async function ended(run: RunningCli): Promise<CliResult> {
  const result = await Promise.race([run.done, sleep(STUCK_MS, undefined, { ref: false })]);
  if (!result) run.child.kill('SIGKILL');
  assert.ok(result, `plan still running ${STUCK_MS / 1000} s on; its output so far:\n${run.stdout}${run.stderr}`);
  return result!;
}

test('VoipCenter plan against a body that never ends, five runs in a row with a full GC every 50 ms: each ends with the timeout error after two tries', async () => {
  const server = await hostile(endlessBody);
  try {
    for (let run = 1; run <= 5; run++) {
      const before = server.received.length;
      const r = await ended(await planOf(['gent'], server.url, 'timeout_seconds: 1\n', { env: FULL_GC_EVERY_50_MS }));
      assert.is(r.code, 1, `run ${run}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, 'VoipCenter did not answer POST /api/get.php in full within 1 s (timeout_seconds)');
      assert.equal(server.received.slice(before), ['POST /api/get.php', 'POST /api/get.php'], `run ${run}: the first try and one more`);
    }
  } finally {
    await server.close();
  }
});

test('Ctrl-C stops VoipCenter plan reading a body that never ends, with a full GC every 50 ms', async () => {
  const server = await hostile(endlessBody);
  try {
    const run = await planOf(['gent'], server.url, 'timeout_seconds: 600\n', { env: FULL_GC_EVERY_50_MS });
    await until(() => server.received.length > 0, 'the first request to reach the server');
    await sleep(500); // several full GCs while the body trickles in
    run.child.kill('SIGINT');
    const r = await ended(run);
    assert.is(r.code, 130, r.stderr);
    assert.match(r.stderr, 'error: interrupted while reading the PBXs; nothing was changed on any PBX');
    assert.is(server.received.length, 1, 'the read was not tried again');
  } finally {
    await server.close();
  }
});

test('Issabel plan against a body that never ends: each login is tried twice, not six times, and the run ends with the timeout error', async () => {
  const server = await hostile(endlessBody);
  try {
    const r = await ended(await planOf(['hq'], server.url, 'timeout_seconds: 1\n', { args: ['--debug'] }));
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, 'Issabel did not answer POST /pbxapi/authenticate in full within 1 s (timeout_seconds)');
    const lines = r.stderr.split('\n');
    const sent = lines.filter((l) => l.startsWith('→ POST')).length;
    const retries = lines.filter((l) => l.startsWith('↻ retry'));
    assert.ok(retries.length > 0);
    assert.ok(retries.every((l) => l.startsWith('↻ retry 1 POST') && l.includes('Request timed out')), retries.join('\n'));
    // every request the server saw is a login, tried twice
    assert.ok(server.received.every((r) => r === 'POST /pbxapi/authenticate'), server.received.join('\n'));
    assert.is(server.received.length, sent);
    assert.is(server.received.length, 2 * retries.length);
  } finally {
    await server.close();
  }
});

test.run();
