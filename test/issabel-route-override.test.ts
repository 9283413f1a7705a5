// A time condition forced by its *27<id> feature code (issabel-routing.md §6.2): the
// override state the server reports is followed by `pbxctl route` on both sides (apply
// does not change it) and shown by plan as information, not as a change; a state the
// answer leaves out is said to be unreadable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callPath } from '../src/providers/issabel/call-path.ts';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, editSandboxState, workspace } from './helpers/workspace.ts';

interface Step {
  kind: string;
  name: string;
  detail?: string;
  why?: string;
}

test('false_sticky on "Open?" sends weekday noon to voicemail on both sides; plan shows it and changes nothing', async () => {
  const ws = await workspace(await exampleYaml());
  const route = async () => {
    const r = await cli(['route', '3292451010', '--sandbox', '--provider', 'hq', '--at', '2026-12-23T12:00', '--json'], { cwd: ws.dir });
    assert.is(r.code, 0, r.stdout + r.stderr);
    return JSON.parse(r.stdout) as { desired: { steps: Step[] }; live: { steps: Step[] } };
  };
  const before = await route();
  assert.is(before.live.steps[2].detail, 'match');
  assert.is(before.live.steps[3].kind, 'ring_group');
  // the seed's "Open?" is time condition 2; *272 pressed twice on a phone
  await editSandboxState(ws, 'hq', (s) => {
    s.routing.overrides['2'] = 'false_sticky';
  });
  const forced = await route();
  for (const side of [forced.desired, forced.live]) {
    assert.equal([side.steps[2].name, side.steps[2].detail], ['Open?', 'otherwise']);
    assert.match(side.steps[2].why!, /time group Office hours holds: mon-fri 08:30-17:30, Europe\/Brussels, overridden by false_sticky$/);
    assert.equal(side.steps.slice(3).map((s) => [s.kind, s.name]), [['voicemail', '1000']]);
  }
  const plan = await cli(['plan', '--sandbox', '--no-color'], { cwd: ws.dir });
  assert.match(plan.stdout, /information \(set on the PBX at run time[^\n]*\n\s+i time condition Open\?: override_state "false_sticky"\n/);
  assert.not.match(plan.stdout, /~ time condition Open\?/);
});

test('an override the answer does not carry: the path says so and follows the time', () => {
  const state = {
    inbound_routes: [{ key: '3292451010', data: { did: '3292451010', destination: { time_switch: 'Open?' } } }],
    time_groups: [{ key: 'Office', data: { name: 'Office', times: [{ days: 'mon-fri', hours: '08:30-17:30' }] } }],
    time_conditions: [{ key: 'Open?', data: { name: 'Open?', time_group: 'Office', match: { hangup: true }, otherwise: { extension: '1000' }, override_state: null } }],
  };
  const path = callPath(state, '3292451010', new Date('2026-12-23T11:00:00Z'), { settings: { timezone: 'Europe/Brussels' } })!;
  assert.is(path.steps[1].detail, 'match');
  assert.match(path.steps[1].why!, /, override state not readable$/);
  // a condition the YAML adds (not on the PBX yet) starts without one: nothing to say
  delete (state.time_conditions[0].data as Record<string, unknown>).override_state;
  assert.not.match(callPath(state, '3292451010', new Date('2026-12-23T11:00:00Z'), { settings: { timezone: 'Europe/Brussels' } })!.steps[1].why!, /override/);
});

test.run();
