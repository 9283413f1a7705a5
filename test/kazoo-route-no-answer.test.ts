// SmartPBX's no-answer fall-through (kazoo.md §8, kazoo-routing.md §6.2): a user or ring
// group node whose `_` child is a voicemail box rings for its timeout, then the box takes
// the call. `pbxctl route` shows both steps, with the seconds, on both sides. Declared as
// `no_answer`, apply writes it and import reads it back (plan 0); a change of target keeps
// the fall-through the YAML does not declare; where SmartPBX has none, the schema refuses it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml } from './helpers/issabel.ts';
import { kazooYaml } from './helpers/kazoo.ts';
import { cli, editSandboxState, requestLog, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';

interface Step {
  kind: string;
  name: string;
  detail?: string;
  why?: string;
}

test('a user callflow with voicemail as its _ child: rings 20 s, then voicemail box 1001; a ring group with one: after its timeout', async () => {
  const ws = await workspace(await exampleYaml());
  const route = async (number: string) => {
    const r = await cli(['route', number, '--sandbox', '--provider', 'smartpbx', '--at', '2026-12-23T12:00', '--json'], { cwd: ws.dir });
    assert.is(r.code, 0, r.stdout + r.stderr);
    return JSON.parse(r.stdout) as { desired: { steps: Step[] }; live: { steps: Step[] } };
  };
  const plain = await route('+622150001001');
  assert.equal(plain.live.steps.map((s) => s.kind), ['route', 'user']);
  await editSandboxState(ws, 'smartpbx', (s) => {
    const flows = Object.values(s.callflows) as { numbers: string[]; flow: Record<string, unknown> }[];
    const box = (Object.values(s.vmboxes) as { _id: string; mailbox: string }[]).find((b) => b.mailbox === '1001')!._id;
    flows.find((c) => c.numbers.includes('+622150001001'))!.flow.children = { _: { module: 'voicemail', data: { id: box } } };
    flows.find((c) => c.numbers.includes('+622150001020'))!.flow.children = { _: { module: 'voicemail', data: { id: box } } };
  });
  const user = await route('+622150001001');
  for (const side of [user.desired, user.live]) {
    assert.equal(side.steps.slice(1).map((s) => [s.kind, s.name]), [['user', plain.live.steps[1].name], ['voicemail', '1001']]);
    assert.match(side.steps[1].detail!, / for 20 s$/);
    assert.equal([side.steps[2].detail, side.steps[2].why], ['"Budi Santoso"', 'no answer after 20 s']);
  }
  // the seed's Sales group has no timeout of its own: the server's 20 s
  const group = await route('+622150001020');
  assert.equal(group.live.steps.slice(1).map((s) => [s.kind, s.why]), [['ring_group', undefined], ['voicemail', 'no answer after 20 s']]);
});

type Flow = { module: string; data: Record<string, unknown>; children?: Record<string, Flow> };
const flowOf = async (ws: Workspace, number: string) => {
  const state = await sandboxState<any>(ws, 'smartpbx');
  const flows = Object.values<any>(state.callflows).filter((c) => !c.pvt_deleted);
  const box = Object.values<any>(state.vmboxes).find((b) => b.mailbox === '1001')._id as string;
  return { flow: flows.find((c) => c.numbers.includes(number)).flow as Flow, box };
};
const BUDI = 'budi.santoso@ofon-demo.example';
const route = (target: string) => kazooYaml(`    did_routes:\n      - number: "+622150001001"\n${target}`);

test('no_answer declared: apply writes the user node\'s ring time and its _ child; plan 0; import --kinds did_routes reads it back and plans 0', async () => {
  const ws = await workspace(route(`        user: ${BUDI}\n        no_answer: { after: 25, voicemail: "1001" }\n`));
  const applied = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /no_answer\.after: +\(unset\) → 25/);
  const { flow, box } = await flowOf(ws, '+622150001001');
  assert.equal([flow.module, flow.data.timeout, flow.children?._?.module, flow.children?._?.data.id], ['user', 25, 'voicemail', box]);
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout + again.stderr);

  const imported = await cli(['import', '--sandbox', '--provider', 'smartpbx', '--kinds', 'did_routes', '-o', 'imported.yaml'], { cwd: ws.dir });
  assert.is(imported.code, 0, imported.stderr);
  assert.not.match(imported.stderr, /left out/);
  assert.match(await readFile(join(ws.dir, 'imported.yaml'), 'utf8'), /user: budi\.santoso@ofon-demo\.example\n\s+no_answer:\n\s+after: 25\n\s+voicemail: "1001"/);
  const plan = await cli(['plan', '--sandbox', '-c', 'imported.yaml', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test('a route moved from a user to a ring group keeps the _ child the YAML does not declare; a declared one replaces it', async () => {
  const ws = await workspace(route(`        user: ${BUDI}\n`));
  assert.is((await cli(['plan', '--sandbox'], { cwd: ws.dir })).code, 0);
  await editSandboxState(ws, 'smartpbx', (s) => {
    const box = (Object.values(s.vmboxes) as { _id: string; mailbox: string }[]).find((b) => b.mailbox === '1001')!._id;
    (Object.values(s.callflows) as any[]).find((c) => c.numbers.includes('+622150001001')).flow.children = { _: { module: 'voicemail', data: { id: box } } };
  });
  const group = `        ring_group:\n          name: Budi\n          timeout: 30\n          endpoints: [{ user: ${BUDI} }]\n`;
  await writeFile(join(ws.dir, 'pbx.config.yaml'), route(group));
  const applied = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  const { flow, box } = await flowOf(ws, '+622150001001');
  assert.equal([flow.module, flow.data.timeout, flow.children?._?.module, flow.children?._?.data.id], ['ring_group', 30, 'voicemail', box]);
  const patch = (await requestLog(ws, 'smartpbx')).filter((e) => e.write && e.method === 'PATCH');
  assert.is(patch.length, 1);
  const path = await cli(['route', '+622150001001', '--sandbox', '--live', '--at', '2026-12-23T12:00', '--json'], { cwd: ws.dir });
  assert.equal(JSON.parse(path.stdout).live.steps.slice(1).map((s: Step) => [s.kind, s.why]), [['ring_group', undefined], ['voicemail', 'no answer after 30 s']]);

  await writeFile(join(ws.dir, 'pbx.config.yaml'), route(`        user: ${BUDI}\n        no_answer: { device: Budi Desk }\n`));
  const moved = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(moved.code, 0, moved.stdout + moved.stderr);
  const after = (await flowOf(ws, '+622150001001')).flow;
  assert.equal([after.module, after.children?._?.module, Object.keys(after.children?._?.data ?? {}).includes('id')], ['user', 'device', true]);
  assert.is((await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir })).code, 0);
});

test('no_answer where SmartPBX has none (after a voicemail box, a schedule) or after seconds after a ring group: refused by the schema, nothing sent', async () => {
  for (const target of [
    `        voicemail: "1001"\n        no_answer: { user: ${BUDI} }\n`,
    `        ring_group: { endpoints: [{ user: ${BUDI} }] }\n        no_answer: { after: 10, voicemail: "1001" }\n`,
  ]) {
    const ws = await workspace(route(target));
    const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /pbx\.config\.yaml:\d+/);
    assert.equal((await requestLog(ws, 'smartpbx')).filter((e) => e.write), []);
  }
});

test.run();
