// `pbxctl calls` and `pbxctl call` as a user runs them, against the sandbox.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dayRange } from '../src/cli/actions/calls.ts';
import { cli, requestLog, workspace } from './helpers/workspace.ts';
import { YAML } from './helpers/voipcenter.ts';

test('calls over 95 days prints every call and the totals per source', async () => {
  const ws = await workspace(YAML);
  const r = await cli(['calls', '--sandbox', '--provider', 'billing', '--from', '2026-01-01', '--to', '2026-04-05', '--format', 'json'], { cwd: ws.dir });
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { calls: { start: string; duration: number; amount: number; source: string }[]; totals: { source: string; calls: number; duration: number; amount: number }[] };
  assert.ok(out.calls.length > 1500);
  assert.ok(out.calls[0].start.startsWith('2026-01-01') && out.calls.at(-1)!.start.startsWith('2026-04-05'), 'oldest first, both days included');
  assert.is(out.totals.reduce((s, t) => s + t.calls, 0), out.calls.length);
  assert.is(out.totals.reduce((s, t) => s + t.amount, 0), out.calls.reduce((s, c) => s + c.amount, 0));
  const log = await requestLog(ws, 'billing');
  assert.is(new Set(log.filter((e) => e.path === '/v1/call/log').map((e) => new URLSearchParams(e.query).get('start_date'))).size, 4);
  // no progress bar when stderr is not a terminal
  assert.not.match(r.stderr, /window/);
});

test('the table ends with totals; csv has one line per call', async () => {
  const ws = await workspace(YAML);
  const table = await cli(['calls', '--sandbox', '--provider', 'billing', '--from', '2026-01-05', '--to', '2026-01-05', '--source', '1001'], { cwd: ws.dir });
  assert.is(table.code, 0, table.stderr);
  assert.match(table.stdout, /^start\s+duration\s+source\s+destination\s+amount/);
  assert.match(table.stdout, /Totals per source\nsource\s+calls\s+duration\s+seconds\s+amount\n1001\s+\d+\s+\d+:\d\d:\d\d/);
  const csv = await cli(['calls', '--sandbox', '--provider', 'gent', '--from', '2026-01-05', '--to', '2026-01-06', '--format', 'csv'], { cwd: ws.dir });
  assert.is(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.is(lines[0], 'provider,start,end,duration,source,destination,amount,direction,status');
  assert.ok(lines.length > 2 && lines.slice(1).every((l) => l.startsWith('gent,2026-01-0')));
});

test('a swapped or malformed date range is refused before any request', async () => {
  const ws = await workspace(YAML);
  const swapped = await cli(['calls', '--sandbox', '--provider', 'billing', '--from', '2026-04-05', '--to', '2026-01-01'], { cwd: ws.dir });
  assert.is(swapped.code, 1);
  assert.match(swapped.stderr, /--from 2026-04-05 is after --to 2026-01-01/);
  assert.equal(await requestLog(ws, 'billing'), []);
  assert.throws(() => dayRange('2026-02-30', '2026-03-01'), /--from 2026-02-30 is not a date: write YYYY-MM-DD/);
  assert.throws(() => dayRange('2026-01-01', '2026-1-2'), /--to 2026-1-2 is not a date/);
  assert.equal(dayRange('2026-01-01', '2026-01-01'), { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z') });
});

test('call starts a call; a number that is no phone number is exit 1 before any request', async () => {
  const ws = await workspace(YAML);
  const bad = await cli(['call', '--sandbox', '--provider', 'gent', '--from', '204517_201', '--to', '12'], { cwd: ws.dir });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /error: --to 12 is not a phone number VoipCenter can call/);
  assert.equal(await requestLog(ws, 'gent'), []);
  const ok = await cli(['call', '--sandbox', '--provider', 'gent', '--from', '204517_201', '--to', '093456789'], { cwd: ws.dir });
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /calling SIP account 204517_201/);
});

test.run();
