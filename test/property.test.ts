// The engine under random desired and live states, for every kind of every provider
// that has kinds: the real provider modules (capabilities, references, normalise), the
// real planProvider and applyPlans, against an in-memory PBX that keeps model objects by
// kind and key (Issabel's writes held until finish, as its configuration apply does).
// Properties: apply then plan is empty; the order the PBX sees never breaks a reference;
// no change touches an ignored key; nothing is deleted without prune.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { applyPlans } from '../src/engine/apply.ts';
import type { Change, LiveState, ModelObject, ProviderConfig } from '../src/engine/model.ts';
import { planProvider } from '../src/engine/plan.ts';
import type { FinishReport, ProviderModule, Session } from '../src/engine/provider.ts';
import { registry } from '../src/providers/index.ts';

const RUNS_PER_PROVIDER = 200;
const IGNORE = ['9*'];
const loc = { file: 'pbx.config.yaml', line: 1, col: 1 };

type Objects = Map<string, ModelObject>;
interface Seen { action: Change['action']; kind: string; key: string; desired?: ModelObject }

/** A PBX in memory: model objects by kind and key; every change it is asked for, in order. */
class MemoryPbx implements Session {
  readonly seen: Seen[] = [];
  private held: Change[] = [];
  constructor(
    readonly store: Map<string, Objects>,
    private readonly defers: boolean,
  ) {}

  async read(kinds: string[]): Promise<LiveState> {
    return Object.fromEntries(kinds.map((k) => [k, [...(this.store.get(k) ?? new Map()).entries()].map(([key, data]) => ({ key, data: structuredClone(data) }))]));
  }

  async apply(change: Change): Promise<'done' | 'deferred'> {
    this.seen.push({ action: change.action, kind: change.kind, key: change.key, desired: change.desired });
    if (this.defers) {
      this.held.push(change);
      return 'deferred';
    }
    this.commit(change);
    return 'done';
  }

  async finish(): Promise<FinishReport> {
    const held = this.held;
    this.held = [];
    held.forEach((c) => this.commit(c));
    return { deferred: held.map((c) => ({ id: c.id })), notes: [] };
  }

  private commit(c: Change) {
    const objects = this.store.get(c.kind) ?? new Map();
    this.store.set(c.kind, objects);
    if (c.action === 'delete') objects.delete(c.key);
    else objects.set(c.key, { ...objects.get(c.key), ...structuredClone(c.desired) });
  }
}

/** one generated case: live objects, desired objects, and each kind's prune and ignore */
interface Case {
  live: Record<string, [string, ModelObject][]>;
  desired: Record<string, [string, ModelObject][]>;
  prune: Record<string, boolean>;
  ignore: Record<string, boolean>;
}

const pick = <T>(items: T[]) => fc.constantFrom(...items);
const some = (keys: string[]) => fc.subarray(keys);
/** keys as objects of a kind, each with data from `data(key)` */
const objects = (keys: string[], data: (key: string) => fc.Arbitrary<ModelObject>) =>
  some(keys).chain((ks): fc.Arbitrary<[string, ModelObject][]> => (ks.length ? fc.tuple(...ks.map((k) => data(k).map((d): [string, ModelObject] => [k, d]))) : fc.constant([])));

const none: fc.Arbitrary<[string, ModelObject][]> = fc.constant([]);

/** what a desired object may refer to: declared keys, and live ones that stay (not pruned, or ignored) */
const referable = (c: Pick<Case, 'live' | 'prune' | 'ignore'>, kind: string, declared: string[]) => {
  const ignored = picomatch(IGNORE);
  const staying = (c.live[kind] ?? []).map(([k]) => k).filter((k) => !c.prune[kind] || (c.ignore[kind] && ignored(k)));
  return [...new Set([...declared, ...staying])];
};

// ---- Issabel: extensions and ring groups (members are extensions); 9xx ignored
const EXT = ['100', '101', '102', '103', '900', '901'];
const RG = ['600', '601', '602', '950'];
const extension = (number: string) => fc.record({ number: fc.constant(number), name: pick(['Anna', 'Bert', 'Carla']), ring_time: fc.integer({ min: 10, max: 40 }) });
const ringGroup = (members: string[]) => (number: string) =>
  fc.record({ number: fc.constant(number), name: pick(['Sales', 'Support']), strategy: pick(['ringall', 'hunt']), ring_time: fc.integer({ min: 10, max: 40 }), members: some(members).filter((m) => m.length > 0) });

const issabelCase: fc.Arbitrary<Case> = fc
  .record({ pruneExt: fc.boolean(), pruneRg: fc.boolean(), ignoreExt: fc.boolean(), ignoreRg: fc.boolean(), liveExt: objects(EXT, extension) })
  .chain((h) =>
    fc.record({ liveRg: objects(RG, ringGroup(h.liveExt.map(([k]) => k).concat('101'))), desiredExt: objects(EXT.filter((k) => !k.startsWith('9')), extension) }).chain((m) => {
      const prune = { extensions: h.pruneExt, ring_groups: h.pruneRg };
      const ignore = { extensions: h.ignoreExt, ring_groups: h.ignoreRg };
      const members = referable({ live: { extensions: h.liveExt }, prune, ignore }, 'extensions', m.desiredExt.map(([k]) => k));
      return objects(RG.filter((k) => !k.startsWith('9')), members.length ? ringGroup(members) : () => fc.constant({})).map((desiredRg) => ({
        live: { extensions: h.liveExt, ring_groups: m.liveRg },
        desired: { extensions: m.desiredExt, ring_groups: members.length ? desiredRg : [] },
        prune,
        ignore,
      }));
    }),
  );

// ---- SmartPBX: users; devices owned by users; DID routes to a user or a device
const USERS = ['ana@x.example', 'ben@x.example', 'cy@x.example', '9ops@x.example'];
const DEVICES = ['Desk 1', 'Desk 2', 'Desk 3', '9 Lab'];
const DIDS = ['+3220000001', '+3220000002', '+3220000003'];
const user = (username: string) => fc.record({ username: fc.constant(username), first_name: pick(['Ana', 'Ben', 'Cy']), last_name: pick(['Ng', 'Ola']) });
const device = (owners: string[]) => (name: string) =>
  fc.record({ name: fc.constant(name), ...(owners.length ? { owner: pick(owners) } : {}) }, { requiredKeys: ['name'] });
const route = (users: string[], devices: string[]) => (number: string) =>
  fc.oneof(...[...(users.length ? [pick(users).map((u) => ({ number, user: u }))] : []), ...(devices.length ? [pick(devices).map((d) => ({ number, device: d }))] : [])]);

const kazooCase: fc.Arbitrary<Case> = fc
  .record({
    prune: fc.record({ users: fc.boolean(), devices: fc.boolean(), did_routes: fc.boolean() }),
    ignore: fc.record({ users: fc.boolean(), devices: fc.boolean(), did_routes: fc.boolean() }),
    liveUsers: objects(USERS, user),
    desiredUsers: objects(USERS.slice(0, 3), user),
  })
  .chain((h) =>
    fc.record({ liveDevices: objects(DEVICES, device(h.liveUsers.map(([k]) => k))), desiredDevices: objects(DEVICES.slice(0, 3), device(referable({ live: { users: h.liveUsers }, prune: h.prune, ignore: h.ignore }, 'users', h.desiredUsers.map(([k]) => k)))) }).chain((m) => {
      const live = { users: h.liveUsers, devices: m.liveDevices };
      const users = referable({ live, prune: h.prune, ignore: h.ignore }, 'users', h.desiredUsers.map(([k]) => k));
      const devices = referable({ live, prune: h.prune, ignore: h.ignore }, 'devices', m.desiredDevices.map(([k]) => k));
      const routable = users.length || devices.length;
      const liveRoute = route(h.liveUsers.map(([k]) => k), m.liveDevices.map(([k]) => k));
      const canLive = h.liveUsers.length || m.liveDevices.length;
      return fc
        .record({ liveRoutes: canLive ? objects(DIDS, liveRoute) : none, desiredRoutes: routable ? objects(DIDS, route(users, devices)) : none })
        .map((r) => ({
          live: { ...live, did_routes: r.liveRoutes },
          desired: { users: h.desiredUsers, devices: m.desiredDevices, did_routes: r.desiredRoutes },
          prune: h.prune,
          ignore: h.ignore,
        }));
    }),
  );

// ---- VoipCenter: updates only, of objects that exist; names refer to read-only catalogs
const CATALOG: Record<string, string[]> = { routes: ['Onthaal', 'Iedereen'], office_hours: ['Kantoor', 'Weekend'], sip_accounts: ['Vergaderzaal', 'Balie'], hot_desk_templates: ['Architect'], holiday_sets: [], vacations: [], backup_routes: ['Voicemail'] };
const VC_DIDS = ['+3292452001', '+3292452002', '+3292452003'];
const INDICATORS = ['Nacht', 'Storing'];
const DESKS = ['Flex 1', 'Flex 2'];
const didRoute = (number: string) => fc.record({ number: fc.constant(number), route: pick(CATALOG.routes), office_hours: pick(CATALOG.office_hours) });
const indicator = (name: string) => fc.record({ name: fc.constant(name), active: fc.boolean() });
const desk = (name: string) => fc.record({ name: fc.constant(name), sip_account: pick(CATALOG.sip_accounts), template: pick(CATALOG.hot_desk_templates) });
const all = (keys: string[], data: (k: string) => fc.Arbitrary<ModelObject>) => fc.tuple(...keys.map((k) => data(k).map((d): [string, ModelObject] => [k, d])));
const voipcenterCase: fc.Arbitrary<Case> = fc
  .record({ liveDids: all(VC_DIDS, didRoute), liveInd: all(INDICATORS, indicator), liveDesks: all(DESKS, desk), dids: objects(VC_DIDS, didRoute), ind: objects(INDICATORS, indicator), desks: objects(DESKS, desk) })
  .map((g) => ({
    live: { did_routes: g.liveDids, indicators: g.liveInd, hot_desks: g.liveDesks, ...Object.fromEntries(Object.entries(CATALOG).map(([k, names]) => [k, names.map((n): [string, ModelObject] => [n, { name: n }])])) },
    desired: { did_routes: g.dids, indicators: g.ind, hot_desks: g.desks },
    prune: {},
    ignore: {},
  }));

function configOf(type: string, c: Case): ProviderConfig {
  const kinds = Object.fromEntries(
    Object.entries(c.desired).map(([kind, objs]) => [
      kind,
      {
        kind,
        objects: objs.map(([key, data]) => ({ key, data, loc, fieldLocs: {} })),
        policy: { prune: c.prune[kind] ?? false, ignore: c.ignore[kind] ? IGNORE : [], maxDeletes: 1e9, maxDeletePercent: 100, maxUpdatesPercent: 100 },
        loc,
      },
    ]),
  );
  return { name: type, type, settings: {}, kinds, loc };
}

/** every kind the plan reads: the declared ones and what they may refer to */
const readKinds = (mod: ProviderModule, pc: ProviderConfig) => [...new Set(Object.keys(pc.kinds).flatMap((k) => [k, ...(mod.capabilities.kinds[k].refersTo ?? [])]))];

async function check(type: string, c: Case) {
  const mod = registry[type];
  const pc = configOf(type, c);
  const store = new Map(Object.entries(c.live).map(([kind, objs]) => [kind, new Map(objs.map(([k, d]) => [k, structuredClone(d)]))]));
  const pbx = new MemoryPbx(store, type === 'issabel');
  const before = await pbx.read(readKinds(mod, pc));
  const { plan, issues } = planProvider(pc, mod, before);
  assert.equal(issues.map((i) => i.message), [], 'a valid case plans without issues');

  const ledger = await applyPlans([plan], new Map([[type, { module: mod, session: pbx }]]));
  assert.ok(ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));

  // (a) apply then plan is empty
  const after = planProvider(pc, mod, await pbx.read(readKinds(mod, pc)));
  assert.equal(after.plan.changes.map((ch) => ch.id), [], 'a plan after apply');

  // (b) the order the PBX saw: what a change refers to was created before; a delete comes
  // after every change of a live object that pointed at the deleted one
  const at = (action: string, kind: string, key: string) => pbx.seen.findIndex((s) => s.action === action && s.kind === kind && s.key === key);
  pbx.seen.forEach((s, i) => {
    if (s.action !== 'delete') {
      for (const ref of mod.references(s.kind, s.desired!)) {
        const created = at('create', ref.kind, ref.key);
        assert.ok(created < i, `${s.action} ${s.kind}/${s.key} at ${i} before the create of ${ref.kind}/${ref.key} at ${created}`);
      }
      return;
    }
    for (const [kind, objs] of Object.entries(before))
      for (const o of objs) {
        if (!mod.references(kind, o.data).some((r) => r.kind === s.kind && r.key === s.key)) continue;
        const changed = pbx.seen.findIndex((x) => x.kind === kind && x.key === o.key && x.action !== 'create');
        if (changed >= 0 && !(kind === s.kind && o.key === s.key)) assert.ok(changed < i, `delete ${s.kind}/${s.key} at ${i} before the change of ${kind}/${o.key}, which refers to it, at ${changed}`);
      }
  });

  // (c) no ignored key touched; (d) no delete without prune
  const ignored = picomatch(IGNORE);
  for (const s of pbx.seen) {
    if (c.ignore[s.kind]) assert.not.ok(ignored(s.key), `${s.action} of ignored ${s.kind}/${s.key}`);
    if (s.action === 'delete') assert.ok(c.prune[s.kind], `delete of ${s.kind}/${s.key} without prune`);
  }
  return pbx.seen.length;
}

const CASES: [string, fc.Arbitrary<Case>][] = [['issabel', issabelCase], ['kazoo', kazooCase], ['voipcenter', voipcenterCase]];

for (const [type, arbitrary] of CASES)
  test(`${type}: ${RUNS_PER_PROVIDER} random desired and live states: apply then plan is empty, references kept in order, ignore and prune respected`, async () => {
    let changes = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (c) => {
        changes += await check(type, c);
      }),
      { numRuns: RUNS_PER_PROVIDER, seed: Number(process.env.PROPERTY_SEED ?? 2024) },
    );
    assert.ok(changes > RUNS_PER_PROVIDER, `only ${changes} changes over ${RUNS_PER_PROVIDER} cases`);
  });

test.run();
