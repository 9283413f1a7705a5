// One benchmark world: the live state of each emulator and the YAML that declares it, with
// a fixed mix per kind ('standard': 75% equal, 10% create, 10% update, 5% delete with prune;
// VoipCenter DIDs can only be updated: 10% update, 90% equal), and the changes a plan must show.
import { create, type Ctx } from '../src/providers/kazoo/sandbox/docs.ts';
import { callflows } from '../src/providers/kazoo/sandbox/callflows.ts';
import { devices } from '../src/providers/kazoo/sandbox/devices.ts';
import { users } from '../src/providers/kazoo/sandbox/users.ts';
import { createKazooEmulator, SANDBOX_ACCOUNT_ID, SANDBOX_ACCOUNT_NAME, SANDBOX_USERNAME } from '../src/providers/kazoo/sandbox/index.ts';
import { Indexes, type KazooState } from '../src/providers/kazoo/sandbox/state.ts';
import { schemaSet } from '../src/providers/kazoo/sandbox/validation.ts';
import { newExtension } from '../src/providers/issabel/sandbox/extension-model.ts';
import { newRingGroup } from '../src/providers/issabel/sandbox/ringgroups.ts';
import { emptyState as issabelEmpty, type IssabelState } from '../src/providers/issabel/sandbox/state.ts';
import { createVoipcenterEmulator, VOIPCENTER_CREDENTIALS } from '../src/providers/voipcenter/sandbox/index.ts';
import type { VoipcenterState } from '../src/providers/voipcenter/sandbox/state.ts';

export type Category = 'equal' | 'create' | 'update' | 'delete';

/** 'none': nothing to change; 'writes': 10% create, 10% update, no delete (an Issabel extension delete applies by itself) */
export type Mix = 'none' | 'standard' | 'writes';

/** by index, so that objects that refer to each other share a fate (a device of a created user is created) */
export function categoryAt(i: number, mix: Mix = 'standard'): Category {
  if (mix === 'none') return 'equal';
  const r = i % 20;
  return r < 2 ? 'create' : r < 4 ? 'update' : r === 4 && mix === 'standard' ? 'delete' : 'equal';
}

export interface Counts {
  extensions: number;
  ring_groups: number;
  users: number;
  devices: number;
  did_routes: number;
  voipcenter_dids: number;
}

/** 10% Issabel (at most 5,000 extensions), 50% SmartPBX, 40% VoipCenter */
export function countsFor(total: number): Counts {
  const issabel = Math.min(Math.round(total * 0.1), 5500);
  const extensions = Math.min(Math.round(issabel * 0.9), 5000);
  const kazoo = Math.round(total * 0.5);
  const users = Math.round(kazoo * 0.4);
  return {
    extensions,
    ring_groups: issabel - extensions,
    users,
    devices: users,
    did_routes: kazoo - 2 * users,
    voipcenter_dids: total - issabel - kazoo,
  };
}

/** per provider and kind: the objects per category; the plan must show the changes */
export type Expected = Record<string, Record<string, Record<Category, number>>>;

export interface WorldOptions {
  mix: Mix;
  /** SmartPBX devices declare their internal caller ID, which only the full document holds */
  documentFields?: boolean;
}

export interface World {
  name: string;
  total: number;
  mix: Mix;
  documentFields: boolean;
  counts: Counts;
  issabel: IssabelState;
  /** JSON of the Kazoo state file (its indexes are rebuilt on load) */
  kazooJson: string;
  voipcenter: VoipcenterState;
  /** the YAML body after `providers:`; urls filled in by yamlFor() */
  yamlFor(urls: { hq: string; smartpbx: string; gent: string }): string;
  expected: Expected;
  /** live objects per kind before the run */
  live: Counts;
}

const tally = () => ({ equal: 0, create: 0, update: 0, delete: 0 });
/** the fields the YAML below declares on each SmartPBX object (bench/minimum.ts counts the documents they need) */
export const SMARTPBX_FIELDS = {
  users: ['username', 'first_name', 'last_name', 'email', 'presence_id'],
  devices: ['name', 'owner', 'mac_address'],
  devicesWithCallerId: ['name', 'owner', 'mac_address', 'caller_id.internal.name', 'caller_id.internal.number'],
  did_routes: ['number', 'name', 'user'],
};
const ext = (i: number) => String(10000 + i);
const ringGroup = (i: number) => String(6000 + i);
const user = (i: number) => `u${i}@bench.example`;
const mac = (i: number, v = 0) => `80:5e:${(0xc0 + v).toString(16)}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
/** clear of the seed's +6221500010xx numbers */
export const kazooDid = (i: number) => `+6221${String(60000000 + i)}`;
const belgianDid = (i: number) => `+329${String(2000000 + i)}`;

/** the kind of each count in the plan */
const KIND: Record<keyof Counts, [string, string]> = {
  extensions: ['hq', 'extensions'],
  ring_groups: ['hq', 'ring_groups'],
  users: ['smartpbx', 'users'],
  devices: ['smartpbx', 'devices'],
  did_routes: ['smartpbx', 'did_routes'],
  voipcenter_dids: ['gent', 'did_routes'],
};

export function buildWorld(name: string, counts: Counts, opts: WorldOptions): World {
  const categoryOf = (i: number) => categoryAt(i, opts.mix);
  const expected: Expected = { hq: {}, smartpbx: {}, gent: {} };
  const live: Counts = { extensions: 0, ring_groups: 0, users: 0, devices: 0, did_routes: 0, voipcenter_dids: 0 };
  const count = (c: Category, kind: keyof Counts) => {
    const [provider, planKind] = KIND[kind];
    (expected[provider][planKind] ??= tally())[c]++;
    if (c !== 'create') live[kind]++;
  };
  const callerId = (i: number) => ({ internal: { name: `Desk ${i}`, number: String(20000 + i) } });
  const lines = { extensions: [] as string[], ring_groups: [] as string[], users: [] as string[], devices: [] as string[], did_routes: [] as string[], dids: [] as string[] };

  // Issabel
  const issabel = issabelEmpty();
  for (let i = 0; i < counts.extensions; i++) {
    const c = categoryOf(i);
    count(c, 'extensions');
    const n = ext(i);
    if (c !== 'create') issabel.extensions[n] = { ...newExtension(n, 'sip', `s3cret-${n}`), name: `Ext ${n}` };
    if (c !== 'delete') lines.extensions.push(`      - {number: "${n}", name: ${c === 'update' ? 'Moved' : 'Ext'} ${n}}`);
  }
  // members: three extensions that stay as they are
  const steady = Array.from({ length: counts.extensions }, (_, i) => i).filter((i) => categoryOf(i) === 'equal');
  for (let i = 0; i < counts.ring_groups; i++) {
    const c = categoryOf(i);
    count(c, 'ring_groups');
    const n = ringGroup(i);
    const members = [0, 1, 2].map((k) => ext(steady[(i * 3 + k) % steady.length]));
    if (c !== 'create') issabel.ringGroups[n] = { ...newRingGroup(n), name: `Group ${n}`, extension_list: members };
    if (c !== 'delete') lines.ring_groups.push(`      - {number: "${n}", name: Group ${n}, strategy: ${c === 'update' ? 'hunt' : 'ringall'}, members: [${members.map((m) => `"${m}"`).join(', ')}]}`);
  }

  // SmartPBX: built through the emulator's own document code, so defaults and indexes are real
  const seeded = createKazooEmulator();
  const state = JSON.parse(JSON.stringify(seeded.state)) as KazooState;
  // the seed's own users, devices and DID routes are not declared: pruned
  const seededLive = (kind: 'users' | 'devices' | 'callflows') =>
    Object.values(state[kind]).filter((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && (kind !== 'callflows' || (d.numbers as string[]).some((n) => n.startsWith('+')))).length;
  if (opts.mix === 'standard' && counts.users + counts.did_routes > 0)
    for (const [kind, planKind] of [['users', 'users'], ['devices', 'devices'], ['callflows', 'did_routes']] as const)
      (expected.smartpbx[planKind] ??= tally()).delete += seededLive(kind);
  const ctx: Ctx = {
    state, idx: new Indexes(state), account: state.accounts[SANDBOX_ACCOUNT_ID], schemas: schemaSet('4.0'), now: Date.now(),
    query: new URLSearchParams(), pageSize: 50, session: { accountId: SANDBOX_ACCOUNT_ID }, changed: () => undefined, datastore: () => Promise.resolve(),
  };
  const userIds: string[] = [];
  for (let i = 0; i < counts.users; i++) {
    const c = categoryOf(i);
    count(c, 'users');
    const u = user(i);
    if (c !== 'create') {
      const doc = create(ctx, users, { username: u, first_name: `First${i}`, last_name: `Last${i}`, email: u, presence_id: String(20000 + i), password: `Pw-${i}-bench` });
      userIds[i] = String((doc.data as { id: string }).id);
    }
    if (c !== 'delete') lines.users.push(`      - {username: ${u}, first_name: First${i}, last_name: ${c === 'update' ? 'Renamed' : 'Last'}${i}, email: ${u}, presence_id: "${20000 + i}"}`);
  }
  for (let i = 0; i < counts.devices; i++) {
    const c = categoryOf(i);
    count(c, 'devices');
    const declared = opts.documentFields ? `, caller_id: {internal: {name: Desk ${i}, number: "${20000 + i}"}}` : '';
    if (c !== 'create')
      create(ctx, devices, { name: `Desk ${i}`, owner_id: userIds[i], mac_address: mac(i), sip: { username: `desk${i}`, password: `Sip-${i}-bench` }, ...(opts.documentFields ? { caller_id: callerId(i) } : {}) });
    if (c !== 'delete') lines.devices.push(`      - {name: Desk ${i}, owner: ${user(i)}, mac_address: "${mac(i, c === 'update' ? 1 : 0)}"${declared}}`);
  }
  for (let i = 0; i < counts.did_routes; i++) {
    const c = categoryOf(i);
    count(c, 'did_routes');
    const number = kazooDid(i);
    state.numbers[number] = { account_id: SANDBOX_ACCOUNT_ID };
    if (c !== 'create') create(ctx, callflows, { name: `Line ${i}`, numbers: [number], flow: { module: 'user', data: { id: userIds[i] } } });
    if (c !== 'delete') lines.did_routes.push(`      - {number: "${number}", name: ${c === 'update' ? 'Renamed' : 'Line'} ${i}, user: ${user(i)}}`);
  }

  // VoipCenter: the seed's catalogs, generated DIDs
  const voipcenter = structuredClone(createVoipcenterEmulator().state);
  voipcenter.dids = [];
  for (let i = 0; i < counts.voipcenter_dids; i++) {
    const c = categoryOf(i) === 'update' ? 'update' : 'equal';
    count(c, 'voipcenter_dids');
    const number = belgianDid(i);
    voipcenter.dids.push({ id: 10000 + i, number, name: `DID ${i}`, holiday_id: 10, vacation_id: 20, office_hours_id: 30, route_id: 140, backup_route_id: 150 });
    lines.dids.push(`      - {number: "${number}", route: ${c === 'update' ? 'Iedereen tegelijk' : 'Onthaal eerst'}}`);
  }

  // prune (the standard mix), with the safety limits opened wide enough for the mix
  const limits = (kinds: string[]) =>
    `    prune: ${opts.mix === 'standard'}\n    policy:\n${kinds.map((k) => `      ${k}: {max_deletes: 1000000, max_delete_percent: 100, max_updates_percent: 100}\n`).join('')}`;
  const list = (kind: string, items: string[]) => (items.length ? `    ${kind}:\n${items.join('\n')}\n` : '');
  return {
    name,
    mix: opts.mix,
    documentFields: opts.documentFields ?? false,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    live,
    issabel,
    kazooJson: JSON.stringify(state),
    voipcenter,
    expected,
    // a provider without objects is left out, so that prune leaves its seed alone
    yamlFor: (urls) =>
      'version: 1\nproviders:\n' +
      (counts.extensions + counts.ring_groups
        ? `  hq:\n    type: issabel\n    url: ${urls.hq}\n    username: admin\n    password: \${BENCH_ISSABEL_PASSWORD}\n${limits(['extensions', 'ring_groups'])}` +
          list('extensions', lines.extensions) +
          list('ring_groups', lines.ring_groups)
        : '') +
      (counts.users + counts.did_routes
        ? `  smartpbx:\n    type: kazoo\n    url: ${urls.smartpbx}\n    account_id: ${SANDBOX_ACCOUNT_ID}\n    username: ${SANDBOX_USERNAME}\n    password: \${BENCH_KAZOO_PASSWORD}\n    account_name: ${SANDBOX_ACCOUNT_NAME}\n${limits(['users', 'devices', 'did_routes'])}` +
          list('users', lines.users) +
          list('devices', lines.devices) +
          list('did_routes', lines.did_routes)
        : '') +
      (counts.voipcenter_dids
        ? `  gent:\n    type: voipcenter\n    url: ${urls.gent}\n    api_id: ${VOIPCENTER_CREDENTIALS.apiId}\n    customer: "${VOIPCENTER_CREDENTIALS.customer}"\n    password: \${BENCH_VC_PASSWORD}\n    key: \${BENCH_VC_KEY}\n` +
          list('did_routes', lines.dids)
        : ''),
  };
}
