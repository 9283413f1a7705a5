// Ctrl-C while route, doctor, import, calls or call wait on a PBX that does not answer: the request
// in flight is aborted, the command ends at once with exit 130 and says what it was doing,
// with no stack trace and nothing written.
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

const vendors = {
  issabel: hqYaml('    timeout_seconds: 600\n'),
  voipcenter: `version: 1
providers:
  gent:
    type: voipcenter
    url: \${PBX_URL}
    api_id: pi204517gnt
    customer: "204517"
    password: \${PBX_PASSWORD}
    key: \${PBX_PASSWORD}
    timeout_seconds: 600
`,
  tel4vn: `version: 1
providers:
  billing:
    type: tel4vn
    url: \${PBX_URL}
    username: admin@example.com
    password: \${PBX_PASSWORD}
    timeout_seconds: 600
`,
};

const cases: { args: string[]; yaml: string; message: string }[] = [
  { args: ['route', '3292451010'], yaml: vendors.issabel, message: 'interrupted while reading the PBXs; nothing was changed on any PBX' },
  { args: ['doctor'], yaml: vendors.issabel, message: 'interrupted while reaching the providers; nothing was changed on any PBX' },
  { args: ['import', '--provider', 'hq', '--output', 'imported.yaml'], yaml: vendors.issabel, message: 'interrupted while reading hq; nothing was written' },
  { args: ['calls', '--provider', 'billing', '--from', '2026-01-01', '--to', '2026-01-02'], yaml: vendors.tel4vn, message: 'interrupted while reading the call history; nothing was changed on any PBX' },
  { args: ['call', '--provider', 'gent', '--from', '204517_201', '--to', '+3293456789'], yaml: vendors.voipcenter, message: 'interrupted before the PBX answered: the call may or may not have been started' },
];

for (const { args, yaml, message } of cases) {
  test(`SIGINT while ${args[0]} waits on a silent PBX: exit 130, "${message}"`, async () => {
    const silent = await hostile(() => undefined); // takes every request, answers none
    try {
      const ws = await workspace(yaml);
      const run = startCli([...args, '--no-color'], { cwd: ws.dir, env: { PBX_URL: silent.url, PBX_PASSWORD: 'x' } });
      await until(() => silent.received.length > 0, 'the first request to reach the PBX');
      run.child.kill('SIGINT');
      const ended = await Promise.race([run.done, sleep(GRACE_MS, undefined, { ref: false })]);
      if (!ended) run.child.kill('SIGKILL');
      assert.ok(ended, `still running ${GRACE_MS / 1000} s after SIGINT: the request was not aborted`);
      assert.is(ended!.code, 130, ended!.stderr);
      assert.match(ended!.stderr, `error: ${message}`);
      assert.not.match(ended!.stderr, /\n\s+at /);
      assert.is(ended!.stdout, '');
      assert.not.ok(existsSync(join(ws.dir, 'imported.yaml')), 'nothing written');
    } finally {
      await silent.close();
    }
  });
}

test.run();
