// The engine holds every provider to the readConcurrency it declares: a plan, in-process
// over HTTP to each type's sandbox held back a little per request, never has more reads
// in flight at once than the type declares.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registry } from '../../src/providers/index.ts';
import { CONFORMING, scenario } from './providers.ts';
import { target, using, type Front } from './rig.ts';

/** passes each request on after a pause, counting how many are open at once */
function counting(): { front: Front; most: () => number } {
  let open = 0;
  let most = 0;
  const front: Front = (_em, pass) => (req: IncomingMessage, res: ServerResponse) => {
    most = Math.max(most, ++open);
    res.on('close', () => open--);
    setTimeout(() => pass(req, res), 20);
  };
  return { front, most: () => most };
}

for (const c of CONFORMING) {
  const declared = registry[c.type].capabilities.readConcurrency;
  const body = c.fixture!.bulk?.body;
  scenario(`readConcurrency · ${c.type}: a plan has at most ${declared} requests open at once`, body ? undefined : `${c.type} has no kinds to read`, async () => {
    const seen = counting();
    await using(target(c.type, c.fixture!, { front: seen.front }), async (t) => {
      const { plan } = await t.plan(await t.workspace(body));
      assert.is(plan.providers[0].error, undefined);
      assert.ok(seen.most() >= 1);
      assert.ok(seen.most() <= declared, `${seen.most()} requests open at once, declared ${declared}`);
    });
  });
}

test.run();
