// Planning the example configuration against the Issabel sandbox over HTTP.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issabelExample, rig } from './helpers/issabel.ts';

const summary = (changes: { action: string; kind: string; key: string }[]) =>
  changes.map((c) => `${c.action} ${c.kind} ${c.key}`);

test('the example plans creates, updates and unmanaged objects, ignoring 9*', async () => {
  const r = await rig();
  try {
    const { plan } = await r.plan();
    const hq = plan.providers[0];
    assert.is(hq.error, undefined);
    assert.equal(plan.issues, []);
    assert.equal(summary(hq.changes).sort(), [
      'create extensions 1004',
      'create inbound_routes 3292451011',
      'create ring_groups 601',
      'update extensions 1001',
      'update ring_groups 600',
      'update time_groups Holidays',
    ]);
    const jose = hq.changes.find((c) => c.key === '1001')!;
    assert.equal(
      jose.fields.map((f) => [f.path, f.before, f.after]),
      [
        ['name', 'Jose', 'Jose Garcia'],
        ['ring_time', 15, 20],
        ['voicemail.enabled', false, true],
        ['voicemail.email', undefined, 'jose@example.com'],
      ],
    );
    const sales = hq.changes.find((c) => c.key === '600')!;
    assert.equal(sales.fields.find((f) => f.path === 'members')?.before, ['1000', '1003']);
    assert.equal(hq.unmanaged.map((u) => `${u.kind} ${u.key}`), ['extensions 1003', 'extensions 1050', 'ring_groups 610']);
    // one login, one read per kind and per module whose numbers they cannot take, nothing else
    assert.equal(
      r.emulator.log.map((e) => `${e.method} ${e.path}`).sort(),
      ['alldestinations', 'conferences', 'customextensions', 'extensions', 'featurecodes', 'inboundroutes', 'parkinglots', 'queues', 'ringgroups', 'timeconditions', 'timegroups']
        .map((p) => `GET /pbxapi/${p}`)
        .concat('POST /pbxapi/authenticate'),
    );
  } finally {
    await r.close();
  }
});

test('a ring group is created after the extension it names', async () => {
  const r = await rig();
  try {
    const { plan } = await r.plan();
    const order = plan.providers[0].changes.map((c) => c.id);
    assert.ok(order.indexOf('hq/extensions/1004') < order.indexOf('hq/ring_groups/601'));
    assert.equal(plan.providers[0].changes.find((c) => c.key === '601')!.dependsOn, ['hq/extensions/1004']);
  } finally {
    await r.close();
  }
});

test('a member that is neither declared nor live is an error at its line', async () => {
  const yaml = (await issabelExample()).replace('members: ["1002", "1004"]', 'members: ["1002", "1009"]');
  const r = await rig(yaml);
  try {
    const { plan } = await r.plan();
    assert.is(plan.issues.length, 1);
    const line = yaml.split('\n').findIndex((l) => l.includes('"1009"')) + 1;
    assert.is(plan.issues[0].loc?.line, line);
    assert.match(plan.issues[0].message, /ring group 601 refers to extension '1009' \(members.1\), which is neither declared nor on hq/);
  } finally {
    await r.close();
  }
});

test('prune deletes what the YAML does not declare; the ring group drops a member before it goes', async () => {
  const yaml = (await issabelExample()).replace('ignore: ["9*"]', 'ignore: ["9*"]\n    prune: true');
  const r = await rig(yaml);
  try {
    const { plan } = await r.plan();
    const hq = plan.providers[0];
    assert.equal(summary(hq.changes.filter((c) => c.action === 'delete')).sort(), [
      'delete extensions 1003',
      'delete extensions 1050',
      'delete ring_groups 610',
    ]);
    assert.ok(hq.changes.find((c) => c.key === '1003')!.dependsOn.includes('hq/ring_groups/600'));
    assert.equal(hq.unmanaged, []);

    const ledger = await r.apply();
    assert.ok(ledger.entries.every((e) => e.outcome === 'applied'), JSON.stringify(ledger.entries));
    const deletes = r.emulator.log.filter((e) => e.method === 'DELETE').map((e) => e.path);
    assert.equal(deletes, ['/pbxapi/ringgroups/610', '/pbxapi/extensions/1003,1050']);
    assert.is(r.emulator.applyCount, 1);
    assert.equal(Object.keys(r.emulator.state.extensions).sort(), ['1000', '1001', '1002', '1004', '9001']);
  } finally {
    await r.close();
  }
});

test.run();
