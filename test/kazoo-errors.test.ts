import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans } from '../src/engine/apply.ts';
import { ProviderError } from '../src/engine/provider.ts';
import { OTHER_ACCOUNT_NUMBER, SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml, liveDocs } from './helpers/kazoo.ts';

test('a 400 validation error names the model field, which places it at its YAML line', async () => {
  const yaml = kazooYaml(`    users:
      - username: nina@ofon-demo.example
        first_name: Nina
        last_name: Kusuma
        hotdesk:
          enabled: true
          id: "1002"
    devices:
      - name: Lobby Phone
        sip:
          username: user_budidesk01
`);
  const rig = await kazooRig(yaml);
  try {
    const { plan, connected } = await rig.plan();
    const session = connected.get('smartpbx')!.session;
    const kinds = rig.config.providers[0].kinds;
    const failures: [string, number, string][] = [];
    for (const change of plan.providers[0].changes) {
      const err = await session.apply(change).then(() => undefined, (e: unknown) => e);
      assert.instance(err, ProviderError);
      const { field, message } = err as ProviderError;
      const line = kinds[change.kind].objects.find((o) => o.key === change.key)!.fieldLocs[field!].line;
      failures.push([field!, line, message]);
    }
    assert.equal(failures, [
      ['hotdesk.id', 13, 'create user nina@ofon-demo.example: hotdesk.id: Hotdesk ID must be unique within account (1002)'],
      ['sip.username', 17, 'create device Lobby Phone: sip.username: SIP credentials already in use (user_budidesk01)'],
    ]);
  } finally {
    await rig.close();
  }
});

test('a number owned by another account is refused with a 403 that says so', async () => {
  const rig = await kazooRig(kazooYaml(`    did_routes:
      - number: "${OTHER_ACCOUNT_NUMBER}"
        user: budi.santoso@ofon-demo.example
`));
  try {
    const ledger = await rig.apply();
    assert.is(ledger.entries[0].outcome, 'failed');
    assert.match(ledger.entries[0].reason!, /403 forbidden\): one of its numbers belongs to another account/);
    assert.ok(rig.emulator.log.some((e) => e.method === 'PUT' && e.status === 403));
  } finally {
    await rig.close();
  }
});

test('a create whose answer is lost is read back by the id it was sent with and adopted: never two', async () => {
  const rig = await kazooRig(kazooYaml(`    users:
      - username: nina@ofon-demo.example
        first_name: Nina
        last_name: Kusuma
    devices:
      - name: Lobby Phone
        owner: nina@ofon-demo.example
    did_routes:
      - number: "+622150001030"
        device: Lobby Phone
`));
  try {
    const { plan, connected } = await rig.plan();
    rig.server.faults.resetAfterWriteRate = 1;
    const ledger = await applyPlans(plan.providers, connected);
    rig.server.faults.resetAfterWriteRate = 0;
    assert.equal(ledger.entries.map((e) => [e.key, e.outcome]), [
      ['nina@ofon-demo.example', 'applied'],
      ['Lobby Phone', 'applied'],
      ['+622150001030', 'applied'],
    ]);
    const puts = rig.emulator.log.filter((e) => e.method === 'PUT' && e.path.includes('/accounts/'));
    assert.equal(puts.map((e) => [e.path.split('/').pop(), e.status]), [['users', 201], ['devices', 201], ['callflows', 201]]);
    assert.is(liveDocs(rig.emulator, 'devices').filter((d) => d.name === 'Lobby Phone').length, 1);
    // the adopted ids were used: the device is owned by the user, the route rings the device
    const nina = liveDocs(rig.emulator, 'users').find((u) => u.username === 'nina@ofon-demo.example')!;
    const lobby = liveDocs(rig.emulator, 'devices').find((d) => d.name === 'Lobby Phone')!;
    assert.ok(rig.emulator.log.some((e) => e.method === 'GET' && e.path.endsWith(`/devices/${lobby._id}`) && e.status === 200), 'read back by its id');
    assert.is(lobby.owner_id, nina._id);
    const route = liveDocs(rig.emulator, 'callflows').find((c) => (c.numbers as string[]).includes('+622150001030'))!;
    assert.is((route.flow as any).data.id, lobby._id);
    assert.equal((await rig.plan()).plan.providers[0].changes, []);
  } finally {
    await rig.close();
  }
});

test('429 answers are waited out as Retry-After says, for reads, updates and creates', async () => {
  const rig = await kazooRig(
    kazooYaml(`    devices:
      - name: Budi Desk
        enabled: false
      - name: Lobby Phone
`),
    { emulator: { rateLimit: { requestsPerSecond: 2 } } },
  );
  try {
    const ledger = await rig.apply();
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied', 'applied']);
    assert.ok(rig.emulator.log.some((e) => e.status === 429), 'the limit was hit');
    assert.is(rig.emulator.state.devices[SEED_IDS.devices.budiDesk].enabled, false);
    assert.is(liveDocs(rig.emulator, 'devices').filter((d) => d.name === 'Lobby Phone').length, 1);
  } finally {
    await rig.close();
  }
});

test('an object deleted between plan and apply: its update fails with a 404 that says so; its delete is done', async () => {
  const rig = await kazooRig(kazooYaml(`    policy: { users: { prune: true } }
    users:
      - username: budi.santoso@ofon-demo.example
        first_name: Budi
        last_name: Santoso
      - username: siti.rahayu@ofon-demo.example
        first_name: Siti
        last_name: Rahayu
        presence_id: "1102"
    devices:
      - name: Meeting Room
        enabled: true
`));
  try {
    const { plan, connected } = await rig.plan();
    await rig.api('DELETE', `devices/${SEED_IDS.devices.meetingRoom}`);
    await rig.api('DELETE', `users/${SEED_IDS.users.dewi}`);
    const ledger = await applyPlans(plan.providers, connected);
    const outcome = (key: string) => ledger.entries.find((e) => e.key === key)!;
    assert.is(outcome('Meeting Room').outcome, 'failed');
    assert.match(outcome('Meeting Room').reason!, 'update device Meeting Room: HTTP 404 bad_identifier: bad identifier (not found on SmartPBX: deleted meanwhile?)');
    assert.is(outcome('dewi.lestari@ofon-demo.example').outcome, 'applied');
    assert.is(outcome('siti.rahayu@ofon-demo.example').outcome, 'applied');
  } finally {
    await rig.close();
  }
});

test.run();
