// Ctrl-C while plan or apply is still reading a PBX that does not answer: the read in
// flight is aborted, the process ends at once with exit 130 and says it was interrupted,
// with no stack trace; apply leaves no lock behind.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCli, until } from './helpers/cli-process.ts';
import { hostile } from './helpers/hostile.ts';
import { hqYaml } from './helpers/issabel-server.ts';
import { workspace } from './helpers/workspace.ts';

/** what is left of a run this long after Ctrl-C is not an abort: the request timeout is ten minutes */
const GRACE_MS = 15_000;

for (const [command, signal] of [['plan', 'SIGINT'], ['apply', 'SIGINT'], ['plan', 'SIGTERM']] as const) {
  test(`${signal} during ${command}'s read of a silent PBX: exit 130, "interrupted", no stack trace`, async () => {
    const silent = await hostile(() => undefined); // takes every request, answers none
    try {
      const ws = await workspace(hqYaml('    timeout_seconds: 600\n    extensions:\n      - { number: "2001", name: Desk }\n'));
      const run = startCli([command, ...(command === 'apply' ? ['--yes'] : []), '--no-color'], { cwd: ws.dir, env: { PBX_URL: `${silent.url}/pbxapi`, PBX_PASSWORD: 'x' } });
      await until(() => silent.received.length > 0, 'the first request to reach the PBX');
      run.child.kill(signal);
      const ended = await Promise.race([run.done, sleep(GRACE_MS, undefined, { ref: false })]);
      if (!ended) run.child.kill('SIGKILL');
      assert.ok(ended, `still running ${GRACE_MS / 1000} s after ${signal}: the read was not aborted`);
      assert.is(ended!.code, 130, ended!.stderr);
      assert.match(ended!.stderr, 'error: interrupted while reading the PBXs; nothing was changed on any PBX');
      assert.not.match(ended!.stderr, /\n\s+at /);
      assert.is(ended!.stdout, '');
      assert.not.ok(existsSync(join(ws.dir, '.pbxctl', 'apply.lock')), 'the apply lock is released');
    } finally {
      await silent.close();
    }
  });
}

test.run();
