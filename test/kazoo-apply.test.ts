import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml, liveDocs } from './helpers/kazoo.ts';

const OFFICE = kazooYaml(`    users:
      - username: budi.santoso@ofon-demo.example
        first_name: Budi
        last_name: Santoso
        presence_id: "1101"
      - username: eka.putra@ofon-demo.example
        first_name: Eka
        last_name: Putra
        email: eka.putra@ofon-demo.example
        password: \${EKA_PASSWORD}
        hotdesk: { enabled: true, id: "1006", pin: "\${EKA_PIN}", require_pin: true }
    devices:
      - name: Budi Desk
        owner: budi.santoso@ofon-demo.example
        mac_address: 80:5E:C0:11:22:01
        ringtones: { internal: Ring3 }
        codecs: { audio: [PCMA, G722] }
      - name: Eka Desk
        device_type: sip_device
        owner: eka.putra@ofon-demo.example
        mac_address: 80-5e-c0-11-22-09
        sip: { username: user_ekadesk09, password: "\${EKA_SIP_PASSWORD}" }
        call_restrictions: { international: deny }
        caller_id: { external: { name: Ofon Demo, number: "+622150001000" } }
    did_routes:
      - number: "+622150001030"
        name: Eka direct
        device: Eka Desk
      - number: "+622150001001"
        ring_group:
          strategy: single
          endpoints: [{ user: budi.santoso@ofon-demo.example }, { device: Eka Desk, timeout: 10 }]
`);
const ENV = { EKA_PASSWORD: 'Eka-Secret-1', EKA_PIN: '2468', EKA_SIP_PASSWORD: 'sip-pass-eka' };

const order = (log: { method: string; path: string }[], method: string, fragment: string) =>
  log.findIndex((e) => e.method === method && e.path.includes(fragment));

test('creates, updates and unmanaged objects of each kind; apply then plan is empty (Kazoo 4.0 defaults)', async () => {
  const rig = await kazooRig(OFFICE, { env: ENV });
  try {
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.equal(plan.issues, []);
    assert.is(p.error, undefined);
    const actions = Object.fromEntries(p.changes.map((c) => [`${c.kind}/${c.key}`, c.action]));
    assert.equal(actions, {
      'users/budi.santoso@ofon-demo.example': 'update',
      'users/eka.putra@ofon-demo.example': 'create',
      'devices/Budi Desk': 'update',
      'devices/Eka Desk': 'create',
      'did_routes/+622150001030': 'create',
      'did_routes/+622150001001': 'update',
    });
    // a MAC address written with separators and upper case is the same address
    assert.equal(p.changes.find((c) => c.key === 'Budi Desk')!.fields.map((f) => f.path).sort(), ['codecs.audio', 'ringtones.internal']);
    assert.ok(p.unmanaged.some((u) => u.kind === 'devices' && u.key === 'Meeting Room'));
    assert.ok(p.unmanaged.some((u) => u.kind === 'did_routes' && u.key === '+622150001020' && u.label === 'Sales'));
    assert.ok(p.unmanaged.some((u) => u.kind === 'users' && u.key === 'siti.rahayu@ofon-demo.example' && u.label === 'Siti Rahayu'));
    // extension-only callflows (1003) are no DID routes
    assert.not.ok(p.unmanaged.some((u) => u.kind === 'did_routes' && !u.key.startsWith('+')));

    const ledger = await rig.apply();
    assert.equal(ledger.entries.filter((e) => e.outcome !== 'applied'), []);

    const log = rig.emulator.log;
    // users before the devices they own, both before the callflows that route to them
    assert.ok(order(log, 'PUT', '/users') < order(log, 'PUT', '/devices'));
    assert.ok(order(log, 'PUT', '/devices') < order(log, 'PUT', '/callflows'));
    assert.ok(order(log, 'PUT', '/devices') < order(log, 'PATCH', `/callflows/${SEED_IDS.callflows.budi}`));
    // the route's patch is made from the document as read: no request waits on a read between the writes
    const firstWrite = log.findIndex((e) => e.write && !e.path.endsWith('/user_auth'));
    assert.equal(log.slice(firstWrite).filter((e) => !e.write).map((e) => `${e.method} ${e.path}`), []);
    // updates are merges: fields pbxctl does not manage survive
    assert.ok(order(log, 'PATCH', `/devices/${SEED_IDS.devices.budiDesk}`) >= 0);
    assert.not.ok(log.some((e) => e.method === 'POST'));
    const budiDesk = rig.emulator.state.devices[SEED_IDS.devices.budiDesk];
    assert.equal((budiDesk.provision as any).endpoint_brand, 'yealink');
    assert.equal((budiDesk.media as any).audio.codecs, ['PCMA', 'G722']);
    assert.is((budiDesk.ringtones as any).internal, 'Ring3');

    const eka = liveDocs(rig.emulator, 'users').find((u) => u.username === 'eka.putra@ofon-demo.example')!;
    assert.equal(eka.hotdesk, { enabled: true, id: '1006', pin: '2468', require_pin: true, keep_logged_in_elsewhere: false });
    const ekaDesk = liveDocs(rig.emulator, 'devices').find((d) => d.name === 'Eka Desk')!;
    assert.is(ekaDesk.owner_id, eka._id);
    assert.is(ekaDesk.mac_address, '805ec0112209');
    assert.is((ekaDesk.sip as any).password, 'sip-pass-eka');
    assert.equal(ekaDesk.call_restriction, { international: { action: 'deny' } });
    const direct = liveDocs(rig.emulator, 'callflows').find((c) => (c.numbers as string[]).includes('+622150001030'))!;
    assert.is((direct.flow as any).module, 'device');
    assert.is((direct.flow as any).data.id, ekaDesk._id);
    assert.is(direct.name, 'Eka direct');
    // a user target replaced by a ring group: the old node goes, the extension 1001 stays
    const budiFlow = rig.emulator.state.callflows[SEED_IDS.callflows.budi];
    assert.equal(budiFlow.numbers, ['1001', '+622150001001']);
    assert.is((budiFlow.flow as any).module, 'ring_group');
    assert.is((budiFlow.flow as any).data.can_call_self, undefined);
    assert.equal(
      (budiFlow.flow as any).data.endpoints.map((e: any) => [e.id, e.endpoint_type, e.timeout]),
      [[SEED_IDS.users.budi, 'user', 20], [ekaDesk._id, 'device', 10]],
    );

    const again = await rig.plan();
    assert.equal(again.plan.providers[0].changes, []);
    // the other default set does not show as changes either
    rig.emulator.defaults = '4.3';
    assert.equal((await rig.plan()).plan.providers[0].changes, []);
  } finally {
    await rig.close();
  }
});

test('apply then plan is empty under Kazoo 4.3 defaults', async () => {
  const rig = await kazooRig(OFFICE, { env: ENV, emulator: { defaults: '4.3' } });
  try {
    await rig.apply();
    const ekaDesk = liveDocs(rig.emulator, 'devices').find((d) => d.name === 'Eka Desk')!;
    assert.is((ekaDesk.sip as any).invite_format, 'contact', 'the 4.3 set filled its defaults');
    assert.is((rig.emulator.state.callflows[SEED_IDS.callflows.budi].flow as any).module, 'ring_group');
    const { plan } = await rig.plan();
    assert.equal(plan.providers[0].changes, []);
  } finally {
    await rig.close();
  }
});

test('prune deletes what the YAML leaves out: routes before the devices they ring, devices before their owners', async () => {
  const yaml = kazooYaml(`    prune: true
    users:
      - username: budi.santoso@ofon-demo.example
        first_name: Budi
        last_name: Santoso
    devices: []
    did_routes: []
`);
  const rig = await kazooRig(yaml);
  try {
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    const deletes = (kind: string) => p.changes.filter((c) => c.kind === kind && c.action === 'delete').length;
    assert.equal([deletes('users'), deletes('devices'), deletes('did_routes')], [5, 8, 5]);
    const ledger = await rig.apply();
    assert.equal(ledger.entries.filter((e) => e.outcome !== 'applied'), []);
    const log = rig.emulator.log;
    const del = (path: string) => order(log, 'DELETE', path);
    assert.ok(del(`/callflows/${SEED_IDS.callflows.main}`) < del(`/devices/${SEED_IDS.devices.reception}`));
    assert.ok(del(`/devices/${SEED_IDS.devices.reception}`) < del(`/users/${SEED_IDS.users.putri}`));
    assert.ok(del(`/callflows/${SEED_IDS.callflows.meetingRoom}`) < del(`/devices/${SEED_IDS.devices.meetingRoom}`));
    assert.ok(del(`/callflows/${SEED_IDS.callflows.siti}`) < del(`/users/${SEED_IDS.users.siti}`));
    assert.equal(liveDocs(rig.emulator, 'devices'), []);
    assert.equal(liveDocs(rig.emulator, 'users').map((u) => u.username), ['budi.santoso@ofon-demo.example']);
    // the extension-only callflow of Agus is no DID route: left alone
    assert.ok(liveDocs(rig.emulator, 'callflows').some((c) => c._id === SEED_IDS.callflows.agus));
    assert.equal((await rig.plan()).plan.providers[0].changes, []);
  } finally {
    await rig.close();
  }
});

test.run();
