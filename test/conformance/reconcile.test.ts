// Conformance, in-process over HTTP to each type's sandbox: create, update, delete with
// prune, unmanaged objects, ignore. The same scenarios for every type, each gated by what
// the type declares it can do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONFORMING, lacks, scenario } from './providers.ts';
import { target, using, type Target } from './rig.ts';

const summary = (changes: { action: string; key: string }[]) => changes.map((c) => `${c.action} ${c.key}`);

/** the one provider's plan, failing on a read error or plan issue */
async function planOf(t: Target, body: string) {
  const ws = await t.workspace(body);
  const { plan } = await t.plan(ws);
  assert.is(plan.providers[0].error, undefined);
  assert.equal(plan.issues.map((i) => i.message), []);
  return { ws, p: plan.providers[0] };
}

for (const c of CONFORMING) {
  const k = c.fixture!.kinds!;

  scenario(`create · ${c.type}: one object planned, created once, then nothing to do`, lacks(c, 'create'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const { ws, p } = await planOf(t, t.kindYaml([k.create!.object]));
      assert.equal(summary(p.changes), [`create ${k.create!.key}`]);
      const ledger = await t.apply(ws);
      assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
      assert.equal(k.liveKeys(t.emulator).filter((key) => key === k.create!.key), [k.create!.key]);
      assert.equal((await t.plan(ws)).plan.providers[0].changes, []);
    }),
  );

  scenario(`update · ${c.type}: one field of a seeded object planned and written`, lacks(c, 'update'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const before = k.update.value(t.emulator);
      assert.is.not(before, k.update.after);
      const { ws, p } = await planOf(t, t.kindYaml([k.update.object]));
      assert.equal(summary(p.changes), [`update ${k.update.key}`]);
      assert.is(p.changes[0].fields.length, 1, JSON.stringify(p.changes[0].fields));
      const ledger = await t.apply(ws);
      assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
      assert.is(k.update.value(t.emulator), k.update.after);
    }),
  );

  scenario(`delete with prune · ${c.type}: every undeclared object of the kind deleted`, lacks(c, 'delete'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const { ws, p } = await planOf(t, t.kindYaml([], { prune: true }));
      assert.equal(summary(p.changes).sort(), k.seeded.map((key) => `delete ${key}`).sort());
      assert.equal(p.unmanaged, []);
      const ledger = await t.apply(ws);
      assert.ok(ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));
      assert.equal(k.liveKeys(t.emulator), []);
      assert.equal((await t.plan(ws)).plan.providers[0].changes, []);
    }),
  );

  // prune is on where the kind cannot delete: it still must not delete
  scenario(`unmanaged · ${c.type}: undeclared live objects reported, not touched`, lacks(c, 'kinds'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const { ws, p } = await planOf(t, t.kindYaml([k.update.object], { prune: !c.can.delete }));
      const others = k.seeded.filter((key) => key !== k.update.key);
      assert.equal(p.unmanaged.filter((u) => u.kind === k.kind).map((u) => u.key).sort(), others.sort());
      assert.equal(summary(p.changes), [`update ${k.update.key}`]);
      await t.apply(ws);
      assert.equal(k.liveKeys(t.emulator).sort(), [...k.seeded].sort());
    }),
  );

  scenario(`ignore · ${c.type}: an ignored key is neither changed, deleted (prune on) nor reported`, lacks(c, 'kinds'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const { ws, p } = await planOf(t, t.kindYaml([k.update.object], { prune: c.can.delete, ignore: k.ignore.pattern }));
      assert.not.ok(p.changes.some((ch) => ch.key === k.ignore.key), JSON.stringify(summary(p.changes)));
      assert.not.ok(p.unmanaged.some((u) => u.key === k.ignore.key));
      const ledger = await t.apply(ws);
      assert.not.ok(ledger.entries.some((e) => e.key === k.ignore.key));
      assert.ok(k.liveKeys(t.emulator).includes(k.ignore.key));
    }),
  );
}

test.run();
