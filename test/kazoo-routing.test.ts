// SmartPBX routing through the real CLI and its sandbox: the example's main number through
// office hours (plan shows it, apply converges, import plans to 0), what the configured
// flow does at given instants (the §7 evaluator on the documents written), the Front Desk
// PIN never printed, and a dangling voicemail box stopped at its line before anything is sent.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { temporalRoute } from '../src/providers/kazoo/time.ts';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, editSandboxState, requestLog, sandboxState, workspace } from './helpers/workspace.ts';

const PIN = '739152';
const ENV = { SMARTPBX_FRONT_DESK_PIN: PIN };

async function smartpbxOnly(): Promise<string> {
  const example = await exampleYaml();
  return `version: 1\nproviders:${example.slice(example.indexOf('\n  smartpbx:\n'))}`;
}

const live = (state: any, kind: string) => Object.values<any>(state[kind]).filter((d) => !d.pvt_deleted);
const mainFlow = (state: any) => live(state, 'callflows').find((c) => c.numbers.includes('+622150001000')).flow;
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

test('the example: main number through office hours with holidays to the Front Desk, voicemail otherwise; plan, apply, plan = 0, import = 0', async () => {
  const yaml = await smartpbxOnly();
  const ws = await workspace(yaml);
  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode', '--no-color'], { cwd: ws.dir, env: ENV });
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  assert.match(plan.stdout, /~ update schedule Office hours {2}pbx\.config\.yaml:\d+/);
  assert.match(plan.stdout, /holidays: \[\{"name":"Independence Day","date":"08-17"\}\] → \[\{"name":"Independence Day","date":"08-17"\}, \{"name":"Christmas","date":"12-25"\}, \{"name":"Office move","date":"2026-11-30"\}\]/);
  assert.match(plan.stdout, /~ update voicemail box 1000[^\n]*\n(\s+\S.*\n)*\s+pin: +\(sensitive, changed\)/);
  assert.match(plan.stdout, /i voicemail box 1000: is_setup true/);
  assert.match(plan.stdout, /i device Hot Desk 1: hotdesk\.users \["agus\.wijaya@ofon-demo\.example"\]/);

  const applied = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir, env: ENV });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir, env: ENV });
  assert.is(again.code, 0, again.stdout + again.stderr);

  // what the written documents do, as Kazoo evaluates them (Asia/Jakarta: the account's zone)
  const state = await sandboxState<any>(ws, 'smartpbx');
  const flow = mainFlow(state);
  assert.is(flow.module, 'temporal_route');
  const docs = (id: string) => state.temporal_rules[id] ?? state.temporal_rules_sets[id];
  const node = { ...flow.data, children: Object.keys(flow.children) };
  const branch = (iso: string) => flow.children[temporalRoute(node, docs, new Date(iso), 'Asia/Jakarta')!];
  const box = live(state, 'vmboxes').find((b) => b.mailbox === '1000');
  assert.is(branch('2026-03-02T03:00:00Z').module, 'ring_group'); // Mon 10:00
  assert.is(branch('2026-03-07T02:30:00Z').module, 'ring_group'); // Sat 09:30
  assert.equal(branch('2026-03-07T05:30:00Z').data.id, box._id); // Sat 12:30: closed
  assert.equal(branch('2026-03-02T11:00:00Z').data.id, box._id); // Mon 18:00
  assert.equal(branch('2026-12-25T03:00:00Z').data.id, box._id); // Christmas, a Friday
  assert.equal(branch('2026-11-30T03:00:00Z').data.id, box._id); // the office move, a Monday
  assert.is(branch('2027-11-29T03:00:00Z').module, 'ring_group'); // a Monday a year later
  assert.is(box.pin, PIN);

  // import, then plan against the imported file: nothing to do
  const imported = await cli(['import', '--sandbox', '--provider', 'smartpbx', '--with-secrets', '--output', 'imported.yaml'], { cwd: ws.dir, env: ENV });
  assert.is(imported.code, 0, imported.stderr);
  const text = await readFile(join(ws.dir, 'imported.yaml'), 'utf8');
  assert.match(text, /schedule: Office hours\n\s+open:\n\s+ring_group:/);
  assert.match(text, /days: monday-friday\n\s+hours: 08:30-17:30/);
  assert.not.match(text, /is_setup|enabled: (true|false)\n\s+- name: Office/);
  await writeFile(join(ws.dir, 'pbx.config.yaml'), text);
  const vars = Object.fromEntries([...text.matchAll(/\$\{(\w+)\}/g)].map(([, v]) => [v, v.endsWith('_1000_PIN') ? PIN : v.endsWith('_1001_PIN') ? '1357' : v.endsWith('HOTDESK_PIN') ? '4321' : 'x'.repeat(8)]));
  const after = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir, env: vars });
  assert.is(after.code, 0, after.stdout + after.stderr);

  for (const out of [plan, applied, again, imported, after].flatMap((r) => [r.stdout, r.stderr])) assert.not.ok(out.includes(PIN), 'the PIN was printed');
});

test('a dangling voicemail box in a branch is an error at its line, and nothing is sent', async () => {
  const yaml = (await smartpbxOnly()).replace('closed: { voicemail: "1000" }', 'closed: { voicemail: "1999" }');
  const ws = await workspace(yaml);
  const r = await cli(['apply', '--sandbox', '--yes', '--no-color'], { cwd: ws.dir, env: ENV });
  assert.is(r.code, 1, r.stdout + r.stderr);
  const line = lineOf(yaml, 'voicemail: "1999"');
  assert.match(r.stdout + r.stderr, new RegExp(`pbx\\.config\\.yaml:${line}:\\d+: DID route \\+622150001000 refers to voicemail box '1999' \\(closed\\.voicemail\\), which is neither declared nor on smartpbx`));
  assert.equal((await requestLog(ws, 'smartpbx')).filter((e) => e.write && !/auth/.test(e.path)), []);
});

test('a PIN changed on the PBX: plan, drift, JSON and the saved plan say "sensitive", never the value', async () => {
  const ws = await workspace(await smartpbxOnly());
  assert.is((await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir, env: ENV })).code, 0);
  await editSandboxState(ws, 'smartpbx', (s) => (live(s, 'vmboxes').find((b: any) => b.mailbox === '1000').pin = '1111'));
  const runs = [
    await cli(['plan', '--sandbox', '--out', 'saved.json', '--no-color'], { cwd: ws.dir, env: ENV }),
    await cli(['plan', '--sandbox', '--json'], { cwd: ws.dir, env: ENV }),
    await cli(['drift', '--sandbox', '--no-color'], { cwd: ws.dir, env: ENV }),
    await cli(['drift', '--sandbox', '--format', 'markdown'], { cwd: ws.dir, env: ENV }),
  ];
  assert.match(runs[0].stdout, /~ update voicemail box 1000[^\n]*\n\s+pin: \(sensitive, changed\)/);
  assert.is(runs[2].code, 2);
  assert.match(runs[2].stdout, /changed voicemail box 1000/);
  const json = JSON.parse(runs[1].stdout);
  const change = json.providers[0].changes.find((c: any) => c.kind === 'voicemail_boxes');
  assert.equal(change.fields.map((f: any) => [f.path, f.sensitive]), [['pin', true]]);
  const saved = await readFile(join(ws.dir, 'saved.json'), 'utf8');
  for (const out of [...runs.flatMap((r) => [r.stdout, r.stderr]), saved]) {
    assert.not.ok(out.includes(PIN), 'the PIN was printed');
    assert.not.ok(out.includes('"1111"') || /\b1111\b/.test(out), 'the live PIN was printed');
  }
  const applied = await cli(['apply', 'saved.json', '--yes'], { cwd: ws.dir, env: ENV });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.is(live(await sandboxState<any>(ws, 'smartpbx'), 'vmboxes').find((b: any) => b.mailbox === '1000').pin, PIN);
});

test('runtime flips are information: a rule forced on by a feature code, a box set up, a hot-desk login; drift stays 0', async () => {
  const ws = await workspace(await smartpbxOnly());
  assert.is((await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir, env: ENV })).code, 0);
  await editSandboxState(ws, 'smartpbx', (s) => {
    live(s, 'temporal_rules').find((r: any) => r.name === 'Christmas').enabled = false;
    const hot = live(s, 'devices').find((d: any) => d.name === 'Hot Desk 1');
    hot.hotdesk.users[live(s, 'users').find((u: any) => u.username === 'siti.rahayu@ofon-demo.example')._id] = {};
  });
  const drift = await cli(['drift', '--sandbox', '--no-color'], { cwd: ws.dir, env: ENV });
  assert.is(drift.code, 0, drift.stdout + drift.stderr);
  assert.match(drift.stdout, /No drift/);
  assert.match(drift.stdout, /i schedule Office hours: holidays\.1\.enabled false/);
  assert.match(drift.stdout, /i voicemail box 1000: is_setup true/);
  assert.match(drift.stdout, /i device Hot Desk 1: hotdesk\.users \["agus\.wijaya@ofon-demo\.example", "siti\.rahayu@ofon-demo\.example"\]/);
  const json = JSON.parse((await cli(['drift', '--sandbox', '--json'], { cwd: ws.dir, env: ENV })).stdout);
  assert.equal(json.providers[0].information.find((i: any) => i.kind === 'schedules'), { kind: 'schedules', key: 'Office hours', path: 'holidays.1.enabled', value: false, loc: { file: 'pbx.config.yaml', line: 52, col: 9 } });
});

test.run();
