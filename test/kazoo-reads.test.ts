// How a SmartPBX plan reads: each listing whole in one request (paginate=false), paged as
// large as the server takes after a 416, and a document only where the listing row does
// not answer a declared field; the request count against the API's minimum.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimumPlanRequests } from '../src/providers/kazoo/index.ts';
import { SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN } from '../src/providers/kazoo/sandbox/index.ts';
import type { KazooEmulatorOptions } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml, liveDocs, type KazooRig } from './helpers/kazoo.ts';

const EXTRA = 120;
const user = (i: number) => `staff${i}@ofon-demo.example`;
const mac = (i: number) => `0004f2${String(i).padStart(6, '0')}`;

/** EXTRA more users, each with a desk phone, declared with `device` as each device's declaration */
async function office(device: (i: number) => string, emulator: KazooEmulatorOptions = {}, userExtra = (_i: number) => ''): Promise<KazooRig> {
  const users = Array.from({ length: EXTRA }, (_, i) => `      - { username: ${user(i)}, first_name: Staff, last_name: ${i === 0 ? 'Renamed' : `No${i}`}${userExtra(i)} }`);
  const devices = Array.from({ length: EXTRA }, (_, i) => `      - ${device(i)}`);
  const rig = await kazooRig(kazooYaml(`    users:\n${users.join('\n')}\n    devices:\n${devices.join('\n')}\n`), { emulator });
  const owners = await Promise.all(
    Array.from({ length: EXTRA }, (_, i) => rig.api('PUT', 'users', { username: user(i), first_name: 'Staff', last_name: `No${i}`, password: `Pw-${i}-secret` })),
  );
  await Promise.all(
    owners.map((u, i) => rig.api('PUT', 'devices', { name: `Desk ${i}`, owner_id: u.body.data.id, mac_address: mac(i), sip: { username: `desk${i}`, password: `Sip-${i}-x` } })),
  );
  rig.emulator.log.length = 0;
  return rig;
}

/** the office behind a token bucket, the first `declared` users declared enabled (so that each is read whole) */
async function limitedOffice(declared: number, rateLimit: NonNullable<KazooEmulatorOptions['rateLimit']>): Promise<KazooRig> {
  // the bucket refills as the emulator's clock says: a second a request while the test sets up, the wall clock after
  let settingUp = true;
  let skew = 0;
  const now = () => Date.now() + (settingUp ? (skew += 1000) : skew);
  const rig = await office((i) => `{ name: Desk ${i}, owner: ${user(i)} }`, { now, rateLimit }, (i) => (i < declared ? ', enabled: true' : ''));
  settingUp = false;
  return rig;
}

const reads = (rig: KazooRig) => rig.emulator.log.filter((e) => e.method === 'GET');
const listings = (rig: KazooRig, resource: string) => reads(rig).filter((e) => e.path.endsWith(`/${resource}`));
const documentReads = (rig: KazooRig, resource: string) => reads(rig).filter((e) => e.path.includes(`/${resource}/`));

test('a plan over 120+ users and devices: one listing request per kind (paginate=false) and one /hotdesks, no user or device document read (the listings answer every declared field; no declared device has a hot-desk login)', async () => {
  const rig = await office((i) => `{ name: Desk ${i}, owner: ${user(i)}, mac_address: "${mac(i)}", sip: { username: desk${i} } }`);
  try {
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.changes.map((c) => [c.kind, c.key, c.action, c.fields.map((f) => f.path)]), [['users', user(0), 'update', ['last_name']]]);
    assert.equal(listings(rig, 'users').map((e) => [e.query, e.status]), [['paginate=false', 200]]);
    assert.equal(listings(rig, 'devices').map((e) => [e.query, e.status]), [['paginate=false', 200]]);
    assert.equal(documentReads(rig, 'users'), []);
    assert.equal(listings(rig, 'hotdesks').map((e) => [e.query, e.status]), [['paginate=false', 200]]);
    assert.equal(documentReads(rig, 'devices'), []);
    // the login, three listings: the API's minimum for this plan
    const minimum = minimumPlanRequests(
      {
        users: { rows: liveDocs(rig.emulator, 'users').length, declared: EXTRA, fields: ['username', 'first_name', 'last_name'] },
        devices: { rows: liveDocs(rig.emulator, 'devices').length, declared: EXTRA, fields: ['name', 'owner', 'mac_address', 'sip.username'] },
      },
      { login: true },
    );
    assert.is(rig.emulator.log.length, minimum);
    assert.is(minimum, 4);
  } finally {
    await rig.close();
  }
});

test('a hot-desk login on one declared device: that device document alone is read (/hotdesks names the device, not who), and the plan names who is logged in', async () => {
  const rig = await office((i) => `{ name: Desk ${i}, owner: ${user(i)} }`);
  try {
    const desk = liveDocs(rig.emulator, 'devices').find((d) => d.name === 'Desk 5')!;
    const guest = liveDocs(rig.emulator, 'users').find((d) => d.username === user(9))!;
    await rig.api('PATCH', `devices/${desk._id}`, { hotdesk: { users: { [guest._id]: {} } } });
    rig.emulator.log.length = 0;
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.information?.map(({ loc: _, ...i }) => i), [{ kind: 'devices', key: 'Desk 5', path: 'hotdesk.users', value: [user(9)] }]);
    assert.equal(documentReads(rig, 'devices').map((e) => e.path), [`/v2/accounts/${SANDBOX_ACCOUNT_ID}/devices/${desk._id}`]);
    const minimum = minimumPlanRequests(
      {
        users: { rows: liveDocs(rig.emulator, 'users').length, declared: EXTRA, fields: ['username', 'first_name', 'last_name'] },
        devices: { rows: liveDocs(rig.emulator, 'devices').length, declared: EXTRA, fields: ['name', 'owner'], loggedIn: 1 },
      },
      { login: true },
    );
    assert.is(rig.emulator.log.length, minimum);
  } finally {
    await rig.close();
  }
});

/** DID routes declared as none (unmanaged); with `pruneDevices` every device is deleted */
const noRoutes = (pruneDevices: boolean) => kazooYaml(`    policy: { devices: { prune: ${pruneDevices} } }\n    devices: []\n    did_routes: []\n`);
const didRoutes = (rig: KazooRig) => liveDocs(rig.emulator, 'callflows').filter((d) => (d.numbers as string[]).some((n) => n.startsWith('+')));

test('undeclared DID routes with prune off: listed as unmanaged from the callflow listing, no callflow document read', async () => {
  const rig = await kazooRig(noRoutes(false));
  try {
    rig.emulator.log.length = 0;
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.changes, []);
    assert.is(p.unmanaged.filter((u) => u.kind === 'did_routes').length, didRoutes(rig).length);
    assert.equal(documentReads(rig, 'callflows'), []);
    // one listing per kind read; the only documents are the schedule's (its rules are never listed)
    assert.equal(reads(rig).filter((e) => /paginate=false/.test(e.query)).length, 5);
    assert.equal(reads(rig).filter((e) => !/paginate=false/.test(e.query) && !/temporal_rule|accounts\/\w+$/.test(e.path)), []);
  } finally {
    await rig.close();
  }
});

test('undeclared DID routes while the devices they ring are pruned: every route document is read, and the plan warns about the routes left ringing a deleted device', async () => {
  const rig = await kazooRig(noRoutes(true));
  try {
    rig.emulator.log.length = 0;
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.ok(p.changes.some((c) => c.kind === 'devices' && c.action === 'delete'));
    assert.ok(p.warnings.some((w) => /DID route \+622150001090 \(left alone\) still refers to device Meeting Room/.test(w)), p.warnings.join('\n'));
    assert.equal(new Set(documentReads(rig, 'callflows').map((e) => e.path.split('/').pop())), new Set(didRoutes(rig).map((d) => d._id)));
    // the schedule without a timezone of its own and the behaviour diff both use the account's: one read
    assert.ok(p.behaviour?.length, 'the plan has a behaviour diff');
    assert.equal(reads(rig).filter((e) => /accounts\/\w+$/.test(e.path)).map((e) => e.status), [200]);
  } finally {
    await rig.close();
  }
});

test('a declared user field only the document holds (enabled): that one user is read, no other', async () => {
  const rig = await office((i) => `{ name: Desk ${i}, owner: ${user(i)} }`, {}, (i) => (i === 7 ? ', enabled: false' : ''));
  try {
    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.changes.filter((c) => c.key === user(7)).map((c) => c.fields.map((f) => f.path)), [['enabled']]);
    const id = liveDocs(rig.emulator, 'users').find((d) => d.username === user(7))!._id;
    assert.equal(documentReads(rig, 'users').map((e) => e.path), [`/v2/accounts/${SANDBOX_ACCOUNT_ID}/users/${id}`]);
  } finally {
    await rig.close();
  }
});

const LIMITED: [string, number, NonNullable<KazooEmulatorOptions['rateLimit']>][] = [
  ["a plan reading more documents at once than the account's token bucket holds: each 429 waited out as Retry-After says, every document read whole", 40, { requestsPerSecond: 8 }],
  [
    'a plan reading 70 documents, 32 at a time, from an account whose bucket holds 10 tokens refilled 5 a second (the real default scaled down): the client slows down after each 429, no request runs out of tries, every document answered 200 exactly once, the plan complete',
    70,
    { requestsPerSecond: 5, burst: 10 },
  ],
];

for (const [title, declared, rateLimit] of LIMITED) {
  test(title, async () => {
    const rig = await limitedOffice(declared, rateLimit);
    try {
      const { plan } = await rig.plan();
      const p = plan.providers[0];
      assert.is(p.error, undefined);
      assert.equal(p.changes.map((c) => [c.kind, c.key, c.action]), [['users', user(0), 'update']]);
      assert.ok(reads(rig).some((e) => e.status === 429), 'the bucket ran dry');
      const answered = documentReads(rig, 'users').filter((e) => e.status === 200);
      assert.is(new Set(answered.map((e) => e.path)).size, declared);
      assert.is(answered.length, declared);
    } finally {
      await rig.close();
    }
  });
}

test('a listing over the server cap (416 range not satisfiable): paged as large as it takes, every object read, the size kept for the next listing', async () => {
  const rig = await office((i) => `{ name: Desk ${i}, owner: ${user(i)} }`, { listingMaxRows: 100 });
  try {
    // the sandbox refuses a whole listing and a page over the cap alike
    const direct = await fetch(`${rig.server.url}/v2/accounts/${SANDBOX_ACCOUNT_ID}/devices?paginate=false`, { headers: { 'X-Auth-Token': SANDBOX_AUTH_TOKEN } });
    const body = (await direct.json()) as Record<string, unknown>;
    assert.equal([direct.status, body.status, body.message, body.error], [416, 'error', 'range not satisfiable', '416']);
    rig.emulator.log.length = 0;

    const { plan } = await rig.plan();
    const p = plan.providers[0];
    assert.is(p.error, undefined);
    assert.equal(p.changes.map((c) => [c.kind, c.key, c.action]), [['users', user(0), 'update']]);
    assert.is(p.kinds.find((k) => k.kind === 'devices')!.live, liveDocs(rig.emulator, 'devices').length);
    assert.is(p.kinds.find((k) => k.kind === 'users')!.live, liveDocs(rig.emulator, 'users').length);
    const sizeOf = (query: string) => Number(new URLSearchParams(query).get('page_size'));
    for (const resource of ['users', 'devices']) {
      const seen = listings(rig, resource);
      assert.equal([seen[0].query, seen[0].status], ['paginate=false', 416], resource);
      const served = seen.filter((e) => e.status === 200);
      // every page answered is at most the cap, and pages follow each other to the end
      assert.ok(served.length >= 2 && served.every((e) => sizeOf(e.query) <= 100), resource);
      assert.ok(served.slice(1).every((e) => /start_key=/.test(e.query)), resource);
    }
    // halved from 5000 to under the cap: at most 6 pages refused per listing (5000 … 156)
    const refusedPages = reads(rig).filter((e) => e.status === 416 && e.query !== 'paginate=false');
    assert.ok(refusedPages.length <= 12, `${refusedPages.length} pages refused`);
    assert.equal(documentReads(rig, 'users'), []);
  } finally {
    await rig.close();
  }
});

test.run();
