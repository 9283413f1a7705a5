// Conformance through the real CLI process, where the exit code and output are the point:
// apply → plan empty, import → plan empty, doctor and a wrong secret, garbage answers,
// Ctrl-C during apply, concurrent applies. Each type's sandbox is a server on loopback the
// YAML points at through environment variables, as a production server would be.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ledger } from '../../src/engine/apply.ts';
import { registry } from '../../src/providers/index.ts';
import { startCli, until } from '../helpers/cli-process.ts';
import { LOGIN } from '../helpers/live-servers.ts';
import { GARBAGE, garbage } from './fronts.ts';
import { CONFORMING, lacks, scenario, type Conforming } from './providers.ts';
import { NAME, target, using, type Target } from './rig.ts';

const STACK = /\n\s+at |TypeError|SyntaxError|ReferenceError|\[object /;
const writes = (t: Target) => t.emulator.log.filter((e) => e.write && !LOGIN.test(e.path) && e.status < 300).length;

/** the command that makes a type talk to its server: plan where it has kinds, else its call history */
const work = (c: Conforming) => (c.managed.length ? ['plan', '--detailed-exitcode'] : ['calls', '--provider', NAME, '--from', '2026-01-01', '--to', '2026-01-31']);
const canWork = (c: Conforming) => (c.managed.length || c.calls ? undefined : `${c.type} has neither kinds nor call history (capability: kinds, calls)`);

/** the fixture's objects: the one it creates (where it can) and the one it updates */
const changesOf = (c: Conforming) => [...(c.can.create ? [c.fixture!.kinds!.create!.object] : []), c.fixture!.kinds!.update.object];

for (const c of CONFORMING) {
  const title = registry[c.type].title;

  scenario(`apply → plan empty · ${c.type}: plan exits 2, apply --yes 0, plan 0`, lacks(c, 'write'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const ws = await t.workspace(t.kindYaml(changesOf(c)));
      const plan = await t.cli(ws, ['plan', '--detailed-exitcode']);
      assert.is(plan.code, 2, plan.stdout + plan.stderr);
      const apply = await t.cli(ws, ['apply', '--yes']);
      assert.is(apply.code, 0, apply.stdout + apply.stderr);
      assert.match(apply.stdout, `Applied ${changesOf(c).length}, failed 0, skipped 0.`);
      const again = await t.cli(ws, ['plan', '--detailed-exitcode']);
      assert.is(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, 'No changes');
    }),
  );

  scenario(`import → plan empty · ${c.type}: what import writes plans no change`, lacks(c, 'kinds'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const ws = await t.workspace();
      const imported = await t.cli(ws, ['import', '--provider', NAME, '-o', 'imported.yaml']);
      assert.is(imported.code, 0, imported.stderr);
      assert.match(imported.stderr, `from ${NAME} into imported.yaml`);
      const plan = await t.cli(ws, ['plan', '-c', 'imported.yaml', '--detailed-exitcode']);
      assert.is(plan.code, 0, plan.stdout + plan.stderr);
      const yaml = await readFile(join(ws.dir, 'imported.yaml'), 'utf8');
      for (const key of c.fixture!.kinds!.seeded) assert.ok(yaml.includes(key), `${key} imported`);
    }),
  );

  scenario(`doctor and a wrong secret · ${c.type}: signed in (exit 0); refused login is a clean error (exit 1) that does not repeat the secret`, undefined, () =>
    using(target(c.type, c.fixture!), async (t) => {
      const ws = await t.workspace();
      const ok = await t.cli(ws, ['doctor']);
      assert.is(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, `reached ${title} and signed in`);
      const setting = registry[c.type].capabilities.settingsSecrets.find((s) => t.env[`${NAME}_${s}`.toUpperCase()])!;
      const wrong = `wrong-${setting}-Zq81x`;
      const refused = await t.cli(ws, ['doctor'], { [`${NAME}_${setting}`.toUpperCase()]: wrong });
      assert.is(refused.code, 1, refused.stdout + refused.stderr);
      assert.match(refused.stdout, '✗');
      assert.not.match(refused.stdout + refused.stderr, wrong);
      assert.not.match(refused.stdout + refused.stderr, STACK);
    }),
  );

  for (const [what, answer] of Object.entries(GARBAGE))
    scenario(`garbage answers · ${c.type}: ${what} after login is a clean error naming the provider, exit 1, no stack trace`, canWork(c), () =>
      using(target(c.type, c.fixture!, { front: garbage(answer) }), async (t) => {
        const ws = await t.workspace(c.managed.length ? t.kindYaml([c.fixture!.kinds!.update.object]) : '');
        const r = await t.cli(ws, work(c));
        assert.is(r.code, 1, r.stdout + r.stderr);
        const out = r.stdout + r.stderr;
        assert.ok(out.includes(title), out);
        assert.not.match(out, STACK);
        assert.not.match(out, /undefined/);
      }),
    );

  scenario(`Ctrl-C during apply · ${c.type}: changes in flight finish, exit 1, the next plan shows exactly what was not started`, lacks(c, 'write'), () =>
    using(target(c.type, c.fixture!), async (t) => {
      const { body, changes } = c.fixture!.bulk!;
      const ws = await t.workspace(body);
      t.faults.latencyMs = 150;
      const run = startCli(['apply', '--yes', '--no-color', '--ledger', 'l.json'], { cwd: ws.dir, env: t.env });
      await until(() => writes(t) >= 1, 'the first write');
      run.child.kill('SIGINT');
      const r = await run.done;
      assert.is(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, 'Interrupted');
      const ledger = JSON.parse(await readFile(join(ws.dir, 'l.json'), 'utf8')) as Ledger;
      const keys = (outcome: string) => ledger.entries.filter((e) => e.outcome === outcome).map((e) => e.key).sort();
      assert.is(keys('applied').length + keys('not started').length, changes, JSON.stringify(ledger.entries));
      assert.ok(keys('applied').length >= 1 && keys('not started').length >= 1, JSON.stringify(ledger.entries));
      t.faults.latencyMs = 0;
      const plan = await t.cli(ws, ['plan', '--json']);
      const left = (JSON.parse(plan.stdout) as { providers: { changes: { key: string }[] }[] }).providers[0].changes.map((ch) => ch.key).sort();
      assert.equal(left, keys('not started'));
    }),
  );

  scenario(
    `concurrent applies refused · ${c.type}: a second apply while one runs is refused and writes nothing`,
    lacks(c, 'write'),
    () =>
      using(target(c.type, c.fixture!), async (t) => {
        const { body, changes } = c.fixture!.bulk!;
        const ws = await t.workspace(body);
        t.faults.latencyMs = 100;
        const first = startCli(['apply', '--yes', '--no-color'], { cwd: ws.dir, env: t.env });
        await until(() => writes(t) >= 1, 'the first write');
        // kept mid-batch (stopped) while the second tries, so the race does not depend on timing
        first.child.kill('SIGSTOP');
        const second = await t.cli(ws, ['apply', '--yes']);
        first.child.kill('SIGCONT');
        assert.is(second.code, 1, second.stdout + second.stderr);
        assert.match(second.stderr, /lock|another apply/i);
        const done = await first.done;
        assert.is(done.code, 0, done.stdout + done.stderr);
        assert.match(done.stdout, `Applied ${changes}, failed 0`);
      }),
  );
}

test.run();
