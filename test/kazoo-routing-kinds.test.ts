// The SmartPBX sandbox's voicemail boxes and temporal rules as kazoo-routing.md §9 lists
// them, and the two new kinds planned and applied in-process: mailbox numbers unique as
// integers, a schedule edited (its routes follow the new rule ids), hot-desk logins
// written only when declared, a rule's enabled override compared only when declared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIssue, loadConfig } from '../src/config/load.ts';
import { registry } from '../src/providers/index.ts';
import { SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml } from './helpers/kazoo.ts';
import { workspace } from './helpers/workspace.ts';

const live = (em: any, kind: string) => Object.values<any>(em.state[kind]).filter((d) => !d.pvt_deleted && d.pvt_account_id === em.state.accounts[Object.keys(em.state.accounts)[0]]._id);
const main = (em: any) => Object.values<any>(em.state.callflows).find((c) => !c.pvt_deleted && c.numbers.includes('+622150001000'));

test('sandbox: vmboxes, temporal_rules and temporal_rules_sets answer as Kazoo does', async () => {
  const rig = await kazooRig(kazooYaml(''));
  try {
    const created = await rig.api('PUT', 'vmboxes', { name: 'Sales', mailbox: '0200' });
    assert.is(created.status, 201);
    assert.is(created.body.data.media_extension, 'mp3');
    assert.is(created.body.data.is_setup, false);
    assert.equal(created.body.data.notify_email_addresses, []);
    const clash = await rig.api('PUT', 'vmboxes', { name: 'Other', mailbox: '200' });
    assert.is(clash.status, 400);
    assert.equal(clash.body.data, { mailbox: { unique: { message: 'Invalid mailbox number or already exists' } } });
    assert.equal((await rig.api('PUT', 'vmboxes', { name: 'Bad', mailbox: '20a' })).body.data, { mailbox: { unique: { message: 'Invalid mailbox number or already exists' } } });
    const integer = await rig.api('PUT', 'vmboxes', { name: 'Int', mailbox: 201 });
    assert.is(integer.status, 400);
    assert.ok(integer.body.data.mailbox.type);
    const listing = await rig.api('GET', 'vmboxes');
    const front = listing.body.data.find((b: any) => b.mailbox === '1000');
    assert.equal(Object.keys(front).sort(), ['flags', 'folders', 'id', 'mailbox', 'messages', 'name', 'owner_id']);
    assert.is(front.messages, 3);

    const rule = await rig.api('PUT', 'temporal_rules', { name: 'Lunch', cycle: 'weekly', wdays: ['monday'] });
    assert.is(rule.status, 201);
    assert.is(rule.body.data.interval, 1);
    assert.is(rule.body.data.start_date, 62586115200);
    assert.equal((await rig.api('GET', 'temporal_rules')).body.data.find((r: any) => r.name === 'Weekdays'), { name: 'Weekdays', type: 'main_weekdays', flags: [], id: SEED_IDS.temporalRules.weekdays });
    const empty = await rig.api('PUT', 'temporal_rules_sets', { name: 'Empty', temporal_rules: [] });
    assert.equal(empty.body.data, { temporal_rules: { minItems: { message: 'The list must have at least 1 items', target: 1, value: [] } } });
    const sets = (await rig.api('GET', 'temporal_rules_sets')).body.data;
    assert.equal(sets[0].rules, [SEED_IDS.temporalRules.weekdays, SEED_IDS.temporalRules.independence]);
    assert.is((await rig.api('PUT', `temporal_rules/${rule.body.data.id}`, { name: 'x' })).status, 405);
    assert.is((await rig.api('GET', `vmboxes/${rule.body.data.id}`)).status, 404);
    const deleted = await rig.api('DELETE', `temporal_rules/${rule.body.data.id}`);
    assert.equal(deleted.body.data._read_only, { deleted: true });
    // a voicemail node gets its defaults stored; a temporal_route node its empty rule list
    const flow = main(rig.emulator).flow;
    assert.is(flow.children._.data.action, 'compose');
    assert.equal(Object.keys(flow.children).length, 3);
  } finally {
    await rig.close();
  }
});

test('mailbox numbers are one as integers: "01000" clashes with the live 1000, and two in the YAML with each other', async () => {
  const rig = await kazooRig(kazooYaml(`    voicemail_boxes:
      - { mailbox: "01000", name: Lobby }
`));
  try {
    const { plan } = await rig.plan();
    assert.match(plan.issues.map((i) => i.message).join('\n'), /voicemail box 01000: mailbox number 01000 is already used by the live voicemail box 1000 \(Front Desk\).*SmartPBX takes 01000 and 1000 for the same mailbox number/);
    assert.is(plan.issues[0].loc?.line, 8);
  } finally {
    await rig.close();
  }
  const ws = await workspace(kazooYaml(`    voicemail_boxes:
      - { mailbox: "0100", name: A }
      - { mailbox: "100", name: B }
`));
  const result = await loadConfig(ws.file, { env: {}, registry, sandbox: true });
  assert.match(result.errors.map(formatIssue).join('\n'), /:9:\d+: .*100/);
});

test('a rule added to a schedule: routes through it are re-pointed at the new rule ids in the same run', async () => {
  const yaml = (extra: string) =>
    kazooYaml(`    schedules:
      - name: Office hours
        rules:
          - { name: Weekdays, days: monday-friday, hours: "08:30-17:30" }
${extra}        holidays:
          - { name: Independence Day, date: "08-17" }
`);
  const rig = await kazooRig(yaml(`          - { name: Saturday, days: saturday, hours: "09:00-12:00" }\n`));
  try {
    const { plan } = await rig.plan();
    assert.equal(plan.providers[0].changes.map((c) => [c.key, c.action, c.fields.map((f) => f.path)]), [['Office hours', 'update', ['rules']]]);
    await rig.apply();
    const saturday = live(rig.emulator, 'temporal_rules').find((r) => r.name === 'Saturday');
    assert.equal([saturday.cycle, saturday.wdays, saturday.time_window_start, saturday.time_window_stop], ['weekly', ['saturday'], 32400, 43200]);
    const flow = main(rig.emulator).flow;
    assert.equal(flow.data.rules, [SEED_IDS.temporalRules.independence, SEED_IDS.temporalRules.weekdays, saturday._id]);
    assert.is(flow.children[saturday._id].module, 'ring_group');
    assert.is((await rig.plan()).plan.providers[0].changes.length, 0);
  } finally {
    await rig.close();
  }
});

test('declared, a rule override and hot-desk logins are compared and written; undeclared they are left alone', async () => {
  const rig = await kazooRig(kazooYaml(`    devices:
      - name: Hot Desk 1
        hotdesk: { users: [siti.rahayu@ofon-demo.example] }
    schedules:
      - name: Office hours
        rules:
          - { name: Weekdays, days: monday-friday, hours: "08:30-17:30", enabled: true }
        holidays:
          - { name: Independence Day, date: "08-17" }
`));
  try {
    const { plan } = await rig.plan();
    assert.equal(plan.providers[0].changes.map((c) => [c.key, c.fields.map((f) => [f.path, f.before, f.after])]), [
      ['Hot Desk 1', [['hotdesk.users', ['agus.wijaya@ofon-demo.example'], ['siti.rahayu@ofon-demo.example']]]],
      ['Office hours', [['rules', [{ name: 'Weekdays', days: 'monday-friday', hours: '08:30-17:30' }], [{ name: 'Weekdays', days: 'monday-friday', hours: '08:30-17:30', enabled: true }]]]],
    ]);
    await rig.apply();
    assert.equal(Object.keys((rig.emulator.state.devices[SEED_IDS.devices.hotDesk1].hotdesk as { users: object }).users), [SEED_IDS.users.siti]);
    assert.is(rig.emulator.state.temporal_rules[SEED_IDS.temporalRules.weekdays].enabled, true);
    assert.is(rig.emulator.state.temporal_rules[SEED_IDS.temporalRules.independence].enabled, undefined);
    assert.is((await rig.plan()).plan.providers[0].changes.length, 0);
  } finally {
    await rig.close();
  }
});

test('a schedule no route goes through is a warning at its line', async () => {
  const rig = await kazooRig(kazooYaml(`    schedules:
      - name: Weekend
        rules: [{ name: Weekend, days: saturday-sunday }]
    did_routes:
      - { number: "+622150001000", name: Main Number, schedule: Office hours, open: { user: putri.anggraini@ofon-demo.example }, closed: { voicemail: "1000" } }
`));
  try {
    const { plan } = await rig.plan();
    assert.equal(plan.issues, []);
    assert.match(plan.providers[0].warnings.join('\n'), /pbx\.config\.yaml:8:\d+: schedule Weekend: no route reaches it/);
    await rig.apply();
    const flow = main(rig.emulator).flow;
    assert.equal(Object.keys(flow.children).sort(), [SEED_IDS.temporalRules.independence, SEED_IDS.temporalRules.weekdays, '_'].sort());
    assert.is(flow.children[SEED_IDS.temporalRules.weekdays].module, 'user');
    assert.is((await rig.plan()).plan.providers[0].changes.length, 0);
  } finally {
    await rig.close();
  }
});

test.run();
