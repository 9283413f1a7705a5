// The Kazoo emulator behaves as Crossbar does where it is easy to get wrong (kazoo.md §10):
// racing writes to one document conflict (409 datastore_conflict) and pbxctl gets past
// them; text/plain bodies, device types, mobile devices and format checks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN, SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml } from './helpers/kazoo.ts';

test('twenty parallel PATCHes to one device: some lose the race with 409 datastore_conflict, the rest are merged', async () => {
  const r = await kazooRig(kazooYaml(''));
  try {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => r.api('PATCH', `devices/${SEED_IDS.devices.budiDesk}`, { [`note_${i}`]: 'x' })),
    );
    const conflicts = answers.filter((a) => a.status === 409);
    assert.ok(conflicts.length > 0, 'some writes conflict');
    assert.ok(answers.every((a) => a.status === 200 || a.status === 409), JSON.stringify(answers.map((a) => a.status)));
    assert.equal(
      { status: conflicts[0].body.status, error: conflicts[0].body.error, message: conflicts[0].body.message, data: conflicts[0].body.data },
      { status: 'error', error: '409', message: 'datastore_conflict', data: { message: 'conflicting documents' } },
    );
    // what was answered 200 is in the document, what was refused is not
    const doc = r.emulator.state.devices[SEED_IDS.devices.budiDesk];
    answers.forEach((a, i) => assert.is(doc[`note_${i}`], a.status === 200 ? 'x' : undefined, `note_${i}`));
  } finally {
    await r.close();
  }
});

const RIVAL = { 'Content-Type': 'application/json', 'X-Auth-Token': SANDBOX_AUTH_TOKEN, 'X-Rival': '1' };

test('pbxctl updating objects while a rival client writes the same documents: re-read, written again, the next plan empty', async () => {
  const r = await kazooRig(
    kazooYaml(`    users:
      - { username: budi.santoso@ofon-demo.example, first_name: Budi, last_name: Santoso, presence_id: "1191" }
      - { username: siti.rahayu@ofon-demo.example, first_name: Siti, last_name: Rahayu, presence_id: "1192" }
    devices:
      - { name: Budi Desk, ringtones: { internal: Ring5 } }
`),
    { emulator: { datastoreMs: 50 } },
  );
  // every first PATCH of pbxctl's meets a rival PATCH of the same document, read by the server just before it
  const handle = r.emulator.handle.bind(r.emulator);
  const rivals: Promise<Response>[] = [];
  const read = new Map<string, () => void>();
  r.emulator.handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-rival']) {
      handle(req, res);
      return void req.once('end', () => read.get(req.url!)?.()); // after the server's own listener: it has read the document
    }
    if (req.method !== 'PATCH' || rivals.length >= 3) return handle(req, res);
    const rivalRead = new Promise<void>((resolve) => read.set(req.url!, resolve));
    rivals.push(fetch(`${r.server.url}${req.url!}`, { method: 'PATCH', headers: RIVAL, body: JSON.stringify({ data: { rival_note: 'kept' } }) }));
    void rivalRead.then(() => handle(req, res));
  };
  try {
    const ledger = await r.apply();
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied', 'applied', 'applied'], JSON.stringify(ledger.entries));
    assert.equal((await Promise.all(rivals)).map((a) => a.status), [200, 200, 200]);
    const patches = r.emulator.log.filter((e) => e.method === 'PATCH' && !(e.body as { data?: { rival_note?: string } }).data?.rival_note);
    assert.is(patches.filter((e) => e.status === 409).length, 3, 'each first try lost the race');
    assert.is(patches.filter((e) => e.status === 200).length, 3, 'and its second try went through');
    const { plan } = await r.plan();
    assert.equal(plan.providers[0].changes, [], 'the next plan is empty');
    // both writers' changes are in the documents
    const budi = r.emulator.state.users[SEED_IDS.users.budi];
    assert.is(budi.presence_id, '1191');
    assert.is(budi.rival_note, 'kept');
    assert.is(r.emulator.state.devices[SEED_IDS.devices.budiDesk].rival_note, 'kept');
  } finally {
    await r.close();
  }
});

test('a body labelled text/plain is answered 415 with an empty body; JSON, form or no label is read', async () => {
  const r = await kazooRig(kazooYaml(''));
  try {
    const url = `${r.server.url}/v2/accounts/${SANDBOX_ACCOUNT_ID}/devices/${SEED_IDS.devices.budiDesk}`;
    const send = (type: string | undefined) =>
      fetch(url, { method: 'PATCH', headers: { 'X-Auth-Token': SANDBOX_AUTH_TOKEN, ...(type ? { 'Content-Type': type } : {}) }, body: JSON.stringify({ data: { note: type ?? 'none' } }) });
    const plain = await send('text/plain');
    assert.is(plain.status, 415);
    assert.is(await plain.text(), '');
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded']) assert.is((await send(type)).status, 200, type);
    assert.is(r.emulator.state.devices[SEED_IDS.devices.budiDesk].note, 'application/x-www-form-urlencoded');
  } finally {
    await r.close();
  }
});

test('device_type cannot be added to a device that has none; a mobile device needs mobile.mdn', async () => {
  const r = await kazooRig(kazooYaml(''));
  try {
    const bare = await r.api('PUT', 'devices', { name: 'No Type Phone' });
    assert.is(bare.status, 201);
    const added = await r.api('PATCH', `devices/${bare.body.data.id}`, { device_type: 'sip_device' });
    assert.is(added.status, 400);
    assert.equal(added.body.data, { device_type: { invalid: { message: 'Not authorized to change type of device', cause: 'sip_device' } } });
    const mobile = await r.api('PUT', 'devices', { name: 'Cell', device_type: 'mobile' });
    assert.is(mobile.status, 400);
    assert.equal(mobile.body.data, { 'mobile.mdn': { required: { message: 'Field is required but missing' } } });
    assert.is((await r.api('PUT', 'devices', { name: 'Cell', device_type: 'mobile', mobile: { mdn: '+622150009999' } })).status, 201);
  } finally {
    await r.close();
  }
});

test("format checks are Kazoo's: an email is anything@anything, recording URLs are http(s) or ftp, errors carry the value", async () => {
  const r = await kazooRig(kazooYaml(''));
  try {
    const user = (email: string) => r.api('PATCH', `users/${SEED_IDS.users.siti}`, { email });
    assert.is((await user('ops@localhost')).status, 200);
    assert.is((await user('José Ops@kantor')).status, 200);
    const bad = await user('no-at-sign');
    assert.is(bad.status, 400);
    assert.equal(bad.body.data, { email: { wrong_format: { message: 'Field is not in the correct format', value: 'no-at-sign', format: 'email' } } });
    const recording = (url: string) => r.api('PATCH', `devices/${SEED_IDS.devices.sitiDesk}`, { call_recording: { inbound: { offnet: { enabled: true, url } } } });
    for (const url of ['https://rec.example.com/put', 'ftp://rec.example.com/in']) assert.is((await recording(url)).status, 200, url);
    const file = await recording('file:///etc/passwd');
    assert.is(file.status, 400);
    assert.equal(file.body.data['call_recording.inbound.offnet.url'].wrong_format.value, 'file:///etc/passwd');
    const long = await r.api('PATCH', `users/${SEED_IDS.users.siti}`, { first_name: 'x'.repeat(200) });
    assert.is(long.body.data.first_name.maxLength.value, 'x'.repeat(200));
  } finally {
    await r.close();
  }
});

test.run();
