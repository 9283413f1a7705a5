// Client behaviour under one fault at a time, over real HTTP to the emulators (what every
// provider must survive is in conformance/faults.test.ts). Kazoo's 429 with Retry-After
// and its create whose connection is reset after the write are in kazoo-errors.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registry } from '../src/providers/index.ts';
import { createIssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { seededRandom } from '../src/sandbox/seeded-random.ts';
import { listen } from '../src/sandbox/server.ts';
import { createVoipcenterEmulator } from '../src/providers/voipcenter/sandbox/index.ts';
import { applyPlans } from '../src/engine/apply.ts';
import { connect } from '../src/engine/run.ts';
import { rig } from './helpers/issabel.ts';
import { until } from './helpers/cli-process.ts';
import { kazooRig, kazooYaml, liveDocs } from './helpers/kazoo.ts';

test('5xx answers on reads are retried with backoff until the read succeeds', async () => {
  const server = await listen(createIssabelEmulator({ seed: 'default' }));
  Object.assign(server.faults, { errorRate: 0.3, errorStatuses: [500, 502, 503], random: seededRandom(3) });
  const debug: string[] = [];
  try {
    const session = connect(registry.issabel, server.emulator.settings(server.url), { name: 'hq', debug: (line) => debug.push(line) });
    const live = await session.read(['extensions', 'ring_groups']);
    assert.ok(live.extensions.length > 0 && live.ring_groups.length > 0);
    const retries = debug.filter((l) => /^↻ retry \d+ (GET|POST) .*: Request failed with status code 50\d/.test(l));
    assert.ok(retries.length >= 2, `retries seen: ${debug.join('\n')}`);
  } finally {
    await server.close();
  }
});

test('VoipCenter rate limit (error 13) and a server clock 10 s off at once: the read is whole', async () => {
  const emulator = createVoipcenterEmulator({ seed: 'default', clockSkewSeconds: 10, rateLimit: { requestsPerSecond: 5 } });
  const server = await listen(emulator);
  try {
    const session = connect(registry.voipcenter, server.emulator.settings(server.url), { name: 'gent' });
    const live = await session.read(['did_routes', 'indicators', 'hot_desks', 'routes', 'sip_accounts']);
    assert.is(live.did_routes.length, emulator.state.dids.length);
    assert.is(live.indicators.length, emulator.state.indicators.length);
    assert.is(live.hot_desks.length, emulator.state.desks.length);
  } finally {
    await server.close();
  }
});

test('an Issabel configuration apply that fails is reported, and the next apply finishes the batch', async () => {
  const r = await rig();
  try {
    r.emulator.faults.applyFails = true;
    const first = await r.apply();
    assert.ok(first.finishErrors.hq, 'the failed apply is reported');
    assert.ok(r.emulator.pendingWrites > 0, 'the writes wait, not applied');
    r.emulator.faults.applyFails = false;
    const { plan, connected } = await r.plan();
    assert.equal(plan.providers[0].changes, [], 'the writes themselves are in');
    const second = await applyPlans(plan.providers, connected, { unfinished: new Set(['hq']) });
    assert.equal(second.finishErrors, {});
    assert.is(r.emulator.pendingWrites, 0);
    assert.is(r.emulator.applyCount, 1);
  } finally {
    await r.close();
  }
});

test('SmartPBX creates carried out after the client gave up: each device created once, the next plan empty', async () => {
  const r = await kazooRig(kazooYaml(['Desk A', 'Desk B', 'Desk C'].map((n) => `      - { name: ${n} }`).join('\n') + '\n', '    timeout_seconds: 1\n    devices:\n'));
  try {
    const { plan, connected } = await r.plan();
    assert.is(plan.providers[0].changes.length, 3);
    // every write is carried out and answered 1.5 s after it came, past the client's 1 s timeout
    Object.assign(r.server.faults, { slowCommitRate: 1, slowMs: 1500 });
    const ledger = await applyPlans(plan.providers, connected);
    Object.assign(r.server.faults, { slowCommitRate: 0 });
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied', 'applied', 'applied']);
    // every create sent (repeats included) is carried out by now
    const sent = () => r.debug.filter((l) => /^→ PUT .*\/devices$/.test(l)).length;
    const puts = () => r.emulator.log.filter((e) => e.method === 'PUT' && e.path.endsWith('/devices'));
    await until(() => puts().length === sent(), 'the late creates to land');
    // the repeats carried the first try's id: refused as conflicts, not created again
    assert.ok(sent() > 3, 'creates were repeated after the timeout');
    assert.equal(puts().map((e) => e.status).sort(), [...Array(3).fill(201), ...Array(sent() - 3).fill(409)]);
    assert.equal(liveDocs(r.emulator, 'devices').map((d) => String(d.name)).filter((n) => /^Desk [ABC]$/.test(n)).sort(), ['Desk A', 'Desk B', 'Desk C']);
    assert.equal((await r.plan()).plan.providers[0].changes, []);
  } finally {
    await r.close();
  }
});

test.run();
