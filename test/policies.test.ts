// Policies as code through the real CLI and the sandboxes: a dead-end DID fails
// every_did_answered at its line (exit 1, nothing written on apply); `warn` shows the same
// finding in every report format with exit 0; allow_hangup exempts a DID; a ring group whose
// only member does not exist; devices and extensions without an emergency caller ID; an
// unknown policy name is a located error with a suggestion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMATS } from '../src/report/formats.ts';
import { issabelDesksExample, issabelExample } from './helpers/issabel.ts';
import { kazooYaml } from './helpers/kazoo.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';

/** a Wednesday before Christmas: the year checked runs to 23 December 2027 */
const env = { PBXCTL_NOW: '2026-12-23T12:00:00Z' };
const run = (dir: string, args: string[]) => cli([...args, '--sandbox', '--no-color'], { cwd: dir, env });

/** `pbx.config.yaml:<line>:<col>` of the first line holding `text` (at its first non-blank, after a list dash) */
function at(yaml: string, text: string): string {
  const lines = yaml.split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, text);
  return `pbx.config.yaml:${i + 1}:${lines[i].search(/[^\s-]/) + 1}`;
}

/** the requests that changed something on the PBX: every write but signing in */
const writes = (log: Awaited<ReturnType<typeof requestLog>>) => log.filter((e) => e.write && !/\/(authenticate|user_auth)$/.test(e.path)).map((e) => `${e.method} ${e.path}`);

const policies = (body: string) => `\npolicies:\n${body.replace(/^/gm, '  ')}\n`;

/** the example's Issabel block with a time condition that hangs up outside office hours */
async function deadEnd(): Promise<string> {
  const yaml = (await issabelExample()).replace('otherwise: { voicemail: "1000", mode: unavailable }', 'otherwise: { hangup: true }');
  assert.ok(yaml.includes('otherwise: { hangup: true }'));
  return yaml;
}

/** the example's extensions and ring groups, plus a support line that hangs up at once */
async function hangupLine(): Promise<string> {
  return `${(await issabelDesksExample()).trimEnd()}\n    inbound_routes:\n      - did: "3292451011"\n        name: Support line\n        destination: { hangup: true }\n`;
}

test('every_did_answered: error: the DID whose time condition hangs up fails at its route, named with the hours; apply writes nothing', async () => {
  const yaml = (await deadEnd()) + policies('every_did_answered: error');
  const ws = await workspace(yaml);
  const where = at(yaml, '- did: "3292451010"');
  const finding = `${where}: policy every_did_answered: inbound route 3292451010 reaches no one: Mon–Fri 00:00–08:30 → hang up; Mon–Fri 17:31–24:00 → hang up; Sat, Sun all day → hang up`;
  const plan = await run(ws.dir, ['plan']);
  assert.is(plan.code, 1, plan.stdout + plan.stderr);
  assert.ok(plan.stdout.includes(`The plan cannot be applied:\n  ${finding}`), plan.stdout);
  // the support line rings a group: no finding
  assert.not.match(plan.stdout, /3292451011 reaches/);

  const apply = await run(ws.dir, ['apply', '--yes']);
  assert.is(apply.code, 1, apply.stdout + apply.stderr);
  assert.ok(apply.stdout.includes(finding), apply.stdout);
  const log = await requestLog(ws, 'hq');
  assert.ok(log.length > 0, 'the PBX was read');
  assert.equal(writes(log), []);
});

test('every_did_answered and the behaviour diff simulate a DID/caller-ID route as a call to its DID from that caller: it hangs up, the DID\'s own route rings a group', async () => {
  const yaml = `${(await hangupLine()).replace('destination: { hangup: true }', 'destination: { ring_group: "600" }')}      - did: "3292451011/0475123456"\n        destination: { hangup: true }\n${policies('every_did_answered: warn')}`;
  const ws = await workspace(yaml);
  const plan = await run(ws.dir, ['plan']);
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.ok(plan.stdout.includes(`${at(yaml, '- did: "3292451011/0475123456"')}: policy every_did_answered: inbound route 3292451011/0475123456 reaches no one: always → hang up`), plan.stdout);
  assert.not.match(plan.stdout, /inbound route 3292451011 reaches/);
  assert.match(plan.stdout, /\n {4}3292451011\/0475123456\n {6}Mon–Sun \(all day\): [^\n]*→ hang up\n/);
  assert.match(plan.stdout, /\n {4}3292451011\n {6}Mon–Sun \(all day\): [^\n]*→ ring group 600/);
});

test('every_did_answered: warn: exit 0 and the located warning in every report format', async () => {
  const yaml = (await hangupLine()) + policies('every_did_answered: warn');
  const ws = await workspace(yaml);
  const where = at(yaml, '- did: "3292451011"');
  for (const format of FORMATS) {
    const r = await run(ws.dir, ['plan', '--format', format]);
    assert.is(r.code, 0, `${format}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stdout.includes('inbound route 3292451011 reaches no one: always → hang up'), `${format}: ${r.stdout}`);
    assert.ok(r.stdout.includes(where), `${format}: ${r.stdout}`);
  }
  const json = JSON.parse((await run(ws.dir, ['plan', '--json'])).stdout) as { providers: { warnings: string[] }[] };
  assert.ok(json.providers[0].warnings.includes(`${where}: policy every_did_answered: inbound route 3292451011 reaches no one: always → hang up`));
});

test('allow_hangup: the DID named may hang up; the policy off checks nothing', async () => {
  const exempt = (await hangupLine()) + policies('every_did_answered: error\nallow_hangup: ["3292451011"]');
  const ws = await workspace(exempt);
  const r = await run(ws.dir, ['plan']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.not.match(r.stdout, /policy/);
  const off = await workspace((await hangupLine()) + policies('every_did_answered: off'));
  const o = await run(off.dir, ['plan']);
  assert.is(o.code, 0, o.stdout + o.stderr);
  assert.not.match(o.stdout, /policy/);
});

test('ring_groups_can_ring: error: a group whose only member is neither declared nor on the PBX fails at its members, in every format; an external number can ring', async () => {
  const yaml =
    (await issabelDesksExample()).replace('members: ["1002", "1004"]', 'members: ["1099"]').replace('members: ["1000", "1001"]', 'members: ["0475123456#"]') +
    policies('ring_groups_can_ring: error');
  assert.ok(yaml.includes('members: ["1099"]') && yaml.includes('members: ["0475123456#"]'));
  const ws = await workspace(yaml);
  const members = yaml.split('\n').findIndex((l) => l.includes('members: ["1099"]'));
  const where = `pbx.config.yaml:${members + 1}:9`;
  const message = 'ring group 601 has no member that can ring: extension 1099 is neither declared nor on hq';
  for (const format of FORMATS) {
    const r = await run(ws.dir, ['plan', '--format', format]);
    assert.is(r.code, 1, `${format}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stdout.includes(message), `${format}: ${r.stdout}`);
    if (format === 'github') assert.ok(r.stdout.includes(`file=pbx.config.yaml,line=${members + 1},col=9`), r.stdout);
    else if (format === 'json') assert.ok(r.stdout.includes(`"line": ${members + 1}`), r.stdout);
    else assert.ok(r.stdout.includes(where), `${format}: ${r.stdout}`);
    assert.not.match(r.stdout, /ring group 600 has no member/);
  }
});

test('emergency_caller_id: warn: each Issabel extension and SmartPBX device without one is named at its line; one that has it is not', async () => {
  const issabel = (await issabelDesksExample()).replace('      - number: "1001"\n', '      - number: "1001"\n        emergency_callerid: "3292451001"\n') + policies('emergency_caller_id: warn');
  assert.ok(issabel.includes('emergency_callerid: "3292451001"'));
  const ws = await workspace(issabel);
  const r = await run(ws.dir, ['plan']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.ok(r.stdout.includes(`${at(issabel, '- number: "1000"')}: policy emergency_caller_id: extension 1000 has no emergency caller ID (emergency_callerid)`), r.stdout);
  assert.not.match(r.stdout, /extension 1001 has no emergency/);

  const kazoo = kazooYaml(`    devices:
      - name: Front Phone
        caller_id: { emergency: { number: "+622150001000" } }
      - name: Back Phone
`) + policies('emergency_caller_id: error');
  const kws = await workspace(kazoo);
  const k = await run(kws.dir, ['plan']);
  assert.is(k.code, 1, k.stdout + k.stderr);
  assert.ok(k.stdout.includes(`${at(kazoo, '- name: Back Phone')}: policy emergency_caller_id: device Back Phone has no emergency caller ID (caller_id.emergency.number)`), k.stdout);
  assert.not.match(k.stdout, /Front Phone has no/);
  assert.equal(writes(await requestLog(kws, 'smartpbx')), []);
});

test('an unknown policy name is a located error with a suggestion; validate does not run the policies (they need the live PBX)', async () => {
  const yaml = (await deadEnd()) + policies('every_did_answerd: error');
  const ws = await workspace(yaml);
  const r = await cli(['validate', '--sandbox', '--no-color'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, new RegExp(`${at(yaml, 'every_did_answerd')}: .*every_did_answerd.*did you mean .?every_did_answered`));
  const good = await workspace((await deadEnd()) + policies('every_did_answered: error'));
  const v = await cli(['validate', '--sandbox', '--no-color'], { cwd: good.dir });
  assert.is(v.code, 0, v.stdout + v.stderr);
});

test.run();
