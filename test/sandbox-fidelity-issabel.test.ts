// The Issabel emulator behaves as pbxapi's PHP does where it is easy to get wrong
// (issabel.md §4-§6): PHP 5/7 loose comparisons on flags, checkboxes and reload, the iax2
// DELETE that answers 500 after the row is gone, the legacy "voicemail": "novm", and a
// race_rate fault for its non-atomic writes; pbxctl copes with each.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans } from '../src/engine/apply.ts';
import { readAndPlan } from '../src/engine/run.ts';
import { registry } from '../src/providers/index.ts';
import type { ProviderFaults } from '../src/sandbox/faults.ts';
import { createIssabelEmulator, type IssabelEmulator, SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { listen, type Listening } from '../src/sandbox/server.ts';
import { startSandbox } from '../src/sandbox/start.ts';
import { issabelExample, rig } from './helpers/issabel.ts';
import { load, requestLog, workspace } from './helpers/workspace.ts';

async function server(): Promise<{ em: IssabelEmulator; srv: Listening; call(method: string, path: string, body?: unknown): Promise<Response> }> {
  const em = createIssabelEmulator();
  const srv = await listen(em);
  const login = await fetch(`${srv.url}/pbxapi/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: SANDBOX_PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${srv.url}/pbxapi${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { em, srv, call };
}

test('ring group checkboxes are on for PHP-checked values (1, "1", "on", "yes", true; and 0 on PHP 5/7), off for the rest', async () => {
  const { em, srv, call } = await server();
  try {
    const cases: [unknown, string][] = [
      [true, 'yes'], [1, 'yes'], ['1', 'yes'], ['on', 'yes'], ['yes', 'yes'], [0, 'yes'],
      [false, 'no'], ['0', 'no'], ['', 'no'], [null, 'no'], ['no', 'no'], ['YES', 'no'], [2, 'no'],
    ];
    for (const [value, expected] of cases) {
      assert.is((await call('PUT', '/ringgroups/600', { confirm_calls: value, reload: false })).status, 200);
      assert.is(em.state.ringGroups['600'].confirm_calls, expected, JSON.stringify(value));
    }
  } finally {
    await srv.close();
  }
});

test('extension flags are on when loosely == "yes" (true, and 0 on PHP 5/7); follow-me takes the checkbox values', async () => {
  const { em, srv, call } = await server();
  try {
    const cases: [unknown, string][] = [['yes', 'yes'], [true, 'yes'], [0, 'yes'], [1, 'no'], ['1', 'no'], ['on', 'no'], [false, 'no'], ['', 'no']];
    for (const [value, expected] of cases) {
      assert.is((await call('PUT', '/extensions/1001', { extension_options: { call_waiting: value }, reload: false })).status, 200);
      assert.is((em.state.extensions['1001'].extension_options as Record<string, string>).call_waiting, expected, JSON.stringify(value));
    }
    await call('PUT', '/extensions/1001', { followme: { enabled: 'on' }, reload: false });
    assert.is((em.state.extensions['1001'].followme as Record<string, string>).enabled, 'yes');
  } finally {
    await srv.close();
  }
});

test('reload: integer 0 applies the configuration (PHP 5/7: 0 == "true"); false and "0" do not', async () => {
  const { em, srv, call } = await server();
  try {
    const applies = async (reload: unknown) => {
      const before = em.applyCount;
      assert.is((await call('PUT', '/ringgroups/600', { name: 'Sales', reload })).status, 200);
      return em.applyCount - before;
    };
    assert.is(await applies(0), 1);
    assert.is(await applies(false), 0);
    assert.is(await applies('0'), 0);
    assert.is(await applies('true'), 1);
  } finally {
    await srv.close();
  }
});

test('pbxctl says reload:false as a JSON boolean on every write, and the one configuration apply is countable from the request log', async () => {
  assert.is(registry.issabel.capabilities.writeConcurrency, 1, 'Issabel writes go one at a time');
  const r = await rig();
  try {
    const ledger = await r.apply();
    assert.ok(ledger.entries.length > 0 && ledger.entries.every((e) => e.outcome === 'applied'));
  } finally {
    await r.close();
  }
  const writes = (await requestLog(r.ws, 'hq')).filter((e) => e.write && e.path !== '/pbxapi/authenticate');
  const reloads = writes.map((e) => (e.body as { reload?: unknown } | undefined)?.reload);
  assert.ok(reloads.every((v) => v === false || v === undefined), JSON.stringify(reloads));
  assert.is(writes.filter((e, i) => reloads[i] === undefined).length, 1, 'one write applies');
  assert.is(r.emulator.applyCount, 1);
});

test('deleting an iax2 extension answers 500 after the row is gone; pbxctl reads the list again, counts it done and applies once', async () => {
  const direct = await server();
  try {
    assert.is((await direct.call('PUT', '/extensions/1100', { tech: 'iax2', name: 'Old IAX', reload: false })).status, 201);
    const first = await direct.call('DELETE', '/extensions/1100');
    assert.is(first.status, 500);
    assert.is(((await first.json()) as { status: string }).status, 'error');
    assert.not.ok(direct.em.state.extensions['1100'], 'the row is gone all the same');
    assert.is(direct.em.applyCount, 0, 'the request died before applying');
    assert.is((await direct.call('DELETE', '/extensions/1100')).status, 404);
  } finally {
    await direct.srv.close();
  }

  const r = await rig((await issabelExample()).replace('ignore: ["9*"]', 'ignore: ["9*"]\n    prune: true'));
  try {
    r.emulator.state.extensions['1100'] = { ...r.emulator.state.extensions['1003'], extension: '1100', tech: 'iax2', dial: 'IAX2/1100', name: 'Old IAX' };
    const ledger = await r.apply();
    const deletes = ledger.entries.filter((e) => e.action === 'delete' && e.kind === 'extensions');
    assert.equal(deletes.map((e) => [e.key, e.outcome]), [['1003', 'applied'], ['1050', 'applied'], ['1100', 'applied']]);
    assert.equal(ledger.finishErrors, {});
    assert.is(r.emulator.applyCount, 1);
    assert.ok(r.emulator.log.some((e) => e.method === 'DELETE' && e.path.startsWith('/pbxapi/extensions/') && e.status === 500), 'the 500 was met');
    const { plan } = await r.plan();
    assert.equal(plan.providers[0].changes, []);
  } finally {
    await r.close();
  }
});

test('a legacy "voicemail": "novm" update switches voicemail off', async () => {
  const { em, srv, call } = await server();
  try {
    assert.is((em.state.extensions['1000'].voicemail as Record<string, string>).enabled, 'yes');
    assert.is((await call('PUT', '/extensions/1000', { voicemail: 'novm', reload: false })).status, 200);
    assert.equal(em.state.extensions['1000'].voicemail, { enabled: 'no' });
  } finally {
    await srv.close();
  }
});

test('race_rate: extension writes that lose the race fail with a 500 and are not reported done; the next apply converges', async () => {
  const ws = await workspace(await issabelExample());
  const config = await load(ws);
  const stateDir = join(ws.dir, '.pbxctl', 'sandbox');
  const run = async (faults: ProviderFaults) => {
    const box = await startSandbox(config, { stateDir, faults: new Map([['hq', faults]]) });
    try {
      const { plan, connected } = await readAndPlan(config, { registry, overrides: box.overrides });
      return { plan, ledger: await applyPlans(plan.providers, connected) };
    } finally {
      await box.close();
    }
  };
  const raced = await run({ raceRate: 1 });
  const extensions = raced.ledger.entries.filter((e) => e.kind === 'extensions');
  assert.ok(extensions.length > 0 && extensions.every((e) => e.outcome === 'failed'), JSON.stringify(extensions.map((e) => [e.key, e.outcome])));
  assert.match(extensions[0].reason ?? '', /500/);
  const calm = await run({});
  assert.ok(calm.ledger.entries.every((e) => e.outcome === 'applied'));
  const after = await run({});
  assert.equal(after.plan.providers[0].changes, [], 'the next plan is empty');
});

test.run();
