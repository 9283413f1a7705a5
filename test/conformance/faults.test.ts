// Conformance under faults, in-process over HTTP to each type's sandbox: a token that
// expires mid-run, 5xx answers and answers lost after the write, one answer lost after
// its write committed, and no unhandled rejection whatever the server does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans } from '../../src/engine/apply.ts';
import type { CallRecord } from '../../src/engine/provider.ts';
import { seededRandom } from '../../src/sandbox/seeded-random.ts';
import { collect } from '../helpers/voipcenter.ts';
import { loseFirstWriteAnswer } from './fronts.ts';
import { CONFORMING, lacks, scenario, type Conforming } from './providers.ts';
import { target, using, type Target } from './rig.ts';

const HOUR = 3_600_000;
const RANGE = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') };
const MAX_RUNS = 4;

/** the fixture's objects: the one it creates (where it can) and the one it updates */
const changesOf = (c: Conforming) => [...(c.can.create ? [c.fixture!.kinds!.create!.object] : []), c.fixture!.kinds!.update.object];

const callsOf = (t: Target) => collect(t.session().calls!(RANGE, {}));
const sum = (calls: CallRecord[]) => calls.reduce((s, r) => s + (r.amount ?? 0) + r.duration, 0);

/** state = desired: the update's value written, the created object there exactly once */
function desiredOnServer(c: Conforming, t: Target) {
  const k = c.fixture!.kinds!;
  assert.is(k.update.value(t.emulator), k.update.after);
  if (c.can.create) assert.equal(k.liveKeys(t.emulator).filter((key) => key === k.create!.key), [k.create!.key], 'created exactly once');
}

const workable = (c: Conforming) => (c.managed.length || c.calls ? undefined : `${c.type} has neither kinds nor call history (capability: kinds, calls)`);

for (const c of CONFORMING) {
  scenario(
    `token expiry mid-run · ${c.type}: the client logs in again, unnoticed, and the run completes`,
    c.tokenExpiry ? workable(c) : `${c.type} declares no expiring token (capability: features.tokenExpiry)`,
    async () => {
      let clock = Date.now();
      await using(target(c.type, c.fixture!, { emulator: { now: () => clock } }), async (t) => {
        if (c.managed.length) {
          const ws = await t.workspace(t.kindYaml(changesOf(c)));
          const { plan, connected } = await t.plan(ws);
          const before = t.logins();
          clock += 2 * HOUR;
          const ledger = await applyPlans(plan.providers, connected);
          assert.ok(ledger.entries.length && ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));
          assert.ok(t.logins() > before, 'a new login after the expiry');
          desiredOnServer(c, t);
          return;
        }
        const calls: CallRecord[] = [];
        let before = 0;
        for await (const call of t.session().calls!(RANGE, {})) {
          if (!calls.length) {
            before = t.logins();
            clock += 2 * HOUR;
          }
          calls.push(call);
        }
        assert.ok(t.logins() > before, 'a new login after the expiry');
        const clean = await callsOf(t);
        assert.is(calls.length, clean.length);
        assert.is(sum(calls), sum(clean));
      });
    },
  );

  scenario(`5xx and lost answers · ${c.type}: runs converge, state = desired, nothing duplicated`, workable(c), () =>
    using(target(c.type, c.fixture!), async (t) => {
      Object.assign(t.faults, { errorRate: 0.2, resetAfterWriteRate: 0.2, random: seededRandom(5) });
      if (!c.managed.length) {
        const faulty = await callsOf(t);
        Object.assign(t.faults, { errorRate: 0, resetAfterWriteRate: 0 });
        const clean = await callsOf(t);
        assert.is(faulty.length, clean.length);
        assert.is(sum(faulty), sum(clean));
        return;
      }
      const ws = await t.workspace(t.kindYaml(changesOf(c)));
      let runs = 0;
      for (; runs < MAX_RUNS; runs++) {
        const { plan, connected } = await t.plan(ws);
        const p = plan.providers[0];
        if (!p.error && !p.changes.length) break;
        if (!p.error) await applyPlans(plan.providers, connected);
      }
      assert.ok(runs < MAX_RUNS, `not converged after ${MAX_RUNS} runs`);
      Object.assign(t.faults, { errorRate: 0, resetAfterWriteRate: 0 });
      assert.equal((await t.plan(ws)).plan.providers[0].changes, []);
      desiredOnServer(c, t);
    }),
  );

  scenario(`answer lost after the write committed · ${c.type}: never reported done unless it is; the next apply ends at state = desired`, lacks(c, 'write'), () => {
    const front = loseFirstWriteAnswer();
    return using(target(c.type, c.fixture!, { front }), async (t) => {
      const ws = await t.workspace(t.kindYaml(changesOf(c).slice(0, 1)));
      const first = await t.apply(ws);
      assert.ok(front.lost, 'an answer was lost');
      const k = c.fixture!.kinds!;
      const [key] = c.can.create ? [k.create!.key] : [k.update.key];
      const entry = first.entries.find((e) => e.key === key)!;
      assert.ok(entry, JSON.stringify(first.entries));
      if (entry.outcome === 'applied') assert.ok(k.liveKeys(t.emulator).includes(key));
      else assert.match(entry.reason ?? '', /./);
      const { plan } = await t.plan(ws);
      if (plan.providers[0].changes.length) await t.apply(ws);
      assert.equal((await t.plan(ws)).plan.providers[0].changes, []);
      assert.equal(k.liveKeys(t.emulator).filter((x) => x === key), [key], 'there exactly once');
    });
  });

  scenario(`no unhandled rejection · ${c.type}: answers past the timeout and 5xx answers end as results or errors its caller gets`, workable(c), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (err: unknown) => unhandled.push(err);
      process.on('unhandledRejection', onUnhandled);
      try {
        Object.assign(t.faults, { errorRate: 0.3, slowRate: 0.3, slowMs: 250, random: seededRandom(7) });
        const reads = Array.from({ length: 2 }, async () => {
          const session = t.session({ timeout_seconds: 0.2 });
          if (c.managed.length) await session.read(c.managed);
          else await collect(session.calls!({ from: RANGE.from, to: new Date('2026-01-03T00:00:00Z') }, {}));
        });
        // some reads may fail for good (their tries spent): an error to the caller, not a crash
        await Promise.allSettled(reads);
        assert.ok(t.emulator.log.length > 2, `only ${t.emulator.log.length} requests`);
        // aborts of earlier tries surface on a later turn of the event loop
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(unhandled.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))), []);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    }),
  );
}

test.run();
