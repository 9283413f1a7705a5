// Conformance, day two, in-process over HTTP to each type's sandbox: --target and --exclude,
// ignore_fields, and renamed_from where a kind is renamable. Gated like reconcile.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans } from '../../src/engine/apply.ts';
import { readAndPlan } from '../../src/engine/run.ts';
import { compileSelection, type Selection } from '../../src/engine/target.ts';
import { registry } from '../../src/providers/index.ts';
import { load, type Workspace } from '../helpers/workspace.ts';
import { CONFORMING, lacks, scenario } from './providers.ts';
import { NAME, target, using, type Target } from './rig.ts';

const summary = (changes: { action: string; key: string }[]) => changes.map((c) => `${c.action} ${c.key}`);

/** plan with a selection, failing on a read error */
async function planSelected(t: Target, ws: Workspace, sel: Partial<Selection>) {
  const select = compileSelection({ target: sel.target ?? [], exclude: sel.exclude ?? [] }, [NAME]);
  const run = await readAndPlan(await load(ws, t.env, false), { registry, select });
  assert.is(run.plan.providers[0].error, undefined);
  return run;
}

for (const c of CONFORMING) {
  const k = c.fixture!.kinds!;

  scenario(`target · ${c.type}: only the targeted object is planned and written; --exclude leaves it out`, lacks(c, 'update'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const objects = [k.update.object, ...(k.create ? [k.create.object] : [])];
      const ws = await t.workspace(t.kindYaml(objects));
      const only = `${k.kind}/${k.update.key}`;
      const excluded = await planSelected(t, ws, { exclude: [only] });
      assert.equal(summary(excluded.plan.providers[0].changes), k.create ? [`create ${k.create.key}`] : []);

      const { plan, connected } = await planSelected(t, ws, { target: [only] });
      assert.equal(plan.issues, []);
      assert.equal(summary(plan.providers[0].changes), [`update ${k.update.key}`]);
      const ledger = await applyPlans(plan.providers, connected);
      assert.equal(ledger.entries.map((e) => `${e.action} ${e.key} ${e.outcome}`), [`update ${k.update.key} applied`]);
      assert.is(k.update.value(t.emulator), k.update.after);
      if (k.create) assert.not.ok(k.liveKeys(t.emulator).includes(k.create.key));
    }),
  );

  scenario(`ignore_fields · ${c.type}: a field that differs is neither planned nor written, and warned about when declared`, lacks(c, 'update'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const plain = await t.plan(await t.workspace(t.kindYaml([k.update.object])));
      const path = plain.plan.providers[0].changes[0].fields[0].path;
      const before = k.update.value(t.emulator);
      const ws = await t.workspace(`    policy: { ${k.kind}: { ignore_fields: ["${path}"] } }\n${t.kindYaml([k.update.object])}`);
      const { plan } = await t.plan(ws);
      const p = plan.providers[0];
      assert.equal(p.changes, []);
      assert.ok(p.warnings.some((w) => w.startsWith(`${k.kind}: ${path} is declared but ignored`)), JSON.stringify(p.warnings));
      const ledger = await t.apply(ws);
      assert.equal(ledger.entries, []);
      assert.equal(k.update.value(t.emulator), before);
    }),
  );

  const r = c.fixture!.rename;
  scenario(`rename · ${c.type}: renamed_from renames the live object in place`, r ? undefined : `${c.type} has no renamable kind (capability: renamable)`, () =>
    using(target(c.type, c.fixture!), async (t) => {
      const id = r!.idOf(t.emulator, r!.from);
      assert.ok(id);
      const ws = await t.workspace(`    ${r!.kind}:\n      - ${r!.object}\n`);
      const { plan } = await t.plan(ws);
      assert.equal(plan.issues, []);
      assert.equal(plan.providers[0].changes.map((ch) => [ch.action, ch.renamedFrom, ch.key]), [['update', r!.from, r!.to]]);
      const ledger = await t.apply(ws);
      assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
      assert.is(r!.idOf(t.emulator, r!.to), id);
      assert.is(r!.idOf(t.emulator, r!.from), undefined);
      assert.equal((await t.plan(ws)).plan.providers[0].changes, []);
    }),
  );
}

test.run();
