// Every provider type in the registry takes part in the conformance suite: one without a
// fixture, or whose fixture lacks what its declared operations need, fails here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registry } from '../../src/providers/index.ts';
import { TYPES } from './providers.ts';

test('every registry type has a conformance fixture covering what it declares', () => {
  assert.equal(TYPES.map((c) => c.type).sort(), Object.keys(registry).sort());
  for (const c of TYPES) {
    assert.ok(c.fixture, `test/conformance/fixtures/${c.type}.ts is missing: every provider type runs the conformance suite`);
    const k = c.fixture!.kinds;
    assert.is(Boolean(k), c.managed.length > 0, `${c.type}: fixture kinds ${k ? 'given' : 'missing'}, registry kinds: ${c.managed.join(', ') || 'none'}`);
    if (!k) continue;
    assert.ok(c.managed.includes(k.kind), `${c.type}: ${k.kind} is not a kind it manages`);
    assert.is(Boolean(k.create), c.can.create, `${c.type}: a create object is needed exactly when ${k.kind} can be created`);
    assert.ok(c.fixture!.bulk, `${c.type}: a bulk of changes is needed for Ctrl-C`);
    const rename = c.fixture!.rename;
    assert.is(Boolean(rename), c.renamable.length > 0, `${c.type}: a rename object is needed exactly when a kind is renamable (${c.renamable.join(', ') || 'none'})`);
    if (rename) assert.ok(c.renamable.includes(rename.kind), `${c.type}: ${rename.kind} is not renamable`);
  }
});

test.run();
