// DID routing on Issabel through the CLI and the sandbox: the example's main number
// through holidays and office hours, converging with one configuration apply of ours,
// import round trip, and the routing graph's errors at their lines before anything is written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import { issabelExample } from './helpers/issabel.ts';
import { cli, editSandboxState, requestLog, sandboxState, workspace } from './helpers/workspace.ts';

const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;
const writes = (log: RequestLogEntry[]) => log.filter((e) => e.write && e.path !== '/pbxapi/authenticate');
/** configuration applies of pbxctl's own: every one but those the server adds on deleting time conditions and groups */
const ours = (log: RequestLogEntry[]) =>
  log.filter((e) => !/^\/pbxapi\/time(conditions|groups)\//.test(e.path) || e.method !== 'DELETE').reduce((n, e) => n + (e.applies ?? 0), 0);
const forced = (log: RequestLogEntry[]) => log.filter((e) => e.method === 'DELETE' && /^\/pbxapi\/time(conditions|groups)\//.test(e.path));

interface RoutingState {
  routing: {
    inboundRoutes: Record<string, { destination: string; description: string }>;
    timeGroups: { id: number; name: string; times: string[] }[];
    timeConditions: { id: number; name: string; time_group_id: string; destination_if_time_matches: string; destination_if_time_does_not_match: string }[];
  };
}

test('the example: plan shows the routing, apply converges with one configuration apply of ours, import plans to 0', async () => {
  const yaml = await issabelExample();
  const ws = await workspace(yaml);
  const plan = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  assert.match(plan.stdout, new RegExp(`~ update time group Holidays  pbx\\.config\\.yaml:${lineOf(yaml, 'name: Holidays')}:9`));
  assert.match(plan.stdout, /times: \[\{"date":"12-25"\}\] → \[\{"date":"12-25"\}, \{"date":"01-01"\}\]/);
  assert.match(plan.stdout, /\+ create inbound route 3292451011 .*\n.*\n\s+destination\.ring_group: "601"/);
  assert.match(plan.stdout, /time_conditions\s+no changes/);

  const apply = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const log = await requestLog(ws, 'hq');
  assert.is(ours(log), 1);
  assert.equal(forced(log), []);
  // every write but the final apply said reload: false, so nothing else applied
  assert.is(log.filter((e) => e.applies).length, 1);
  const state = await sandboxState<RoutingState>(ws, 'hq');
  assert.equal(state.routing.timeGroups.find((g) => g.name === 'Holidays')!.times, ['00:00-23:59|*|25|dec', '00:00-23:59|*|1|jan']);
  assert.is(state.routing.inboundRoutes['3292451011^'].destination, 'ext-group,601,1');

  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout);

  const imported = await cli(['import', '--sandbox', '--provider', 'hq', '-o', 'imported.yaml'], { cwd: ws.dir });
  assert.is(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /2 inbound_routes, 2 time_conditions, 2 time_groups/);
  const importedWs = await workspace('');
  const { readFile, writeFile, cp } = await import('node:fs/promises');
  await writeFile(importedWs.file, await readFile(`${ws.dir}/imported.yaml`, 'utf8'));
  await cp(`${ws.dir}/.pbxctl`, `${importedWs.dir}/.pbxctl`, { recursive: true });
  const roundTrip = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: importedWs.dir });
  assert.is(roundTrip.code, 0, roundTrip.stdout + roundTrip.stderr);
});

test('a dangling destination is an error at its line, and nothing is written', async () => {
  const yaml = (await issabelExample()).replace('destination: { ring_group: "601" }', 'destination: { extension: "1999" }');
  const ws = await workspace(yaml);
  for (const args of [['plan', '--sandbox'], ['apply', '--sandbox', '--yes']]) {
    const r = await cli(args, { cwd: ws.dir });
    assert.is(r.code, 1, args.join(' '));
    assert.match(
      r.stdout + r.stderr,
      new RegExp(`pbx\\.config\\.yaml:${lineOf(yaml, 'extension: "1999"')}:\\d+: inbound route 3292451011 refers to extension '1999' \\(destination\\), which is neither declared nor on hq`),
    );
  }
  assert.equal(writes(await requestLog(ws, 'hq')), []);
});

test('a loop of two time conditions is an error at the field that closes it; nothing is written', async () => {
  const yaml = (await issabelExample()).replace('otherwise: { voicemail: "1000", mode: unavailable }', 'otherwise: { time_switch: Holiday? }');
  const ws = await workspace(yaml);
  const r = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  const line = lineOf(yaml, 'otherwise: { time_switch: Holiday? }');
  assert.match(r.stdout + r.stderr, new RegExp(`pbx\\.config\\.yaml:${line}:\\d+: time condition Open\\?: routing loop: time_conditions/Holiday\\? → time_conditions/Open\\? → time_conditions/Holiday\\? \\(a call would never end\\)`));
  assert.equal(writes(await requestLog(ws, 'hq')), []);
});

test('a time condition no route reaches is a warning at its line', async () => {
  const yaml = (await issabelExample()).replace(
    '    inbound_routes:\n',
    '      - name: Lunch?\n        time_group: Office hours\n        match: { hangup: true }\n        otherwise: { hangup: true }\n    inbound_routes:\n',
  );
  const ws = await workspace(yaml);
  const r = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`! pbx\\.config\\.yaml:${lineOf(yaml, 'name: Lunch?')}:9: time condition Lunch\\?: no route reaches it`));
});

test('deleting a time condition and its group: the plan says the server applies by itself; they go last; one apply of ours', async () => {
  const yaml = (await issabelExample())
    .replace('    ignore: ["9*"]', '    ignore: ["9*"]\n    policy: { time_conditions: { prune: true }, time_groups: { prune: true }, inbound_routes: { prune: true } }')
    .replace('        otherwise: { time_switch: Open? }', '        otherwise: { ring_group: "600" }')
    .replace(/      - name: Open\?\n(        .*\n){3}/, '')
    .replace(/      - name: Office hours\n(        .*\n){2}/, '');
  const ws = await workspace(yaml);
  const plan = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.match(plan.stdout, /! deleting time condition Open\? makes Issabel apply its configuration by itself \(twice\)/);
  assert.match(plan.stdout, /! deleting time group Office hours makes Issabel apply its configuration by itself \(twice\)/);
  assert.match(plan.stdout, /- delete time condition Open\?/);

  const apply = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const log = writes(await requestLog(ws, 'hq')).map((e) => ({ ...e, at: '' }));
  assert.is(ours(log), 1);
  const tcDelete = log.findIndex((e) => e.method === 'DELETE' && e.path === '/pbxapi/timeconditions/2');
  const tgDelete = log.findIndex((e) => e.method === 'DELETE' && e.path === '/pbxapi/timegroups/1');
  assert.ok(tcDelete > 0 && tgDelete > tcDelete, JSON.stringify(log));
  assert.is(log[tcDelete].applies, 2);
  assert.is(log[tgDelete].applies, 2);
  // every create and update was written before them; our apply ends the batch
  assert.ok(log.slice(tgDelete + 1).every((e) => e.applies === 1 || e.method === 'DELETE'), JSON.stringify(log.slice(tgDelete)));
  assert.is(log[log.length - 1].applies, 1);
  const state = await sandboxState<RoutingState>(ws, 'hq');
  assert.equal(state.routing.timeConditions.map((t) => t.name), ['Holiday?']);
  assert.is(state.routing.timeConditions[0].destination_if_time_does_not_match, 'ext-group,600,1');
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout);
});

test('a new time condition and the route to it in one run: the id the server gave is found and written into the route', async () => {
  const yaml = (await issabelExample()).replace(
    '    inbound_routes:\n',
    '      - name: Weekend?\n        time_group: Weekend\n        match: { hangup: true }\n        otherwise: { ring_group: "610" }\n    inbound_routes:\n      - did: any\n        name: Anything else\n        destination: { time_switch: Weekend? }\n',
  ).replace('    time_conditions:\n', '      - name: Weekend\n        times: [{ days: sat-sun }]\n    time_conditions:\n');
  const ws = await workspace(yaml);
  const plan = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.match(plan.stdout, /\+ create inbound route any /);
  const apply = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const state = await sandboxState<RoutingState>(ws, 'hq');
  const weekend = state.routing.timeConditions.find((t) => t.name === 'Weekend?')!;
  const group = state.routing.timeGroups.find((g) => g.name === 'Weekend')!;
  assert.equal(group.times, ['00:00-23:59|sat-sun|*|*']);
  assert.is(weekend.time_group_id, String(group.id));
  // the any-DID route: DID "" sent, never left to the server to number
  assert.is(state.routing.inboundRoutes['^'].destination, `timeconditions,${weekend.id},1`);
  assert.is(ours(await requestLog(ws, 'hq')), 1);
  const again = await cli(['plan', '--sandbox', '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(again.code, 0, again.stdout);
});

test('what the server holds that pbxctl does not manage: a second time condition of a name, a destination it does not know', async () => {
  const yaml = await issabelExample();
  const ws = await workspace(yaml);
  await cli(['plan', '--sandbox'], { cwd: ws.dir });
  await editSandboxState(ws, 'hq', (s) => {
    s.routing.timeConditions.push({ id: 7, name: 'Open?', time_group_id: '1', destination_if_time_matches: 'app-blackhole,hangup,1', destination_if_time_does_not_match: 'app-blackhole,hangup,1' });
    s.routing.timeConditions[1].destination_if_time_matches = 'app-announcement-3,s,1';
  });
  const plan = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.match(plan.stdout, /time_conditions: Open\? \(id 7\)/);
  assert.match(plan.stdout, /! time condition Open\?: match is an unmanaged destination on the server \("app-announcement-3,s,1"\); this plan replaces it/);
  assert.match(plan.stdout, /match\.ring_group: \(unset\) → "600"/);
  const apply = await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const state = await sandboxState<RoutingState>(ws, 'hq');
  assert.is(state.routing.timeConditions.find((t) => t.id === 2)!.destination_if_time_matches, 'ext-group,600,1');
  assert.is(state.routing.timeConditions.find((t) => t.id === 7)!.destination_if_time_matches, 'app-blackhole,hangup,1');
});

test('time groups without the server timezone: valid (import writes none), and the plan says UTC is assumed', async () => {
  const ws = await workspace((await issabelExample()).replace(/    timezone: .*\n/, ''));
  const r = await cli(['plan', '--sandbox'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /! time groups hold by the wall clock of the Asterisk host, which the API does not give: set timezone .*UTC is assumed/);
  const wrong = await workspace((await issabelExample()).replace(/    timezone: .*\n/, '    timezone: Europe/Atlantis\n'));
  const bad = await cli(['plan', '--sandbox'], { cwd: wrong.dir });
  assert.is(bad.code, 1);
  assert.match(bad.stdout + bad.stderr, /timezone 'Europe\/Atlantis' is not an IANA time zone name/);
  assert.equal(writes(await requestLog(wrong, 'hq')), []);
});

test.run();
