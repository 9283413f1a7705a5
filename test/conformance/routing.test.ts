// Conformance of call routing, through the CLI: for every type whose kinds route calls
// (KindSpec.routing 'entry'), a destination that names nothing is an error at its YAML
// line, plan and apply exit 1, and nothing is written, although the rest of the YAML is valid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registry } from '../../src/providers/index.ts';
import { LOGIN } from '../helpers/live-servers.ts';
import { CONFORMING, scenario } from './providers.ts';
import { target, using } from './rig.ts';

for (const c of CONFORMING) {
  const kinds = registry[c.type].capabilities.kinds;
  const entries = Object.keys(kinds).filter((k) => kinds[k].routing === 'entry');
  const missing = entries.length ? undefined : `${c.type} has no kinds that route calls (capability: routing)`;

  scenario(`dangling destination · ${c.type}: an error at its line, plan and apply exit 1, nothing written`, missing, async () => {
    const fixture = c.fixture!.routing;
    assert.ok(fixture, `test/conformance/fixtures/${c.type}.ts needs routing: ${c.type} routes calls (${entries.join(', ')})`);
    await using(target(c.type, c.fixture!), async (t) => {
      const ws = await t.workspace(fixture.body);
      const line = t.yaml(fixture.body).split('\n').findIndex((l) => l.includes(fixture.dangling)) + 1;
      assert.ok(line > 0, `'${fixture.dangling}' is a line of the fixture's body`);
      // the rest of the YAML would change something: nothing written is the check's doing
      const { plan } = await t.plan(ws);
      assert.ok(plan.providers[0].changes.length > 0, 'the fixture plans a valid change besides the dangling destination');
      assert.equal(plan.issues.map((i) => i.loc?.line), [line], JSON.stringify(plan.issues));
      for (const args of [['plan'], ['apply', '--yes']]) {
        const r = await t.cli(ws, args);
        assert.is(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stdout + r.stderr, `pbx.config.yaml:${line}:`);
      }
      assert.equal(t.emulator.log.filter((e) => e.write && !LOGIN.test(e.path)), []);
    });
  });
}

test.run();
