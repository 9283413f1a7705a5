import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIssue, loadConfig } from '../src/config/load.ts';
import { registry } from '../src/providers/index.ts';
import { SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml } from './helpers/kazoo.ts';
import { workspace } from './helpers/workspace.ts';

const configErrors = async (yaml: string) => {
  const ws = await workspace(yaml);
  const result = await loadConfig(ws.file, { env: {}, registry, sandbox: true });
  return result.errors.map(formatIssue).map((e) => e.replace(ws.file, 'pbx.config.yaml'));
};

test('a listing is read whole (paginate=false): over 60 more devices, every one is read in one request', async () => {
  const rig = await kazooRig(kazooYaml(`    devices:
      - name: Extra 07
        enabled: false
      - name: Extra 59
        ringtones: { external: Ring2 }
`));
  try {
    for (let i = 0; i < 60; i++) {
      const created = await rig.api('PUT', 'devices', { name: `Extra ${String(i).padStart(2, '0')}` });
      assert.is(created.status, 201);
    }
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.changes.map((c) => [c.key, c.action, c.fields.map((f) => f.path)]), [
      ['Extra 07', 'update', ['enabled']],
      ['Extra 59', 'update', ['ringtones.external']],
    ]);
    assert.equal(p.kinds.find((k) => k.kind === 'devices')!.live, 68);
    assert.is(p.unmanaged.filter((u) => u.kind === 'devices').length, 66);
    const listings = rig.emulator.log.filter((e) => e.method === 'GET' && e.path.endsWith('/devices'));
    assert.equal(listings.map((e) => e.query), ['paginate=false']);
  } finally {
    await rig.close();
  }
});

test('a reference to neither a declared nor a live object is an issue at its YAML line', async () => {
  const rig = await kazooRig(kazooYaml(`    users:
      - username: nina@ofon-demo.example
        first_name: Nina
        last_name: Kusuma
    devices:
      - name: Nina Desk
        owner: nina@ofon-demo.example
      - name: Lobby Phone
        owner: nobody@ofon-demo.example
    did_routes:
      - number: "+622150001030"
        ring_group:
          endpoints:
            - user: budi.santoso@ofon-demo.example
            - device: Nina Desk
            - device: Fax Machine
`));
  try {
    const { plan } = await rig.plan();
    assert.equal(plan.issues.map((i) => [i.loc?.line, i.message]), [
      [15, "device Lobby Phone refers to user 'nobody@ofon-demo.example' (owner), which is neither declared nor on smartpbx"],
      [22, "DID route +622150001030 refers to device 'Fax Machine' (ring_group.endpoints.2.device), which is neither declared nor on smartpbx"],
    ]);
    // a declared user and a live one resolve
    const route = plan.providers[0].changes.find((c) => c.kind === 'did_routes')!;
    assert.equal(route.dependsOn, ['smartpbx/devices/Nina Desk']);
  } finally {
    await rig.close();
  }
});

test('devices are keyed by name: two live devices with one name make the read fail, naming both', async () => {
  const rig = await kazooRig(kazooYaml(`    devices:
      - name: Budi Desk
`));
  try {
    const copy = await rig.api('PUT', 'devices', { name: 'Budi Desk' });
    const { plan } = await rig.plan();
    assert.match(plan.providers[0].error!, `SmartPBX has two devices named 'Budi Desk' (ids `);
    assert.match(plan.providers[0].error!, SEED_IDS.devices.budiDesk);
    assert.match(plan.providers[0].error!, copy.body.data.id);
  } finally {
    await rig.close();
  }
});

test('device_type cannot change on an existing device', async () => {
  const rig = await kazooRig(kazooYaml(`    devices:
      - name: Budi Desk
        device_type: softphone
`));
  try {
    const { plan } = await rig.plan();
    assert.equal(plan.issues.map((i) => i.loc?.line), [9]);
    assert.match(plan.issues[0].message, 'device_type of device Budi Desk cannot change on SmartPBX (live: sip_device)');
  } finally {
    await rig.close();
  }
});

test('configuration errors: numbers not in E.164, a device declared twice, a secret written in the file', async () => {
  const errors = await configErrors(kazooYaml(`    devices:
      - name: Lobby Phone
        sip: { username: user_lobby01, password: lobby-secret }
      - name: Lobby Phone
    did_routes:
      - number: "021 5000 1030"
        device: Lobby Phone
      - number: "+622150001031"
        extra_numbers: ["0215000103"]
        user: budi.santoso@ofon-demo.example
`));
  assert.equal(errors.length, 4, errors.join('\n'));
  assert.match(errors[0], /pbx\.config\.yaml:9:.*secret 'sip\.password' .* is written in the file/);
  assert.match(errors[1], /pbx\.config\.yaml:10:.*duplicate device Lobby Phone: already declared at line 8/);
  assert.match(errors[2], /pbx\.config\.yaml:12:.*number must be in E\.164: \+ then the country code/);
  assert.match(errors[3], /pbx\.config\.yaml:15:.*extra_numbers/);
});

test('a route needs exactly one target, and the connection needs an account id', async () => {
  const errors = await configErrors(`version: 1
providers:
  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    did_routes:
      - number: "+622150001030"
        user: budi.santoso@ofon-demo.example
        device: Budi Desk
`);
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.match(errors.join('\n'), /account_id is required/);
  assert.match(errors.join('\n'), /pbx\.config\.yaml:7:.*DID route/);
});

test.run();
