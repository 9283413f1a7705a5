// Values the PBX refuses to hold twice, found at plan time against what the (sandbox) PBX
// already holds: `apply` exits 1 at the field's line:col and writes nothing. The clashes
// inside one file are in the bad corpus (test/fixtures/bad, config.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIssabelEmulator, SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { listen } from '../src/sandbox/server.ts';
import { cli, requestLog, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';
import { SMARTPBX_BLOCK } from './helpers/kazoo.ts';


const issabel = (name: string) => `  ${name}:
    type: issabel
    url: https://pbx.example.com/pbxapi
    password: \${ISSABEL_PASSWORD}
`;

async function applyRefused(ws: Workspace, providers: string[]): Promise<string> {
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.not.match(r.stdout + r.stderr, /\n\s+at /);
  for (const provider of providers) {
    const writes = (await requestLog(ws, provider)).filter((e) => e.write && !/authenticate|user_auth|api_auth/.test(e.path));
    assert.equal(writes, [], `${provider} was written to`);
  }
  return r.stdout + r.stderr;
}

test('SmartPBX: a MAC, a SIP username, a hot-desk id and a DID the live account holds are refused at plan time, nothing written', async () => {
  const ws = await workspace(`version: 1
providers:
${SMARTPBX_BLOCK}    users:
      - { username: new.person@ofon-demo.example, first_name: New, last_name: Person, hotdesk: { enabled: true, id: "1002" } }
    devices:
      - { name: Lobby Phone, mac_address: "80-5e-c0-11-22-07" }
      - name: Spare Phone
        sip: { username: USER_HOTDESK107 }
      - { name: Budi Desk }
      - { name: Budi Spare, mac_address: "80:5E:C0:11:22:01" }
    did_routes:
      - { number: "+622150001030", user: budi.santoso@ofon-demo.example, extra_numbers: ["+622150001001"] }
`);
  const all = await applyRefused(ws, ['smartpbx']);
  const at = (where: string, text: string) => assert.match(all, `pbx.config.yaml:${where}: ${text}`);
  at('11:117', "user new.person@ofon-demo.example: hot-desk id 1002 is already used by the live user siti.rahayu@ofon-demo.example (Siti Rahayu) on smartpbx, which the configuration does not declare");
  at('13:43', 'device Lobby Phone: MAC address 80-5e-c0-11-22-07 is already used by the live device Hot Desk 1');
  assert.match(all, 'SmartPBX takes 80-5e-c0-11-22-07 and 805ec0112207 for the same MAC address');
  at('15:26', 'device Spare Phone: SIP username USER_HOTDESK107 is already used by the live device Hot Desk 1');
  at('17:42', 'device Budi Spare: MAC address 80:5E:C0:11:22:01 is already used by device Budi Desk (');
  assert.match(all, 'on smartpbx, which keeps it: the configuration does not set its mac_address');
  at('19:90', 'DID route +622150001030: number +622150001001 is already used by the live DID route +622150001001');
});

test('SmartPBX: a MAC moved from a declared device to a new one is applied in the order the PBX accepts', async () => {
  const ws = await workspace(`version: 1
providers:
${SMARTPBX_BLOCK}    devices:
      - { name: Budi Spare, mac_address: "80:5E:C0:11:22:01" }
      - { name: Budi Desk, mac_address: "80:5E:C0:11:22:99" }
`);
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  const state = await sandboxState<{ devices: Record<string, { name: string; mac_address: string }> }>(ws, 'smartpbx');
  const macs = Object.fromEntries(Object.values(state.devices).map((d) => [d.name, d.mac_address]));
  assert.is(macs['Budi Desk'], '805ec0112299');
  assert.is(macs['Budi Spare'], '805ec0112201');
});

test('Issabel: numbers of live ring groups, parking lots, feature codes and custom extensions, also loosely equal, are refused at plan time, nothing written', async () => {
  const ws = await workspace(`version: 1
providers:
${issabel('hq')}    extensions:
      - { number: "610", name: Taken by a ring group }
      - { number: "0600", name: Loosely taken }
      - { number: "5550", name: Feature code }
      - { number: "07777", name: Simulated }
      - { number: "8000", name: Custom }
      - { number: "1004", name: Free }
${issabel('branch')}    ring_groups:
      - { number: "700", name: Parking, members: ["1000"] }
`);
  const all = await applyRefused(ws, ['hq', 'branch']);
  const at = (where: string, text: string) => assert.match(all, `pbx.config.yaml:${where}: ${text}`);
  at('8:19', 'extension 610: number 610 is already used by the live ring group 610 (Night) on hq, which the configuration does not declare');
  at('9:19', 'extension 0600: number 0600 is already used by the live ring group 600 (Sales) on hq, which the configuration does not declare; Issabel takes 0600 and 600 for the same number');
  at('10:19', "extension 5550: number 5550 is already used by feature code 'ChanSpy' (5550) on hq, which pbxctl does not manage");
  at('11:19', "extension 07777: number 07777 is already used by feature code 'Simulate Incoming Call' (7777) on hq, which pbxctl does not manage; Issabel takes 07777 and 7777 for the same number");
  at('12:19', "extension 8000: number 8000 is already used by custom extension 'Custom 8000' (8000) on hq, which pbxctl does not manage");
  at('19:19', "ring group 700: number 700 is already used by parking lot 'Default Lot' (700) on branch, which pbxctl does not manage");
  assert.not.match(all, 'extension 1004:');
});

test('Issabel: a number freed by a delete of the same run is refused at plan time (its deletes run last), nothing written', async () => {
  const ws = await workspace(`version: 1
providers:
${issabel('hq')}    extensions:
      - { number: "610", name: Night desk }
    ring_groups:
      - { number: "600", name: Sales, members: ["1000", "1003"] }
    policy:
      ring_groups: { prune: true }
`);
  const all = await applyRefused(ws, ['hq']);
  assert.match(all, 'pbx.config.yaml:8:19: extension 610: number 610 is used by ring group 610 until this plan deletes it, and Issabel deletes at the end of a run');
});

test('the Issabel sandbox lists the other modules and refuses their numbers as the server does (409, loose ==)', async () => {
  const em = createIssabelEmulator();
  const srv = await listen(em);
  try {
    const api = `${srv.url}/pbxapi`;
    const login = await fetch(`${api}/authenticate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: SANDBOX_PASSWORD }) });
    const auth = { Authorization: `Bearer ${(await login.json()).access_token}`, 'Content-Type': 'application/json' };
    const rows = async (path: string) => (await (await fetch(`${api}/${path}`, { headers: auth })).json()).results as Record<string, string>[];
    assert.equal((await rows('parkinglots')).map((r) => [r.name, r.extension]), [['Default Lot', '700']]);
    assert.equal((await rows('queues')).map((r) => r.extension), ['2000']);
    assert.equal((await rows('conferences')).map((r) => r.extension), ['500']);
    assert.equal((await rows('customextensions')).map((r) => r.extension), ['8000']);
    const chanspy = (await rows('featurecodes')).find((r) => r.id === 'core^chanspy')!;
    assert.equal([chanspy.extension, chanspy.custom_code], ['555', '5550']);
    for (const number of ['0700', '5550', '8000', '07777', '02000', '500']) {
      const res = await fetch(`${api}/extensions/${number}`, { method: 'PUT', headers: auth, body: JSON.stringify({ name: 'x', reload: false }) });
      assert.is(res.status, 409, number);
      assert.equal((await res.json()).errors[0].detail, 'Extension number already in use');
    }
    // a feature code's default number is free once a custom one replaces it
    const free = await fetch(`${api}/extensions/555`, { method: 'PUT', headers: auth, body: JSON.stringify({ name: 'x', reload: false }) });
    assert.is(free.status, 201);
  } finally {
    await srv.close();
  }
});

test.run();
