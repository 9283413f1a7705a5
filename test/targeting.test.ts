// --target and --exclude on plan, apply and drift, through the CLI against the sandbox: only
// the selected changes are planned and written (the sandbox's request log), a selected
// change whose dependency is left out is refused naming it, saved plans keep their
// selection, and --provider takes a comma list.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, requestLog, workspace, type Workspace } from './helpers/workspace.ts';
import { SMARTPBX_BLOCK } from './helpers/kazoo.ts';
import { HQ_BLOCK } from './helpers/issabel.ts';

const HQ = `${HQ_BLOCK}    extensions:
      - { number: "1001", name: Jose Garcia }
      - { number: "1003", name: Pedro }
      - { number: "1010", name: New Desk }
    ring_groups:
      - { number: "650", name: Support, members: ["1010"] }
`;

const SMARTPBX = `${SMARTPBX_BLOCK}    devices:
      - { name: Meeting Room, enabled: true }
`;

const yaml = (...blocks: string[]) => `version: 1\nproviders:\n${blocks.join('')}`;
const run = (ws: Workspace, ...args: string[]) => cli([...args, '--sandbox', '--no-color'], { cwd: ws.dir });
/** what apply wrote to the objects of a provider, logins left out */
const objectWrites = async (ws: Workspace, provider: string) =>
  (await requestLog(ws, provider)).filter((e) => e.write && /extensions|ringgroups|devices|callflows|users/.test(e.path)).map((e) => `${e.method} ${e.path}`);
/**
 * Issabel's writes. The configuration is applied once, by the last request: the last write
 * (reload: true), or a no-op PUT of one of its objects after it, left out here.
 */
const hqWrites = async (ws: Workspace) => {
  const log = (await requestLog(ws, 'hq')).filter((e) => e.write && /extensions|ringgroups/.test(e.path));
  assert.equal(log.map((e) => e.applies ?? 0), [...log.slice(0, -1).map(() => 0), 1]);
  const carried = (log.at(-1)?.body as { reload?: unknown } | undefined)?.reload === true;
  return log.slice(0, carried ? undefined : -1).map((e) => `${e.method} ${e.path}`);
};

test('--target: only the targeted change is planned and written; the rest stays planned', async () => {
  const ws = await workspace(yaml(HQ));
  const plan = await run(ws, 'plan', '--target', 'extensions/1001', '--detailed-exitcode');
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  assert.match(plan.stdout, '~ update extension 1001');
  assert.not.match(plan.stdout, /extension 1003|extension 1010|ring group 650/);
  assert.match(plan.stdout, 'Plan: 0 to create, 1 to update, 0 to delete.');

  const apply = await run(ws, 'apply', '--yes', '--target', 'extensions/1001');
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  assert.equal(await hqWrites(ws), ['PUT /pbxapi/extensions/1001']);

  const rest = await run(ws, 'plan');
  assert.match(rest.stdout, 'Plan: 2 to create, 1 to update, 0 to delete.');
  assert.not.match(rest.stdout, 'extension 1001');
});

test('--exclude: the excluded objects are left out, globs included', async () => {
  const ws = await workspace(yaml(HQ));
  const plan = await run(ws, 'plan', '--exclude', 'ring_groups/*', '--exclude', 'extensions/101?');
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, '~ update extension 1001');
  assert.match(plan.stdout, '~ update extension 1003');
  assert.not.match(plan.stdout, /1010|ring group 650/);
});

test('a targeted change whose dependency is left out is refused, naming it; nothing is written', async () => {
  const ws = await workspace(yaml(HQ));
  const target = await run(ws, 'apply', '--yes', '--target', 'ring_groups/650');
  assert.is(target.code, 1, target.stdout + target.stderr);
  assert.match(target.stdout, 'pbx.config.yaml:12:9: ring_groups/650 needs extensions/1010 (create), which --target leaves out: add --target extensions/1010');

  const exclude = await run(ws, 'plan', '--exclude', 'extensions/1010');
  assert.is(exclude.code, 1);
  assert.match(exclude.stdout, 'ring_groups/650 needs extensions/1010 (create), which --exclude extensions/1010 leaves out: narrow --exclude extensions/1010');
  assert.equal(await objectWrites(ws, 'hq'), []);

  const both = await run(ws, 'apply', '--yes', '--target', 'ring_groups/650', '--target', 'extensions/1010');
  assert.is(both.code, 0, both.stdout + both.stderr);
  assert.equal(await hqWrites(ws), ['PUT /pbxapi/extensions/1010', 'POST /pbxapi/ringgroups']);
});

test('a --target that matches nothing is an error; a malformed one too', async () => {
  const ws = await workspace(yaml(HQ));
  const typo = await run(ws, 'plan', '--target', 'extension/1001');
  assert.is(typo.code, 1);
  assert.match(typo.stdout, '--target extension/1001 matches no object declared or live in the kinds of hq');
  const bad = await run(ws, 'plan', '--target', 'extensions');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, "--target takes KIND/KEY or PROVIDER/KIND/KEY (globs allowed, e.g. extensions/10*), not 'extensions'");
});

test('--provider takes a comma list; PROVIDER/KIND/KEY targets one provider and the other is not read', async () => {
  const ws = await workspace(yaml(HQ, SMARTPBX));
  const both = await run(ws, 'plan', '--provider', 'hq,smartpbx');
  assert.is(both.code, 0, both.stderr);
  assert.match(both.stdout, '~ update extension 1001');
  assert.match(both.stdout, '~ update device Meeting Room');

  const one = await run(ws, 'apply', '--yes', '--provider', 'hq,smartpbx', '--target', 'smartpbx/devices/Meeting*');
  assert.is(one.code, 0, one.stdout + one.stderr);
  assert.match(one.stdout, 'Applied 1, failed 0, skipped 0.');
  assert.equal(await objectWrites(ws, 'hq'), []);
  assert.is((await objectWrites(ws, 'smartpbx')).length, 1);
  // hq had nothing to plan: it was not read during the apply
  const hqReads = (await requestLog(ws, 'hq')).filter((e) => /extensions/.test(e.path));
  assert.is(hqReads.length, 2, 'read by the two plans only');
});

test('a saved plan made with --target records it and applies only its changes', async () => {
  const ws = await workspace(yaml(HQ));
  const plan = await run(ws, 'plan', '--target', 'extensions/1003', '--out', 'plan.json');
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  const saved = JSON.parse(await readFile(join(ws.dir, 'plan.json'), 'utf8'));
  assert.equal(saved.targets, { target: ['extensions/1003'], exclude: [] });
  assert.equal(saved.providers[0].changes.map((c: { id: string }) => c.id), ['hq/extensions/1003']);

  const mixed = await run(ws, 'apply', 'plan.json', '--target', 'extensions/1001');
  assert.is(mixed.code, 1);
  assert.match(mixed.stderr, 'plan.json applies the objects it was planned for: drop --target and --exclude');

  const apply = await run(ws, 'apply', 'plan.json');
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  assert.equal(await hqWrites(ws), ['PUT /pbxapi/extensions/1003']);
});

test('drift --target reports only the targeted objects', async () => {
  const ws = await workspace(yaml(HQ));
  const drift = await run(ws, 'drift', '--target', 'extensions/1003');
  assert.is(drift.code, 2, drift.stdout + drift.stderr);
  assert.match(drift.stdout, 'extension 1003');
  assert.not.match(drift.stdout, /extension 1001|1010|650/);
});

test.run();
