// The engine under random desired and live states, for every provider type with kinds:
// the real provider session (readAndPlan, applyPlans) over HTTP against the type's
// emulator on loopback. Each case starts from the emulator's seed, applies a random
// "before" configuration (the live state), then plans and applies a random desired one.
// Properties: apply then plan is empty; after every write the emulator logs, no object on
// it refers to a missing one; no write names an ignored object and ignored objects are
// left as they were; nothing is deleted without prune.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { applyPlans } from '../src/engine/apply.ts';
import type { Config, LiveState, ModelObject, ProviderConfig } from '../src/engine/model.ts';
import { readAndPlan } from '../src/engine/run.ts';
import { registry } from '../src/providers/index.ts';
import type { IssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { SANDBOX_ACCOUNT_ID, type KazooEmulator } from '../src/providers/kazoo/sandbox/index.ts';
import type { Emulator, EmulatorOptions } from '../src/sandbox/emulator.ts';
import { createEmulator } from '../src/sandbox/registry.ts';
import { listen } from '../src/sandbox/server.ts';
import { lacks, scenario, TYPES } from './conformance/providers.ts';

const RUNS_PER_PROVIDER = 20;
const SEED = Number(process.env.PROPERTY_SEED ?? 2024);
const IGNORE = '9*';
const loc = { file: 'pbx.config.yaml', line: 1, col: 1 };

type Objects = [string, ModelObject][];
type Decl = Record<string, Objects>;
/** one generated case: the live state made by applying `before`, then `desired` with each kind's prune and ignore */
interface Case {
  before: Decl;
  desired: Decl;
  prune: Record<string, boolean>;
  ignore: Record<string, boolean>;
}

/** what a provider type's cases need: how its emulator starts, the cases, and what its state says */
interface Generator {
  emulator: EmulatorOptions & Record<string, unknown>;
  /** the cases, given the live state of the emulator's seed */
  cases(seed: LiveState): fc.Arbitrary<Case>;
  /** references on the emulator to objects it does not have */
  dangling(em: Emulator): string[];
  /** the PBX's id of an object, as it appears in a request path */
  idOf(em: Emulator, kind: string, key: string): string | undefined;
}

const pick = <T>(items: T[]) => fc.constantFrom(...items);
const some = (keys: string[]) => fc.subarray(keys);
/** keys as objects of a kind, each with data from `data(key)` */
const objects = (keys: string[], data: (key: string) => fc.Arbitrary<ModelObject>) =>
  some(keys).chain((ks): fc.Arbitrary<Objects> => (ks.length ? fc.tuple(...ks.map((k) => data(k).map((d): [string, ModelObject] => [k, d]))) : fc.constant([])));
const none: fc.Arbitrary<Objects> = fc.constant([]);
const keys = (objs: Objects) => objs.map(([k]) => k);

/** what a desired object may refer to: declared keys, and live ones that stay (not pruned, or ignored) */
const referable = (c: Pick<Case, 'before' | 'prune' | 'ignore'>, kind: string, declared: string[]) => {
  const ignored = picomatch(IGNORE);
  const staying = keys(c.before[kind] ?? []).filter((k) => !c.prune[kind] || (c.ignore[kind] && ignored(k)));
  return [...new Set([...declared, ...staying])];
};

// ---- Issabel, from an empty PBX: extensions and ring groups (members are extensions); 9xx ignorable
const EXT = ['100', '101', '102', '103', '900', '901'];
const RG = ['600', '601', '602', '950'];
const extension = (number: string) => fc.record({ number: fc.constant(number), name: pick(['Anna', 'Bert', 'Carla']) });
const ringGroup = (members: string[]) => (number: string) =>
  fc.record({ number: fc.constant(number), name: pick(['Sales', 'Support']), strategy: pick(['ringall', 'hunt']), ring_time: fc.integer({ min: 10, max: 40 }), members: some(members).filter((m) => m.length > 0) });

const issabel: Generator = {
  emulator: { seed: 'empty' },
  cases: () =>
    fc
      .record({ prune: fc.record({ extensions: fc.boolean(), ring_groups: fc.boolean() }), ignore: fc.record({ extensions: fc.boolean(), ring_groups: fc.boolean() }), beforeExt: objects(EXT, extension) })
      .chain((h) =>
        fc.record({ beforeRg: h.beforeExt.length ? objects(RG, ringGroup(keys(h.beforeExt))) : none, desiredExt: objects(EXT.slice(0, 4), extension) }).chain((m) => {
          const members = referable({ before: { extensions: h.beforeExt }, prune: h.prune, ignore: h.ignore }, 'extensions', keys(m.desiredExt));
          return (members.length ? objects(RG.slice(0, 3), ringGroup(members)) : none).map((desiredRg) => ({
            before: { extensions: h.beforeExt, ring_groups: m.beforeRg },
            desired: { extensions: m.desiredExt, ring_groups: desiredRg },
            prune: h.prune,
            ignore: h.ignore,
          }));
        }),
      ),
  dangling(em) {
    const { extensions, ringGroups } = (em as IssabelEmulator).state;
    return Object.values(ringGroups).flatMap((g) => g.extension_list.map((m) => m.replace(/#$/, '')).filter((m) => m && !Object.hasOwn(extensions, m)).map((m) => `ring group ${g.extension} → extension ${m}`));
  },
  idOf: (_em, _kind, key) => key,
};

// ---- SmartPBX, on the sandbox account's seed (an empty emulator has no account; the seed's
// objects are ignored): users; devices owned by users; DID routes to a user or a device
const USERS = ['ana@x.example', 'ben@x.example', 'cy@x.example', '9ops@x.example'];
const DEVICES = ['Desk 1', 'Desk 2', 'Desk 3', '9 Lab'];
const DIDS = ['+3220000001', '+3220000002', '+3220000003'];
const user = (username: string) => fc.record({ username: fc.constant(username), first_name: pick(['Ana', 'Ben', 'Cy']), last_name: pick(['Ng', 'Ola']) });
const device = (owners: string[]) => (name: string) => fc.record({ name: fc.constant(name), ...(owners.length ? { owner: pick(owners) } : {}) }, { requiredKeys: ['name'] });
const route = (users: string[], devices: string[]) => (number: string) =>
  fc.oneof(...[...(users.length ? [pick(users).map((u) => ({ number, user: u }))] : []), ...(devices.length ? [pick(devices).map((d) => ({ number, device: d }))] : [])]);

const kazooDocs = (em: Emulator, kind: 'users' | 'devices' | 'callflows') =>
  Object.values((em as KazooEmulator).state[kind]).filter((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && !d.pvt_deleted);
/** every node of a callflow's flow tree */
const nodes = (flow: unknown): Record<string, any>[] =>
  flow && typeof flow === 'object' ? [flow as Record<string, any>, ...Object.values((flow as { children?: object }).children ?? {}).flatMap(nodes)] : [];

const kazoo: Generator = {
  emulator: { seed: 'default' },
  cases: () =>
    fc
      .record({
        prune: fc.record({ users: fc.boolean(), devices: fc.boolean(), did_routes: fc.boolean() }),
        ignore: fc.record({ users: fc.boolean(), devices: fc.boolean(), did_routes: fc.boolean() }),
        beforeUsers: objects(USERS, user),
        desiredUsers: objects(USERS.slice(0, 3), user),
      })
      .chain((h) => {
        const policy = { prune: h.prune, ignore: h.ignore };
        const users = referable({ before: { users: h.beforeUsers }, ...policy }, 'users', keys(h.desiredUsers));
        return fc.record({ beforeDevices: objects(DEVICES, device(keys(h.beforeUsers))), desiredDevices: objects(DEVICES.slice(0, 3), device(users)) }).chain((m) => {
          const devices = referable({ before: { devices: m.beforeDevices }, ...policy }, 'devices', keys(m.desiredDevices));
          const beforeRoutes = h.beforeUsers.length || m.beforeDevices.length ? objects(DIDS, route(keys(h.beforeUsers), keys(m.beforeDevices))) : none;
          const desiredRoutes = users.length || devices.length ? objects(DIDS, route(users, devices)) : none;
          return fc.record({ beforeRoutes, desiredRoutes }).map((r) => ({
            before: { users: h.beforeUsers, devices: m.beforeDevices, did_routes: r.beforeRoutes },
            desired: { users: h.desiredUsers, devices: m.desiredDevices, did_routes: r.desiredRoutes },
            ...policy,
          }));
        });
      }),
  dangling(em) {
    const ids = { user: new Set(kazooDocs(em, 'users').map((d) => d._id)), device: new Set(kazooDocs(em, 'devices').map((d) => d._id)) };
    const owners = kazooDocs(em, 'devices').filter((d) => typeof d.owner_id === 'string' && !ids.user.has(d.owner_id)).map((d) => `device ${String(d.name)} → user ${String(d.owner_id)}`);
    const flows = kazooDocs(em, 'callflows').flatMap((c) =>
      nodes(c.flow)
        .filter((n) => (n.module === 'user' || n.module === 'device') && !ids[n.module as 'user' | 'device'].has(n.data?.id))
        .map((n) => `callflow ${String(c.name)} → ${String(n.module)} ${String(n.data?.id)}`),
    );
    return [...owners, ...flows];
  },
  idOf(em, kind, key) {
    if (kind === 'users') return kazooDocs(em, 'users').find((d) => d.username === key)?._id;
    if (kind === 'devices') return kazooDocs(em, 'devices').find((d) => d.name === key)?._id;
    return kazooDocs(em, 'callflows').find((d) => (d.numbers as string[] | undefined)?.includes(key))?._id;
  },
};

// ---- VoipCenter: updates only, of the seed's objects; names refer to its read-only catalogs
const names = (live: LiveState, kind: string) => (live[kind] ?? []).map((o) => o.key);
const voipcenter: Generator = {
  emulator: { seed: 'default' },
  cases(seed) {
    const didRoute = (number: string) => fc.record({ number: fc.constant(number), route: pick(names(seed, 'routes')), office_hours: pick(names(seed, 'office_hours')) });
    const indicator = (name: string) => fc.record({ name: fc.constant(name), active: fc.boolean() });
    const desk = (name: string) => fc.record({ name: fc.constant(name), sip_account: pick(names(seed, 'sip_accounts')), template: pick(names(seed, 'hot_desk_templates')) });
    const decl = fc.record({ did_routes: objects(names(seed, 'did_routes'), didRoute), indicators: objects(names(seed, 'indicators'), indicator), hot_desks: objects(names(seed, 'hot_desks'), desk) });
    return fc.record({ before: decl, desired: decl }).map((d) => ({ ...d, prune: {}, ignore: {} }));
  },
  dangling: () => [],
  idOf: () => undefined,
};

const GENERATORS: Record<string, Generator> = { issabel, kazoo, voipcenter };

function providerConfig(type: string, settings: Record<string, unknown>, decl: Decl, c: Pick<Case, 'prune' | 'ignore'>, protect: Record<string, string[]>): ProviderConfig {
  const kinds = Object.fromEntries(
    Object.entries(decl).map(([kind, objs]) => [
      kind,
      {
        kind,
        objects: objs.map(([key, data]) => ({ key, data, loc, fieldLocs: {} })),
        policy: { prune: c.prune[kind] ?? false, ignore: [...(protect[kind] ?? []), ...(c.ignore[kind] ? [IGNORE] : [])], maxDeletes: 1e9, maxDeletePercent: 100, maxUpdatesPercent: 100 },
        loc,
      },
    ]),
  );
  return { name: type, type, settings, kinds, loc };
}

/** plans and applies one provider block; the plan must be clean and every change applied */
async function planApply(config: Config) {
  const { plan, connected } = await readAndPlan(config, { registry });
  const p = plan.providers[0];
  assert.equal([...plan.issues.map((i) => i.message), ...(p.error ? [p.error] : []), ...p.blocked.map((b) => JSON.stringify(b))], [], 'a valid case plans cleanly');
  const ledger = await applyPlans(plan.providers, connected);
  assert.ok(ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));
  return p;
}

const planOf = async (config: Config) => (await readAndPlan(config, { registry })).plan.providers[0];

for (const c of TYPES) {
  const name = `${c.type}: ${RUNS_PER_PROVIDER} random live and desired states over HTTP: apply then plan is empty, no dangling reference after any write, ignore and prune respected`;
  scenario(name, lacks(c, 'kinds'), async () => {
    const gen = GENERATORS[c.type];
    assert.ok(gen, `no case generator for provider type ${c.type}: add one to test/property.test.ts`);
    const em = await createEmulator(c.type, gen.emulator);
    const server = await listen(em);
    const settings = em.settings(server.url);
    const config = (decl: Decl, k: Pick<Case, 'prune' | 'ignore'>, protect: Record<string, string[]>): Config => ({ file: loc.file, providers: [providerConfig(c.type, settings, decl, k, protect)] });
    // the seed's objects of every managed kind, read through the session: out of scope of every case
    const seeded = (await planOf(config(Object.fromEntries(c.managed.map((k) => [k, []])), { prune: {}, ignore: {} }, {}))).live ?? {};
    const protect = c.managed.some((k) => registry[c.type].capabilities.kinds[k].operations.includes('create')) ? Object.fromEntries(c.managed.map((k) => [k, names(seeded, k)])) : {};

    // every write the emulator logs is checked against its state as it stands then
    const broken: { after: string; ref: string }[] = [];
    const push = em.log.push.bind(em.log);
    em.log.push = (...entries) => {
      const n = push(...entries);
      if (entries.some((e) => e.write && e.status < 300)) broken.push(...gen.dangling(em).map((ref) => ({ after: `${entries[0].method} ${entries[0].path}`, ref })));
      return n;
    };

    let writes = 0;
    try {
      await fc.assert(
        fc.asyncProperty(gen.cases(seeded), async (k) => {
          em.reset();
          broken.length = 0;
          await planApply(config(k.before, { prune: {}, ignore: {} }, protect));
          const desired = config(k.desired, k, protect);
          const ignored = (kind: string) => picomatch(desired.providers[0].kinds[kind]?.policy.ignore ?? []);
          const before = (await planOf(desired)).live ?? {};
          const ignoredIds = Object.entries(before).flatMap(([kind, objs]) => objs.filter((o) => ignored(kind)(o.key)).map((o) => gen.idOf(em, kind, o.key)).filter((id): id is string => !!id));
          const start = em.log.length;

          const planned = await planApply(desired);
          const seen = em.log.slice(start).filter((e) => e.write);
          writes += seen.length;

          // (a) apply then plan is empty
          const after = await planOf(desired);
          assert.equal(after.changes.map((ch) => ch.id), [], 'a plan after apply');
          // (b) a reference the order broke for a while: a dangling one that is gone by the end.
          // One left at the end is a live object left alone that refers to a pruned one: the plan must say so.
          const left = gen.dangling(em);
          assert.equal(broken.filter((b) => !left.includes(b.ref)), [], 'references broken by the order of the writes');
          if (left.length) assert.ok(planned.warnings.some((w) => w.includes('still refers to')), `dangling references the plan did not warn about: ${left.join('; ')}`);
          // (c) no write names an ignored object, which is left as it was
          for (const e of seen) assert.not.ok(ignoredIds.some((id) => e.path.split('/').includes(id)), `${e.method} ${e.path} touches an ignored object`);
          for (const [kind, objs] of Object.entries(before))
            for (const o of objs) {
              const now = after.live?.[kind]?.find((x) => x.key === o.key);
              // one the plan warned still refers to a deleted object reads differently (its reference is gone)
              const warned = planned.warnings.some((w) => w.includes(` ${o.key} (left alone) still refers to`));
              if (ignored(kind)(o.key) && Object.hasOwn(desired.providers[0].kinds, kind) && !warned) assert.equal(now?.data, o.data, `ignored ${kind}/${o.key}`);
              // (d) nothing deleted without prune
              if (!desired.providers[0].kinds[kind]?.policy.prune) assert.ok(now, `${kind}/${o.key} deleted without prune`);
            }
          if (!Object.values(k.prune).some(Boolean)) assert.equal(seen.filter((e) => e.method === 'DELETE'), [], 'DELETE without prune');
        }),
        { numRuns: RUNS_PER_PROVIDER, seed: SEED, includeErrorInReport: true },
      );
    } finally {
      await server.close();
    }
    assert.ok(writes > RUNS_PER_PROVIDER, `only ${writes} writes over ${RUNS_PER_PROVIDER} cases`);
  });
}

test.run();
