// Convergence under faults: a plan of 300+ changes over Issabel, SmartPBX and VoipCenter,
// applied while a fifth (then two fifths) of the requests fail (error pages, lost answers
// after the write, answers past the timeout), tokens expire every 2 s, VoipCenter's clock
// is 10 s off and rate limits are on. Run after run until a plan is empty: one apply run
// at 20%, at most two at 40%; the figures are printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProviderFaults } from '../src/sandbox/faults.ts';
import { SANDBOX_ACCOUNT_ID } from '../src/providers/kazoo/sandbox/index.ts';
import { applyRun, extNumber, office, rgNumber, SIZES, userName, type RunFigures } from './helpers/faults.ts';

/** `share` of the requests fail: 60% of it error answers, 30% lost answers after the write, 10% answers past the timeout */
function faults(share: number): Map<string, ProviderFaults> {
  const generic = { errorRate: share * 0.6, resetAfterWriteRate: share * 0.3, slowRate: share * 0.1, slowMs: 1100 };
  return new Map<string, ProviderFaults>([
    ['hq', { ...generic, tokenTtlSeconds: 2, seed: 11 }],
    ['smartpbx', { ...generic, errorStatuses: [500, 502, 503, 429], tokenTtlSeconds: 2, rateLimitPerSecond: 30, seed: 12 }],
    ['gent', { ...generic, clockSkewSeconds: 10, rateLimitPerSecond: 20, seed: 13 }],
  ]);
}

const NO_FAILURES = { errorRate: 0, resetAfterWriteRate: 0, slowRate: 0 };

for (const [share, maxRuns] of [[0.2, 1], [0.4, 2]] as const) {
  const percent = Math.round(share * 100);
  test(`300+ changes under ${percent}% faults converge in ${maxRuns} apply run${maxRuns > 1 ? 's' : ''}: state = desired, no duplicates, one configuration apply per run`, () => converge(share, maxRuns));
}

async function converge(share: number, maxRuns: number) {
  const percent = Math.round(share * 100);
  const o = await office(faults(share));
  try {
    // the scenario's size, planned with the failures off (a read that fails under faults plans nothing)
    const saved = [...o.box.servers.values()].map((server) => ({ ...server.faults }));
    for (const server of o.box.servers.values()) Object.assign(server.faults, NO_FAILURES);
    const total = (await o.plan()).plan.providers.reduce((n, p) => n + p.changes.length, 0);
    [...o.box.servers.values()].forEach((server, i) => Object.assign(server.faults, saved[i]));
    assert.ok(total >= 300, `only ${total} changes`);
    const runs: RunFigures[] = [];
    for (;;) {
      const run = await applyRun(o);
      if (run.changes === 0 && !run.readErrors.length) break;
      runs.push(run);
      assert.ok(runs.length <= maxRuns, `not converged after ${maxRuns} apply runs: ${JSON.stringify(runs.map((r) => [r.readErrors, r.ledger.entries.filter((e) => e.outcome !== 'applied').map((e) => [e.key, e.outcome, e.reason])]))}`);
      // every run that wrote to Issabel applied its configuration exactly once
      const wroteIssabel = run.ledger.entries.some((e) => e.provider === 'hq' && e.outcome === 'applied');
      if (wroteIssabel) assert.is(run.issabelApplies, 1, `configuration applies in run ${runs.length}`);
      for (const [name, error] of Object.entries(run.ledger.finishErrors)) assert.unreachable(`${name}: ${error}`);
    }

    // with the faults off, a last plan reads everything: nothing left to do
    for (const server of o.box.servers.values()) Object.assign(server.faults, NO_FAILURES);
    const { plan } = await o.plan();
    assert.equal(plan.providers.map((p) => [p.name, p.error, p.changes.length]), [['hq', undefined, 0], ['smartpbx', undefined, 0], ['gent', undefined, 0]]);

    // the state on the servers, checked directly: every object once, with its desired values
    const ext = o.issabel.state.extensions;
    for (let i = 0; i < SIZES.extensions; i++) assert.is(ext[extNumber(i)]?.name, `Fault ${String(i).padStart(3, '0')}`);
    assert.not.ok(ext['1050'], 'pruned extension still there');
    for (let i = 0; i < SIZES.ringGroups; i++) assert.equal(o.issabel.state.ringGroups[rgNumber(i)]?.extension_list, [extNumber(i), extNumber(i + 50)]);
    const docs = (kind: 'users' | 'devices' | 'callflows') =>
      Object.values(o.kazoo.state[kind]).filter((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && !d.pvt_deleted);
    const dupes = (values: unknown[]) => values.length - new Set(values).size;
    const duplicates =
      dupes(docs('users').map((d) => d.username)) + dupes(docs('devices').map((d) => d.name)) + dupes(docs('callflows').flatMap((d) => (d.numbers as string[]) ?? []));
    assert.is(duplicates, 0, 'duplicate SmartPBX objects');
    for (let i = 0; i < SIZES.users; i++) assert.is(docs('users').filter((d) => d.username === userName(i)).length, 1);
    const dids = o.voipcenter.state.dids.filter((d) => d.id >= 9000);
    assert.ok(dids.every((d, i) => d.route_id === 140 + (i % 3) && d.office_hours_id === 0));

    const applies = runs.map((r) => r.issabelApplies);
    console.log(
      `convergence: ${total} changes over 3 providers, ~${percent}% faults (5xx/429 ${Math.round(percent * 0.6)}%, lost answers after the write ${Math.round(percent * 0.3)}%, answers past the timeout ${Math.round(percent * 0.1)}%), tokens expiring every 2 s, VoipCenter clock 10 s off, rate limits on: ` +
        `state = desired, ${duplicates} duplicates, ${applies.join('+')} configuration apply per Issabel server per run, next plan 0 changes, ${runs.length} apply run${runs.length > 1 ? 's' : ''}` +
        ` (first run: ${runs[0].applied} applied, ${runs[0].failed} failed, ${runs[0].skipped} skipped)`,
    );
  } finally {
    await o.close();
  }
}

test.run();
