// Applying plans to the Issabel sandbox: one configuration apply per run whatever
// happens, failures isolated to what depends on them, tokens refused (renewal mid-run: conformance/faults.test.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans, succeeded } from '../src/engine/apply.ts';
import { readAndPlan } from '../src/engine/run.ts';
import { registry } from '../src/providers/index.ts';
import { createIssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { listen } from '../src/sandbox/server.ts';
import { HQ_BLOCK, rig } from './helpers/issabel.ts';
import { load, workspace } from './helpers/workspace.ts';

const outcomes = (entries: { id: string; outcome: string }[]) => Object.fromEntries(entries.map((e) => [e.id, e.outcome]));

test('apply then plan is empty, with exactly one configuration apply and nothing left pending', async () => {
  const r = await rig();
  try {
    const ledger = await r.apply();
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    assert.is(ledger.entries.length, 6);
    assert.is(r.emulator.applyCount, 1);
    assert.is(r.emulator.pendingWrites, 0);
    const { plan } = await r.plan();
    assert.equal(plan.providers[0].changes, []);
    assert.is(r.emulator.state.extensions['1004'].name, 'Lucia Fernandez');
    assert.equal(r.emulator.state.ringGroups['601'].extension_list, ['1002', '1004']);
  } finally {
    await r.close();
  }
});

test('a failed write skips what depends on it, the rest goes on, and the configuration is still applied once', async () => {
  const r = await rig();
  try {
    const { plan, connected } = await r.plan();
    // between plan and apply someone takes 1004 for a queue and deletes ring group 600
    r.emulator.state.otherNumbers.queues.push('1004');
    delete r.emulator.state.ringGroups['600'];
    const ledger = await applyPlans(plan.providers, connected);
    assert.equal(outcomes(ledger.entries), {
      'hq/extensions/1001': 'applied',
      'hq/extensions/1004': 'failed',
      'hq/ring_groups/600': 'failed',
      'hq/ring_groups/601': 'skipped',
      'hq/inbound_routes/3292451011': 'skipped',
      'hq/time_groups/Holidays': 'applied',
    });
    const failed = ledger.entries.find((e) => e.id === 'hq/extensions/1004')!;
    assert.match(failed.reason!, /409.*already in use/);
    assert.match(ledger.entries.find((e) => e.id === 'hq/ring_groups/601')!.reason!, /depends on hq\/extensions\/1004, which failed/);
    assert.is(r.emulator.applyCount, 1);
    assert.is(r.emulator.pendingWrites, 0);
    assert.not.ok(succeeded(ledger));
  } finally {
    await r.close();
  }
});

/** a batch of two extension writes: 1003 updated, then 1010 created */
const twoWrites = () => rig(`version: 1\nproviders:\n${HQ_BLOCK}    extensions:\n      - { number: "1003", name: Pedro }\n      - { number: "1010", name: New }\n`, { ISSABEL_PASSWORD: 'x' });

/** the writes the emulator logged, each with the reload its body asked for and how many applies it ran */
const writes = (r: Awaited<ReturnType<typeof rig>>) =>
  r.emulator.log
    .filter((e) => e.write && !e.path.endsWith('/authenticate'))
    .map((e) => `${e.method} ${e.path.replace('/pbxapi/', '')} reload=${String((e.body as { reload?: unknown } | undefined)?.reload)} applies=${e.applies ?? 0}`);

test("the batch's last write carries the one configuration apply: no request of its own", async () => {
  const r = await twoWrites();
  try {
    const ledger = await r.apply();
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    assert.equal(ledger.notes.hq, ['configuration applied once']);
    assert.equal(writes(r), ['PUT extensions/1003 reload=false applies=0', 'PUT extensions/1010 reload=true applies=1']);
    assert.is(r.emulator.applyCount, 1);
    assert.is(r.emulator.pendingWrites, 0);
  } finally {
    await r.close();
  }
});

test("an earlier run's unapplied writes are activated by this run's last write, with no request of its own", async () => {
  const r = await twoWrites();
  try {
    // a run stopped after its first write, before its batch was finished
    const first = await r.plan();
    await first.connected.get('hq')!.session.apply(first.plan.providers[0].changes[0]);
    assert.is(r.emulator.pendingWrites, 1);
    const { plan, connected } = await r.plan();
    const ledger = await applyPlans(plan.providers, connected, { unfinished: new Set(['hq']) });
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    assert.equal(writes(r), ['PUT extensions/1003 reload=false applies=0', 'PUT extensions/1010 reload=true applies=1']);
    assert.is(r.emulator.pendingWrites, 0);
  } finally {
    await r.close();
  }
});

test('a last write whose answer is lost is written again without the apply, and the batch still ends with one', async () => {
  const r = await twoWrites();
  try {
    const handle = r.emulator.handle.bind(r.emulator);
    let dropped = false;
    r.emulator.handle = (req, res) => {
      if (!dropped && req.method === 'PUT' && req.url?.endsWith('/extensions/1010')) {
        dropped = true;
        // the server writes and applies, then the connection drops instead of the answer
        res.writeHead = (() => res) as unknown as typeof res.writeHead;
        res.end = (() => req.socket.destroy()) as unknown as typeof res.end;
      }
      return handle(req, res);
    };
    const ledger = await r.apply();
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    assert.equal(writes(r).slice(-2), ['PUT extensions/1010 reload=false applies=0', 'PUT ringgroups/600 reload=undefined applies=1']);
    assert.is(r.emulator.state.extensions['1010'].name, 'New');
    assert.is(r.emulator.pendingWrites, 0);
  } finally {
    await r.close();
  }
});

test('a last write answered 503 (nothing done) is sent again with its apply: only a lost answer is never repeated', async () => {
  const r = await twoWrites();
  try {
    const handle = r.emulator.handle.bind(r.emulator);
    let tries = 0;
    r.emulator.handle = (req, res) => {
      if (req.method === 'PUT' && req.url?.endsWith('/extensions/1010') && ++tries === 1) return void res.writeHead(503).end();
      return handle(req, res);
    };
    const ledger = await r.apply();
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    assert.is(tries, 2);
    assert.equal(writes(r), ['PUT extensions/1003 reload=false applies=0', 'PUT extensions/1010 reload=true applies=1']);
    assert.is(r.emulator.pendingWrites, 0);
  } finally {
    await r.close();
  }
});

test('a last write whose apply fails is not reported as done, and the batch is reported unfinished', async () => {
  const r = await twoWrites();
  try {
    r.emulator.faults.applyFails = true;
    const ledger = await r.apply();
    assert.equal(outcomes(ledger.entries), { 'hq/extensions/1003': 'applied', 'hq/extensions/1010': 'failed' });
    assert.match(ledger.finishErrors.hq, /written but not applied/);
    assert.is(r.emulator.applyCount, 0);
    assert.ok(r.emulator.pendingWrites > 0);
  } finally {
    await r.close();
  }
});

test('a last write that cannot carry the apply (a ring group POST, or a failure) is followed by one no-op PUT', async () => {
  const group = '    ring_groups:\n      - { number: "602", name: Desk, strategy: ringall, ring_time: 15, members: ["1003"] }\n';
  const r = await rig(`version: 1\nproviders:\n${HQ_BLOCK}    extensions:\n      - { number: "1003", name: Pedro }\n${group}`, { ISSABEL_PASSWORD: 'x' });
  try {
    assert.ok(succeeded(await r.apply()));
    assert.equal(writes(r), ['PUT extensions/1003 reload=false applies=0', 'POST ringgroups reload=false applies=0', 'PUT ringgroups/602 reload=undefined applies=1']);
    assert.is(r.emulator.pendingWrites, 0);
  } finally {
    await r.close();
  }
  const failing = await twoWrites();
  try {
    const { plan, connected } = await failing.plan();
    failing.emulator.state.otherNumbers.queues.push('1010');
    const ledger = await applyPlans(plan.providers, connected);
    assert.equal(outcomes(ledger.entries), { 'hq/extensions/1003': 'applied', 'hq/extensions/1010': 'failed' });
    assert.equal(writes(failing), ['PUT extensions/1003 reload=false applies=0', 'PUT extensions/1010 reload=true applies=0', 'PUT ringgroups/600 reload=undefined applies=1']);
    assert.is(failing.emulator.pendingWrites, 0);
  } finally {
    await failing.close();
  }
});

async function single(opts: Parameters<typeof createIssabelEmulator>[0], settings: Record<string, unknown> = {}) {
  const server = await listen(createIssabelEmulator(opts));
  const ws = await workspace('version: 1\nproviders:\n  hq:\n    type: issabel\n    url: http://x/pbxapi\n    password: ${P}\n    extensions: []\n');
  const config = await load(ws, { P: 'x' }, false);
  const overrides = new Map([['hq', { ...server.emulator.settings(server.url), ...settings }]]);
  const { plan } = await readAndPlan(config, { registry, overrides });
  await server.close();
  return { plan, log: server.emulator.log };
}

test('a token refused again right after a new login is a clear error, never a loop of logins', async () => {
  const { plan, log } = await single({ tokenTtlSeconds: 0 });
  assert.match(plan.providers[0].error!, /reading hq \(Issabel\) failed: Issabel refused a fresh token/);
  // the first login, one re-login shared by the requests refused together, and at most one
  // more for listings sent only after that re-login (the read's second wave)
  const logins = log.filter((e) => e.path === '/pbxapi/authenticate').length;
  assert.ok(logins >= 2 && logins <= 3, `${logins} logins`);
});

test('a 403 on a request means one new login; a 403 again is a clear error', async () => {
  // a server of our own whose logins succeed but whose every other answer is 403
  let logins = 0;
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/authenticate')) {
      logins++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `t${logins}`, expires_in: 3600 }));
    } else res.writeHead(403).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const ws = await workspace(`version: 1\nproviders:\n  hq:\n    type: issabel\n    url: http://127.0.0.1:${port}/pbxapi\n    password: \${P}\n    extensions: []\n`);
  const { plan } = await readAndPlan(await load(ws, { P: 'x' }, false), { registry });
  server.close();
  assert.match(plan.providers[0].error!, /Issabel refused a fresh token \(HTTP 403\) for GET extensions/);
  assert.is(logins, 2);
});

test('a wrong password is named as such, and no read is attempted', async () => {
  const { plan, log } = await single({}, { password: 'wrong' });
  assert.match(plan.providers[0].error!, /refused the login of user 'admin': wrong username or password/);
  assert.equal(log.map((e) => `${e.method} ${e.path} ${e.status}`), ['POST /pbxapi/authenticate 403']);
});

test('an update keeps follow-me and the rest of the mailbox, which the server rebuilds on every PUT', async () => {
  const r = await rig();
  try {
    const antonio = r.emulator.state.extensions['1000'] as Record<string, any>;
    antonio.followme = { ...antonio.followme, enabled: 'yes', extension_list: ['1000', '5551234#'] };
    antonio.extension_options.ring_time = '10'; // drift: the plan puts 30 back
    const ledger = await r.apply();
    assert.ok(succeeded(ledger), JSON.stringify(ledger));
    const after = r.emulator.state.extensions['1000'] as Record<string, any>;
    assert.is(after.extension_options.ring_time, '30');
    assert.is(after.followme.enabled, 'yes');
    assert.equal(after.followme.extension_list, ['1000', '5551234#']);
    assert.is(after.voicemail.pin, '4321');
  } finally {
    await r.close();
  }
});

test('an apply of the configuration that fails is reported, not hidden', async () => {
  const r = await rig();
  try {
    r.emulator.faults.applyFails = true;
    const ledger = await r.apply();
    assert.match(ledger.finishErrors.hq, /written but not applied/);
    assert.not.ok(succeeded(ledger));
  } finally {
    await r.close();
  }
});

test.run();
