// What a user at a terminal sees on day one: the apply question on the terminal even with
// standard output redirected, and each change's line still on screen after the progress ends.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { issabelDesksExample } from './helpers/issabel.ts';
import { inTerminal, lastFrame } from './helpers/terminal.ts';
import { tool } from './helpers/tools.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';

const script = tool('SCRIPT_PATH', ['script']);
const QUESTION = /Apply these changes\? Only 'yes' is accepted/;

script.test('apply > log on a terminal: the question is on the terminal, the log holds the plan only', async (bin) => {
  const ws = await workspace(await issabelDesksExample());
  const r = await inTerminal(bin, ['apply', '--sandbox'], { cwd: ws.dir, redirect: '> apply.log', input: 'no\n' });
  assert.is(r.code, 1, r.screen);
  assert.match(r.screen, QUESTION);
  assert.match(r.screen, /apply cancelled; nothing was changed/);
  const log = await readFile(join(ws.dir, 'apply.log'), 'utf8');
  assert.match(log, /Plan: 2 to create, 2 to update, 0 to delete\./);
  assert.not.match(log, QUESTION);
  assert.is((await requestLog(ws, 'hq')).filter((e) => e.write && e.path !== '/pbxapi/authenticate').length, 0);
});

test('apply without --yes and not on a terminal: the refusal on stderr, the plan alone on stdout', async () => {
  const ws = await workspace(await issabelDesksExample());
  const r = await cli(['apply', '--sandbox'], { cwd: ws.dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /not on a terminal: refusing to apply without --yes/);
  assert.match(r.stdout, /Plan: 2 to create, 2 to update, 0 to delete\.\n$/);
});

script.test('apply on a terminal: every change line stays on screen after the progress display ends', async (bin) => {
  const ws = await workspace(await issabelDesksExample());
  const r = await inTerminal(bin, ['apply', '--sandbox'], { cwd: ws.dir, input: 'yes\n' });
  assert.is(r.code, 0, r.screen);
  const screen = lastFrame(r.screen);
  for (const change of ['create ring group 601', 'update extension 1001'])
    assert.match(screen, new RegExp(`✓ hq: ${change}`), `${change} in\n${screen}`);
  assert.match(screen, /Applied 4, failed 0, skipped 0\./);
});

test.run();
