// Answers past the client timeout mixed with 5xx answers, on every provider: every
// request ends in an answer or an error its caller gets, never in an unhandled rejection
// (which would crash a real run). A 5xx answer retried and then a try that timed out
// used to leave an AbortError no one listened to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registry } from '../src/providers/index.ts';
import { emulators } from '../src/sandbox/registry.ts';
import { listen } from '../src/sandbox/server.ts';
import { seededRandom } from '../src/sandbox/seeded-random.ts';

const READS: Record<string, string[]> = { issabel: ['extensions', 'ring_groups'], kazoo: ['users', 'devices', 'did_routes'], voipcenter: ['did_routes', 'indicators'], tel4vn: [] };
const DAY = 86_400_000;

test('slow answers past the timeout and 5xx answers leave no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  process.on('unhandledRejection', onUnhandled);
  try {
    const providers = Object.entries(READS).map(async ([type, kinds], i) => {
      const server = await listen(emulators[type]({ seed: 'default' }));
      Object.assign(server.faults, { errorRate: 0.3, slowRate: 0.3, slowMs: 250, random: seededRandom(7 + i) });
      const settings = { ...server.emulator.settings(server.url), timeout_seconds: 0.2 };
      try {
        const reads = Array.from({ length: 4 }, async () => {
          const session = registry[type].connect(settings, { name: type });
          if (type === 'tel4vn') for await (const _ of session.calls!({ from: new Date(Date.now() - 2 * DAY), to: new Date() }, {}));
          else await session.read(kinds);
        });
        // some reads may fail for good (their tries spent): that is an error to the caller, not a crash
        await Promise.allSettled(reads);
        const retriedThenTimedOut = server.emulator.log.length;
        assert.ok(retriedThenTimedOut > 4, `${type}: only ${retriedThenTimedOut} requests`);
      } finally {
        await server.close();
      }
    });
    await Promise.all(providers);
    // aborts of earlier tries surface on a later turn of the event loop
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(unhandled.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))), []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test.run();
