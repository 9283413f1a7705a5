// renamed_from: a SmartPBX device renamed in the YAML is renamed in place (same id, the
// DID routes that ring it untouched), not deleted and created again; the plan errors of a
// renamed_from that cannot be, and the hint a collision on a unique value gives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { cli, requestLog, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';
import { SMARTPBX_BLOCK } from './helpers/kazoo.ts';
import { HQ_BLOCK } from './helpers/issabel.ts';

const kazoo = (kinds: string) => `version: 1
providers:
${SMARTPBX_BLOCK}${kinds}`;

const run = (ws: Workspace, ...args: string[]) => cli([...args, '--sandbox', '--no-color'], { cwd: ws.dir });

interface Doc {
  name?: string;
  flow?: unknown;
  numbers?: string[];
  pvt_deleted?: boolean;
}
const state = (ws: Workspace) => sandboxState<{ devices: Record<string, Doc>; callflows: Record<string, Doc> }>(ws, 'smartpbx');

test('a renamed device keeps its id, and the DID routes that ring it (device and ring group) are left as they are', async () => {
  const ws = await workspace(
    kazoo(`    devices:
      - { name: Board Room, renamed_from: Meeting Room }
      - name: Front Desk Phone
        renamed_from: Reception Phone
        ringtones: { internal: Ring5 }
    did_routes:
      - { number: "+622150001090", device: Board Room }
`),
  );
  const plan = await run(ws, 'plan', '--detailed-exitcode');
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  assert.match(plan.stdout, '~ rename device Meeting Room → Board Room');
  assert.match(plan.stdout, '~ rename device Reception Phone → Front Desk Phone');
  // the main number (undeclared) rings Reception Phone through its ring group: its callflow must stay as it is
  assert.match(plan.stdout, /did_routes\s+\d+ unmanaged\n/);
  assert.not.match(plan.stdout, 'DID route', plan.stdout);
  assert.match(plan.stdout, 'Plan: 0 to create, 2 to update, 0 to delete.');
  const flowsBefore = (await state(ws)).callflows;

  const apply = await run(ws, 'apply', '--yes');
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const writes = (await requestLog(ws, 'smartpbx')).filter((e) => e.write && !/auth/.test(e.path)).map((e) => `${e.method} ${e.path.replace(/.*\/devices\//, 'devices/')}`);
  assert.equal(writes.sort(), [`PATCH devices/${SEED_IDS.devices.meetingRoom}`, `PATCH devices/${SEED_IDS.devices.reception}`].sort());
  const after = await state(ws);
  assert.is(after.devices[SEED_IDS.devices.meetingRoom].name, 'Board Room');
  assert.is(after.devices[SEED_IDS.devices.reception].name, 'Front Desk Phone');
  assert.equal(after.callflows, flowsBefore);

  const again = await run(ws, 'plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, 'No changes.');
});

test('renamed_from that names nothing live, or renames onto a live device, is a plan error at its line; nothing is written', async () => {
  const ws = await workspace(
    kazoo(`    devices:
      - { name: Nowhere, renamed_from: Never There }
      - { name: Budi Desk, renamed_from: Siti Desk }
`),
  );
  const apply = await run(ws, 'apply', '--yes');
  assert.is(apply.code, 1, apply.stdout + apply.stderr);
  assert.match(apply.stdout, 'pbx.config.yaml:11:40: device Nowhere: renamed_from Never There: neither device Never There nor device Nowhere is on smartpbx; to create it, drop renamed_from');
  assert.match(apply.stdout, 'pbx.config.yaml:12:42: device Budi Desk: renamed_from Siti Desk: both device Siti Desk and device Budi Desk are on smartpbx');
  assert.equal((await requestLog(ws, 'smartpbx')).filter((e) => e.write && !/auth/.test(e.path)), []);
});

test('a new device with the MAC of a live undeclared one: the error suggests renamed_from; with prune, a warning does', async () => {
  const ws = await workspace(kazoo(`    devices:\n      - { name: Board Room, mac_address: "80:5E:C0:11:22:08" }\n`));
  const plan = await run(ws, 'plan');
  assert.is(plan.code, 1, plan.stdout + plan.stderr);
  assert.match(plan.stdout, 'device Board Room: MAC address 80:5E:C0:11:22:08 is already used by the live device Meeting Room on smartpbx, which the configuration does not declare;');
  assert.match(plan.stdout, /the same MAC address; if this is that device renamed, add renamed_from: Meeting Room\n/);

  const pruned = await workspace(
    kazoo(`    policy: { devices: { prune: true, max_deletes: 100 } }
    devices:
      - { name: Board Room, mac_address: "80:5E:C0:11:22:08" }
`),
  );
  const warned = await run(pruned, 'plan');
  assert.is(warned.code, 0, warned.stdout + warned.stderr);
  assert.match(warned.stdout, '! device Board Room takes the MAC address 80:5E:C0:11:22:08 of device Meeting Room, which this plan deletes: if this is that device renamed, add renamed_from: Meeting Room');
});

test('renamed_from only where the API can rename: an Issabel extension number cannot be', async () => {
  const ws = await workspace(`version: 1
providers:
${HQ_BLOCK}    extensions:
      - { number: "1011", renamed_from: "1001", name: Jose }
`);
  const plan = await run(ws, 'plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, /pbx\.config\.yaml:8:\d+: .*renamed_from/);
});

test.run();
