// The call-path simulator agrees with itself across apply, per routing provider type: a
// random routing configuration (opening hours, holidays, destinations among extensions or
// users, ring groups, voicemail and hang-up) is planned and applied by the real session
// against the type's emulator over HTTP on loopback; the live state read back must route
// the main number exactly as the desired state (live before apply + the YAML) said it
// would, at random instants of 2026 and at the edges: both Brussels DST changes, the
// holidays, opening and closing minutes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { applyPlans } from '../src/engine/apply.ts';
import type { Config, LiveState, ModelObject, ProviderConfig } from '../src/engine/model.ts';
import { desiredState, type CallPath } from '../src/engine/route-path.ts';
import { connect, readAndPlan, readLive } from '../src/engine/run.ts';
import { registry } from '../src/providers/index.ts';
import type { EmulatorOptions } from '../src/sandbox/emulator.ts';
import { createEmulator } from '../src/sandbox/registry.ts';
import { listen } from '../src/sandbox/server.ts';

const RUNS = 5;
const SEED = Number(process.env.PROPERTY_SEED ?? 1414);
const loc = { file: 'pbx.config.yaml', line: 1, col: 1 };
const BXL = 'Europe/Brussels';

type Decl = Record<string, ModelObject[]>;

interface RoutingGen {
  emulator: EmulatorOptions & Record<string, unknown>;
  /** settings added to the emulator's (Issabel's timezone) */
  settings?: Record<string, unknown>;
  /** the number whose path is compared */
  number: string;
  /** the kinds keyed by what field */
  keys: Record<string, string>;
  decl(seed: LiveState): fc.Arbitrary<Decl>;
}

const pick = <T,>(items: T[]) => fc.constantFrom(...items);
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
/** opening hours: from 00:00–11:59 to a later minute (02:00–03:00 is the Brussels DST hour) */
const hours = fc.tuple(fc.integer({ min: 0, max: 719 }), fc.integer({ min: 1, max: 720 })).map(([a, len]) => `${hhmm(a)}-${hhmm(Math.min(a + len, 23 * 60 + 59))}`);
const HOLIDAYS = ['01-01', '03-29', '10-25', '12-25', '08-17'];

// ---- Issabel: inbound route → Holiday? → Open? → destinations, extensions with voicemail
const issabelDest = pick<ModelObject>([{ extension: '100' }, { ring_group: '600' }, { voicemail: '100' }, { voicemail: '101', mode: 'busy' }, { hangup: true }]);
const issabel: RoutingGen = {
  emulator: { seed: 'empty' },
  settings: { timezone: BXL },
  number: '3292451010',
  keys: { extensions: 'number', ring_groups: 'number', time_groups: 'name', time_conditions: 'name', inbound_routes: 'did' },
  decl: () =>
    fc
      .record({
        office: fc.array(fc.record({ days: pick(['mon-fri', 'sat', 'fri-mon', 'sun']), hours }), { minLength: 1, maxLength: 2 }),
        holidays: fc.subarray(HOLIDAYS, { minLength: 1 }),
        open: issabelDest,
        closed: issabelDest,
        holiday: issabelDest,
        ringTime: fc.integer({ min: 10, max: 40 }),
      })
      .map((g) => ({
        extensions: [
          { number: '100', name: 'Anna', ring_time: g.ringTime, voicemail: { enabled: true } },
          { number: '101', name: 'Bert', voicemail: { enabled: true } },
        ],
        ring_groups: [{ number: '600', name: 'Sales', strategy: 'ringall', ring_time: g.ringTime, members: ['100', '101'], no_answer_destination: 'ext-local,vmu101,1' }],
        time_groups: [
          { name: 'Office', times: g.office },
          { name: 'Holidays', times: g.holidays.map((date) => ({ date })) },
        ],
        time_conditions: [
          { name: 'Holiday?', time_group: 'Holidays', match: g.holiday, otherwise: { time_switch: 'Open?' } },
          { name: 'Open?', time_group: 'Office', match: g.open, otherwise: g.closed },
        ],
        inbound_routes: [{ did: '3292451010', name: 'Main', destination: { time_switch: 'Holiday?' } }],
      })),
};

// ---- SmartPBX: a schedule (its own timezone or the account's) and a DID route through it, to the seed's users and boxes
const names = (live: LiveState, kind: string) => (live[kind] ?? []).map((o) => o.key);
const kazoo: RoutingGen = {
  emulator: { seed: 'default' },
  number: '+3220000001',
  keys: { schedules: 'name', did_routes: 'number' },
  decl(seed) {
    const users = names(seed, 'users').slice(0, 3);
    const target = fc.oneof(
      pick(users).map((user): ModelObject => ({ user })),
      pick(names(seed, 'voicemail_boxes')).map((voicemail): ModelObject => ({ voicemail })),
      fc.record({ timeout: fc.integer({ min: 5, max: 60 }), endpoints: fc.subarray(users, { minLength: 1 }) }).map((g): ModelObject => ({
        ring_group: { name: 'Group', timeout: g.timeout, endpoints: g.endpoints.map((user) => ({ user })) },
      })),
    );
    const day = pick(['monday-friday', 'saturday', 'sunday', 'friday-monday']);
    return fc
      .record({
        rules: fc.array(fc.record({ days: day, hours }), { minLength: 1, maxLength: 2 }),
        holidays: fc.subarray([...HOLIDAYS, '2026-11-30', '2026-03-29'], { minLength: 1 }),
        timezone: fc.option(pick([BXL, 'Asia/Jakarta', 'America/New_York']), { nil: undefined }),
        open: target,
        closed: target,
        holiday: fc.option(target, { nil: undefined }),
      })
      .map((g) => ({
        schedules: [
          {
            name: 'Hours',
            ...(g.timezone ? { timezone: g.timezone } : {}),
            rules: g.rules.map((r, i) => ({ name: `Open ${i}`, ...r })),
            holidays: g.holidays.map((date, i) => ({ name: `Holiday ${i}`, date })),
          },
        ],
        did_routes: [{ number: '+3220000001', name: 'Main', schedule: 'Hours', open: g.open, closed: g.closed, ...(g.holiday ? { holidays: g.holiday } : {}) }],
      }));
  },
};

// ---- VoipCenter: updates only, the seed's first DID pointed at its filters and routes
const voipcenter: RoutingGen = {
  emulator: { seed: 'default' },
  number: '',
  keys: { did_routes: 'number' },
  decl(seed) {
    const one = (kind: string) => fc.option(pick(names(seed, kind)), { nil: null });
    return fc
      .record({ holidays: one('holiday_sets'), vacations: one('vacations'), office_hours: one('office_hours'), route: pick(names(seed, 'routes')), backup_route: one('backup_routes') })
      .map((d) => ({ did_routes: [{ number: names(seed, 'did_routes')[0], ...d }] }));
  },
};

const GENS: Record<string, RoutingGen> = { issabel, kazoo, voipcenter };

/** instants: anywhere in 2026, or one of the edges */
const EDGES = [
  '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T02:00:00Z',
  '2026-12-24T23:00:00Z', '2026-12-25T22:59:59Z', '2026-01-01T08:00:00Z', '2026-08-17T03:00:00Z', '2026-11-30T09:00:00Z', '2026-07-21T09:00:00Z',
].map((t) => new Date(t));
const instant = fc.oneof(pick(EDGES), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000)));

function providerConfig(type: string, settings: Record<string, unknown>, gen: RoutingGen, decl: Decl): ProviderConfig {
  const kinds = Object.fromEntries(
    Object.entries(decl).map(([kind, objs]) => [
      kind,
      {
        kind,
        objects: objs.map((data) => ({ key: String(data[gen.keys[kind]]), data, loc, fieldLocs: {} })),
        policy: { prune: false, ignore: [], maxDeletes: 1e9, maxDeletePercent: 100, maxUpdatesPercent: 100 },
        loc,
      },
    ]),
  );
  return { name: type, type, settings, kinds, loc };
}

const comparable = (p: CallPath | undefined) => p && { timezone: p.timezone, steps: p.steps };

for (const [type, gen] of Object.entries(GENS)) {
  test(`${type}: ${RUNS} random routing configurations applied over HTTP route every instant as the desired state said`, async () => {
    const module = registry[type];
    assert.ok(module.callPath, `${type} has a callPath hook`);
    const em = await createEmulator(type, gen.emulator);
    const server = await listen(em);
    const settings = { ...em.settings(server.url), ...gen.settings };
    const kinds = Object.keys(module.capabilities.kinds);
    const read = async () => {
      const session = connect(module, settings, { name: type });
      return { live: await readLive(module, session, kinds), account: await session.account?.().catch(() => undefined) };
    };
    try {
      const seed = (await read()).live;
      const number = gen.number || names(seed, 'did_routes')[0];
      await fc.assert(
        fc.asyncProperty(gen.decl(seed), fc.array(instant, { minLength: 6, maxLength: 10 }), async (decl, instants) => {
          em.reset();
          const pc = providerConfig(type, settings, gen, decl);
          const before = await read();
          const desired = desiredState(pc, before.live);
          const config: Config = { file: loc.file, providers: [pc] };
          const { plan, connected } = await readAndPlan(config, { registry });
          const p = plan.providers[0];
          assert.equal([...plan.issues.map((i) => i.message), ...(p.error ? [p.error] : []), ...p.blocked.map((b) => JSON.stringify(b))], [], 'a valid case plans cleanly');
          const ledger = await applyPlans(plan.providers, connected);
          assert.ok(ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));
          const after = await read();
          for (const at of [...EDGES, ...instants]) {
            const ctx = { settings, account: after.account };
            const want = comparable(module.callPath!(desired, number, at, { settings, account: before.account }));
            assert.ok(want, `the desired state routes ${number}`);
            assert.equal(comparable(module.callPath!(after.live, number, at, ctx)), want, `${number} at ${at.toISOString()}`);
          }
        }),
        { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
      );
    } finally {
      await server.close();
    }
  });
}

test.run();
