// The naive way, as the vendor documents show it: a loop with one request per object,
// one at a time, and on Issabel the default reload (a configuration apply) after every
// write. It uses the providers' own HTTP clients, so both sides pay the same per request.
// It is generous to the loop: it knows which objects changed and their ids for free.
import { IssabelClient } from '../src/providers/issabel/client.ts';
import { KazooClient } from '../src/providers/kazoo/client.ts';
import { VoipcenterClient } from '../src/providers/voipcenter/client.ts';
import { SANDBOX_ACCOUNT_ID } from '../src/providers/kazoo/sandbox/index.ts';
import type { KazooState } from '../src/providers/kazoo/sandbox/state.ts';
import type { Servers } from './servers.ts';
import { categoryAt, kazooDid, type World } from './scenario.ts';

export interface NaiveWork {
  /** requests per provider */
  requests: { hq: number; smartpbx: number; gent: number };
  /** Issabel writes, each followed by a configuration apply */
  issabelApplies: number;
}

/** what the loop would send: a read per declared object (plan), or a write per change (apply) */
export function naiveWork(world: World, what: 'plan' | 'apply'): NaiveWork {
  const c = world.counts;
  if (what === 'plan') {
    const declared = (n: number) => Array.from({ length: n }, (_, i) => categoryAt(i)).filter((x) => x !== 'delete').length;
    return {
      requests: {
        hq: 1 + declared(c.extensions) + declared(c.ring_groups),
        smartpbx: 1 + declared(c.users) + declared(c.devices) + declared(c.did_routes),
        gent: c.voipcenter_dids,
      },
      issabelApplies: 0,
    };
  }
  const ch = world.expected.changes;
  const hq = ch.hq.create + ch.hq.update + ch.hq.delete;
  return {
    requests: { hq: 1 + hq, smartpbx: 1 + ch.smartpbx.create + ch.smartpbx.update + ch.smartpbx.delete, gent: ch.gent.update },
    issabelApplies: hq,
  };
}

/** estimated seconds: every request pays the latency and the measured per-request cost */
export const naiveEstimate = (w: NaiveWork, latencyMs: number, applySeconds: number, perRequestMs: number) =>
  ((w.requests.hq + w.requests.smartpbx + w.requests.gent) * (latencyMs + perRequestMs)) / 1000 + w.issabelApplies * applySeconds;

const ext = (i: number) => String(10000 + i);
const ringGroup = (i: number) => String(6000 + i);

/** runs the loop against the servers; returns wall seconds */
export async function runNaive(world: World, servers: Servers, what: 'plan' | 'apply'): Promise<number> {
  const started = performance.now();
  const settings = (name: keyof Servers['listening']) => servers.listening[name].emulator.settings(servers.listening[name].url);
  const issabel = new IssabelClient(settings('hq') as never);
  const kazoo = new KazooClient(settings('smartpbx') as never);
  const vc = new VoipcenterClient(settings('gent') as never);
  const state = servers.listening.smartpbx.emulator as unknown as { state: KazooState };
  const idOf = (kind: 'users' | 'devices' | 'callflows', field: (d: Record<string, unknown>) => unknown, value: string) =>
    Object.values(state.state[kind]).find((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && !d.pvt_deleted && field(d) === value)?._id;
  const c = world.counts;
  const each = async (n: number, fn: (i: number, cat: string) => Promise<unknown>) => {
    for (let i = 0; i < n; i++) await fn(i, categoryAt(i));
  };

  if (what === 'plan') {
    await each(c.extensions, async (i, cat) => cat !== 'delete' && issabel.call('GET', `extensions/${ext(i)}`));
    await each(c.ring_groups, async (i, cat) => cat !== 'delete' && issabel.call('GET', `ringgroups/${ringGroup(i)}`));
    await each(c.users, async (i, cat) => cat !== 'delete' && kazoo.call('GET', kazoo.account('users'), { searchParams: { filter_username: `u${i}@bench.example` } }));
    await each(c.devices, async (i, cat) => cat !== 'delete' && kazoo.call('GET', kazoo.account('devices'), { searchParams: { filter_name: `Desk ${i}` } }));
    await each(c.did_routes, async (i, cat) => cat !== 'delete' && kazoo.call('GET', kazoo.account('callflows'), { searchParams: { filter_name: `Line ${i}` } }));
    await each(c.voipcenter_dids, async (i) => vc.request('get.php', { m: 'did', id: String(10000 + i) }, 'did'));
    return (performance.now() - started) / 1000;
  }

  // Issabel: the default reload, i.e. a configuration apply inside every write
  await each(c.extensions, async (i, cat) => {
    if (cat === 'create' || cat === 'update') await issabel.call('PUT', `extensions/${ext(i)}`, { json: { name: `Moved ${ext(i)}` } });
    if (cat === 'delete') await issabel.call('DELETE', `extensions/${ext(i)}`);
  });
  await each(c.ring_groups, async (i, cat) => {
    const n = ringGroup(i);
    if (cat === 'create') await issabel.call('POST', 'ringgroups', { json: { extension: n, name: `Group ${n}`, extension_list: [ext(5)] } });
    if (cat === 'update') await issabel.call('PUT', `ringgroups/${n}`, { json: { strategy: 'hunt' } });
    if (cat === 'delete') await issabel.call('DELETE', `ringgroups/${n}`);
  });
  // SmartPBX: dependents after what they refer to, deletes in reverse
  const userIds = new Map<number, string>();
  await each(c.users, async (i, cat) => {
    const username = `u${i}@bench.example`;
    if (cat === 'create') {
      const answer = await kazoo.call('PUT', kazoo.account('users'), { data: { username, first_name: `First${i}`, last_name: `Last${i}`, email: username, password: `Pw-${i}-naive` } });
      userIds.set(i, String((answer.body.data as { id: string }).id));
    } else if (cat === 'update') await kazoo.call('PATCH', kazoo.account(`users/${idOf('users', (d) => d.username, username)}`), { data: { last_name: `Renamed${i}` } });
    else userIds.set(i, idOf('users', (d) => d.username, username) ?? '');
  });
  await each(c.devices, async (i, cat) => {
    if (cat === 'create') await kazoo.call('PUT', kazoo.account('devices'), { data: { name: `Desk ${i}`, owner_id: userIds.get(i), mac_address: `02:00:00:${(i >> 16) & 255}:${(i >> 8) & 255}:${i & 255}`.replace(/:(\d)(?=:|$)/g, ':0$1') } });
    if (cat === 'update') await kazoo.call('PATCH', kazoo.account(`devices/${idOf('devices', (d) => d.name, `Desk ${i}`)}`), { data: { enabled: true } });
  });
  await each(c.did_routes, async (i, cat) => {
    if (cat === 'create') await kazoo.call('PUT', kazoo.account('callflows'), { data: { name: `Line ${i}`, numbers: [kazooDid(i)], flow: { module: 'user', data: { id: userIds.get(i) } } } });
    if (cat === 'update') await kazoo.call('PATCH', kazoo.account(`callflows/${idOf('callflows', (d) => d.name, `Line ${i}`)}`), { data: { name: `Renamed ${i}` } });
    if (cat === 'delete') await kazoo.call('DELETE', kazoo.account(`callflows/${idOf('callflows', (d) => d.name, `Line ${i}`)}`));
  });
  await each(c.devices, async (i, cat) => cat === 'delete' && kazoo.call('DELETE', kazoo.account(`devices/${idOf('devices', (d) => d.name, `Desk ${i}`)}`)));
  await each(c.users, async (i, cat) => cat === 'delete' && kazoo.call('DELETE', kazoo.account(`users/${userIds.get(i)}`)));
  // VoipCenter: one update.php per changed DID
  await each(c.voipcenter_dids, async (i, cat) => cat === 'update' && vc.request('update.php', { m: 'did', id: String(10000 + i), p: 'f10|v20|k30|r141|b150' }, 'did'));
  return (performance.now() - started) / 1000;
}
