// SmartPBX's no-answer fall-through (kazoo.md §8, kazoo-routing.md §6.2): a user or ring
// group node whose `_` child is a voicemail box rings for its timeout, then the box takes
// the call. `pbxctl route` shows both steps, with the seconds, on both sides.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, editSandboxState, workspace } from './helpers/workspace.ts';

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

test.run();
